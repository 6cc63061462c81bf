"""Ingest folders into a store, one after another, printing a line per finished document.

Run by test_crash_safety.py as `python ingest_folders.py STORE FOLDER...`; the test kills it
with SIGKILL part-way through.
"""

from __future__ import annotations

import sys

from tradegraph.graph.facade import TradeGraph


def main(argv: list[str]) -> int:
    store, *folders = argv
    with TradeGraph.open(store) as graph:
        print("opened", flush=True)
        for folder in folders:
            def progress(done: int, total: int, source: str, folder: str = folder) -> None:
                print(f"progress {folder} {done}", flush=True)

            report = graph.ingest([folder], workers=1, progress=progress)
            if not report.ok:
                print(f"failed {folder} {report.failures}", flush=True)
                return 1
            print(f"finished {folder}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
