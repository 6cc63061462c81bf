"""A parent whose children hold a lifeline: one spawned (from the main thread, or from a
thread that ends before the parent does), one forked.

Run by test_no_orphans.py as `python lifeline_parent.py main|thread`; it prints the ids of
its children still alive after 3 s (both should be: the thread that started one has
ended, the parent has not) and waits to be killed with SIGKILL.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
import time
from multiprocessing.process import BaseProcess

from tradegraph.graph.lifeline import Lifeline, hold, lifeline


def child(line: Lifeline) -> None:
    hold(line)
    time.sleep(600)


def main(argv: list[str]) -> int:
    (where,) = argv
    children: list[BaseProcess] = []

    def spawn() -> None:
        process = multiprocessing.get_context("spawn").Process(target=child,
                                                                args=(lifeline(),))
        process.start()
        children.append(process)

    if where == "thread":
        thread = threading.Thread(target=spawn)
        thread.start()
        thread.join()
    else:
        spawn()
    forked = multiprocessing.get_context("fork").Process(target=child, args=(lifeline(),))
    forked.start()
    children.append(forked)
    time.sleep(3)
    print(" ".join(str(c.pid) for c in children if c.is_alive()), flush=True)
    time.sleep(600)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
