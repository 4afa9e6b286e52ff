"""Run a book example as a reader runs it: ``python file.py`` from an empty folder.

Two ways, with the same result:

``run_script``
    A new interpreter on the file, in a new empty folder. What a reader does; what
    ``nox -s portability`` uses, and the page tests for blocks marked
    ``# book: run in a fresh process`` (examples that start worker processes).

``ForkServer``
    The same, about ten times cheaper. A server process imports the heavy libraries
    once (NumPy, TensorFlow, PyTorch, Keras, scikit-learn, Matplotlib) without running
    anything, then forks one child per example. Each child starts from the server's
    untouched state, writes the example into a new empty folder, makes it ``__main__``
    and runs it there, and exits: nothing an example sets (threads, seeds, Keras global
    config, caches, imported modules) reaches the next one. Several children run at
    once, one per core.

Both report stdout and stderr, the time taken, a traceback as a list of frames, and,
for the fork server, the example's global ``result`` (the TensorFlow/PyTorch parity
test compares those).

The fork server's imports read the environment when they happen, so a numeric
environment (``MKL_CBWR``, ``ONEDNN_MAX_CPU_ISA``, thread counts) is given when the
server starts, never per example.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

# Imported by the fork server before it forks. Importing runs no kernel and reads the
# numeric environment (thread counts, MKL and oneDNN settings) as a fresh interpreter
# would; OpenBLAS restarts its worker threads in a forked child. That a child prints
# exactly what `python file.py` prints is checked for every example by
# `nox -s portability`, whose default environment is a new interpreter per example.
PRELOAD = (
    "numpy",
    "tensorflow",
    "keras",
    "torch",
    "sklearn.datasets",
    "sklearn.model_selection",
    "sklearn.metrics",
    "matplotlib",
    "matplotlib.pyplot",
)
TIMEOUT = 300
EXAMPLE = "<example>"  # a traceback frame in the example's own file


@dataclass
class Frame:
    filename: str
    lineno: int
    name: str
    line: str


@dataclass
class Outcome:
    """What one run of an example produced."""

    stdout: str = ""
    stderr: str = ""
    seconds: float = 0.0
    error: str | None = None  # the exception, formatted, or why the process died
    frames: list[Frame] = field(default_factory=list)
    result: object = None  # the example's global ``result``, if it left one

    @property
    def ok(self) -> bool:
        return self.error is None


def _hide_script_folder(text: str, folder: Path) -> str:
    return text.replace(str(folder) + os.sep, "")


# ------------------------------------------------------------------ a new interpreter


def run_script(
    code: str,
    name: str,
    *,
    env: dict[str, str] | None = None,
    timeout: float = TIMEOUT,
    prefix: list[str] | None = None,
    python: str = sys.executable,
) -> Outcome:
    """``python NAME`` in a new empty folder holding only the file NAME with ``code``.

    ``prefix`` goes before the interpreter (``["unshare", "-n"]`` cuts the network).
    """
    with tempfile.TemporaryDirectory(prefix="book-run-") as tmp:
        folder = Path(tmp)
        script = folder / name
        script.write_text(code, encoding="utf-8")
        started = time.perf_counter()
        try:
            done = subprocess.run(
                [*(prefix or []), python, name],
                cwd=folder,
                capture_output=True,
                text=True,
                timeout=timeout,
                env=env if env is not None else dict(os.environ),
            )
        except subprocess.TimeoutExpired as exc:
            return Outcome(
                stdout=_text(exc.stdout),
                stderr=_text(exc.stderr),
                seconds=time.perf_counter() - started,
                error=f"ran past its {timeout:.0f} s limit",
            )
        seconds = time.perf_counter() - started
        outcome = Outcome(
            stdout=done.stdout,
            stderr=_hide_script_folder(done.stderr, folder),
            seconds=seconds,
        )
        if done.returncode != 0:
            tail = outcome.stderr.rstrip().split("\n")[-25:]
            outcome.error = (
                f"exited with status {done.returncode}:\n" + "\n".join(tail)
                if done.returncode > 0
                else f"killed by signal {-done.returncode}"
            )
        return outcome


def _text(value) -> str:
    if value is None:
        return ""
    return value.decode(errors="replace") if isinstance(value, bytes) else value


# ------------------------------------------------------------------------ fork server


class ForkServer:
    """A process that has imported the frameworks and forks one child per example.

    ``env`` is the whole environment of the server and so of every example it runs;
    ``prefix`` goes before the interpreter (``unshare -n``, ``taskset -c 0``).
    """

    def __init__(
        self,
        env: dict[str, str] | None = None,
        preload=PRELOAD,
        prefix: list[str] | None = None,
    ):
        self._tmp = Path(tempfile.mkdtemp(prefix="book-forkserver-"))
        self.address = str(self._tmp / "socket")
        self._env = dict(env if env is not None else os.environ)
        root = str(Path(__file__).resolve().parent.parent)
        self._env["PYTHONPATH"] = os.pathsep.join(
            p for p in (root, self._env.get("PYTHONPATH", "")) if p
        )
        self._log = self._tmp / "server.log"
        with open(self._log, "w") as log:
            self._process = subprocess.Popen(
                [
                    *(prefix or []),
                    sys.executable,
                    "-m",
                    "tests.runner",
                    self.address,
                    ",".join(preload),
                ],
                env=self._env,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                cwd=self._tmp,
            )
        self._ready = threading.Event()
        self._failed: str | None = None
        self._lock = threading.Lock()
        threading.Thread(target=self._wait_ready, daemon=True).start()

    def _wait_ready(self) -> None:
        line = self._process.stdout.readline()
        if line.strip() != "ready":
            self._process.wait()
            self._failed = (line + _read(self._log)).strip()
        self._ready.set()

    def run(self, code: str, name: str, timeout: float = TIMEOUT) -> Outcome:
        self._ready.wait()
        if self._failed is not None:
            raise RuntimeError(f"the fork server did not start:\n{self._failed}")
        folder = Path(tempfile.mkdtemp(prefix="book-block-"))
        try:
            return self._run(code, name, folder, timeout)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _run(self, code: str, name: str, folder: Path, timeout: float) -> Outcome:
        work = folder / "work"  # the reader's empty folder; logs stay beside it
        work.mkdir()
        request = {"code": code, "name": name, "folder": str(folder)}
        started = time.perf_counter()
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(self.address)
            conn.sendall(json.dumps(request).encode() + b"\n")
            conn.settimeout(timeout + 5)
            reader = conn.makefile("r", encoding="utf-8")
            pid = int(reader.readline() or 0)
            try:
                reply = reader.readline()
            except TimeoutError:
                reply = ""
                _kill(pid)
        seconds = time.perf_counter() - started
        outcome = Outcome(
            stdout=_read(folder / "stdout"),
            stderr=_hide_script_folder(_read(folder / "stderr"), work),
            seconds=seconds,
        )
        if not reply:
            outcome.error = (
                f"ran past its {timeout:.0f} s limit"
                if seconds >= timeout
                else "the process died without a report"
                + _tail(outcome.stderr, "\nwhat it wrote to stderr:")
            )
            return outcome
        report = json.loads(reply)
        outcome.seconds = report.get("seconds", seconds)
        outcome.error = report.get("error")
        outcome.frames = [Frame(**f) for f in report.get("frames", [])]
        if (folder / "result.pickle").exists():
            try:
                outcome.result = pickle.loads((folder / "result.pickle").read_bytes())
            except Exception:  # noqa: BLE001 - a result we cannot read is no result
                outcome.result = None
        return outcome

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
        shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> ForkServer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _tail(text: str, heading: str) -> str:
    lines = text.rstrip().split("\n")[-15:]
    return heading + "\n" + "\n".join(lines) if text.strip() else ""


def _kill(pid: int) -> None:
    if pid > 0:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


# ----------------------------------------------------------------- the server process


def _serve(address: str, preload: list[str]) -> None:
    import importlib

    for module in preload:
        if module:
            try:
                importlib.import_module(module)
            except ImportError:  # an example that needs it fails in its own child
                pass
    children: set[int] = set()

    def reap(*_):
        for pid in list(children):
            try:
                done, _status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                children.discard(pid)

    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(address)
    server.listen(64)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    print("ready", flush=True)
    while True:
        conn, _ = server.accept()
        reap()
        pid = os.fork()
        if pid == 0:
            server.close()
            _child(conn)  # never returns
        children.add(pid)
        conn.close()


def _child(conn: socket.socket) -> None:
    """Run one example in this forked process, then exit without cleaning up."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    status = 0
    try:
        reader = conn.makefile("r", encoding="utf-8")
        request = json.loads(reader.readline())
        conn.sendall(f"{os.getpid()}\n".encode())
        report = _execute(request)
        conn.sendall(json.dumps(report).encode() + b"\n")
    except BaseException:  # noqa: BLE001 - a child must never return to the server loop
        status = 1
    finally:
        os._exit(status)


def _execute(request: dict) -> dict:
    import runpy

    folder = Path(request["folder"])
    work = folder / "work"
    script = work / Path(request["name"]).name
    script.write_text(request["code"], encoding="utf-8")
    # The example's own stdout and stderr, C libraries' writes included.
    out = os.open(folder / "stdout", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    err = os.open(folder / "stderr", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(out, 1)
    os.dup2(err, 2)
    os.chdir(work)
    sys.argv = [request["name"]]
    sys.path[0] = str(work)
    report: dict = {}
    started = time.perf_counter()
    namespace: dict = {}
    try:
        namespace = runpy.run_path(str(script), run_name="__main__")
    except SystemExit as exc:
        if exc.code not in (None, 0):
            report["error"] = f"SystemExit: {exc.code}"
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        report["error"] = "".join(traceback.format_exception_only(type(exc), exc))
        report["error"] = report["error"].rstrip()
        report["frames"] = [
            {
                "filename": EXAMPLE if f.filename == str(script) else f.filename,
                "lineno": f.lineno or 0,
                "name": f.name,
                "line": f.line or "",
            }
            for f in traceback.extract_tb(exc.__traceback__)
            if "runpy.py" not in f.filename
        ]
    report["seconds"] = time.perf_counter() - started
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # noqa: BLE001
        pass
    if "result" in namespace:
        try:
            data = pickle.dumps(_plain(namespace["result"]))
            (folder / "result.pickle").write_bytes(data)
        except Exception:  # noqa: BLE001 - parity then reports the missing result
            pass
    return report


def _plain(value):
    """A framework tensor as a NumPy array, so the parent can unpickle it."""
    if hasattr(value, "numpy") and callable(value.numpy):
        try:
            return value.detach().numpy() if hasattr(value, "detach") else value.numpy()
        except Exception:  # noqa: BLE001
            return value
    return value


if __name__ == "__main__":
    _serve(sys.argv[1], sys.argv[2].split(","))
