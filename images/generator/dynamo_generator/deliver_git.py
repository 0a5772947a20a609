"""`deliver git`: commits the render result on a branch of a git repository and pushes it (never with force).

An existing branch gets one commit on top of its tip in which the subtree at --path (the whole tree but .git without a
path) is the project's files. A new branch starts from --base-branch, or as an orphan root commit. Credentials are the
output Secret's, with the conventions of the template git Secret (gitsource.git_environment).
"""

import logging
import os
import re
import shutil
import subprocess
from collections import OrderedDict
from urllib.parse import urlsplit

from . import PROTOCOL_VERSION
from .errors import GeneratorError
from .gitsource import GIT_COMMAND, git_environment, normalize_source
from .redact import redact

log = logging.getLogger("dynamo-generator")

DEFAULT_AUTHOR_NAME = "Dynamo MCP"
DEFAULT_AUTHOR_EMAIL = "dynamo-mcp@localhost"
_SECRET_KEYS = "'username' and 'password' (a token with write access), or 'ssh-privatekey' and 'known_hosts'"

# git's stderr, most specific first. Checked in this order: ssh prints "Permission denied (publickey)" and then
# "Could not read from remote repository", which is the unreachable text.
_AUTH = re.compile(
    r"Authentication failed|could not read (Username|Password)|Permission denied \(|returned error: 40[13]\b|"
    r"HTTP Basic: Access denied|Invalid username or password|access denied|terminal prompts disabled",
    re.IGNORECASE,
)
_NOT_FOUND = re.compile(
    r"repository '.*' not found|Repository not found|does not appear to be a git repository|returned error: 404\b|"
    r"No such file or directory|not a git repository|project you were looking for could not be found",
    re.IGNORECASE,
)
_UNREACHABLE = re.compile(
    r"Could not resolve host|Could not resolve hostname|Connection refused|Failed to connect|Connection timed out|"
    r"timed out|Operation timed out|Network is unreachable|No route to host|Connection reset|Connection closed|"
    r"SSL|TLS|certificate|Host key verification failed|Could not read from remote repository|unable to access|"
    r"Empty reply from server|returned error: 5\d\d\b",
    re.IGNORECASE,
)
_NON_FAST_FORWARD = re.compile(r"non-fast-forward|\(fetch first\)|failed to update ref|cannot lock ref|stale info", re.IGNORECASE)


def _remote_lines(stderr):
    """What the server said (git's `remote:` lines and the rejection lines), redacted, for OutputRejected."""
    lines = [l.strip() for l in (stderr or "").splitlines() if l.strip()]
    chosen = [l for l in lines if l.startswith(("remote:", "!", "error:", "To ", "hint:")) and not l.startswith("hint:")]
    return redact(" ".join((chosen or lines)[-8:])) or "no details from git"


def _tail(stderr):
    lines = [l.strip() for l in (stderr or "").splitlines() if l.strip()]
    return redact(" ".join(lines[-3:])) if lines else "no details from git"


def _host(url):
    parts = urlsplit(url)
    if parts.hostname:
        return parts.hostname + (f":{parts.port}" if parts.port else "")
    match = re.match(r"^[^@]+@([^:]+):", url)
    return match.group(1) if match else url


class GitOutput:
    def __init__(self, workspace, url, timeout_seconds, secret_dir):
        self._workspace = workspace
        self._timeout = timeout_seconds
        self._secret_dir = secret_dir
        self._url = _check_url(url)
        self._shown = redact(self._url)
        self._env = git_environment(workspace, secret_dir, "the output Secret")
        self._repository = os.path.join(workspace, "output")

    def _git(self, args, env=None):
        try:
            return subprocess.run(
                [*GIT_COMMAND, *args], cwd=self._repository, env=env or self._env, stdin=subprocess.DEVNULL,
                capture_output=True, text=True, timeout=self._timeout, check=False,
            )
        except subprocess.TimeoutExpired:
            raise GeneratorError(
                "OutputUnreachable",
                f"git {args[0]} to {self._shown} did not finish within {self._timeout}s; check the URL, that the host "
                f"{_host(self._url)} is in the egress allowlist of the output, or raise --timeout.",
            ) from None

    def _local(self, args):
        result = self._git(args)
        if result.returncode != 0:
            raise GeneratorError("Internal", f"git {' '.join(args[:2])} failed: {_tail(result.stderr)}")
        return result.stdout

    def _remote_error(self, what, stderr, default):
        """The GeneratorError for a failed ls-remote, fetch or push, by git's stderr."""
        text = redact(stderr or "")
        if _AUTH.search(text):
            return GeneratorError(
                "OutputAuthFailed",
                f"{self._shown} refused the credentials in the output Secret while {what} ({_tail(text)}). Check the "
                f"Secret's keys {_SECRET_KEYS}, and that they may push to the repository.",
            )
        if _NOT_FOUND.search(text):
            return GeneratorError(
                "OutputNotFound",
                f"the repository {self._shown} was not found while {what} ({_tail(text)}); check the output URL (and that "
                "the Secret's user can see the repository: many hosts answer 'not found' to users without access).",
            )
        if _UNREACHABLE.search(text):
            return GeneratorError(
                "OutputUnreachable",
                f"could not reach {_host(self._url)} while {what} ({_tail(text)}); check the output URL and that the host "
                "is in the output's egress allowlist.",
            )
        return default(text)

    def _ls_remote(self, branches):
        result = self._git(["ls-remote", "--heads", "origin", *["refs/heads/" + b for b in branches]])
        if result.returncode != 0:
            raise self._remote_error(
                "reading its branches", result.stderr,
                lambda text: GeneratorError(
                    "OutputUnreachable",
                    f"could not read the branches of {self._shown}: {_tail(text)}. Check the output URL and that the host "
                    "is in the output's egress allowlist.",
                ),
            )
        heads = {}
        for line in result.stdout.splitlines():
            parts = line.split("\t")
            if len(parts) == 2 and parts[1].startswith("refs/heads/"):
                heads[parts[1][len("refs/heads/"):]] = parts[0].strip()
        return heads

    def _fetch(self, branch):
        result = self._git(["fetch", "-q", "--depth", "1", "--no-tags", "origin", "+refs/heads/" + branch + ":refs/remotes/origin/" + branch])
        if result.returncode != 0:
            raise self._remote_error(
                f"fetching branch {branch}", result.stderr,
                lambda text: GeneratorError("OutputUnreachable", f"could not fetch branch {branch} of {self._shown}: {_tail(text)}."),
            )
        return self._local(["rev-parse", "--verify", "refs/remotes/origin/" + branch + "^{commit}"]).strip()

    def deliver(self, project, branch, base_branch, path, message, author_name, author_email, archive_sha256):
        _check_branch(self._env, branch, "--branch")
        if base_branch:
            _check_branch(self._env, base_branch, "--base-branch")
        subtree = _check_path(path)
        os.makedirs(self._repository)
        self._local(["init", "-q"])
        self._local(["remote", "add", "origin", self._url])
        heads = self._ls_remote([branch] + ([base_branch] if base_branch and base_branch != branch else []))

        created = branch not in heads
        if not created:
            start = branch
        elif base_branch:
            if base_branch not in heads:
                raise GeneratorError(
                    "OutputNotFound",
                    f"the base branch {base_branch!r} does not exist in {self._shown}, so branch {branch!r} cannot start "
                    "from it; create it, or fix baseBranch of the Scaffold's git output.",
                )
            start = base_branch
        else:
            start = None

        parent = None
        if start:
            parent = self._fetch(start)
            self._local(["checkout", "-q", "--detach", parent])
            log.info("%s %s is at %s", "branch" if start == branch else "base branch", start, parent)
        else:
            log.info("branch %s does not exist in %s: creating it as an orphan root commit", branch, self._shown)

        target = _subtree(self._repository, subtree)
        _replace(target, project.root, keep_git=not subtree)
        self._local(["add", "-A", "-f", "--", "."])

        changed = parent is None or bool(self._local(["status", "--porcelain", "--untracked-files=all"]).strip())
        if changed:
            env = dict(self._env)
            env.update(
                {
                    "GIT_AUTHOR_NAME": author_name, "GIT_AUTHOR_EMAIL": author_email,
                    "GIT_COMMITTER_NAME": author_name, "GIT_COMMITTER_EMAIL": author_email,
                }
            )
            committed = self._git(["commit", "-q", "--no-verify", "--allow-empty", "-m", message or f"Generate {project.name} with Dynamo MCP"], env=env)
            if committed.returncode != 0:
                raise GeneratorError("Internal", f"git commit failed: {_tail(committed.stderr)}")
        commit = self._local(["rev-parse", "HEAD"]).strip()

        if changed or created:
            self._push(branch, created)
            log.info("pushed %s to %s %s", commit, self._shown, branch)
        else:
            log.info("branch %s of %s already holds the project: nothing to commit", branch, self._shown)
        return OrderedDict(
            [
                ("kind", "DeliverResult"),
                ("version", PROTOCOL_VERSION),
                ("output", "git"),
                ("url", self._shown),
                ("branch", branch),
                ("commit", commit),
                ("parent", parent if changed else self._parent_of(commit)),
                ("created", created),
                ("changed", changed),
                ("files", project.files),
                ("archiveSha256", archive_sha256),
            ]
        )

    def _parent_of(self, commit):
        """The first parent of an unchanged tip, from the commit object itself (a shallow fetch does not have it), or
        None for a root commit."""
        for line in self._local(["cat-file", "commit", commit]).splitlines():
            if not line:
                break
            if line.startswith("parent "):
                return line.split()[1]
        return None

    def _push(self, branch, created):
        result = self._git(["push", "--porcelain", "origin", "HEAD:refs/heads/" + branch])
        if result.returncode == 0:
            return
        stderr = (result.stderr or "") + "\n" + (result.stdout or "")

        def rejected(text):
            if _NON_FAST_FORWARD.search(text):
                what = "was created" if created else "moved"
                return GeneratorError(
                    "OutputRejected",
                    f"{self._shown} rejected the push to {branch}: the branch {what} while this commit was made (someone "
                    f"pushed to it meanwhile); deliver again to commit on top of the new tip. git said: {_remote_lines(text)}",
                )
            return GeneratorError(
                "OutputRejected",
                f"{self._shown} rejected the push to {branch} (a protected branch or a server hook declined it?): "
                f"{_remote_lines(text)}. Allow the Secret's user to push to the branch, or deliver to another branch.",
            )

        # A rejection carries the server's own words: only a transport failure is classified by the other patterns.
        if "[rejected]" in stderr or "[remote rejected]" in stderr or "pre-receive hook declined" in stderr or _NON_FAST_FORWARD.search(stderr):
            raise rejected(redact(stderr))
        raise self._remote_error(f"pushing to {branch}", stderr, rejected)


def _check_url(url):
    if not url:
        raise GeneratorError("InvalidArguments", "--url is required: the git repository to push the project to.")
    parts = urlsplit(url)
    if parts.password:
        raise GeneratorError(
            "InvalidArguments",
            f"--url {redact(url)!r} holds a password; put the credentials in the output Secret ('username' and 'password') instead.",
        )
    try:
        return normalize_source(url)
    except GeneratorError as error:
        raise GeneratorError("InvalidArguments", error.message.replace("--source", "--url")) from None


def _check_branch(env, branch, option):
    if not branch:
        raise GeneratorError("InvalidArguments", f"{option} is required: the branch to push the project to.")
    result = subprocess.run(["git", "check-ref-format", "--branch", branch], env=env, stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, check=False)
    if result.returncode != 0 or branch.startswith("-") or branch == "HEAD":
        raise GeneratorError("InvalidArguments", f"{option} {branch!r} is not a valid git branch name.")


def _check_path(path):
    """--path as folder names below the repository's root ([] for the root itself)."""
    if path is None:
        return []
    normalized = path.replace("\\", "/")
    if normalized.startswith("/"):
        raise GeneratorError("InvalidArguments", f"--path {path!r} must be relative to the repository's root.")
    parts = [p for p in normalized.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts) or any(p.lower() == ".git" for p in parts):
        raise GeneratorError("InvalidArguments", f"--path {path!r} must stay inside the repository's tree (no '..', no .git).")
    return parts


def _subtree(repository, parts):
    """The folder for --path inside the checkout; a symlink or file on the way (the branch's own) is replaced by a
    folder, so nothing is written through a link out of the repository."""
    current = repository
    for part in parts:
        current = os.path.join(current, part)
        if os.path.islink(current) or (os.path.lexists(current) and not os.path.isdir(current)):
            os.remove(current)
        os.makedirs(current, exist_ok=True)
    return current


def _replace(target, source, keep_git):
    """Makes `target` hold exactly `source`'s entries (keeping target/.git when `keep_git`)."""
    for name in os.listdir(target):
        if keep_git and name == ".git":
            continue
        path = os.path.join(target, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.remove(path)
    for name in os.listdir(source):
        if name == ".git":
            raise GeneratorError("InvalidArguments", "the project holds a .git entry at its top, which git cannot commit; the template must not generate one.")
        os.rename(os.path.join(source, name), os.path.join(target, name))


def run(args, workspace, project, archive_sha256, secret_dir):
    output = GitOutput(workspace, args.url, args.timeout, secret_dir)
    return output.deliver(
        project, args.branch, args.base_branch, args.path, args.message,
        args.author_name or DEFAULT_AUTHOR_NAME, args.author_email or DEFAULT_AUTHOR_EMAIL, archive_sha256,
    )
