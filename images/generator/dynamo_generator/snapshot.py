"""The template snapshot `inspect` publishes: the template root (the folder holding cookiecutter.json) packed as a
reproducible tar.gz, taken by the trusted parent before any template code runs, so a later `render --snapshot-chunks`
renders exactly the inspected files without git or network."""

import base64
import hashlib
import os
from collections import OrderedDict

from . import archive
from .archivesource import MARKER
from .errors import GeneratorError

DEFAULT_MAX_SNAPSHOT_BYTES = 8 * 1024 * 1024
# Not part of the template: git's own folder at the root, and the record `fetch` writes next to an archive's files.
EXCLUDED = (".git", MARKER)


def take(root, workspace, max_bytes):
    """The `snapshot` object of the InspectResult; SnapshotTooLarge when the packed template exceeds `max_bytes`."""
    if max_bytes is None or max_bytes <= 0:
        raise GeneratorError("InvalidArguments", f"--max-snapshot-bytes must be a positive number of bytes, not {max_bytes}.")
    entries = archive.collect(root, exclude=EXCLUDED)
    files = [e for e in entries if e.kind == "file"]
    # Packed to a file in the workspace first: a big template costs disk it already occupies, not memory.
    packed_file = os.path.join(workspace, "snapshot.tar.gz")
    with open(packed_file, "wb") as handle:
        archive.write(entries, handle)
    size = os.path.getsize(packed_file)
    if size > max_bytes:
        os.remove(packed_file)
        raise GeneratorError(
            "SnapshotTooLarge",
            f"the template packs to {size} bytes ({len(files)} files, {sum(e.size for e in files)} bytes unpacked), above the "
            f"snapshot limit of {max_bytes} bytes; set spec.source.git.directory to the template's folder, or raise the "
            "operator's --sandbox-max-snapshot-bytes.",
        )
    with open(packed_file, "rb") as handle:
        packed = handle.read()
    os.remove(packed_file)
    return OrderedDict(
        [
            ("format", "tar+gzip"),
            ("files", len(files)),
            ("totalBytes", sum(e.size for e in files)),
            ("archiveBytes", len(packed)),
            ("archiveSha256", hashlib.sha256(packed).hexdigest()),
            ("archive", base64.b64encode(packed).decode("ascii")),
        ]
    )
