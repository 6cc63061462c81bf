"""The explorer's child process: Streamlit, stopped when its parent is gone.

    python -m tradegraph.ui.explorer.child --parent-pipe FD --parent-pid PID -- run app.py ...

`tradegraph explore` (`launch.py`) starts this with the reading end of a pipe whose only
writer it keeps. A daemon thread blocks on that pipe: it returns when the parent closes it or
dies in any way (the kernel closes a dead process's files), and then this process sends
itself SIGTERM, which Streamlit answers by shutting down; if it has not exited within
`launch.STOP_SECONDS`, it exits hard. On Linux the kernel is also asked to send SIGTERM
when the parent dies (prctl PR_SET_PDEATHSIG), which needs no thread at all.

While Streamlit starts, a thread imports what the pages need that takes long to import
(the graph's facade, screening, the ingest pipeline, Altair), so the first page a user opens
does not pay for it. Nothing that declares a Streamlit component or cache is imported there:
those must be imported by a script run (a component declared outside one is never
registered).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import importlib
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1

WARM_UP = ("tradegraph.graph.facade", "altair", "tradegraph.graph.screening.name_search",
           "tradegraph.graph.loading.ingestion", "tradegraph.ingest.loaders.common")
"""Modules imported ahead of the first page, slowest to import first (none imports
Streamlit)."""


def _warm_up() -> None:
    for module in WARM_UP:
        with contextlib.suppress(ImportError):  # the page will say what is missing
            importlib.import_module(module)


def _die_with_parent_linux(parent: int | None) -> None:
    """Ask the kernel for SIGTERM when the parent dies (Linux only)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return  # no prctl: the pipe still covers it
    if parent is not None and os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGTERM)  # the parent died before we asked


def _watch(fd: int, grace: float) -> None:
    """Block until the parent's end of the pipe closes, then stop this process."""
    try:
        while os.read(fd, 1024):
            pass
    except OSError:
        pass
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(grace)
    os._exit(1)  # Streamlit did not stop in time


def main(argv: list[str] | None = None) -> None:
    """Tie this process to its parent, then run the Streamlit command line."""
    from tradegraph.ui.explorer.launch import STOP_SECONDS

    parser = argparse.ArgumentParser(prog="tradegraph.ui.explorer.child")
    parser.add_argument("--parent-pipe", type=int)
    parser.add_argument("--parent-pid", type=int)
    parser.add_argument("streamlit", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    _die_with_parent_linux(args.parent_pid)
    if args.parent_pipe is not None:
        threading.Thread(target=_watch, args=(args.parent_pipe, STOP_SECONDS), daemon=True,
                         name="tradegraph-parent-watch").start()
    threading.Thread(target=_warm_up, daemon=True, name="tradegraph-warm-up").start()
    streamlit_args = [a for a in args.streamlit if a != "--"]
    from streamlit.web import cli

    sys.argv = ["streamlit", *streamlit_args]
    cli.main()


if __name__ == "__main__":
    main()
