"""Reading a template: where it is, whether it is safe to touch, its variables and their JSON Schema."""

import importlib.util
import os
import re
import shutil
import sys
from collections import OrderedDict

from .errors import GeneratorError, tampered

# pre_prompt exists from cookiecutter 2.4 on; listed so a template that has one reports it.
HOOK_NAMES = ("pre_prompt", "pre_gen_project", "post_gen_project")
STRING_MAX_LENGTH = 1024
# Extensions that ship with Jinja or cookiecutter, or another module installed in the image. Anything
# else is template code (cookiecutter 2.x imports "local extensions" from the repository) and needs
# the template's hook permission.
_BUILTIN_EXTENSION = re.compile(r"(jinja2\.ext|cookiecutter\.extensions)\.[A-Za-z_][A-Za-z0-9_]*")
_EXTENSION_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+")
_TEMPLATED = ("{{", "{%")


def locate(repository, directory):
    """Returns the template root (the folder holding cookiecutter.json) inside the checked-out repository."""
    root = os.path.realpath(repository)
    if directory:
        parts = directory.replace("\\", "/").strip("/").split("/")
        if directory.startswith("/") or any(p == ".." for p in parts):
            raise GeneratorError("InvalidArguments", f"--directory {directory!r} must be a relative path inside the repository, without '..'.")
        candidate = os.path.realpath(os.path.join(root, *[p for p in parts if p not in ("", ".")]))
        if not _inside(candidate, root):
            raise GeneratorError("UnsafeOutput", f"--directory {directory!r} leaves the repository through a symlink; refusing it.")
        if not os.path.isdir(candidate):
            raise GeneratorError("InvalidTemplate", f"the repository has no directory {directory!r} at this revision; check spec.directory.")
    else:
        candidate = root
    context_file = os.path.join(candidate, "cookiecutter.json")
    if os.path.islink(context_file) or not os.path.isfile(context_file):
        where = f"directory {directory!r}" if directory else "the repository root"
        raise GeneratorError(
            "InvalidTemplate",
            f"no cookiecutter.json in {where}: this is not a cookiecutter template "
            "(set the directory to the folder that holds cookiecutter.json).",
        )
    return candidate


def refuse_escaping_symlinks(root):
    """Rendering reads through symlinks, so a link to /etc/passwd would copy a host file into the output."""
    real_root = os.path.realpath(root)
    for current, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not (current == root and d == ".git")]
        for name in dirs + files:
            path = os.path.join(current, name)
            if not os.path.islink(path):
                continue
            target = os.readlink(path)
            relative = os.path.relpath(path, root)
            if os.path.isabs(target) or not _inside(os.path.realpath(path), real_root):
                raise GeneratorError(
                    "UnsafeOutput",
                    f"the template contains a symlink {relative!r} -> {target!r} that points outside the template; "
                    "remove it or make it point to a file inside the template.",
                )


def hooks(root):
    hooks_dir = os.path.join(root, "hooks")
    if not os.path.isdir(hooks_dir):
        return []
    found = set()
    for name in os.listdir(hooks_dir):
        stem = os.path.splitext(name)[0]
        if stem in HOOK_NAMES and not name.endswith("~"):
            found.add(stem)
    return sorted(found)


def project_directory_name(root):
    """The folder cookiecutter renders (cookiecutter's own rule: 'cookiecutter', '{{' and '}}' in the name)."""
    for name in sorted(os.listdir(root)):
        if "cookiecutter" in name and "{{" in name and "}}" in name and os.path.isdir(os.path.join(root, name)):
            return name
    raise GeneratorError(
        "InvalidTemplate",
        "the template has no project directory such as '{{cookiecutter.project_slug}}' next to cookiecutter.json.",
    )


def stage(root, destination, include_hooks):
    """Copies the template so cookiecutter never sees what it must not run: without hook permission the
    hooks/ folder is simply absent."""

    def ignore(directory, names):
        if os.path.realpath(directory) != os.path.realpath(root):
            return []
        skipped = {".git"}
        if not include_hooks:
            skipped.add("hooks")
        return [n for n in names if n in skipped]

    shutil.copytree(root, destination, symlinks=True, ignore=ignore)
    return destination


def load_context(cc, root, extra_context=None):
    context_file = os.path.join(root, "cookiecutter.json")
    try:
        context = cc.generate_context(context_file, extra_context=extra_context)
    except cc.ContextDecodingException as error:
        raise GeneratorError("InvalidTemplate", "cookiecutter.json is not valid JSON: " + _short(cc.describe_exception(error), root)) from None
    except (UnicodeDecodeError, ValueError) as error:
        raise GeneratorError("InvalidTemplate", "cookiecutter.json could not be read: " + _short(str(error), root)) from None
    raw = context.get("cookiecutter")
    if not isinstance(raw, dict):
        raise GeneratorError("InvalidTemplate", "cookiecutter.json must hold a JSON object of variables.")
    return context


def check_extensions(raw, allow_template_code):
    extensions = raw.get("_extensions", [])
    if not isinstance(extensions, list):
        raise GeneratorError("InvalidTemplate", "_extensions in cookiecutter.json must be a list of extension names.")
    for extension in extensions:
        if not allow_template_code and not _installed_extension(str(extension)):
            raise GeneratorError(
                "InvalidTemplate",
                f"the template loads the Jinja extension {extension!r}, which is template code; only jinja2.ext.* and "
                "cookiecutter.extensions.* are allowed unless the template's hook policy allows template code.",
            )
    return [str(e) for e in extensions]


def render_defaults(cc, context, root):
    try:
        return cc.prompt_for_config(context)
    except Exception as error:  # cookiecutter and Jinja raise many types; all mean the template is broken
        raise GeneratorError("InvalidTemplate", "cannot render the template's defaults: " + _short(cc.describe_exception(error), root)) from None


def user_variables(raw):
    """Variables a user may set: private (`_x`, `__x`) and cookiecutter's own keys are not inputs."""
    return [(name, value) for name, value in raw.items() if not name.startswith("_")]


def kind_of(raw_value):
    if isinstance(raw_value, bool):
        return "boolean"
    if isinstance(raw_value, int):
        return "integer"
    if isinstance(raw_value, float):
        return "number"
    if isinstance(raw_value, list):
        return "choice"
    if isinstance(raw_value, dict):
        return "object"
    return "string"


def render_variables(cc, context, root):
    """What only Jinja can tell (template code: runs in the child): the rendered defaults of the string and object
    variables, and the rendered options of every choice."""
    rendered = render_defaults(cc, context, root)
    env = cc.StrictEnvironment(context=context)
    defaults, choices = OrderedDict(), OrderedDict()
    for name, value in user_variables(context["cookiecutter"]):
        kind = kind_of(value)
        if kind == "choice":
            if not value:
                raise GeneratorError("InvalidTemplate", f"choice variable {name!r} has an empty list of choices.")
            try:
                choices[name] = [cc.render_variable(env, option, rendered) for option in value]
            except Exception as error:
                raise GeneratorError("InvalidTemplate", f"cannot render the choices of {name!r}: " + _short(cc.describe_exception(error), root)) from None
        elif kind in ("string", "object"):
            defaults[name] = rendered.get(name)
    return OrderedDict([("defaults", defaults), ("choices", choices)])


def describe(raw, answer):
    """The published variables from cookiecutter.json (read by the parent) and what render_variables answered in the
    child, which must name exactly the template's variables."""
    if not isinstance(answer, dict) or set(answer) != {"defaults", "choices"} or not all(isinstance(answer[k], dict) for k in answer):
        raise tampered("variables that are not the defaults and choices of the template")
    defaults, choices = answer["defaults"], answer["choices"]
    user = user_variables(raw)
    if set(defaults) != {n for n, v in user if kind_of(v) in ("string", "object")} or set(choices) != {n for n, v in user if kind_of(v) == "choice"}:
        raise tampered("defaults or choices for other variables than the template's")
    prompts = raw.get("__prompts__", {})
    if not isinstance(prompts, dict):
        prompts = {}
    variables = []
    for name, value in user:
        kind = kind_of(value)
        entry = OrderedDict(name=name, type=kind)
        if kind == "choice":
            options = choices[name]
            if not isinstance(options, list) or not options or len(options) != len(value):
                raise tampered(f"another number of choices for {name!r} than cookiecutter.json lists")
            entry["default"] = options[0]
            entry["choices"] = options
            entry["derived"] = any(isinstance(o, str) and _is_templated(o) for o in value)
        elif kind in ("boolean", "integer", "number"):
            # cookiecutter 1.7 renders these to strings ("True", "3"); report the typed value the user sends.
            entry["default"] = value
            entry["derived"] = False
        else:
            entry["default"] = defaults[name]
            entry["derived"] = _is_templated_deep(value)
        prompt = prompts.get(name)
        if isinstance(prompt, str):
            entry["description"] = prompt
        elif isinstance(prompt, dict):
            if isinstance(prompt.get("__prompt__"), str):
                entry["description"] = prompt["__prompt__"]
            labels = OrderedDict((k, v) for k, v in prompt.items() if k != "__prompt__" and isinstance(v, str))
            if labels:
                entry["choiceLabels"] = labels
        variables.append(entry)
    return variables


def json_schema(variables, title):
    properties = OrderedDict()
    for variable in variables:
        kind = variable["type"]
        prop = OrderedDict()
        prop["title"] = variable["name"]
        if "description" in variable:
            prop["description"] = variable["description"]
        if kind == "choice":
            prop["type"] = "string"
            prop["enum"] = [str(c) for c in variable["choices"]]
        elif kind == "object":
            prop["type"] = "object"
        elif kind in ("boolean", "integer", "number"):
            prop["type"] = kind
        else:
            prop["type"] = "string"
            prop["maxLength"] = STRING_MAX_LENGTH
        default = variable["default"]
        prop["default"] = str(default) if kind == "choice" else default
        if variable.get("derived"):
            # The default shown is computed from other variables' defaults; omit the value to keep it derived.
            prop["x-derived"] = True
        properties[variable["name"]] = prop
    return OrderedDict(
        [
            ("$schema", "https://json-schema.org/draft/2020-12/schema"),
            ("title", title),
            ("type", "object"),
            ("properties", properties),
            ("additionalProperties", False),
        ]
    )


def _installed_extension(name):
    if _BUILTIN_EXTENSION.fullmatch(name):
        return True
    if not _EXTENSION_NAME.fullmatch(name):
        return False
    # Checked before cookiecutter appends the repository to sys.path, so only installed modules count;
    # cookiecutter appends, so an installed module also wins over a same-named file in the template.
    top = name.split(".")[0]
    return top in sys.modules or importlib.util.find_spec(top) is not None


def _is_templated(text):
    return any(marker in text for marker in _TEMPLATED)


def _is_templated_deep(value):
    if isinstance(value, str):
        return _is_templated(value)
    if isinstance(value, dict):
        return any(_is_templated_deep(k) or _is_templated_deep(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_is_templated_deep(v) for v in value)
    return False


def _inside(path, root):
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _short(message, root):
    # Workspace paths mean nothing to the user; show paths relative to the template.
    return str(message).replace(os.path.realpath(root) + os.sep, "").replace(root + os.sep, "")
