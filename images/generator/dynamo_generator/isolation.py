"""The trust split (README "Trust"): the parent keeps the result channel; template code runs in a forked child.

The parent is non-dumpable, so a process of the same uid without CAP_SYS_PTRACE (every hook in the sandbox) can
neither open /proc/<parent>/fd/<n> nor read its memory or environment. It alone holds the result frame's stdout, and
everything it writes to stderr passes a Defanger. The child starts its own session, closes the result descriptor,
gets a private pipe for stdout and stderr (relayed, defanged, by the parent) and answers in JSON over another one.
Once the child has ended, the parent kills whatever the template left running before it writes the frame.
"""

import ctypes
import io
import json
import logging
import os
import signal
import sys
import threading
import time
import traceback

from .errors import GeneratorError, tampered
from .frame import Defanger
from .redact import redact

_PR_SET_DUMPABLE = 4
_PR_SET_CHILD_SUBREAPER = 36
MAX_ANSWER_BYTES = 16 * 1024 * 1024
MAX_MESSAGE_CHARS = 16 * 1024
MAX_PROBLEMS = 1000
# After the kill, how long the pipes may take to reach end-of-file (a process stuck in the kernel keeps them open).
_DRAIN_SECONDS = 5

log = logging.getLogger("dynamo-generator")


def harden():
    """Makes this process non-dumpable and the subreaper of its descendants (Linux only). The forked child stays
    non-dumpable; a hook's exec makes it dumpable again, but a hook holds nothing worth reading."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        raise GeneratorError("Internal", f"prctl(PR_SET_DUMPABLE, 0) failed: {os.strerror(ctypes.get_errno())}")
    # Orphans of the template (a hook's double-forked daemon) become our children, so the sweep finds them.
    libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    return True


def private_pid_namespace():
    """True when this process is the init of its own pid namespace (pid 1: a Kubernetes container, bwrap --as-pid-1)
    or the only child of it (pid 2 under bwrap's own init) and nothing else runs there, so kill(-1) reaches only
    what we start. Call it before starting anything. Never true on a host, where kill(-1) would reach everything the
    user runs (the generator's tests run it so, as root)."""
    pid = os.getpid()
    if pid > 2:
        return False
    try:
        others = {int(name) for name in os.listdir("/proc") if name.isdigit()} - {1, pid}
    except OSError:
        return False
    return not others


class DefangedStderr(io.RawIOBase):
    """fd 2 of the parent behind one lock and one Defanger: its own log and the relayed output of the template."""

    def __init__(self, fd):
        super().__init__()
        self._fd = fd
        self._lock = threading.Lock()
        self._defanger = Defanger()

    def writable(self):
        return True

    def write(self, data):
        with self._lock:
            _write_all(self._fd, self._defanger.feed(data))
        return len(data)

    def drain(self):
        with self._lock:
            _write_all(self._fd, self._defanger.flush())


def defanged_text_stream(raw):
    return io.TextIOWrapper(raw, encoding="utf-8", errors="backslashreplace", line_buffering=True, write_through=True)


class TemplateCode:
    """Runs the template-code stages of one generator run (see the module docstring)."""

    def __init__(self, result_fd, stderr, private):
        self._result_fd = result_fd
        self._stderr = stderr
        self._private = private

    def run(self, work, doing, reasons):
        """Runs `work()` (cookiecutter: Jinja, extensions, hooks) in a forked child and returns the JSON object it
        returned, or raises the GeneratorError it raised if its reason is in `reasons`; TemplateAborted when the child
        died, exited without an answer or answered anything else. Whatever the template started is dead on return.
        `doing` completes "while the generator ..." in messages."""
        sys.stdout.flush()
        sys.stderr.flush()
        answer_read, answer_write = os.pipe()
        output_read, output_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            _child(work, self._result_fd, answer_read, answer_write, output_read, output_write)
        os.close(answer_write)
        os.close(output_write)

        answer = _Answer()
        reader = threading.Thread(target=_drain, args=(answer_read, answer.add), daemon=True)
        relay = threading.Thread(target=_drain, args=(output_read, self._stderr.write), daemon=True)
        reader.start()
        relay.start()
        # Not reaped yet: while the child is a zombie its process group exists and its id cannot be reused.
        status = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
        _kill_leftovers(pid, self._private)
        deadline = time.monotonic() + _DRAIN_SECONDS
        reader.join(max(0.0, deadline - time.monotonic()))
        relay.join(max(0.0, deadline - time.monotonic()))
        if relay.is_alive() or reader.is_alive():
            log.warning("a process of the template still holds the generator's pipes after the kill; no longer reading them")
        else:
            os.close(answer_read)
            os.close(output_read)
        return _answer(doing, status, answer, reasons)


def _child(work, result_fd, answer_read, answer_write, output_read, output_write):
    try:
        os.setsid()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for fd in (result_fd, answer_read, output_read):
            os.close(fd)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        os.dup2(output_write, 1)
        os.dup2(output_write, 2)
        os.close(output_write)
        os.closerange(3, answer_write)
        os.closerange(answer_write + 1, _max_fd())
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="backslashreplace", line_buffering=True)
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace", line_buffering=True)
        for handler in log.handlers:
            if isinstance(handler, logging.StreamHandler):
                handler.setStream(sys.stderr)
        try:
            answer = {"result": work()}
        except GeneratorError as error:
            answer = {"error": {"reason": error.reason, "message": error.message, "problems": error.problems}}
        except BaseException as error:  # noqa: BLE001 - SystemExit from template code too: the parent must hear of it
            sys.stderr.write(redact(traceback.format_exc()))
            answer = {"error": {"reason": "Internal", "message": f"the generator failed unexpectedly ({type(error).__name__}: {error}); see the container log."}}
        try:
            document = json.dumps(answer, ensure_ascii=False)
        except (TypeError, ValueError) as error:
            document = json.dumps({"error": {"reason": "Internal", "message": f"the template's values cannot be written as JSON ({error})."}})
        _write_all(answer_write, document.encode("utf-8"))
    except BaseException:  # noqa: BLE001 - whatever happens, never return into the parent's code
        pass
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001
                pass
        os._exit(0)


def _max_fd():
    try:
        return os.sysconf("SC_OPEN_MAX")
    except (OSError, ValueError):
        return 65536


class _Answer:
    """What the child wrote on its answer pipe, up to MAX_ANSWER_BYTES (counted beyond, but not kept)."""

    def __init__(self):
        self.size = 0
        self._chunks = []

    def add(self, chunk):
        self.size += len(chunk)
        if self.size <= MAX_ANSWER_BYTES:
            self._chunks.append(chunk)

    @property
    def data(self):
        return b"".join(self._chunks) if self.size <= MAX_ANSWER_BYTES else None


def _drain(fd, sink):
    """Hands every chunk read from `fd` to `sink` until end-of-file. It keeps reading whatever `sink` does with the
    chunks: a child blocked on a full pipe would never exit."""
    try:
        while chunk := os.read(fd, 1 << 16):
            sink(chunk)
    except OSError:
        pass


def _kill_leftovers(pid, private):
    if private:
        # Everything in the namespace but its init and us: hooks, their daemons, whatever setsid'd away.
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            pass
    else:
        # On a host (the generator's own tests) kill(-1) would kill the machine: the child's group, then every orphan
        # that the subreaper flag brought to us, round after round (a killed parent hands us its children).
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    _reap(pid)
    for _ in range(100):
        children = _children()
        if not children:
            break
        for child in children:
            try:
                os.kill(child, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for child in children:
            _reap(child)


def _reap(pid):
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def _children():
    me, found = os.getpid(), []
    try:
        names = [name for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return found
    for name in names:
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 1 and int(fields[1]) == me:
            found.append(int(name))
    return found


def _answer(doing, status, answer, reasons):
    if status.si_code in (os.CLD_KILLED, os.CLD_DUMPED):
        number = status.si_status
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = "unknown"
        hint = (", most likely over the sandbox's memory limit: raise spec.sandbox.resources.limits.memory of the template"
                if number == signal.SIGKILL else "")
        raise GeneratorError("TemplateAborted", f"the template's code was killed while the generator {doing} it (signal {number}, {name}){hint}.")
    if status.si_status != 0 or not answer.size:
        raise GeneratorError(
            "TemplateAborted",
            f"the template's code ended the generator's work (exit code {status.si_status}) before it answered: a hook or Jinja "
            "extension called os._exit or sys.exit, or crashed the interpreter; see the container log.",
        )
    data = answer.data
    if data is None:
        raise GeneratorError("TemplateAborted", f"the template's code answered {answer.size} bytes, above the limit of {MAX_ANSWER_BYTES}.")
    try:
        document = json.loads(data.decode("utf-8"))
    except ValueError:
        document = None
    if isinstance(document, dict) and set(document) == {"result"} and isinstance(document["result"], dict):
        return document["result"]
    if isinstance(document, dict) and set(document) == {"error"} and isinstance(document["error"], dict):
        raise _error(document["error"], reasons)
    raise tampered("an answer that is no JSON object with a result or an error")


def _error(error, reasons):
    """The GeneratorError the child answered, or the one for an answer it cannot give."""
    reason, message, problems = error.get("reason"), error.get("message"), error.get("problems") or []
    if reason not in reasons:
        return tampered(f"the reason {str(reason)[:64]!r}, which the template stage cannot give")
    if not isinstance(message, str) or not isinstance(problems, list) or len(problems) > MAX_PROBLEMS or not all(
        isinstance(p, dict) and isinstance(p.get("variable"), str) and isinstance(p.get("message"), str) for p in problems
    ):
        return tampered("an error without a message or with malformed problems")
    return GeneratorError(
        reason, _cut(message), problems=[{"variable": _cut(p["variable"]), "message": _cut(p["message"])} for p in problems]
    )


def _cut(text):
    return text if len(text) <= MAX_MESSAGE_CHARS else text[:MAX_MESSAGE_CHARS] + " [...]"


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view)
        except BrokenPipeError:
            return
        view = view[written:]
