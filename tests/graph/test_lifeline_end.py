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


def test_a_worker_s_initializer_run_in_the_caller_s_process_keeps_its_exit_status() -> None:
    # a test (or a tool) that sets up a worker's state in its own process must not have
    # its failures end with status 0: only a worker process ends without teardown
    setup = """
import os, sys
from tradegraph.graph.lifeline import Lifeline, lifeline
from tradegraph.graph.loading.ingestion import _init_worker
from tradegraph.ingest.extraction import PipelineSettings
from tradegraph.ingest.merges import MergeRules
_init_worker("https://example.org/kg/", PipelineSettings(MergeRules().model_dump_json()),
             Lifeline(lifeline().watch, os.getppid(), death_signal=False))
sys.exit(3)
"""
    ended = subprocess.run([sys.executable, "-c", setup], capture_output=True, text=True,
                           timeout=120, check=False)
    assert ended.returncode == 3, ended.stderr
