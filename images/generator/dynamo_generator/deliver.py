"""`deliver`: writes a render result (the project archive the `render` container left in a shared volume) to the
Scaffold's output, a git branch (deliver_git) or an S3 object (deliver_s3).

This container alone has network (egress to the output host) and the output Secret, mounted at
DYNAMO_OUTPUT_SECRET_DIR. It trusts nothing about the archive but its sha256, which the operator read from the render
container's own frame: a file with another digest is ArchiveDigestMismatch, and extraction is the template archives'
(archivesource.extract_tree) with its refusals and limits.
"""

import hashlib
import logging
import os
import stat

from .archivesource import Limits, extract_tree, normalize_digest
from .errors import GeneratorError
from .redact import add_secret

log = logging.getLogger("dynamo-generator")

DEFAULT_OUTPUT_SECRET_DIR = "/var/run/secrets/dynamo-mcp/output"
_SECRET_ENV = "DYNAMO_OUTPUT_SECRET_DIR"


def secret_dir():
    return os.environ.get(_SECRET_ENV) or DEFAULT_OUTPUT_SECRET_DIR


def read_secret(directory, name, required):
    """The value of key `name` of the output Secret (whitespace at the ends stripped), registered with redact; None
    when the key is absent and not `required`."""
    path = os.path.join(directory, name)
    if not os.path.isfile(path):
        if required:
            raise GeneratorError(
                "InvalidArguments",
                f"the output Secret mounted at {directory} has no key {name!r}; add it to the Secret the Scaffold's output names.",
            )
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            value = handle.read().strip()
    except (OSError, UnicodeDecodeError) as error:
        raise GeneratorError("InvalidArguments", f"cannot read key {name!r} of the output Secret at {directory} ({error}).") from None
    add_secret(value)
    if required and not value:
        raise GeneratorError("InvalidArguments", f"key {name!r} of the output Secret at {directory} is empty; fill it in.")
    return value


def file_sha256(path):
    """(size, sha256 hex) of the file at `path`."""
    digest = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 16), b""):
                digest.update(block)
                size += len(block)
    except OSError as error:
        raise GeneratorError(
            "InvalidArguments",
            f"cannot read --archive-file {path} ({error.strerror}); the render container writes it into the shared volume.",
        ) from None
    return size, digest.hexdigest()


def verified_archive(path, expected_sha256):
    """Checks the archive file against --archive-sha256; returns (size, sha256 hex)."""
    if not path:
        raise GeneratorError("InvalidArguments", "--archive-file is required: the project archive the render container wrote.")
    if not expected_sha256:
        # The render container's trusted parent writes the digest beside the archive (render --archive-file).
        try:
            with open(path + ".sha256", encoding="ascii") as handle:
                expected_sha256 = handle.read().strip()
        except (OSError, ValueError):
            raise GeneratorError("InvalidArguments", f"--archive-sha256 is missing and so is {path}.sha256: give the archiveSha256 of the render container's result.") from None
    expected = normalize_digest(expected_sha256)
    size, actual = file_sha256(path)
    if actual != expected:
        raise GeneratorError(
            "ArchiveDigestMismatch",
            f"the archive {path} ({size} bytes) has sha256 {actual}, but --archive-sha256 {expected} was expected; the file "
            "is not the one the render container reported: render again.",
        )
    return size, actual


class Project:
    """A render result unpacked into the workspace: `root` is the archive's single top folder (`name`)."""

    def __init__(self, root, name, files):
        self.root = root
        self.name = name
        self.files = files


def _unreadable(path):
    def error_for(error):
        what = "is no tar.gz" if error is None else f"cannot be unpacked ({type(error).__name__}: {error})"
        return GeneratorError("InvalidArguments", f"the archive {path} has the expected sha256 but {what}; it is no render result.")

    return error_for


def unpack_project(archive_file, workspace, max_unpacked_bytes, max_entries):
    """Extracts the render archive (entries `<projectDirectory>/...`) into the workspace with the template archives'
    safe extraction; returns the Project (its file and symlink count in `files`)."""
    destination = os.path.join(workspace, "project")
    os.makedirs(destination)
    limits = Limits(None, max_unpacked_bytes, max_entries, None, too_large_hint="raise --max-unpacked-bytes if the project is really that big")
    extract_tree(archive_file, destination, limits, _unreadable(archive_file))
    entries = os.listdir(destination)
    only = os.path.join(destination, entries[0]) if len(entries) == 1 else None
    if only is None or os.path.islink(only) or not os.path.isdir(only):
        raise GeneratorError(
            "InvalidArguments",
            f"the archive {archive_file} holds {len(entries)} top-level entries ({', '.join(sorted(entries)[:5]) or 'none'}); "
            "a render result holds exactly one folder, the project directory.",
        )
    files = 0
    for current, dirs, names in os.walk(only):
        for name in dirs + names:
            mode = os.lstat(os.path.join(current, name)).st_mode
            if not stat.S_ISDIR(mode):
                files += 1
    log.info("unpacked project %s (%d files)", entries[0], files)
    return Project(only, entries[0], files)


def deliver(args, workspace):
    """`deliver git|s3`: verifies the archive, then hands it to the output; returns the DeliverResult payload."""
    size, sha256 = verified_archive(args.archive_file, args.archive_sha256)
    log.info("archive %s: %d bytes, sha256 %s", args.archive_file, size, sha256)
    if args.timeout is not None and args.timeout <= 0:
        raise GeneratorError("InvalidArguments", f"--timeout {args.timeout} must be a positive number of seconds.")
    directory = secret_dir()
    if args.output == "git":
        from . import deliver_git

        project = unpack_project(args.archive_file, workspace, args.max_unpacked_bytes, args.max_entries)
        return deliver_git.run(args, workspace, project, sha256, directory)
    from . import deliver_s3

    return deliver_s3.run(args, args.archive_file, size, sha256, directory)
