"""Child processes that die with their parent, however the parent ends (even `kill -9`).

Worker processes (ingest extraction, query workers, screening searches) block on their own
pipes and queues, which other workers hold open too, so a parent killed without a chance to
stop them would leave them running, re-parented to PID 1. Two mechanisms make sure it does
not:

- **A pipe watch**, on every POSIX platform: the parent holds the only write end of one pipe
  per process (`lifeline()`); each child watches the read end in a thread (`hold()`) and
  exits when it reports end-of-file, which happens when the kernel closes the parent's
  descriptors, on any death. Nothing is ever written to the pipe. A forked child inherits
  the write end too, so `hold` closes the child's copy first.
- **A parent-death signal** on Linux (`prctl(PR_SET_PDEATHSIG, SIGKILL)`): the kernel kills
  the child when its parent dies, even if the child is stuck where no Python thread runs.
  The kernel sends it when the *thread* that started the child ends, so it is asked for
  only when the child is started from the main thread (a pool's worker started from a
  request thread that is later retired would die with that thread).

`hold` also checks that the parent is still the one that made the lifeline, in case it died
before the watch began.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection

_PR_SET_PDEATHSIG = 1
"""From <linux/prctl.h>."""


@dataclass(frozen=True)
class Lifeline:
    """What a child needs to die with its parent: pass it to the child (it pickles for
    spawned children and is inherited by forked ones) and call `hold` there first."""

    watch: Connection
    """The read end of the parent's pipe: end-of-file once the parent is gone."""
    parent: int
    """The parent's process id."""
    death_signal: bool
    """Whether the child may ask the kernel for a parent-death signal (see the module)."""


_pipe: tuple[Connection, Connection] | None = None
"""This process's (read end, write end), made on first use."""
_owner = 0
"""The process that made `_pipe` (a forked child inherits the variable, not the role)."""
_lock = threading.Lock()


def lifeline() -> Lifeline:
    """A lifeline for a child this process is about to start (in the current thread)."""
    global _pipe, _owner  # one pipe per process, shared by all its children
    with _lock:
        if _pipe is None or _owner != os.getpid():
            _pipe, _owner = multiprocessing.Pipe(duplex=False), os.getpid()
        reader = _pipe[0]
    return Lifeline(reader, os.getpid(),
                    threading.current_thread() is threading.main_thread())


def hold(line: Lifeline) -> None:
    """In the child, before anything else: exit when the parent that made `line` dies."""
    global _pipe  # noqa: PLW0603 - the inherited pipe is not this process's
    if _pipe is not None and _owner != os.getpid():
        # forked: this is the parent's write end, which would keep the pipe open
        _pipe[1].close()
        _pipe = None
    if line.death_signal:
        _ask_for_death_signal()
    if os.getppid() != line.parent:
        os._exit(1)  # the parent died before the watch began
    threading.Thread(target=_watch, args=(line.watch,), daemon=True,
                     name="tradegraph-lifeline").start()


def _watch(watch: Connection) -> None:
    with contextlib.suppress(EOFError, OSError):
        while True:
            watch.recv_bytes()  # nothing is ever sent: this returns only at end-of-file
    os._exit(1)  # the parent is gone: nothing of this process is worth finishing


def _ask_for_death_signal() -> None:
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def end_without_teardown() -> None:
    """In a spawned child: once its work is done, end the process as a forked child ends
    (`os._exit`, its streams flushed first) instead of tearing down every object of the
    interpreter, which in an ingest worker holding spaCy's model takes about a CPU second.

    Call it after the child's imports: exit handlers registered before it are skipped."""
    atexit.register(_end_now)


def _end_now() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(0)
