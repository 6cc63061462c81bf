"""Start the explorer: `streamlit run` on the app script in a child process, with the store
in the environment, tied to this process's life.

The child is always started the same way, whoever types the command and wherever: headless
(Streamlit itself never opens a browser nor asks for an e-mail address on its first run,
which stops a first run at a prompt, or ends it with exit 255 when standard input is not a
terminal), with its usage statistics off, its toolbar in viewer mode (no "Deploy"), no file
watcher and standard input closed. This process opens the browser itself, once the child
answers, when there is a display to show it on and `--headless` was not given.

The child's output goes on to this process's standard error, and its last lines are kept:
a child that stops when nobody asked it to (a port in use, a broken installation) is
reported with them, and `tradegraph explore` exits 1.

The lifecycle, in both directions:

- SIGTERM, SIGINT or SIGHUP to `tradegraph explore` stop its Streamlit child (SIGTERM, then
  SIGKILL after `STOP_SECONDS`) before it exits, so the port is free when it is gone.
- The child never outlives its parent, even when the parent is killed with SIGKILL and can
  run no handler: the child (`tradegraph.ui.explorer.child`) watches a pipe whose only
  writer is the parent, and stops itself when the pipe closes (POSIX: Linux, macOS, the
  BSDs); on Linux it also asks the kernel for SIGTERM when its parent dies
  (PR_SET_PDEATHSIG). Its query workers read a pipe from it in turn and end with it.
"""

from __future__ import annotations

import collections
import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import webbrowser
from pathlib import Path
from types import FrameType
from typing import IO

from tradegraph.graph.store.location import STORE_ENV
from tradegraph.ontology.errors import TradegraphError
from tradegraph.ontology.settings import env_name

APP = Path(__file__).with_name("app.py")
"""The Streamlit script."""

STOP_SECONDS = 4.0
"""How long the child may take to stop after SIGTERM before it is killed."""

READY_SECONDS = 120.0
"""How long the browser waits for the child to answer before it is given up."""

TAIL_LINES = 12
"""Lines of the child's output kept to report a child that died."""

TIMEOUT_ENV = env_name("explorer_timeout")
"""Seconds a query from the SPARQL page may run (`tradegraph explore --timeout`)."""

STREAMLIT_OPTIONS = {
    "server.headless": "true",  # never a browser or an e-mail prompt from Streamlit
    "server.showEmailPrompt": "false",
    "server.fileWatcherType": "none",  # nothing to reload: the app is installed code
    "browser.gatherUsageStats": "false",
    "client.toolbarMode": "viewer",  # the toolbar without the developer's "Deploy"
    "global.developmentMode": "false",
}
"""The options every explorer child runs with, whatever the user's Streamlit config says."""

_STOP_SIGNALS = tuple(s for s in (signal.SIGTERM, signal.SIGINT, getattr(signal, "SIGHUP", None))
                      if s is not None)


def command(host: str, port: int, watch_fd: int | None = None) -> list[str]:
    """The command line of the explorer's child: `streamlit run` on the app, through the
    watcher that stops it when the pipe `watch_fd` from its parent closes.

    >>> line = command("127.0.0.1", 8501)
    >>> line[line.index("--server.headless") + 1], line[line.index("--server.port") + 1]
    ('true', '8501')
    """
    watch = ["--parent-pipe", str(watch_fd), "--parent-pid", str(os.getpid())] \
        if watch_fd is not None else []
    options = [part for name, value in STREAMLIT_OPTIONS.items()
               for part in (f"--{name}", value)]
    return [sys.executable, "-m", "tradegraph.ui.explorer.child", *watch, "--",
            "run", str(APP), "--server.address", host, "--server.port", str(port), *options]


def has_display() -> bool:
    """Whether a browser opened now could be seen: a graphical session on Linux and the
    BSDs (X11 or Wayland); always on macOS and Windows."""
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def browsable_url(host: str, port: int) -> str:
    """The URL a local browser opens for a server bound to `host`.

    >>> browsable_url("0.0.0.0", 8501), browsable_url("::1", 80)
    ('http://localhost:8501/', 'http://[::1]:80/')
    """
    shown = "localhost" if host in ("0.0.0.0", "::", "") else host
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


def answers(url: str) -> bool:
    """Whether the explorer at `url` answers Streamlit's health check."""
    try:
        with urllib.request.urlopen(f"{url}_stcore/health", timeout=2) as reply:
            return bool(reply.status == 200)
    except OSError:
        return False


def stop(child: subprocess.Popen[bytes]) -> int:
    """Stop the child: SIGTERM, then SIGKILL if it is still there after STOP_SECONDS."""
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
    return child.wait()


class ChildOutput:
    """Copies the child's output to a stream as it comes, keeping its last lines."""

    def __init__(self, source: IO[bytes], copy_to: IO[str]) -> None:
        self.last: collections.deque[str] = collections.deque(maxlen=TAIL_LINES)
        self._thread = threading.Thread(target=self._pump, args=(source, copy_to),
                                        daemon=True, name="tradegraph-explorer-output")
        self._thread.start()

    def _pump(self, source: IO[bytes], copy_to: IO[str]) -> None:
        for raw in iter(source.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip()
            self.last.append(line)
            # the terminal may have gone away: keep the tail anyway
            with contextlib.suppress(OSError, ValueError):
                print(line, file=copy_to, flush=True)

    def finish(self, seconds: float = 2.0) -> list[str]:
        """The last lines, once the child's output has ended (or after `seconds`)."""
        self._thread.join(seconds)
        return [line for line in self.last if line.strip()]


def _open_when_ready(url: str, child: subprocess.Popen[bytes]) -> None:
    """Open `url` in the browser as soon as the child answers; give up if it died."""
    deadline = time.monotonic() + READY_SECONDS
    while child.poll() is None and time.monotonic() < deadline:
        if answers(url):
            webbrowser.open(url)
            return
        time.sleep(0.25)


def run(store: str, host: str, port: int, headless: bool, timeout: float = 30.0) -> int:
    """Run the explorer in the foreground until it stops or this process is told to stop;
    0 when stopped by a signal, 1 (with the child's last lines on stderr) when the child
    stopped by itself with an error."""
    # The explorer is a Streamlit child process, whose settings are its environment: the
    # options go into the child's (this process's own is left as it is).
    env = dict(os.environ, **{STORE_ENV: store, TIMEOUT_ENV: str(timeout)})
    posix = os.name == "posix"
    read_end, write_end = os.pipe() if posix else (None, None)
    stopping: list[int] = []

    def on_signal(number: int, frame: FrameType | None) -> None:
        del frame
        stopping.append(number)
        raise _StopRequestedError

    previous = {number: signal.signal(number, on_signal) for number in _STOP_SIGNALS}
    child: subprocess.Popen[bytes] | None = None
    output: ChildOutput | None = None
    code = 0
    try:
        child = subprocess.Popen(command(host, port, read_end), env=env,
                                 stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT,
                                 pass_fds=(read_end,) if read_end is not None else ())
        if read_end is not None:
            os.close(read_end)  # the child's copy is the only reader left
        assert child.stdout is not None
        output = ChildOutput(child.stdout, sys.stderr)
        if not headless and has_display():
            threading.Thread(target=_open_when_ready, args=(browsable_url(host, port), child),
                             daemon=True, name="tradegraph-explorer-browser").start()
        code = child.wait()
    except _StopRequestedError:
        code = 0
    finally:
        for number in previous:  # a second Ctrl-C must not cut the stopping short
            signal.signal(number, signal.SIG_IGN)
        if child is not None:
            stop(child)
        if write_end is not None:
            os.close(write_end)
        for number, handler in previous.items():
            signal.signal(number, handler)
    if stopping or code == 0:
        return 0
    last = output.finish() if output is not None else []
    print(f"error: the explorer (Streamlit) stopped with exit code {code}"
          + (":\n  " + "\n  ".join(last) if last else ""), file=sys.stderr, flush=True)
    return 1


class _StopRequestedError(TradegraphError):
    """Raised by the signal handler to leave the wait for the child."""
