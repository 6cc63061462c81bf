"""A worker process that asked to end without teardown (`end_without_teardown`) ends as a
forked child does: its output flushed, exit handlers registered after the call run, exit
status 0, and nothing registered before it (nor the interpreter's teardown) runs."""

from __future__ import annotations

import subprocess
import sys

CHILD = """
import atexit, sys, weakref
from tradegraph.graph.lifeline import end_without_teardown

class Model:
    pass

model = Model()
weakref.finalize(model, print, "torn down")  # run at exit, by a handler registered now
{call}
atexit.register(print, "later handler ran")
sys.stdout.write("work done\\n")  # buffered: stdout is a pipe
"""


def run_child(call: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", CHILD.format(call=call)],
                          capture_output=True, text=True, timeout=120, check=False)


def test_a_child_ends_without_teardown_once_asked() -> None:
    plain = run_child("")
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.split() == ["work", "done", "later", "handler", "ran", "torn", "down"]

    quick = run_child("end_without_teardown()")
    assert quick.returncode == 0, quick.stderr
    assert quick.stdout.split() == ["work", "done", "later", "handler", "ran"]
