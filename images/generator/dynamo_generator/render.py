"""render: validate the variables (parent), prove no path leaves the output folder and run cookiecutter (child),
pack what is in the output folder (parent, once the template's processes are dead)."""

import base64
import hashlib
import logging
import os
import re
from collections import OrderedDict

from . import archive, cruft, template
from .errors import GeneratorError, tampered

log = logging.getLogger("dynamo-generator")
_VARIABLE_REFERENCE = re.compile(r"cookiecutter\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)|cookiecutter\s*\[\s*['\"]([^'\"]+)['\"]\s*\]")


def check_choices(raw, choices):
    """The published choices must describe this template: the same choice variables, one entry per option."""
    for name, options in choices.items():
        expected = raw.get(name)
        if name.startswith("_") or template.kind_of(expected) != "choice":
            raise GeneratorError("InvalidArguments", f"--choices-file names {name!r}, which is no choice variable of this template; "
                                 "it was inspected at another revision (inspect the template again).")
        if len(options) != len(expected):
            raise GeneratorError("InvalidArguments", f"--choices-file lists {len(options)} choices for {name!r}, cookiecutter.json has "
                                 f"{len(expected)}; it was inspected at another revision (inspect the template again).")


def validate_variables(raw, values, choices=None):
    """Our own check: cookiecutter 1.7 silently replaces a bad choice by the default, and 2.x fails late.

    `choices` ({name: [rendered choice, ...]}, from inspect) replaces the raw lists of cookiecutter.json, so a templated
    choice such as "{{cookiecutter.default_license}}" is checked as the value inspect published. A published choice
    selects the raw option at the same position, which cookiecutter then renders with the final variables.
    """
    if not isinstance(values, dict):
        raise GeneratorError("InvalidVariables", "variables must be a JSON object of name: value.",
                             problems=[{"variable": "", "message": "expected a JSON object"}])
    if choices is not None:
        check_choices(raw, choices)
    known = [name for name, _ in template.user_variables(raw)]
    problems = []
    extra = OrderedDict()
    for name, value in values.items():
        if name not in known:
            problems.append({"variable": name, "message": f"unknown variable; the template's variables are: {', '.join(known) or 'none'}"})
            continue
        expected = raw[name]
        kind = template.kind_of(expected)
        if kind == "boolean":
            if not isinstance(value, bool):
                problems.append({"variable": name, "message": "expects true or false"})
                continue
        elif kind in ("integer", "number"):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                problems.append({"variable": name, "message": f"expects a {kind}"})
                continue
            if kind == "integer" and isinstance(value, float):
                if not value.is_integer():
                    problems.append({"variable": name, "message": "expects an integer"})
                    continue
                value = int(value)
        elif kind == "choice":
            published = (choices or {}).get(name)
            shown = published if published is not None else [str(option) for option in expected]
            if not isinstance(value, str) or value not in shown:
                problems.append({"variable": name, "message": f"{value!r} is not one of: {', '.join(shown)}"})
                continue
            # cookiecutter matches the raw list item, which may be a number or a Jinja expression in cookiecutter.json.
            value = expected[shown.index(value)]
        elif kind == "object":
            if not isinstance(value, dict):
                problems.append({"variable": name, "message": "expects a JSON object"})
                continue
        else:
            if not isinstance(value, str):
                problems.append({"variable": name, "message": "expects a string"})
                continue
            if len(value) > template.STRING_MAX_LENGTH:
                problems.append({"variable": name, "message": f"is longer than {template.STRING_MAX_LENGTH} characters"})
                continue
            if "\x00" in value:
                problems.append({"variable": name, "message": "contains a NUL character"})
                continue
        extra[name] = value
    if problems:
        summary = "; ".join(f"{p['variable']}: {p['message']}" for p in problems)
        raise GeneratorError("InvalidVariables", f"the variables do not fit the template: {summary}. Fix them and retry.", problems=problems)
    return extra


def refuse_escaping_paths(cc, staged, final_context):
    """Renders every file and folder name exactly as cookiecutter will, before it writes anything."""
    env = cc.StrictEnvironment(context=final_context, keep_trailing_newline=True)
    project = template.project_directory_name(staged)
    base = os.path.join(staged, project)
    paths = [project]
    for current, dirs, files in os.walk(base):
        for name in dirs + files:
            paths.append(os.path.relpath(os.path.join(current, name), staged))
    for path in paths:
        try:
            rendered = env.from_string(path).render(**final_context)
        except Exception:  # noqa: BLE001 - cookiecutter reports template errors itself; the output check stays
            continue
        parts = rendered.split("/")
        if rendered.startswith("/") or "\\" in rendered or "\x00" in rendered or ".." in parts:
            names = []
            for match in _VARIABLE_REFERENCE.finditer(path):
                candidate = match.group(1) or match.group(2)
                if candidate not in names:
                    names.append(candidate)
            problems = [{"variable": n, "message": "is used in a file or folder name and must not contain '..', a leading '/' or '\\'"} for n in names]
            raise GeneratorError(
                "UnsafeOutput",
                f"the variables would put {path!r} at {rendered!r}, outside the output folder; values used in file or "
                f"folder names ({', '.join(names) or 'see the template'}) must not contain '..', a leading '/' or backslashes.",
                problems=problems,
            )


def prepare(cc, root, values, allow_hooks, choices=None):
    """The parent's checks before any template code runs: links, extensions, variables. Returns the extra context."""
    template.refuse_escaping_symlinks(root)
    raw = template.load_context(cc, root)["cookiecutter"]
    template.check_extensions(raw, allow_hooks)
    return validate_variables(raw, values, choices)


def generate(cc, root, workspace, extra, allow_hooks):
    """Runs cookiecutter into <workspace>/output (template code: runs in the child). Returns what only it knows."""
    staged = template.stage(root, os.path.join(workspace, "template", os.path.basename(root) or "template"), allow_hooks)
    final = template.load_context(cc, staged, extra_context=dict(extra))
    final["cookiecutter"] = template.render_defaults(cc, final, staged)
    # Keys cookiecutter adds before rendering file names; a name may use them.
    output = output_folder(workspace)
    os.makedirs(output)
    for key, value in (("_template", staged), ("_output_dir", output), ("_repo_dir", staged), ("_checkout", None)):
        final["cookiecutter"].setdefault(key, value)
    refuse_escaping_paths(cc, staged, final)

    config = os.path.join(workspace, "cookiecutterrc.yaml")
    with open(config, "w", encoding="utf-8") as handle:
        handle.write(f"cookiecutters_dir: '{os.path.join(workspace, 'cookiecutters')}'\nreplay_dir: '{os.path.join(workspace, 'replay')}'\n")

    try:
        project_dir = cc.run(staged, dict(extra), output, config, allow_hooks)
    except cc.FailedHookException as error:
        raise GeneratorError("HookFailed", f"a template hook failed: {cc.describe_exception(error)}. Fix the hook or the variables it checks.") from None
    except GeneratorError:
        raise
    except Exception as error:  # noqa: BLE001 - any cookiecutter/Jinja failure is the template's
        name = type(error).__name__
        if name == "SecurityError":
            raise GeneratorError("InvalidTemplate", f"the template tried an unsafe Jinja operation and was stopped: {error}") from None
        if isinstance(error, ValueError) and not isinstance(error, cc.CookiecutterException):
            raise GeneratorError("InvalidVariables", f"cookiecutter rejected the variables: {error}") from None
        raise GeneratorError("InvalidTemplate", f"cookiecutter could not render the template ({name}): {template._short(cc.describe_exception(error), staged)}") from None

    public = OrderedDict((k, v) for k, v in final["cookiecutter"].items() if not k.startswith("_"))
    return OrderedDict([("projectDirectory", os.path.relpath(project_dir, output).replace(os.sep, "/")), ("variables", public)])


def output_folder(workspace):
    return os.path.join(workspace, "output")


class ArchiveFile:
    """`--archive-file`: the packed archive also written to a new file in an existing folder (a volume a later container
    reads), checked before anything renders and written by the parent once the template's processes are dead."""

    def __init__(self, path):
        if not path or not os.path.isabs(path) or path.endswith("/"):
            raise GeneratorError("InvalidArguments", f"--archive-file {path!r} must be an absolute path of a new file, e.g. in an emptyDir.")
        self.path = path
        folder = os.path.dirname(path)
        if not os.path.isdir(folder):
            raise GeneratorError("InvalidArguments", f"--archive-file {path}: the folder {folder} does not exist; mount the volume there.")
        if os.path.lexists(path):
            raise GeneratorError("InvalidArguments", f"--archive-file {path} exists already; give the path of a new file (a fresh volume).")
        self._folder = os.path.realpath(folder)

    def write(self, data):
        # The template's code ran in between and shares our uid: the folder must still be the one checked, the file new.
        if os.path.realpath(os.path.dirname(self.path)) != self._folder:
            raise GeneratorError("UnsafeOutput", f"the folder of --archive-file {self.path} was replaced while the template rendered; refusing to write there.")
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except FileExistsError:
            raise GeneratorError("UnsafeOutput", f"--archive-file {self.path} appeared while the template rendered (a hook wrote it?); refusing to overwrite it.") from None
        except OSError as error:
            raise GeneratorError("InvalidArguments", f"cannot create --archive-file {self.path} ({error.strerror}); give a writable folder.") from None
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # Beside it, its digest: the deliver container checks the file against it (and the operator its answer against
        # this render's frame).
        try:
            fd = os.open(self.path + ".sha256", os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except OSError as error:
            raise GeneratorError("UnsafeOutput", f"cannot create {self.path}.sha256 ({error.strerror}); refusing a shared volume the template wrote into.") from None
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(hashlib.sha256(data).hexdigest() + "\n")
        log.info("wrote the archive (%d bytes) to %s", len(data), self.path)


def pack_output(workspace, answer, present_hooks, allow_hooks, max_output_bytes, max_unpacked_bytes, cruft_state=None, update=None, archive_file=None):
    """The parent's part after every process of the template is dead: the files come from the output folder, not
    from the child's word; `answer` (what generate returned) only names the project folder and the variables.

    `cruft_state(public variables)` gives the .cruft.json written into the project before it is packed; `update(project
    folder)` the RenderResult's `update` and the patch's size (counted with the archive against --max-output-bytes);
    `archive_file` (an ArchiveFile) receives the archive too (and its sha256 beside it, `<file>.sha256`)."""
    output = output_folder(workspace)
    if not isinstance(answer, dict) or set(answer) != {"projectDirectory", "variables"}:
        raise tampered("a render result with other fields than projectDirectory and variables")
    project, public = answer["projectDirectory"], answer["variables"]
    if not isinstance(public, dict) or any(name.startswith("_") for name in public):
        raise tampered("variables that are no JSON object of public variables")
    if not isinstance(project, str) or project.startswith("/") or ".." in project.split("/") or not os.path.isdir(os.path.join(output, project)):
        raise tampered(f"a project folder {str(project)[:200]!r} that is not in the output")
    project_folder = os.path.join(output, project)
    if os.path.realpath(project_folder) != os.path.join(os.path.realpath(output), *[p for p in project.split("/") if p not in ("", ".")]):
        raise GeneratorError("UnsafeOutput", f"the generated project folder {project!r} is reached through a symlink; the template or its hooks must not create such links.")
    if cruft_state is not None:
        cruft.write(project_folder, cruft_state(public))
    entries = archive.collect(output)
    unpacked = sum(e.size for e in entries)
    if unpacked > max_unpacked_bytes:
        raise GeneratorError("OutputTooLarge", f"output too large: the generated files hold {unpacked} bytes, above the limit of {max_unpacked_bytes}; raise --max-unpacked-bytes or generate less.")
    packed = archive.pack(entries)
    if len(packed) > max_output_bytes:
        raise GeneratorError("OutputTooLarge", f"output too large: the archive is {len(packed)} bytes, above the limit of {max_output_bytes}; raise --max-output-bytes (the template's output limit) or generate less.")
    update_result = None
    if update is not None:
        update_result, patch_bytes = update(project_folder)
        if len(packed) + patch_bytes > max_output_bytes:
            raise GeneratorError(
                "OutputTooLarge",
                f"output too large: the archive ({len(packed)} bytes) and the update's patch ({patch_bytes} bytes) together are above the "
                f"limit of {max_output_bytes}; raise --max-output-bytes (the template's output limit) or generate less.",
            )
    if archive_file is not None:
        archive_file.write(packed)

    result = OrderedDict(
        [
            ("hooksPresent", present_hooks),
            ("hooksRun", bool(allow_hooks and present_hooks)),
            ("projectDirectory", project),
            ("variables", public),
            ("files", [e.to_json() for e in entries if e.kind != "directory"]),
            ("directories", [e.path for e in entries if e.kind == "directory"]),
            ("totalBytes", unpacked),
            ("archiveFormat", "tar+gzip"),
            ("archiveBytes", len(packed)),
            ("archiveSha256", hashlib.sha256(packed).hexdigest()),
        ]
    )
    # Also with --archive-file: the operator keeps an inline copy (updates diff against it, workflow steps unpack it).
    result["archive"] = base64.b64encode(packed).decode("ascii")
    if update_result is not None:
        result["update"] = update_result
    return result
