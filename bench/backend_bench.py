"""Embedded pyoxigraph vs. a remote Virtuoso: the same generated corpus loaded into both, then
the endpoint's and the explorer's typical queries timed on each, with the ratios, in one run.

    .venv/bin/python bench/backend_bench.py [--docs 2000] [--repeat 7] [--seed 6]
        [--virtuoso URL]

--virtuoso names an existing server (credentials from $TRADEGRAPH_STORE_USER/_PASSWORD);
without it, a throw-away Virtuoso is started on loopback with scripts/start-virtuoso.sh and
stopped at the end. The corpus comes from bench/corpus_generator.py. Extraction runs once
(into the embedded store); the load figures time writing the same document graphs into each
backend, one graph per transaction/request, as `tradegraph ingest` does.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pyoxigraph import Quad

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.loading.validation import EVIDENCE_MISMATCH_QUERY
from tradegraph.graph.query.describing import EVIDENCE, FACTS, describe
from tradegraph.graph.query.inventory import DOCUMENTS, STATS_ACTIONS, STATS_ENTITIES
from tradegraph.graph.store.embedded import OxigraphStore
from tradegraph.graph.store.protocol import GraphStore
from tradegraph.graph.store.remote import RemoteStore
from tradegraph.ontology.iris import IriMinter
from tradegraph.ui.server import pages

ROOT = Path(__file__).resolve().parents[1]
BATCH = 200
"""Document graphs per add_graphs call (the ingestor's batches are ~50,000 quads)."""

_LICENSES = """SELECT DISTINCT ?agent ?target ?quote WHERE {
  ?a a tg:LicenseApproval ; tg:agent/rdfs:label ?agent ; tg:target/rdfs:label ?target ;
     tg:evidence/oa:hasTarget/oa:hasSelector/oa:exact ?quote }"""
_ACTIONS_BY_YEAR = """SELECT ?year (COUNT(?a) AS ?n) WHERE {
  ?a a ?class ; tg:date ?date . ?class rdfs:subClassOf tg:Action .
  BIND(YEAR(?date) AS ?year) } GROUP BY ?year ORDER BY ?year"""


def queries(entity: str) -> dict[str, str]:
    """The queries the endpoint's pages and the explorer's views send, by name."""
    return {
        "stats: entities by class": STATS_ENTITIES,
        "stats: actions by class": STATS_ACTIONS,
        "documents list": DOCUMENTS,
        "entity lookup (?p ?o)": f"SELECT ?p ?o WHERE {{ <{entity}> ?p ?o }}",
        "resource page facts": FACTS.replace("$IRI", entity),
        "resource page evidence": EVIDENCE.replace("$IRI", entity),
        "describe (linked data)": describe(entity),
        "license approvals + quotes": _LICENSES,
        "actions by year": _ACTIONS_BY_YEAR,
        "VoID classes": pages.VOID_CLASSES,
        "evidence check (validate)": EVIDENCE_MISMATCH_QUERY,
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_virtuoso(directory: Path) -> tuple[str, int]:
    http_port, sql_port = _free_port(), _free_port()
    run = subprocess.run(["bash", str(ROOT / "scripts" / "start-virtuoso.sh"), str(directory),
                          str(http_port), str(sql_port)], capture_output=True, text=True,
                         check=True)
    os.environ.setdefault("TRADEGRAPH_STORE_USER", "dba")
    os.environ.setdefault("TRADEGRAPH_STORE_PASSWORD", "dba")
    return f"http://127.0.0.1:{http_port}/sparql", int(run.stdout.split()[-1])


def generate_corpus(docs: int, seed: int, out: Path) -> None:
    generator = ROOT / "bench" / "corpus_generator.py"
    subprocess.run([sys.executable, str(generator), "--docs", str(docs), "--out", str(out),
                    "--seed", str(seed)], check=True)


def load(store: GraphStore, graphs: dict[str, list[Quad]]) -> float:
    """Seconds to write every graph, BATCH graphs per add_graphs call."""
    names = list(graphs)
    started = time.perf_counter()
    for start in range(0, len(names), BATCH):
        store.add_graphs({name: graphs[name] for name in names[start:start + BATCH]})
    return time.perf_counter() - started


def timed(run: Callable[[], object], repeat: int) -> tuple[float, int]:
    """Median milliseconds of `repeat` runs (after one warm-up), and the result size."""
    size = len(list(run()))  # type: ignore[call-overload]
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        list(run())  # type: ignore[call-overload]
        samples.append(1000 * (time.perf_counter() - started))
    return statistics.median(samples), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--virtuoso", help="URL of an existing Virtuoso SPARQL service")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="tradegraph-bench-") as scratch:
        work = Path(scratch)
        url, pid = options.virtuoso, None
        if url is None:
            url, pid = start_virtuoso(work / "virtuoso")
        try:
            run(options, work, url)
        finally:
            if pid is not None:
                os.kill(pid, signal.SIGTERM)


def run(options: argparse.Namespace, work: Path, url: str) -> None:
    corpus = work / "corpus.jsonl"
    generate_corpus(options.docs, options.seed, corpus)
    print(f"corpus: {options.docs} generated documents ({corpus.stat().st_size / 1e6:.1f} MB)")

    started = time.perf_counter()
    with TradeGraph.open(str(work / "extracted")) as graph:
        report = graph.ingest([corpus])
        extract_seconds = time.perf_counter() - started
        graphs: dict[str, list[Quad]] = {}
        for quad in graph.store.quads():
            graphs.setdefault(quad.graph_name.value, []).append(quad)  # type: ignore[union-attr]
    quads = sum(len(q) for q in graphs.values())
    print(f"extraction + embedded ingest: {extract_seconds:.1f} s "
          f"({report.count(report.results[0].outcome) if report.results else 0} documents "
          f"{report.results[0].outcome if report.results else ''}; {len(report.failures)} "
          f"failed); {len(graphs)} graphs, {quads:,} quads")

    embedded = OxigraphStore.open(str(work / "embedded"))
    remote = RemoteStore.open(url)
    for name in remote.named_graphs():  # start from an empty server
        remote.remove_graph(name)
    seconds = {"embedded": load(embedded, graphs), "virtuoso": load(remote, graphs)}
    print("\nload (same graphs, one transaction / request per document graph)")
    for name, value in seconds.items():
        print(f"  {name:9} {value:7.2f} s  {quads / value:9,.0f} quads/s")
    print(f"  ratio virtuoso/embedded: {seconds['virtuoso'] / seconds['embedded']:.2f}x")
    assert len(embedded) == len(remote) == quads, (len(embedded), len(remote), quads)

    entity = IriMinter().base + "firm/huawei"
    print(f"\nqueries (median of {options.repeat}, ms; rows)")
    print(f"  {'query':30} {'embedded':>10} {'virtuoso':>10} {'ratio':>7} {'rows':>7}")
    ratios = []
    for name, sparql in queries(entity).items():
        local, local_rows = timed(lambda q=sparql: embedded.query(q), options.repeat)
        served, served_rows = timed(lambda q=sparql: remote.query(q), options.repeat)
        ratios.append(served / local)
        same = "" if local_rows == served_rows else f"  (rows differ: {served_rows})"
        print(f"  {name:30} {local:10.2f} {served:10.2f} {served / local:6.1f}x "
              f"{local_rows:7}{same}")
    print(f"  geometric mean ratio virtuoso/embedded: "
          f"{statistics.geometric_mean(ratios):.1f}x")
    embedded.close()
    remote.close()


if __name__ == "__main__":
    main()
