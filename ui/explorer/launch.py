"""Start the explorer: `streamlit run` on the app script in a child process, with the store
in the environment, tied to this process's life.

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

import os
import signal
import subprocess
import sys
from pathlib import Path
from types import FrameType

from tradegraph.graph.store.location import STORE_ENV
from tradegraph.ontology.errors import TradegraphError

APP = Path(__file__).with_name("app.py")
"""The Streamlit script."""

STOP_SECONDS = 4.0
"""How long the child may take to stop after SIGTERM before it is killed."""

_STOP_SIGNALS = tuple(s for s in (signal.SIGTERM, signal.SIGINT, getattr(signal, "SIGHUP", None))
                      if s is not None)


def command(host: str, port: int, headless: bool, watch_fd: int | None = None) -> list[str]:
    """The command line of the explorer's child: `streamlit run` on the app, through the
    watcher that stops it when the pipe `watch_fd` from its parent closes."""
    watch = ["--parent-pipe", str(watch_fd), "--parent-pid", str(os.getpid())] \
        if watch_fd is not None else []
    return [sys.executable, "-m", "tradegraph.ui.explorer.child", *watch, "--",
            "run", str(APP),
            "--server.address", host, "--server.port", str(port),
            "--server.headless", "true" if headless else "false",
            "--browser.gatherUsageStats", "false", "--global.developmentMode", "false"]


def stop(child: subprocess.Popen[bytes]) -> int:
    """Stop the child: SIGTERM, then SIGKILL if it is still there after STOP_SECONDS."""
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
    return child.wait()


def run(store: str, host: str, port: int, headless: bool, timeout: float = 30.0) -> int:
    """Run the explorer in the foreground until it stops or this process is told to stop;
    its exit code (0 when stopped by a signal)."""
    from tradegraph.ui.explorer.views.sparql import TIMEOUT_ENV

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
    try:
        child = subprocess.Popen(command(host, port, headless, read_end), env=env,
                                 pass_fds=(read_end,) if read_end is not None else ())
        if read_end is not None:
            os.close(read_end)  # the child's copy is the only reader left
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
    return 0 if stopping else code


class _StopRequestedError(TradegraphError):
    """Raised by the signal handler to leave the wait for the child."""
