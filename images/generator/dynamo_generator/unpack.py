"""`unpack`: a Scaffold's stored project (one tar.gz split into chunk-NNNN files, one per result ConfigMap, mounted
under one folder) joined, checked against its sha256 and extracted into an empty folder, all or nothing.

The extraction is the template archives' (archivesource.extract_tree): the same refusals and limits.
"""

import errno
import hashlib
import logging
import os
import re
import shutil
import stat
import tempfile
from collections import OrderedDict

from . import PROTOCOL_VERSION
from .archivesource import Limits, extract_tree
from .errors import GeneratorError

log = logging.getLogger("dynamo-generator")

# ScaffoldResultFormat.ChunkKey: "chunk-" and the global index, at least four digits.
_CHUNK = re.compile(r"chunk-([0-9]{4,})")
_DIGEST = re.compile(r"(?:sha256:)?([0-9a-f]{64})")


class Chunks:
    """One archive split into chunk ConfigMaps, as its messages name it: the options it came from and what the operator
    mounted (a Scaffold's result for `unpack`, a template snapshot or a previous project for `render`)."""

    def __init__(self, option, env, sha_option, sha_env, configmaps, names, sha_from, remedy):
        self.option = option
        self.env = env
        self.sha_option = sha_option
        self.sha_env = sha_env
        self.configmaps = configmaps  # "the Scaffold's result ConfigMaps"
        self.names = names  # where the list of ConfigMaps lives, e.g. "the Scaffold's status.artifact.names"
        self.sha_from = sha_from  # where the digest comes from, e.g. "the Scaffold's status.artifact.sha256"
        self.remedy = remedy  # what to do when the joined bytes are no tar.gz


# Where the operator mounts the Scaffold's ConfigMaps, for messages: the index lives in its status.artifact.
_ARTIFACT = "the Scaffold's status.artifact"
SCAFFOLD_RESULT = Chunks("--chunks", "DYNAMO_CHUNKS", "--sha256", "DYNAMO_ARCHIVE_SHA256", "the Scaffold's result ConfigMaps",
                         f"{_ARTIFACT}.names", f"{_ARTIFACT}.sha256", "render the Scaffold again")


def _chunk_key(index):
    return f"chunk-{index:04d}"


def digest_argument(value, chunks=SCAFFOLD_RESULT):
    """The expected sha256 of the joined chunks (`<hex>` or `sha256:<hex>`) as lower-case hex."""
    if not value:
        raise GeneratorError("InvalidArguments", f"{chunks.sha_option} (or ${chunks.sha_env}) is required: {chunks.sha_from}.")
    match = _DIGEST.fullmatch((value or "").strip().lower())
    if not match:
        raise GeneratorError("InvalidArguments", f"{chunks.sha_option} {value!r} is not 64 hex characters (optionally prefixed by sha256:); pass {chunks.sha_from}.")
    return match.group(1)


def find_chunks(directory, chunks=SCAFFOLD_RESULT):
    """The chunk files in `directory` or one folder below it (ConfigMap i mounted at <directory>/<i>/), by index.

    A mounted ConfigMap volume holds `chunk-0000 -> ..data/chunk-0000`, `..data -> ..<timestamp>` and the timestamped
    folder with the real file: names starting with `..` are Kubernetes' bookkeeping and skipped, so every chunk counts
    once, through its key's link. A chunk must resolve to a regular file inside `directory`.
    """
    option = chunks.option
    if not directory:
        raise GeneratorError("InvalidArguments", f"{option} (or ${chunks.env}) is required: the folder {chunks.configmaps} are mounted under.")
    if not os.path.isdir(directory):
        raise GeneratorError("InvalidArguments", f"{option} {directory!r} is not a folder; mount {chunks.configmaps} under one folder and pass it.")
    root = os.path.realpath(directory)
    found = {}

    def add(path, name):
        match = _CHUNK.fullmatch(name)
        if not match:
            return
        index = int(match.group(1))
        if index in found:
            raise GeneratorError(
                "InvalidArguments",
                f"{_chunk_key(index)} is under {option} twice ({found[index]} and {path}); mount each ConfigMap of {chunks.names} once.",
            )
        real = os.path.realpath(path)
        if not real.startswith(root + os.sep) or not os.path.isfile(real):
            raise GeneratorError("InvalidArguments", f"{path} is not a regular file inside {option} {directory}; mount {chunks.configmaps} as they are.")
        found[index] = path

    for name in sorted(os.listdir(directory)):
        if name.startswith(".."):
            continue
        path = os.path.join(directory, name)
        if os.path.isdir(path):
            for inner in sorted(os.listdir(path)):
                if not inner.startswith(".."):
                    add(os.path.join(path, inner), inner)
        else:
            add(path, name)

    if not found:
        raise GeneratorError("InvalidArguments", f"there is no chunk-NNNN file under {option} {directory}; mount the ConfigMaps {chunks.names} lists there.")
    indices = sorted(found)
    missing = [i for i in range(indices[-1] + 1) if i not in found]
    if missing:
        raise GeneratorError(
            "InvalidArguments",
            f"the chunks under {option} {directory} have a gap: {', '.join(_chunk_key(i) for i in missing)} missing "
            f"(found {', '.join(_chunk_key(i) for i in indices)}); mount every ConfigMap {chunks.names} lists, in its order.",
        )
    return [found[i] for i in indices]


def join(chunks, archive_file):
    """Concatenates the chunks into `archive_file`; returns (size, sha256 hex)."""
    digest = hashlib.sha256()
    size = 0
    with open(archive_file, "wb") as out:
        for chunk in chunks:
            try:
                source = open(chunk, "rb")
            except OSError as error:
                raise GeneratorError("InvalidArguments", f"cannot read {chunk} ({error.strerror}); mount the ConfigMaps readable by the generator's user.") from None
            with source:
                for block in iter(lambda: source.read(1 << 16), b""):
                    digest.update(block)
                    size += len(block)
                    out.write(block)
    return size, digest.hexdigest()


def join_verified(directory, expected_sha256, archive_file, chunks=SCAFFOLD_RESULT):
    """Finds the chunks under `directory`, joins them into `archive_file` and checks the sha256 (ArchiveDigestMismatch
    naming both). Returns (number of chunks, size, sha256 hex)."""
    expected = digest_argument(expected_sha256, chunks)
    files = find_chunks(directory, chunks)
    size, actual = join(files, archive_file)
    if actual != expected:
        raise GeneratorError(
            "ArchiveDigestMismatch",
            f"the {len(files)} chunks under {chunks.option} {directory} join to {size} bytes with sha256 {actual}, but {chunks.sha_option} {expected} "
            f"was expected; the ConfigMaps changed or belong to another archive: mount the ConfigMaps {chunks.names} lists "
            f"and pass {chunks.sha_from}.",
        )
    log.info("joined %d chunks from %s (%d bytes, sha256 %s)", len(files), chunks.option, size, actual)
    return len(files), size, actual


def unreadable_archive(directory, chunks):
    """The error for chunks that join to the expected bytes which are still no tar.gz (extract_tree's `unreadable`)."""

    def error_for(error):
        what = "is no tar.gz" if error is None else f"cannot be unpacked ({type(error).__name__}: {error})"
        return GeneratorError(
            "InvalidArguments",
            f"the chunks under {chunks.option} {directory} join to the expected bytes, but the archive {what}; it is not in the "
            f"stored format: {chunks.remedy}.",
        )

    return error_for


def extract_chunks(directory, expected_sha256, workspace, name, limits, chunks):
    """join_verified, then the archive unpacked (extract_tree: the same refusals and limits as `unpack`) into the new
    folder <workspace>/<name>. Returns (that folder, sha256 hex)."""
    archive_file = os.path.join(workspace, name + ".tar.gz")
    _, _, actual = join_verified(directory, expected_sha256, archive_file, chunks)
    destination = os.path.join(workspace, name)
    os.makedirs(destination)
    extract_tree(archive_file, destination, limits, unreadable_archive(directory, chunks))
    os.remove(archive_file)
    return destination, actual


def _unreadable(chunks_dir, destination):
    def error_for(error):
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
            return GeneratorError("ArchiveTooLarge", f"--destination {destination} ran out of space while unpacking; give the volume more room.")
        if isinstance(error, OSError) and error.errno is not None:
            return GeneratorError("InvalidArguments", f"cannot write into --destination {destination} ({error.strerror}); give a writable folder.")
        return unreadable_archive(chunks_dir, SCAFFOLD_RESULT)(error)

    return error_for


def _count(root):
    files = directories = symlinks = total = 0
    for current, dirs, names in os.walk(root):
        for name in dirs + names:
            info = os.lstat(os.path.join(current, name))
            if stat.S_ISLNK(info.st_mode):
                symlinks += 1
            elif stat.S_ISDIR(info.st_mode):
                directories += 1
            else:
                files += 1
                total += info.st_size
    return files, directories, symlinks, total


def _empty(folder):
    """Removes what this command put into `folder` (it was empty): a failed unpack leaves no partial project."""
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        try:
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path)
            else:
                os.remove(path)
        except OSError as error:
            log.warning("could not remove %s after the failed unpack: %s", path, error.strerror)


def unpack(chunks_dir, expected_sha256, destination, workspace, max_unpacked_bytes, max_entries):
    """Joins, verifies and extracts; returns the UnpackResult payload. On any failure `destination` stays empty."""
    digest_argument(expected_sha256)
    if not destination or not os.path.isabs(destination) or not os.path.isdir(destination):
        raise GeneratorError("InvalidArguments", f"--destination {destination!r} must be an absolute path to an existing empty folder, e.g. an emptyDir.")
    if os.listdir(destination):
        raise GeneratorError("InvalidArguments", f"--destination {destination} is not empty; give a fresh volume.")
    archive_file = os.path.join(workspace, "project.tar.gz")
    count, size, actual = join_verified(chunks_dir, expected_sha256, archive_file)

    limits = Limits(None, max_unpacked_bytes, max_entries, None, too_large_hint="raise --max-unpacked-bytes if the project is really that big")
    # Unpacked beside its final place (the same volume, so moving is a rename) and moved in only when complete.
    staging = tempfile.mkdtemp(prefix=".dynamo-unpack-", dir=destination)
    try:
        extract_tree(archive_file, staging, limits, _unreadable(chunks_dir, destination))
        files, directories, symlinks, total = _count(staging)
        for name in os.listdir(staging):
            os.rename(os.path.join(staging, name), os.path.join(destination, name))
        os.rmdir(staging)
    except BaseException:
        _empty(destination)
        raise
    log.info("unpacked %d files (%d bytes) into %s", files, total, destination)
    return OrderedDict(
        [
            ("kind", "UnpackResult"),
            ("version", PROTOCOL_VERSION),
            ("destination", destination),
            ("chunks", count),
            ("archiveBytes", size),
            ("archiveSha256", actual),
            ("fileCount", files),
            ("directoryCount", directories),
            ("symlinkCount", symlinks),
            ("totalBytes", total),
        ]
    )
