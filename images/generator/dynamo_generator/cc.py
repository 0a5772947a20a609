"""The one place that touches cookiecutter's API, so 1.7.x (Debian, local mode) and 2.x (the image) both work.

Importing this module swaps cookiecutter's Jinja environment for a sandboxed one: template text is
untrusted, and a plain Jinja environment lets `{{ cycler.__init__.__globals__.os }}` reach Python.
"""

import inspect
import sys

import cookiecutter
import cookiecutter.environment
import cookiecutter.exceptions
import cookiecutter.generate
import cookiecutter.main
import cookiecutter.prompt
from jinja2.sandbox import SandboxedEnvironment

VERSION = getattr(cookiecutter, "__version__", "unknown")
_OriginalStrictEnvironment = cookiecutter.environment.StrictEnvironment


class SandboxedStrictEnvironment(_OriginalStrictEnvironment, SandboxedEnvironment):
    """cookiecutter's StrictEnvironment (strict undefined, extensions from `_extensions`) on Jinja's sandbox."""


def _install_sandbox():
    # cookiecutter.environment keeps the original: its `super(StrictEnvironment, self)` looks the name up there.
    for name, module in list(sys.modules.items()):
        if name.startswith("cookiecutter.") and name != "cookiecutter.environment" and getattr(module, "StrictEnvironment", None) is _OriginalStrictEnvironment:
            module.StrictEnvironment = SandboxedStrictEnvironment


_install_sandbox()

StrictEnvironment = SandboxedStrictEnvironment
CookiecutterException = cookiecutter.exceptions.CookiecutterException
FailedHookException = cookiecutter.exceptions.FailedHookException
ContextDecodingException = cookiecutter.exceptions.ContextDecodingException
UndefinedVariableInTemplate = cookiecutter.exceptions.UndefinedVariableInTemplate
_COOKIECUTTER_PARAMETERS = set(inspect.signature(cookiecutter.main.cookiecutter).parameters)
SUPPORTS_ACCEPT_HOOKS = "accept_hooks" in _COOKIECUTTER_PARAMETERS


def generate_context(context_file, extra_context=None):
    return cookiecutter.generate.generate_context(context_file=context_file, default_context=None, extra_context=extra_context)


def prompt_for_config(context):
    return cookiecutter.prompt.prompt_for_config(context, no_input=True)


def render_variable(env, raw, cookiecutter_dict):
    return cookiecutter.prompt.render_variable(env, raw, cookiecutter_dict)


def run(template, extra_context, output_dir, config_file, accept_hooks):
    kwargs = {
        "template": template,
        "no_input": True,
        "extra_context": extra_context,
        "output_dir": output_dir,
        "config_file": config_file,
    }
    if SUPPORTS_ACCEPT_HOOKS:
        kwargs["accept_hooks"] = accept_hooks
    if "keep_project_on_failure" in _COOKIECUTTER_PARAMETERS:
        kwargs["keep_project_on_failure"] = False
    return cookiecutter.main.cookiecutter(**kwargs)


def describe_exception(error):
    """cookiecutter exceptions carry the useful part in different attributes across versions."""
    message = getattr(error, "message", None) or str(error)
    inner = getattr(error, "error", None)
    if inner is not None:
        inner_message = getattr(inner, "message", None) or str(inner)
        if inner_message and inner_message not in message:
            message = f"{message}: {inner_message}"
    return message
