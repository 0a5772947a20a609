"""Fetches one revision of a template repository: shallow where possible, pinned by commit sha.

Credentials come only from the mounted git Secret, through GIT_ASKPASS (username/password) or
GIT_SSH_COMMAND (ssh-privatekey + known_hosts); never from argv or a config file.
"""

import logging
import os
import re
import shlex
import shutil
import subprocess

from .errors import GeneratorError
from .redact import add_secret, redact

log = logging.getLogger("dynamo-generator")

DEFAULT_SECRET_DIR = "/var/run/secrets/dynamo-mcp/git"
_HEX_REF = re.compile(r"[0-9a-fA-F]{4,64}")
_FULL_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_SCP_LIKE = re.compile(r"^[A-Za-z0-9._\-]+@[A-Za-z0-9.\-]+:[^/].*")
_ALLOWED_SCHEMES = ("https://", "http://", "ssh://", "git://", "file://")


def normalize_source(source):
    """Turns a user-facing source (URL, git+URL, scp-like or local path) into a URL git can fetch."""
    if not source or not source.strip():
        raise GeneratorError("InvalidArguments", "--source is empty: give a git URL or a local path to a repository.")
    source = source.strip()
    if source.startswith("git+"):
        source = source[4:]
    if source.startswith(_ALLOWED_SCHEMES) or _SCP_LIKE.match(source):
        return source
    if "::" in source or re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*://", source):
        raise GeneratorError(
            "SourceUnreachable",
            f"unsupported source {redact(source)!r}: use an https://, ssh://, git:// or file:// URL, "
            "user@host:path, or a local path.",
        )
    # A plain path becomes file://, so shallow fetches work as they do for remote repositories.
    return "file://" + os.path.abspath(source)


# Every git this package runs: no ext:: transport, no credential helper, no hooks, quiet about detached heads.
GIT_COMMAND = (
    "git", "-c", "protocol.ext.allow=never", "-c", "credential.helper=", "-c", "core.hooksPath=" + os.devnull,
    "-c", "advice.detachedHead=false", "-c", "init.defaultBranch=main",
)


def git_environment(workspace, secret_dir, secret_name):
    """The environment git runs with: no system or global config, no prompts, and the credentials of the Secret
    mounted at `secret_dir` (`secret_name` in log lines): `username`/`password` answered by git-askpass.sh, or
    `ssh-privatekey` (+ `known_hosts`) through GIT_SSH_COMMAND with a private copy of the key in `workspace`.
    Every value read is registered with redact, so no message or log line can show it."""
    env = dict(os.environ)
    env.update(
        {
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_ADVICE": "0",
            "LC_ALL": "C",
        }
    )
    env.pop("GIT_ASKPASS", None)
    env.pop("SSH_ASKPASS", None)
    if os.path.isfile(os.path.join(secret_dir, "password")) or os.path.isfile(os.path.join(secret_dir, "username")):
        for name in ("username", "password"):
            path = os.path.join(secret_dir, name)
            if os.path.isfile(path):
                with open(path, encoding="utf-8") as handle:
                    add_secret(handle.read().strip())
        env["GIT_ASKPASS"] = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "git-askpass.sh")
        # git-askpass.sh answers from this folder.
        env["DYNAMO_GIT_SECRET_DIR"] = secret_dir
        log.info("using username/password from %s at %s", secret_name, secret_dir)
    key = os.path.join(secret_dir, "ssh-privatekey")
    if os.path.isfile(key):
        # ssh refuses keys readable by others, and Secret volumes are often 0644: use a private copy.
        ssh_dir = os.path.join(workspace, "ssh")
        os.makedirs(ssh_dir, mode=0o700, exist_ok=True)
        private_key = os.path.join(ssh_dir, "id")
        shutil.copyfile(key, private_key)
        os.chmod(private_key, 0o600)
        known_hosts = os.path.join(secret_dir, "known_hosts")
        options = [
            "ssh", "-F", os.devnull, "-i", private_key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
            "-o", "StrictHostKeyChecking=yes",
            "-o", "UserKnownHostsFile=" + (known_hosts if os.path.isfile(known_hosts) else os.devnull),
        ]
        env["GIT_SSH_COMMAND"] = " ".join(shlex.quote(o) for o in options)
        log.info("using the ssh key from %s at %s", secret_name, secret_dir)
    return env


class GitSource:
    def __init__(self, workspace, timeout_seconds):
        self._workspace = workspace
        self._timeout = timeout_seconds
        self._env = git_environment(workspace, os.environ.get("DYNAMO_GIT_SECRET_DIR", DEFAULT_SECRET_DIR), "the git Secret")

    def _git(self, args, cwd):
        command = [*GIT_COMMAND, *args]
        try:
            return subprocess.run(
                command, cwd=cwd, env=self._env, stdin=subprocess.DEVNULL, capture_output=True,
                text=True, timeout=self._timeout, check=False,
            )
        except subprocess.TimeoutExpired:
            raise GeneratorError(
                "SourceUnreachable",
                f"git {args[0]} did not finish within {self._timeout}s; check that the git host is reachable "
                "from the sandbox (egress allowlist) or raise the timeout.",
            ) from None

    def verify_checkout(self, directory, sha):
        """Returns the commit checked out in `directory` (written by `fetch`), which must be the full sha `sha`."""
        if not sha or not _FULL_SHA.fullmatch(sha):
            raise GeneratorError("InvalidArguments", "--checked-out needs --ref with the full commit sha that `fetch` checked out.")
        if not os.path.isdir(os.path.join(directory, ".git")):
            raise GeneratorError("InvalidArguments", f"--checked-out: {directory} is not a git checkout; run `fetch` into it first.")
        head = self._git(["rev-parse", "HEAD"], cwd=directory)
        if head.returncode != 0 or head.stdout.strip() != sha:
            raise GeneratorError(
                "RevisionNotFound",
                f"the checkout in {directory} is at {head.stdout.strip() or 'no commit'} instead of the pinned {sha}; fetch it again.",
            )
        return sha

    def fetch(self, source, ref, destination):
        """Fetches `ref` (branch, tag, commit sha, or the remote HEAD when None) into `destination`,
        checks it out detached, and returns (commit sha, resolved ref name or None)."""
        url = normalize_source(source)
        shown = redact(url)
        os.makedirs(destination, exist_ok=True)
        result = self._git(["init", "-q", destination], cwd=self._workspace)
        if result.returncode != 0:
            raise GeneratorError("Internal", "git init failed: " + redact(result.stderr.strip()))
        self._git(["remote", "add", "origin", url], cwd=destination)

        listing = self._git(["ls-remote", "origin"], cwd=destination)
        if listing.returncode != 0:
            raise GeneratorError(
                "SourceUnreachable",
                f"could not read the git repository {shown}: {_tail(listing.stderr)}. "
                "Check the URL, that the host is reachable from the sandbox, and the git Secret for private repositories.",
            )
        refs = _parse_ls_remote(listing.stdout)
        resolved_name, want = _choose(refs, ref)

        if want is None:
            raise GeneratorError(
                "RevisionNotFound",
                f"ref {ref!r} is neither a branch, a tag nor a commit sha in {shown}. "
                f"Available: {_available(refs)}.",
            )
        fetched = self._git(["fetch", "-q", "--depth", "1", "--no-tags", "origin", want], cwd=destination)
        if fetched.returncode != 0:
            if resolved_name is not None:
                raise GeneratorError("SourceUnreachable", f"could not fetch {resolved_name} from {shown}: {_tail(fetched.stderr)}.")
            # An abbreviated sha, or a server that refuses to serve a sha directly: fetch everything.
            log.info("shallow fetch of %s refused; fetching all branches and tags", ref)
            full = self._git(
                ["fetch", "-q", "--no-tags", "origin", "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"],
                cwd=destination,
            )
            if full.returncode != 0:
                raise GeneratorError("SourceUnreachable", f"could not fetch {shown}: {_tail(full.stderr)}.")
            target = ref
        else:
            target = "FETCH_HEAD"
        parsed = self._git(["rev-parse", "--verify", "--quiet", target + "^{commit}"], cwd=destination)
        sha = parsed.stdout.strip()
        if parsed.returncode != 0 or not sha:
            raise GeneratorError(
                "RevisionNotFound",
                f"commit {ref!r} does not exist in {shown} (or is ambiguous). Available refs: {_available(refs)}.",
            )
        if _FULL_SHA.fullmatch(ref or "") and sha != ref:
            raise GeneratorError("RevisionNotFound", f"fetched {sha} while asking for commit {ref}.")
        checkout = self._git(["checkout", "-q", "--detach", sha], cwd=destination)
        if checkout.returncode != 0:
            raise GeneratorError("InvalidTemplate", f"could not check out {sha}: {_tail(checkout.stderr)}.")
        head = self._git(["rev-parse", "HEAD"], cwd=destination).stdout.strip()
        if head != sha:
            raise GeneratorError("Internal", f"checked out {head} instead of {sha}.")
        log.info("fetched %s at %s", shown, sha)
        return sha, resolved_name


def _parse_ls_remote(text):
    refs = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) == 2:
            refs[parts[1].strip()] = parts[0].strip()
    return refs


def _choose(refs, ref):
    """Returns (ref name to report, what to fetch). A None fetch target means: not found."""
    if ref is None or ref == "" or ref == "HEAD":
        return ("HEAD", "HEAD") if "HEAD" in refs else (None, None)
    for candidate in (ref, "refs/heads/" + ref, "refs/tags/" + ref):
        if candidate in refs and candidate.startswith(("refs/", "HEAD")):
            return candidate, candidate
    if _HEX_REF.fullmatch(ref):
        return None, ref.lower()
    return None, None


def _available(refs):
    names = [n[len("refs/heads/"):] for n in refs if n.startswith("refs/heads/")]
    names += [n[len("refs/tags/"):] for n in refs if n.startswith("refs/tags/") and not n.endswith("^{}")]
    shown = ", ".join(sorted(names)[:20]) or "none"
    return shown + (", ..." if len(names) > 20 else "")


def _tail(stderr):
    lines = [l for l in (stderr or "").strip().splitlines() if l.strip()]
    return redact(" ".join(lines[-3:])) if lines else "no details from git"
