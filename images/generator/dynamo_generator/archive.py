"""Walks a generated tree, refuses anything that points outside it, and packs it as a reproducible tar.gz."""

import gzip
import hashlib
import io
import os
import stat
import tarfile

from .errors import GeneratorError


class Entry:
    def __init__(self, path, kind, mode, size=0, sha256=None, target=None, source=None):
        self.path = path
        self.kind = kind
        self.mode = mode
        self.size = size
        self.sha256 = sha256
        self.target = target
        self.source = source

    def to_json(self):
        result = {"path": self.path, "type": self.kind, "mode": format(self.mode, "04o")}
        if self.kind == "file":
            result["size"] = self.size
            result["sha256"] = self.sha256
        if self.kind == "symlink":
            result["target"] = self.target
        return result


def collect(root, exclude=()):
    """Every entry under root, sorted by path; raises UnsafeOutput for links leaving root or special files.
    `exclude` names entries directly in root that are left out (with everything below them)."""
    real_root = os.path.realpath(root)
    entries = []
    for current, dirs, files in os.walk(root):
        if current == root and exclude:
            dirs[:] = [d for d in dirs if d not in exclude]
            files = [f for f in files if f not in exclude]
        dirs.sort()
        for name in sorted(dirs + files):
            path = os.path.join(current, name)
            relative = os.path.relpath(path, root).replace(os.sep, "/")
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                target = os.readlink(path)
                resolved = os.path.realpath(path)
                lexical = os.path.normpath(os.path.join(os.path.dirname(relative), target))
                if os.path.isabs(target) or lexical == ".." or lexical.startswith("../") or not (
                    resolved == real_root or resolved.startswith(real_root + os.sep)
                ):
                    raise GeneratorError(
                        "UnsafeOutput",
                        f"the generated file {relative!r} is a symlink to {target!r}, outside the generated project; "
                        "the template or its hooks must not create such links.",
                    )
                entries.append(Entry(relative, "symlink", 0o777, target=target))
            elif stat.S_ISDIR(info.st_mode):
                entries.append(Entry(relative, "directory", 0o755))
            elif stat.S_ISREG(info.st_mode):
                digest = hashlib.sha256()
                with open(path, "rb") as handle:
                    for chunk in iter(lambda: handle.read(1 << 16), b""):
                        digest.update(chunk)
                mode = 0o755 if info.st_mode & 0o111 else 0o644
                entries.append(Entry(relative, "file", mode, size=info.st_size, sha256=digest.hexdigest(), source=path))
            else:
                raise GeneratorError("UnsafeOutput", f"the generated entry {relative!r} is not a file, folder or symlink; refusing it.")
    entries.sort(key=lambda e: e.path)
    return entries


def pack(entries):
    """tar.gz with sorted entries, mtime 0, owner 0:0 without names, modes 0644/0755: same input, same bytes."""
    buffer = io.BytesIO()
    write(entries, buffer)
    return buffer.getvalue()


def write(entries, fileobj):
    """Writes the reproducible tar.gz of `entries` (see pack) into the binary file object `fileobj`."""
    with gzip.GzipFile(filename="", mode="wb", fileobj=fileobj, mtime=0, compresslevel=9) as compressed:
        with tarfile.open(fileobj=compressed, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for entry in entries:
                info = tarfile.TarInfo(entry.path)
                info.mtime = 0
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                info.mode = entry.mode
                if entry.kind == "directory":
                    info.type = tarfile.DIRTYPE
                    tar.addfile(info)
                elif entry.kind == "symlink":
                    info.type = tarfile.SYMTYPE
                    info.linkname = entry.target
                    tar.addfile(info)
                else:
                    info.size = entry.size
                    with open(entry.source, "rb") as handle:
                        tar.addfile(info, handle)
