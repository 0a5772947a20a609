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
# Where the operator mounts the Scaffold's ConfigMaps, for messages: the index lives in its status.artifact.
_ARTIFACT = "the Scaffold's status.artifact"


def _chunk_key(index):
    return f"chunk-{index:04d}"


def _digest(value):
    if not value:
        raise GeneratorError("InvalidArguments", f"--sha256 (or $DYNAMO_ARCHIVE_SHA256) is required: {_ARTIFACT}.sha256.")
    match = _DIGEST.fullmatch((value or "").strip().lower())
    if not match:
        raise GeneratorError("InvalidArguments", f"--sha256 {value!r} is not 64 hex characters (optionally prefixed by sha256:); pass {_ARTIFACT}.sha256.")
    return match.group(1)


def find_chunks(directory):
    """The chunk files in `directory` or one folder below it (ConfigMap i mounted at <directory>/<i>/), by index.

    A mounted ConfigMap volume holds `chunk-0000 -> ..data/chunk-0000`, `..data -> ..<timestamp>` and the timestamped
    folder with the real file: names starting with `..` are Kubernetes' bookkeeping and skipped, so every chunk counts
    once, through its key's link. A chunk must resolve to a regular file inside `directory`.
    """
    if not directory:
        raise GeneratorError("InvalidArguments", "--chunks (or $DYNAMO_CHUNKS) is required: the folder the Scaffold's result ConfigMaps are mounted under.")
    if not os.path.isdir(directory):
        raise GeneratorError("InvalidArguments", f"--chunks {directory!r} is not a folder; mount the Scaffold's result ConfigMaps under one folder and pass it.")
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
                f"{_chunk_key(index)} is under --chunks twice ({found[index]} and {path}); mount each result ConfigMap of {_ARTIFACT}.names once.",
            )
        real = os.path.realpath(path)
        if not real.startswith(root + os.sep) or not os.path.isfile(real):
            raise GeneratorError("InvalidArguments", f"{path} is not a regular file inside --chunks {directory}; mount the result ConfigMaps as they are.")
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
        raise GeneratorError("InvalidArguments", f"there is no chunk-NNNN file under --chunks {directory}; mount the ConfigMaps {_ARTIFACT}.names lists there.")
    indices = sorted(found)
    missing = [i for i in range(indices[-1] + 1) if i not in found]
    if missing:
        raise GeneratorError(
            "InvalidArguments",
            f"the chunks under --chunks {directory} have a gap: {', '.join(_chunk_key(i) for i in missing)} missing "
            f"(found {', '.join(_chunk_key(i) for i in indices)}); mount every ConfigMap {_ARTIFACT}.names lists, in its order.",
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
                raise GeneratorError("InvalidArguments", f"cannot read {chunk} ({error.strerror}); mount the result ConfigMaps readable by the generator's user.") from None
            with source:
                for block in iter(lambda: source.read(1 << 16), b""):
                    digest.update(block)
                    size += len(block)
                    out.write(block)
    return size, digest.hexdigest()


def _unreadable(chunks_dir, destination):
    def error_for(error):
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
            return GeneratorError("ArchiveTooLarge", f"--destination {destination} ran out of space while unpacking; give the volume more room.")
        if isinstance(error, OSError) and error.errno is not None:
            return GeneratorError("InvalidArguments", f"cannot write into --destination {destination} ({error.strerror}); give a writable folder.")
        what = "is no tar.gz" if error is None else f"cannot be unpacked ({type(error).__name__}: {error})"
        return GeneratorError(
            "InvalidArguments",
            f"the chunks under --chunks {chunks_dir} join to the expected bytes, but the archive {what}; the Scaffold's "
            "result is not in the stored format: render the Scaffold again.",
        )

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
    expected = _digest(expected_sha256)
    if not destination or not os.path.isabs(destination) or not os.path.isdir(destination):
        raise GeneratorError("InvalidArguments", f"--destination {destination!r} must be an absolute path to an existing empty folder, e.g. an emptyDir.")
    if os.listdir(destination):
        raise GeneratorError("InvalidArguments", f"--destination {destination} is not empty; give a fresh volume.")
    chunks = find_chunks(chunks_dir)
    archive_file = os.path.join(workspace, "project.tar.gz")
    size, actual = join(chunks, archive_file)
    if actual != expected:
        raise GeneratorError(
            "ArchiveDigestMismatch",
            f"the {len(chunks)} chunks under --chunks {chunks_dir} join to {size} bytes with sha256 {actual}, but --sha256 {expected} "
            f"was expected; the result ConfigMaps changed or belong to another render: mount the ConfigMaps {_ARTIFACT}.names lists "
            "and pass its sha256.",
        )
    log.info("joined %d chunks (%d bytes, sha256 %s)", len(chunks), size, actual)

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
            ("chunks", len(chunks)),
            ("archiveBytes", size),
            ("archiveSha256", actual),
            ("fileCount", files),
            ("directoryCount", directories),
            ("symlinkCount", symlinks),
            ("totalBytes", total),
        ]
    )
