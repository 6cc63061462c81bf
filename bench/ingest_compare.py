"""End-to-end ingest of one generated corpus by two versions of tradegraph, alternated in one
run: the code of this checkout and a baseline (say the code before a change).

    git archive BASE ingest graph ui ontology | tar -x -C /tmp/base/tradegraph
    .venv/bin/python bench/ingest_compare.py --baseline /tmp/base [--docs 2000] [--rounds 3]
        [--candidate /tmp/new]

`--baseline` is a folder holding a `tradegraph/` tree with the four code folders; it is put
first on the import path of the baseline's processes. `--candidate`, made the same way,
stands for this checkout (so that editing the checkout during a long run changes nothing).

Each round ingests the corpus into a fresh on-disk store with each version in turn
(`TradeGraph.ingest`, the worker processes included), so both see the same load on a shared
machine; the load average is printed beside each figure, the best and the median of each
version last.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus_generator import write_corpus

_INGEST = """
import json, sys, time
from tradegraph.graph.facade import TradeGraph
started = time.perf_counter()
with TradeGraph.open(sys.argv[1]) as graph:
    report = graph.ingest([sys.argv[2]], workers=int(sys.argv[3]))
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "documents": len(report.results),
                  "failed": len(report.failures)}))
"""


def ingest(corpus: Path, store: Path, workers: int, path_first: Path | None
           ) -> tuple[float, float]:
    """Documents per second of one end-to-end ingest in a fresh process, and the CPU
    seconds it used, its worker processes included (less disturbed by the other processes
    of a shared machine than the elapsed time: on an idle machine of N cores the rate is at
    most N times documents per CPU second)."""
    env = dict(os.environ)
    if path_first is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(path_first),
                                                          env.get("PYTHONPATH")]))
    before = cpu_of_children()
    done = subprocess.run([sys.executable, "-c", _INGEST, str(store), str(corpus),
                           str(workers)], env=env, capture_output=True, text=True, check=False)
    cpu = cpu_of_children() - before
    if done.returncode != 0:
        raise SystemExit(f"ingest failed:\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["failed"]:
        raise SystemExit(f"{result['failed']} documents failed")
    return float(result["documents"] / result["seconds"]), cpu


def cpu_of_children() -> float:
    """User and system CPU seconds of every finished child process (and of theirs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def load() -> str:
    """The machine's 1, 5 and 15 minute load averages (2 cores: above 2, others compete)."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path, required=True)
    parser.add_argument("--candidate", type=Path, help="a tree to use for this checkout")
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    for tree in filter(None, (args.baseline, args.candidate)):
        if not (tree / "tradegraph" / "ingest").is_dir():
            raise SystemExit(f"{tree}: no tradegraph/ingest folder in it")
    scratch = Path(tempfile.mkdtemp(prefix="tradegraph-ingest-compare-"))
    try:
        corpus = write_corpus(scratch / "corpus.jsonl", args.docs)
        rates: dict[str, list[float]] = {"baseline": [], "this checkout": []}
        cpus: dict[str, list[float]] = {"baseline": [], "this checkout": []}
        for round_number in range(args.rounds):
            for name, path_first in (("baseline", args.baseline),
                                     ("this checkout", args.candidate)):
                store = scratch / f"store-{name.replace(' ', '-')}-{round_number}"
                rate, cpu = ingest(corpus, store, args.workers, path_first)
                shutil.rmtree(store, ignore_errors=True)
                rates[name].append(rate)
                cpus[name].append(cpu)
                print(f"round {round_number + 1}: {name:<14} {rate:7.1f} docs/s "
                      f"{cpu:7.1f} CPU s  (load average {load()})", flush=True)
        for name, values in rates.items():
            print(f"{name:<14} best {max(values):7.1f}  median {statistics.median(values):7.1f}"
                  f" docs/s, median {statistics.median(cpus[name]):7.1f} CPU s "
                  f"({args.docs} documents, {args.workers} workers, {len(values)} rounds)")
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
