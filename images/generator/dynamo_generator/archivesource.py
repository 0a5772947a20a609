"""Fetches a template from a zip or tar.gz archive over http(s): capped download, optional sha256 pin,
and an extraction that refuses anything that could write or point outside the target folder.

The revision of an archive is `sha256:<hex of the downloaded bytes>`, so the operator can pin a render
to the bytes that were inspected.
"""

import hashlib
import json
import logging
import os
import re
import shutil
import stat
import tarfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile

from .errors import GeneratorError
from .redact import redact

log = logging.getLogger("dynamo-generator")

DEFAULT_MAX_DOWNLOAD_BYTES = 32 * 1024 * 1024
DEFAULT_MAX_EXTRACTED_BYTES = 128 * 1024 * 1024
DEFAULT_MAX_ENTRIES = 10000
# Written by `fetch` next to the extracted template so `render --checked-out` can prove which bytes it renders.
MARKER = ".dynamo-archive.json"
_HEX = re.compile(r"[0-9a-f]{64}")


class Limits:
    def __init__(self, max_download_bytes, max_extracted_bytes, max_entries, timeout_seconds,
                 too_large_hint="raise --max-archive-unpacked-bytes if the template is really that big"):
        self.max_download_bytes = max_download_bytes
        self.max_extracted_bytes = max_extracted_bytes
        self.max_entries = max_entries
        self.timeout_seconds = timeout_seconds
        # What to do about ArchiveTooLarge, in the words of the command that unpacks (its option, what it unpacks).
        self.too_large_hint = too_large_hint


def normalize_digest(expected):
    """Accepts `<hex>` or `sha256:<hex>` (the revision an inspect reported); returns the lower-case hex or None."""
    if not expected:
        return None
    value = expected.strip().lower()
    if value.startswith("sha256:"):
        value = value[len("sha256:"):]
    if not _HEX.fullmatch(value):
        raise GeneratorError("InvalidArguments", f"--archive-sha256 {expected!r} is not 64 hex characters (optionally prefixed by sha256:).")
    return value


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise GeneratorError(
                "SourceUnreachable",
                f"the archive URL redirected to {redact(newurl)!r}; only http(s) redirects are followed.",
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener():
    # No proxy or file handlers: an archive comes from an http(s) server and nowhere else.
    return urllib.request.build_opener(_HttpOnlyRedirects(), urllib.request.ProxyHandler({}))


def download(url, destination_file, limits):
    """Downloads `url` into `destination_file` (at most max_download_bytes); returns the sha256 hex."""
    shown = redact(url)
    if urllib.parse.urlsplit(url or "").scheme.lower() not in ("http", "https"):
        raise GeneratorError("InvalidArguments", f"--archive-url {shown!r} must be an http:// or https:// URL.")
    digest = hashlib.sha256()
    total = 0
    try:
        with _opener().open(urllib.request.Request(url, headers={"User-Agent": "dynamo-generator"}), timeout=limits.timeout_seconds) as response, \
                open(destination_file, "wb") as out:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limits.max_download_bytes:
                raise _too_large(shown, int(length), limits.max_download_bytes)
            while True:
                chunk = response.read(1 << 16)
                if not chunk:
                    break
                total += len(chunk)
                if total > limits.max_download_bytes:
                    raise _too_large(shown, total, limits.max_download_bytes)
                digest.update(chunk)
                out.write(chunk)
    except urllib.error.HTTPError as error:
        raise GeneratorError("SourceUnreachable", f"downloading the archive {shown} failed with HTTP {error.code} {error.reason}; check the URL.") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise GeneratorError(
            "SourceUnreachable",
            f"could not download the archive {shown}: {redact(str(reason))}. Check the URL and that the host is reachable "
            "from the sandbox (egress allowlist).",
        ) from None
    log.info("downloaded %s (%d bytes)", shown, total)
    return digest.hexdigest()


def _too_large(shown, size, cap):
    return GeneratorError(
        "ArchiveTooLarge",
        f"the archive {shown} is larger than {cap} bytes (got at least {size}); use a smaller archive or raise --max-archive-bytes.",
    )


def verify_digest(actual, expected):
    if expected and actual != expected:
        raise GeneratorError(
            "ArchiveDigestMismatch",
            f"the archive's sha256 is {actual} but sha256 {expected} was expected; the archive changed or the pinned "
            "digest is wrong: fix spec.source.archive.sha256 (or the URL).",
        )


def _safe_name(name):
    """The entry's path split into parts; raises UnsafeArchive for absolute paths, drive letters and '..'."""
    normalized = name.replace("\\", "/")
    if normalized.startswith("/") or re.match(r"^[A-Za-z]:", normalized):
        raise GeneratorError("UnsafeArchive", f"the archive entry {name!r} has an absolute path; refusing the archive.")
    parts = [p for p in normalized.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise GeneratorError("UnsafeArchive", f"the archive entry {name!r} contains '..'; refusing the archive.")
    return parts


def _check_link(parts, target, name):
    """A link may only point at something inside the archive (relative, not climbing above the root)."""
    if not target or target.startswith("/") or "\\" in target:
        raise GeneratorError("UnsafeArchive", f"the archive entry {name!r} links to {target!r}, outside the archive; refusing the archive.")
    depth = len(parts) - 1
    for piece in target.split("/"):
        if piece == "..":
            depth -= 1
            if depth < 0:
                raise GeneratorError("UnsafeArchive", f"the archive entry {name!r} links to {target!r}, outside the archive; refusing the archive.")
        elif piece not in ("", "."):
            depth += 1


class _Budget:
    def __init__(self, limits):
        self._limits = limits
        self.entries = 0
        self.bytes = 0

    def entry(self):
        self.entries += 1
        if self.entries > self._limits.max_entries:
            raise GeneratorError("ArchiveTooLarge", f"the archive has more than {self._limits.max_entries} entries; refusing to unpack it.")

    def add(self, size):
        self.bytes += size
        if self.bytes > self._limits.max_extracted_bytes:
            raise GeneratorError(
                "ArchiveTooLarge",
                f"the archive unpacks to more than {self._limits.max_extracted_bytes} bytes; refusing to unpack it "
                f"({self._limits.too_large_hint}).",
            )


def _copy_capped(source, path, budget):
    with open(path, "wb") as out:
        while True:
            chunk = source.read(1 << 16)
            if not chunk:
                break
            budget.add(len(chunk))
            out.write(chunk)


def _target(destination, parts):
    path = os.path.join(destination, *parts)
    # A folder created from an earlier entry could be a symlink only if we created one; links are created last.
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def _extract_zip(archive_file, destination, limits):
    budget = _Budget(limits)
    links = []
    with zipfile.ZipFile(archive_file) as archive:
        for info in archive.infolist():
            budget.entry()
            parts = _safe_name(info.filename)
            if not parts:
                continue
            mode = (info.external_attr >> 16) & 0xFFFF
            kind = stat.S_IFMT(mode)
            if info.is_dir() or kind == stat.S_IFDIR:
                os.makedirs(os.path.join(destination, *parts), exist_ok=True)
            elif kind == stat.S_IFLNK:
                if info.file_size > 4096:
                    raise GeneratorError("UnsafeArchive", f"the archive entry {info.filename!r} is a symlink with an oversized target; refusing the archive.")
                target = archive.read(info).decode("utf-8", "replace")
                _check_link(parts, target, info.filename)
                links.append((parts, target))
            elif kind in (0, stat.S_IFREG):
                path = _target(destination, parts)
                with archive.open(info) as source:
                    _copy_capped(source, path, budget)
                os.chmod(path, 0o755 if mode & 0o111 else 0o644)
            else:
                raise GeneratorError("UnsafeArchive", f"the archive entry {info.filename!r} is not a file, folder or symlink; refusing the archive.")
    return links


def _extract_tar(archive_file, destination, limits):
    budget = _Budget(limits)
    links = []
    with tarfile.open(archive_file, mode="r:*") as archive:
        for member in archive:
            budget.entry()
            parts = _safe_name(member.name)
            if member.type in (tarfile.XHDTYPE, tarfile.XGLTYPE) or (not parts and member.isdir()):
                continue
            if not parts:
                raise GeneratorError("UnsafeArchive", f"the archive entry {member.name!r} has no usable name; refusing the archive.")
            if member.isdir():
                os.makedirs(os.path.join(destination, *parts), exist_ok=True)
            elif member.issym():
                _check_link(parts, member.linkname, member.name)
                links.append((parts, member.linkname))
            elif member.islnk():
                raise GeneratorError("UnsafeArchive", f"the archive entry {member.name!r} is a hard link; refusing the archive (use a plain file or a relative symlink).")
            elif member.isreg():
                path = _target(destination, parts)
                source = archive.extractfile(member)
                with source:
                    _copy_capped(source, path, budget)
                os.chmod(path, 0o755 if member.mode & 0o111 else 0o644)
            else:
                raise GeneratorError("UnsafeArchive", f"the archive entry {member.name!r} is a device, fifo or other special file; refusing the archive.")
    return links


def extract_tree(archive_file, destination, limits, unreadable):
    """Unpacks a zip or tar(.gz) into the existing folder `destination`, every path as stored. Refuses (UnsafeArchive)
    what could write or point outside it and stops at the limits (ArchiveTooLarge); `unreadable(error)` makes the
    GeneratorError for a file that is no archive (error None) or that the archive libraries fail on, since only the
    caller knows what the archive was supposed to be."""
    try:
        if zipfile.is_zipfile(archive_file):
            links = _extract_zip(archive_file, destination, limits)
        elif tarfile.is_tarfile(archive_file):
            links = _extract_tar(archive_file, destination, limits)
        else:
            raise unreadable(None)
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError) as error:
        raise unreadable(error) from None
    real_root = os.path.realpath(destination)
    for parts, target in links:
        path = _target(destination, parts)
        # The lexical check above assumes every parent is a real folder; a link under another link is refused.
        if os.path.realpath(os.path.dirname(path)) != os.path.join(real_root, *parts[:-1]):
            raise GeneratorError("UnsafeArchive", f"the archive entry {'/'.join(parts)!r} would be created through a symlink; refusing the archive.")
        if os.path.lexists(path):
            raise GeneratorError("UnsafeArchive", f"the archive has two entries named {'/'.join(parts)!r}; refusing the archive.")
        os.symlink(target, path)


def _unreadable_template(error):
    if error is None:
        return GeneratorError("InvalidTemplate", "the archive is neither a zip nor a tar/tar.gz file; give a .zip, .tar.gz or .tgz URL.")
    return GeneratorError("InvalidTemplate", f"the archive cannot be unpacked ({type(error).__name__}: {error}); check that the URL serves a zip or tar.gz.")


def extract(archive_file, destination, limits):
    """Unpacks a zip or tar(.gz) into `destination` and returns the template root: the single top-level
    folder when there is exactly one (as in GitHub's codeload archives), otherwise `destination`."""
    os.makedirs(destination, exist_ok=True)
    extract_tree(archive_file, destination, limits, _unreadable_template)
    entries = os.listdir(destination)
    if len(entries) == 1:
        only = os.path.join(destination, entries[0])
        if os.path.isdir(only) and not os.path.islink(only):
            return only
    return destination


class ArchiveSource:
    def __init__(self, workspace, limits):
        self._workspace = workspace
        self._limits = limits

    def _download_and_extract(self, url, expected_sha256):
        expected = normalize_digest(expected_sha256)
        downloaded = os.path.join(self._workspace, "archive.download")
        actual = download(url, downloaded, self._limits)
        verify_digest(actual, expected)
        root = extract(downloaded, os.path.join(self._workspace, "archive"), self._limits)
        os.remove(downloaded)
        return root, "sha256:" + actual

    def fetch(self, url, expected_sha256):
        """Downloads and unpacks the archive into the workspace; returns (template root, revision)."""
        return self._download_and_extract(url, expected_sha256)

    def fetch_into(self, url, expected_sha256, destination):
        """Like fetch, but moves the root's contents into `destination` and records the revision there."""
        root, revision = self._download_and_extract(url, expected_sha256)
        os.makedirs(destination, exist_ok=True)
        for name in os.listdir(root):
            shutil.move(os.path.join(root, name), os.path.join(destination, name))
        marker = os.path.join(destination, MARKER)
        # The archive itself must not forge (or redirect through a symlink) the record of what was fetched.
        if os.path.isdir(marker) and not os.path.islink(marker):
            shutil.rmtree(marker)
        elif os.path.lexists(marker):
            os.remove(marker)
        with open(marker, "x", encoding="utf-8") as handle:
            json.dump({"source": redact(url), "revision": revision}, handle)
        return revision


def verify_fetched(directory, expected_sha256):
    """Returns the revision `fetch` recorded in `directory`, which must match the pin when one is given."""
    marker = os.path.join(directory, MARKER)
    if os.path.islink(marker) or not os.path.isfile(marker):
        raise GeneratorError("InvalidArguments", f"--checked-out: {directory} holds no archive fetched by `fetch` ({MARKER} is missing); run `fetch --archive-url` into it first.")
    try:
        with open(marker, encoding="utf-8") as handle:
            revision = json.load(handle)["revision"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise GeneratorError("InvalidArguments", f"--checked-out: {marker} is unreadable ({error}); fetch the archive again.") from None
    expected = normalize_digest(expected_sha256)
    if expected:
        verify_digest(revision[len("sha256:"):], expected)
    return revision
