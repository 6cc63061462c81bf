"""What one short document costs to ingest into a large store, next to an empty one: the
derivations of time are incremental, so the large store should cost at most 1.5x.

    .venv/bin/python bench/incremental_bench.py [--store DIR] [--triples 1000000] [--runs 3]

Builds (or reuses) a store of at least `--triples` quads from `bench/corpus_generator.py`
(as `bench/explorer_bench.py` does), then, `--runs` times each, runs `tradegraph ingest` of
one short document of our own as a separate process (what a user pays: start, pipeline,
extraction, write, corroboration, derivations) into a fresh empty store and into a fresh copy
of the large store (prepared as after any earlier ingest: derived graphs caught up, the
parties' cache filled), side by side. Prints each run, the medians and their ratio against the
target (1.5x). `--tradegraph` runs another installation's command (e.g. main's, for a
before/after comparison on the same store).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from explorer_bench import build_store

from tradegraph.graph import TradeGraph

TARGET_RATIO = 1.5
SHORT_DOCUMENT = (
    "On March 3, 2025, the Commerce Department's Bureau of Industry and Security added "
    "Quillmark Avionics Ltd. to the Entity List, citing its support for military drone "
    "programs.\n")
"""Our own sentence, about a firm the generated corpus does not name."""
TRADEGRAPH = Path(sys.executable).with_name("tradegraph")


def ingest_seconds(command: Path, store: Path, document: Path) -> float:
    """Wall time of `tradegraph ingest` of one document, as its own process."""
    started = time.perf_counter()
    subprocess.run([str(command), "ingest", str(document), "--store", str(store), "-q"],
                   check=True, capture_output=True)
    return time.perf_counter() - started


def prepare(store: Path) -> None:
    """The large store as after any earlier ingest: its derived graphs caught up (stamped)
    and what its documents say of their parties cached beside it."""
    with TradeGraph.open(str(store)) as graph:
        graph.derive_time()
        _ = graph.pipeline


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="the large store to build or reuse")
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tradegraph", type=Path, default=TRADEGRAPH,
                        help="the tradegraph command to time (default: this one's)")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tg-incremental-") as scratch:
        work = Path(scratch)
        large = options.store or work / "large"
        if not (large / "CURRENT").exists():
            print(f"building a store of {options.triples:,} quads in {large} ...",
                  file=sys.stderr)
            build_store(large, options.triples)
        prepare(large)
        document = work / "short-notice.txt"
        document.write_text(SHORT_DOCUMENT, encoding="utf-8")
        empty_runs, large_runs = [], []
        for run in range(options.runs):
            empty_runs.append(ingest_seconds(options.tradegraph, work / f"empty-{run}", document))
            copy = work / f"copy-{run}"
            shutil.copytree(large, copy)
            large_runs.append(ingest_seconds(options.tradegraph, copy, document))
            shutil.rmtree(copy)
            print(f"run {run + 1}: empty {empty_runs[-1]:.2f} s, large {large_runs[-1]:.2f} s",
                  file=sys.stderr)
    empty, big = statistics.median(empty_runs), statistics.median(large_runs)
    ratio = big / empty
    print(f"\ningest of one short document (tradegraph ingest, median of {options.runs})")
    print(f"  empty store          {empty:6.2f} s")
    print(f"  large store          {big:6.2f} s")
    print(f"  ratio                {ratio:6.2f}x  (target <= {TARGET_RATIO}x: "
          f"{'met' if ratio <= TARGET_RATIO else 'NOT met'})")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
