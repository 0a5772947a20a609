#!/usr/bin/env python3
"""Dynamo MCP sandbox generator: `inspect` or `render` one cookiecutter template from git or an archive (`fetch` checks
one out for a later render), or `unpack` a Scaffold's stored project for a workflow's container step.

Human logs go to stderr; the single machine result goes to stdout as a framed, checksummed
payload (see README.md). This process is the trusted one; the template's code (Jinja, extensions,
hooks) runs in a forked child that cannot reach stdout (README "Trust"). Runs with a read-only
root: every write goes under $TMPDIR.
"""

import argparse
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
import traceback
from collections import OrderedDict

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from dynamo_generator import PROTOCOL_VERSION, isolation  # noqa: E402
from dynamo_generator.archivesource import DEFAULT_MAX_DOWNLOAD_BYTES, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_EXTRACTED_BYTES  # noqa: E402
from dynamo_generator.errors import GeneratorError  # noqa: E402
from dynamo_generator.frame import encode_frame  # noqa: E402
from dynamo_generator.redact import redact  # noqa: E402
from dynamo_generator.snapshot import DEFAULT_MAX_SNAPSHOT_BYTES  # noqa: E402

log = logging.getLogger("dynamo-generator")
DEFAULT_MAX_OUTPUT_BYTES = 4 * 1024 * 1024
DEFAULT_MAX_UNPACKED_BYTES = 64 * 1024 * 1024


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise GeneratorError("InvalidArguments", f"{message}. Usage: {self.format_usage().strip()}")


class _RedactingFormatter(logging.Formatter):
    def format(self, record):
        return redact(super().format(record))


def _env_flag(name):
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes")


def _parser():
    parser = _Parser(prog="entrypoint.py", description="Inspect or render a cookiecutter template inside the sandbox, or unpack a Scaffold's project.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name in ("inspect", "render", "fetch"):
        command = commands.add_parser(name)
        command.add_argument("--source", default=os.environ.get("DYNAMO_SOURCE"), help="git URL or local path ($DYNAMO_SOURCE)")
        command.add_argument("--ref", default=os.environ.get("DYNAMO_REF") or None, help="branch, tag or commit ($DYNAMO_REF; default: the remote HEAD)")
        command.add_argument("--directory", default=os.environ.get("DYNAMO_DIRECTORY") or None, help="template folder inside the repository ($DYNAMO_DIRECTORY)")
        command.add_argument("--allow-hooks", action="store_true", default=_env_flag("DYNAMO_ALLOW_HOOKS"),
                             help="run hooks and load non-builtin Jinja extensions ($DYNAMO_ALLOW_HOOKS=true)")
        command.add_argument("--git-timeout", type=int, default=int(os.environ.get("DYNAMO_GIT_TIMEOUT_SECONDS", "300")))
        command.add_argument("--archive-url", default=os.environ.get("DYNAMO_ARCHIVE_URL") or None,
                             help="http(s) URL of a zip or tar.gz holding the template, instead of a git --source ($DYNAMO_ARCHIVE_URL)")
        command.add_argument("--archive-sha256", default=os.environ.get("DYNAMO_ARCHIVE_SHA256") or None,
                             help="expected sha256 of the archive, hex or sha256:<hex> ($DYNAMO_ARCHIVE_SHA256)")
        command.add_argument("--max-archive-bytes", type=int,
                             default=int(os.environ.get("DYNAMO_MAX_ARCHIVE_BYTES", DEFAULT_MAX_DOWNLOAD_BYTES)))
        command.add_argument("--max-archive-unpacked-bytes", type=int,
                             default=int(os.environ.get("DYNAMO_MAX_ARCHIVE_UNPACKED_BYTES", DEFAULT_MAX_EXTRACTED_BYTES)))
        command.add_argument("--max-archive-entries", type=int,
                             default=int(os.environ.get("DYNAMO_MAX_ARCHIVE_ENTRIES", DEFAULT_MAX_ENTRIES)))
        command.add_argument("--archive-timeout", type=int, default=int(os.environ.get("DYNAMO_ARCHIVE_TIMEOUT_SECONDS", "120")))
        if name == "inspect":
            command.add_argument("--max-snapshot-bytes", type=int, default=int(os.environ.get("DYNAMO_MAX_SNAPSHOT_BYTES", DEFAULT_MAX_SNAPSHOT_BYTES)),
                                 help="largest packed template snapshot in the result, in bytes ($DYNAMO_MAX_SNAPSHOT_BYTES; default 8 MiB)")
        if name == "fetch":
            command.add_argument("--destination", default=os.environ.get("DYNAMO_DESTINATION"),
                                 help="empty folder to check the revision out into, e.g. an emptyDir ($DYNAMO_DESTINATION)")
        if name == "render":
            variables = command.add_mutually_exclusive_group()
            variables.add_argument("--variables-file", default=os.environ.get("DYNAMO_VARIABLES_FILE"), help="JSON object file ($DYNAMO_VARIABLES_FILE)")
            variables.add_argument("--variables-json", default=os.environ.get("DYNAMO_VARIABLES_JSON"), help="JSON object ($DYNAMO_VARIABLES_JSON)")
            command.add_argument("--choices-file", default=os.environ.get("DYNAMO_CHOICES_FILE") or None,
                                 help="JSON object of choice variable: [its choices as inspect rendered them]; choices are checked against these instead of the raw cookiecutter.json ($DYNAMO_CHOICES_FILE)")
            command.add_argument("--checked-out", action="store_true", default=_env_flag("DYNAMO_CHECKED_OUT"),
                                 help="--source is a folder `fetch` already checked out at --ref: verify HEAD and render it in place, without git fetching again ($DYNAMO_CHECKED_OUT=true)")
            command.add_argument("--max-output-bytes", type=int, default=int(os.environ.get("DYNAMO_MAX_OUTPUT_BYTES", DEFAULT_MAX_OUTPUT_BYTES)))
            command.add_argument("--max-unpacked-bytes", type=int, default=int(os.environ.get("DYNAMO_MAX_UNPACKED_BYTES", DEFAULT_MAX_UNPACKED_BYTES)))
            command.add_argument("--snapshot-chunks", default=os.environ.get("DYNAMO_SNAPSHOT_CHUNKS") or None,
                                 help="folder with the template snapshot inspect published, split into ConfigMaps mounted one per subfolder "
                                      "(<dir>/<i>/chunk-NNNN); renders it without git or network ($DYNAMO_SNAPSHOT_CHUNKS)")
            command.add_argument("--snapshot-sha256", default=os.environ.get("DYNAMO_SNAPSHOT_SHA256") or None,
                                 help="sha256 of the joined snapshot, hex or sha256:<hex> ($DYNAMO_SNAPSHOT_SHA256)")
            command.add_argument("--revision", default=os.environ.get("DYNAMO_REVISION") or None,
                                 help="with --snapshot-chunks: the revision inspect resolved, recorded in the result and .cruft.json ($DYNAMO_REVISION)")
            command.add_argument("--template-url", default=os.environ.get("DYNAMO_TEMPLATE_URL") or None,
                                 help="with --snapshot-chunks: the template's URL, recorded (without credentials) in the result and .cruft.json ($DYNAMO_TEMPLATE_URL)")
            command.add_argument("--base-chunks", default=os.environ.get("DYNAMO_BASE_CHUNKS") or None,
                                 help="folder with a previous project's result archive in the same chunk layout: update it, with a patch in the result ($DYNAMO_BASE_CHUNKS)")
            command.add_argument("--base-sha256", default=os.environ.get("DYNAMO_BASE_SHA256") or None,
                                 help="sha256 of the previous project's joined archive ($DYNAMO_BASE_SHA256)")
            command.add_argument("--archive-file", default=os.environ.get("DYNAMO_ARCHIVE_FILE") or None,
                                 help="also write the archive to this new file (in an existing folder) and leave it out of the result ($DYNAMO_ARCHIVE_FILE)")
    unpack = commands.add_parser("unpack")
    unpack.add_argument("--chunks", default=os.environ.get("DYNAMO_CHUNKS"),
                        help="folder with the Scaffold's result ConfigMaps mounted one per subfolder: <chunks>/<i>/chunk-NNNN ($DYNAMO_CHUNKS)")
    unpack.add_argument("--sha256", default=os.environ.get("DYNAMO_ARCHIVE_SHA256") or None,
                        help="sha256 of the joined archive, hex or sha256:<hex> ($DYNAMO_ARCHIVE_SHA256)")
    unpack.add_argument("--destination", default=os.environ.get("DYNAMO_DESTINATION"),
                        help="existing empty folder to unpack the project into, e.g. an emptyDir ($DYNAMO_DESTINATION)")
    unpack.add_argument("--max-unpacked-bytes", type=int, default=int(os.environ.get("DYNAMO_MAX_UNPACKED_BYTES", DEFAULT_MAX_UNPACKED_BYTES)))
    unpack.add_argument("--max-entries", type=int, default=int(os.environ.get("DYNAMO_MAX_ENTRIES", DEFAULT_MAX_ENTRIES)))
    deliver = commands.add_parser("deliver", help="write a render result's archive to the Scaffold's output (git or S3)")
    outputs = deliver.add_subparsers(dest="output", required=True, parser_class=_Parser)
    for output in ("git", "s3"):
        target = outputs.add_parser(output)
        target.add_argument("--archive-file", required=True, help="the project archive the render container wrote (tar.gz, one top folder)")
        target.add_argument("--archive-sha256", default=None, help="its sha256 from the render container's result, hex or sha256:<hex> (default: the digest render wrote beside it, <archive-file>.sha256)")
        target.add_argument("--timeout", type=int, default=int(os.environ.get("DYNAMO_OUTPUT_TIMEOUT_SECONDS", "300")),
                            help="seconds for each git command or HTTP request ($DYNAMO_OUTPUT_TIMEOUT_SECONDS, default 300)")
        if output == "git":
            target.add_argument("--url", required=True, help="the repository to push to (https://, ssh://, user@host:path); credentials come from the output Secret")
            target.add_argument("--branch", required=True, help="the branch to commit on (created when missing)")
            target.add_argument("--base-branch", default=None, help="where a missing --branch starts (default: an orphan root commit)")
            target.add_argument("--path", default=None, help="folder in the repository that becomes the project (default: the whole tree)")
            target.add_argument("--message", default=None, help="commit message (default: Generate <projectDirectory> with Dynamo MCP)")
            target.add_argument("--author-name", default=None, help="author and committer name (default: Dynamo MCP)")
            target.add_argument("--author-email", default=None, help="author and committer email (default: dynamo-mcp@localhost)")
            target.add_argument("--max-unpacked-bytes", type=int, default=DEFAULT_MAX_UNPACKED_BYTES)
            target.add_argument("--max-entries", type=int, default=DEFAULT_MAX_ENTRIES)
        else:
            target.add_argument("--bucket", required=True)
            target.add_argument("--key", required=True, help="object key of the archive")
            target.add_argument("--endpoint", default=None, help="S3-compatible service URL (path-style); default: AWS, virtual-hosted")
            target.add_argument("--region", default=None, help="signing region (default us-east-1)")
            target.add_argument("--url-expires-seconds", type=int, default=3600, help="lifetime of the pre-signed GET URL, 1..604800 (default 3600)")
    return parser


def _read_variables(args):
    if args.variables_file:
        try:
            with open(args.variables_file, encoding="utf-8") as handle:
                text = handle.read()
        except OSError as error:
            raise GeneratorError("InvalidArguments", f"cannot read --variables-file: {error.strerror}") from None
    else:
        text = args.variables_json or "{}"
    try:
        return json.loads(text, object_pairs_hook=OrderedDict)
    except ValueError as error:
        raise GeneratorError("InvalidVariables", f"the variables are not valid JSON: {error}",
                             problems=[{"variable": "", "message": str(error)}]) from None


def _read_choices(args):
    """The rendered choices inspect published ({name: [string, ...]}), or None to check against cookiecutter.json."""
    if not args.choices_file:
        return None
    try:
        with open(args.choices_file, encoding="utf-8") as handle:
            choices = json.load(handle, object_pairs_hook=OrderedDict)
    except OSError as error:
        raise GeneratorError("InvalidArguments", f"cannot read --choices-file: {error.strerror}") from None
    except ValueError as error:
        raise GeneratorError("InvalidArguments", f"--choices-file is not valid JSON: {error}") from None
    if not isinstance(choices, dict) or not all(
        isinstance(options, list) and all(isinstance(option, str) for option in options) for options in choices.values()
    ):
        raise GeneratorError("InvalidArguments", "--choices-file must hold a JSON object of variable name: [choice, ...] with string choices.")
    return choices


def _template_title(source, directory):
    if directory:
        return directory.rstrip("/").split("/")[-1]
    name = source.rstrip("/").replace(":", "/").split("/")[-1]
    return name[:-4] if name.endswith(".git") else name


def _archive_title(url):
    from urllib.parse import urlsplit

    name = urlsplit(url).path.rstrip("/").split("/")[-1] or urlsplit(url).hostname or "template"
    for suffix in (".tar.gz", ".tgz", ".zip", ".tar"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _import_cookiecutter():
    try:
        from dynamo_generator import cc
    except ImportError as error:
        raise GeneratorError("Internal", f"cookiecutter is not importable by {sys.executable}: {error}") from None
    return cc


def _fetch(args, workspace, git_source):
    """Checks one revision out into --destination (a volume shared with a later `render` that has no network)."""
    if not args.destination or not os.path.isabs(args.destination):
        raise GeneratorError("InvalidArguments", "--destination (or $DYNAMO_DESTINATION) must be an absolute path to an empty folder.")
    if os.path.isdir(args.destination) and os.listdir(args.destination):
        raise GeneratorError("InvalidArguments", f"--destination {args.destination} is not empty; give a fresh volume.")
    if args.archive_url:
        sha = _archive_source(workspace, args).fetch_into(args.archive_url, args.archive_sha256, args.destination)
        ref_name = None
    else:
        sha, ref_name = git_source(workspace, args.git_timeout).fetch(args.source, args.ref, args.destination)
    return OrderedDict(
        [
            ("kind", "FetchResult"),
            ("version", PROTOCOL_VERSION),
            ("source", redact(args.archive_url or args.source)),
            ("ref", None if args.archive_url else args.ref),
            ("resolvedRef", ref_name),
            ("revision", sha),
            ("destination", args.destination),
        ]
    )


def _archive_source(workspace, args):
    from dynamo_generator.archivesource import ArchiveSource, Limits

    return ArchiveSource(workspace, Limits(args.max_archive_bytes, args.max_archive_unpacked_bytes, args.max_archive_entries, args.archive_timeout))


# What the template's code may answer as an error, per stage; anything else it claims is TemplateAborted.
_INSPECT_REASONS = frozenset(["Internal", "InvalidTemplate"])
_RENDER_REASONS = frozenset(["Internal", "InvalidTemplate", "InvalidVariables", "HookFailed", "UnsafeOutput"])


def _check_render_arguments(args, snapshot):
    if snapshot:
        if args.source or args.archive_url or args.checked_out or args.archive_sha256:
            raise GeneratorError("InvalidArguments", "--snapshot-chunks renders the inspected snapshot: give it without --source, --archive-url, "
                                 "--archive-sha256 or --checked-out.")
        missing = [option for option, value in (("--snapshot-sha256", args.snapshot_sha256), ("--revision", args.revision),
                                                ("--template-url", args.template_url)) if not value]
        if missing:
            raise GeneratorError("InvalidArguments", f"--snapshot-chunks needs {', '.join(missing)}: the snapshot's sha256, and the revision and "
                                 "template URL inspect reported.")
        for option, value in (("--revision", args.revision), ("--template-url", args.template_url), ("--ref", args.ref)):
            if value is not None and (len(value) > 2048 or any(ord(c) < 32 or ord(c) == 127 for c in value)):
                raise GeneratorError("InvalidArguments", f"{option} must be at most 2048 characters without control characters.")
        if args.directory:
            parts = args.directory.replace("\\", "/").strip("/").split("/")
            if args.directory.startswith("/") or ".." in parts:
                raise GeneratorError("InvalidArguments", f"--directory {args.directory!r} must be a relative path inside the repository, without '..'.")
    else:
        for option, value in (("--snapshot-sha256", args.snapshot_sha256), ("--revision", args.revision), ("--template-url", args.template_url)):
            if value:
                raise GeneratorError("InvalidArguments", f"{option} belongs to --snapshot-chunks, which is not given.")
    if args.base_chunks and not args.base_sha256:
        raise GeneratorError("InvalidArguments", "--base-chunks needs --base-sha256: the previous project's archive sha256.")
    if args.base_sha256 and not args.base_chunks:
        raise GeneratorError("InvalidArguments", "--base-sha256 needs --base-chunks.")


def _snapshot_root(args, workspace):
    """The snapshot joined from its chunks, verified and extracted: the template root to render."""
    from dynamo_generator.archivesource import Limits
    from dynamo_generator.unpack import Chunks, extract_chunks

    chunks = Chunks("--snapshot-chunks", "DYNAMO_SNAPSHOT_CHUNKS", "--snapshot-sha256", "DYNAMO_SNAPSHOT_SHA256", "the template snapshot's ConfigMaps",
                    "the operator's record of the template snapshot", "the snapshot's archiveSha256 from inspect",
                    "inspect the template again")
    limits = Limits(None, args.max_unpacked_bytes, args.max_archive_entries, None, too_large_hint="raise --max-unpacked-bytes if the template is really that big")
    folder = os.path.join(workspace, "snapshot")
    os.makedirs(folder)
    # Named like the folder a git render renders from (the directory's last part, or "repository").
    name = [p for p in (args.directory or "").replace("\\", "/").split("/") if p not in ("", ".")]
    root, _ = extract_chunks(args.snapshot_chunks, args.snapshot_sha256, folder, name[-1] if name else "repository", limits, chunks)
    log.info("rendering the snapshot of %s at %s", redact(args.template_url), args.revision)
    return root


def _run(args, workspace, template_code):
    """Everything but the template's code runs here, in the trusted parent: arguments, the fetch and its
    verification, the provenance fields, the checks before and after. `template_code` runs the rest in a child."""
    if args.command == "deliver":
        from dynamo_generator.deliver import deliver

        return deliver(args, workspace)
    if args.command == "unpack":
        from dynamo_generator.unpack import unpack

        return unpack(args.chunks, args.sha256, args.destination, workspace, args.max_unpacked_bytes, args.max_entries)

    from dynamo_generator import template
    from dynamo_generator.gitsource import GitSource

    checked_out = args.command == "render" and args.checked_out
    snapshot = args.command == "render" and args.snapshot_chunks
    if args.command == "render":
        _check_render_arguments(args, snapshot)
    if args.archive_url and args.source and not checked_out and not snapshot:
        raise GeneratorError("InvalidArguments", "give either --source (git) or --archive-url, not both (--source with --archive-url only for render --checked-out).")
    if args.archive_sha256 and not args.archive_url:
        raise GeneratorError("InvalidArguments", "--archive-sha256 needs --archive-url.")
    if not snapshot and not args.source and not (args.archive_url and not checked_out):
        raise GeneratorError("InvalidArguments", "--source (or $DYNAMO_SOURCE) is required: a git URL or a local path, or --archive-url for an archive.")
    variables = _read_variables(args) if args.command == "render" else None
    choices = _read_choices(args) if args.command == "render" else None
    if args.command != "fetch":
        cc = _import_cookiecutter()
        log.info("cookiecutter %s, python %s", cc.VERSION, sys.version.split()[0])

    if args.command == "fetch":
        return _fetch(args, workspace, GitSource)

    if snapshot:
        repository, sha, ref_name = _snapshot_root(args, workspace), args.revision, None
    elif checked_out and args.archive_url:
        from dynamo_generator.archivesource import verify_fetched

        repository = args.source
        sha, ref_name = verify_fetched(args.source, args.archive_sha256), None
    elif args.archive_url:
        repository, sha = _archive_source(workspace, args).fetch(args.archive_url, args.archive_sha256)
        ref_name = None
    elif checked_out:
        repository = args.source
        sha, ref_name = GitSource(workspace, args.git_timeout).verify_checkout(args.source, args.ref), None
    else:
        repository = os.path.join(workspace, "repository")
        sha, ref_name = GitSource(workspace, args.git_timeout).fetch(args.source, args.ref, repository)
    # A snapshot is the template root already: --directory is only recorded.
    root = template.locate(repository, None if snapshot else args.directory)
    if snapshot:
        shown_source = redact(args.template_url)
    else:
        shown_source = redact(args.source if checked_out else (args.archive_url or args.source))
    common = OrderedDict(
        [
            ("source", shown_source),
            ("ref", None if args.archive_url else args.ref),
            ("resolvedRef", ref_name),
            ("revision", sha),
            ("directory", args.directory),
            ("cookiecutterVersion", cc.VERSION),
        ]
    )

    if args.command == "inspect":
        template.refuse_escaping_symlinks(root)
        context = template.load_context(cc, root)
        raw = context["cookiecutter"]
        extensions = template.check_extensions(raw, args.allow_hooks)
        project_dir = template.project_directory_name(root)
        hooks = template.hooks(root)
        copy_without_render = raw.get("_copy_without_render", [])
        # Taken before any template code runs: the files as fetched and checked, nothing a hook could have touched.
        from dynamo_generator import snapshot as template_snapshot

        taken = template_snapshot.take(root, workspace, args.max_snapshot_bytes)
        log.info("template snapshot: %d files, %d bytes packed (sha256 %s)", taken["files"], taken["archiveBytes"], taken["archiveSha256"])
        answer = template_code.run(lambda: template.render_variables(cc, context, root), "was inspecting", _INSPECT_REASONS)
        variables = template.describe(raw, answer)
        result = OrderedDict([("kind", "InspectResult"), ("version", PROTOCOL_VERSION)])
        result.update(common)
        result["template"] = OrderedDict(
            [
                ("projectDirectory", project_dir),
                ("hasHooks", bool(hooks)),
                ("hooks", hooks),
                ("extensions", extensions),
                ("copyWithoutRender", copy_without_render if isinstance(copy_without_render, list) else []),
            ]
        )
        result["variables"] = variables
        result["schema"] = template.json_schema(variables, _template_title(_archive_title(args.archive_url) if args.archive_url else args.source, args.directory))
        result["snapshot"] = taken
        return result

    from dynamo_generator import cruft, render, update

    archive_file = render.ArchiveFile(args.archive_file) if args.archive_file else None
    raw = template.load_context(cc, root)["cookiecutter"]
    base = None
    if args.base_chunks:
        base = update.load_base(args.base_chunks, args.base_sha256, workspace, args.max_unpacked_bytes, args.max_archive_entries)
        variables, carried = update.merge_variables(raw, base, variables)
    try:
        extra = render.prepare(cc, root, variables, args.allow_hooks, choices)
    except GeneratorError as error:
        raise update.explain_carried(error, carried) if base else error
    present_hooks = template.hooks(root)
    if present_hooks and not args.allow_hooks:
        log.info("hooks %s are present but not allowed: rendering without them", ", ".join(present_hooks))
    answer = template_code.run(lambda: render.generate(cc, root, workspace, extra, args.allow_hooks), "was rendering", _RENDER_REASONS)
    # The parent's record of where the project came from: the URL, revision, ref and directory are the parent's own.
    template_url = cruft.template_url(args.template_url if snapshot else (args.archive_url or args.source))
    rendered = render.pack_output(
        workspace, answer, present_hooks, args.allow_hooks, args.max_output_bytes, args.max_unpacked_bytes,
        cruft_state=lambda public: cruft.state(template_url, sha, args.ref, args.directory, raw, public),
        update=(lambda project: update.diff(workspace, base, project, sha, args.git_timeout)) if base else None,
        archive_file=archive_file,
    )
    result = OrderedDict([("kind", "RenderResult"), ("version", PROTOCOL_VERSION)])
    result.update(common)
    result.update(rendered)
    return result


def main(argv):
    # The result frame's stdout stays with this process, which template code cannot read or write (see
    # dynamo_generator/isolation.py); fd 1 becomes stderr, and everything written there is defanged.
    result_fd = os.dup(1)
    os.dup2(2, 1)
    stderr = isolation.DefangedStderr(2)
    sys.stdout = sys.stderr = isolation.defanged_text_stream(stderr)
    # A hook may signal us (same uid); SIGINT would otherwise raise KeyboardInterrupt anywhere in this code.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_RedactingFormatter("dynamo-generator: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    private = isolation.private_pid_namespace()

    base = os.environ.get("TMPDIR") or "/tmp"
    workspace = None
    try:
        isolation.harden()
        workspace = tempfile.mkdtemp(prefix="dynamo-generator-", dir=base)
        home = os.path.join(workspace, "home")
        os.makedirs(home)
        # cookiecutter expands ~ at import time and git reads ~/.gitconfig: both stay inside the workspace.
        os.environ["HOME"] = home
        os.environ["TMPDIR"] = workspace
        tempfile.tempdir = workspace
        args = _parser().parse_args(argv)
        payload = _run(args, workspace, isolation.TemplateCode(result_fd, stderr, private))
        code = 0
    except GeneratorError as error:
        log.error("%s: %s", error.reason, error.message)
        payload = OrderedDict([("kind", "Error"), ("version", PROTOCOL_VERSION), ("reason", error.reason),
                               ("message", redact(error.message)), ("exitCode", error.exit_code)])
        if error.problems:
            payload["problems"] = [{k: redact(v) for k, v in p.items()} for p in error.problems]
        code = error.exit_code
    except Exception as error:  # noqa: BLE001 - the frame must carry every failure
        sys.stderr.write(redact(traceback.format_exc()))
        payload = OrderedDict([("kind", "Error"), ("version", PROTOCOL_VERSION), ("reason", "Internal"),
                               ("message", redact(f"the generator failed unexpectedly ({type(error).__name__}: {error}); see the container log.")),
                               ("exitCode", 1)])
        code = 1
    finally:
        if workspace:
            shutil.rmtree(workspace, ignore_errors=True)
    sys.stderr.flush()
    stderr.drain()
    with os.fdopen(result_fd, "wb") as result_stream:
        result_stream.write(encode_frame(payload).encode("utf-8"))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
