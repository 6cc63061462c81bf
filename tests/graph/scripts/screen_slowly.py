"""Screen a long list of names on forked workers, reading the results slowly.

Run by test_no_orphans.py as `python screen_slowly.py STORE`; it prints "screening" once
the first row is back, then takes its time, and the test kills it with SIGKILL.
"""

from __future__ import annotations

import sys
import time

from tradegraph.graph.facade import TradeGraph


def main(argv: list[str]) -> int:
    (store,) = argv
    names = [f"Huawei Technologies {index}" for index in range(4_000)]
    with TradeGraph.open(store, read_only=True) as graph:
        for number, _row in enumerate(graph.screen(names, workers=2)):
            if number == 0:
                print("screening", flush=True)
            time.sleep(0.05)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
