"""Ingestion throughput on a generated news corpus: time per pipeline stage, extraction on
every core, store writes next to pyoxigraph's own bulk load of the same quads, and the
whole `tradegraph ingest` end to end.

    .venv/bin/python bench/ingest_bench.py [--docs 10000] [--workers 2] [--keep DIR]

Targets on this 2-core machine: >= 100 documents/s end to end, and store writes within
1.5x of pyoxigraph's bulk load of the same quads (both measured here, in this run). The
stage times include the trained pipeline's share (spaCy's en_core_web_sm, run only on the
sentences a rule needs it for; the share of tokens it read is printed).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from pyoxigraph import RdfFormat, Store

sys.path.insert(0, str(Path(__file__).parent))
from corpus_generator import write_corpus

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.loading.ingestion import BATCH_QUADS, ExtractedGraph, Ingestor
from tradegraph.graph.store.embedded import OxigraphStore
from tradegraph.ingest.analysis import Analysis
from tradegraph.ingest.loaders import load_file
from tradegraph.ingest.pipeline import NewsPipeline, to_extraction
from tradegraph.ingest.text import normalize
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.mapping import extraction_to_nquads
from tradegraph.ontology.models import Document

TARGET_DOCS_PER_SECOND = 100.0
TARGET_WRITE_RATIO = 1.5
STAGE_SAMPLE = 300


def load_documents(path: Path) -> list[Document]:
    """The generated corpus, loaded as the ingester loads it."""
    documents = [item for item in load_file(path) if isinstance(item, Document)]
    if not documents:
        raise SystemExit(f"no documents loaded from {path}")
    return documents


def stage_times(documents: list[Document]) -> dict[str, float]:
    """Milliseconds per document for each pipeline stage and the mapping to N-Quads (as
    the workers hand them back), on one core."""
    pipeline, minter = NewsPipeline(), IriMinter()
    spent: dict[str, float] = defaultdict(float)
    read = {"tokens": 0, "recognised": 0, "parsed": 0}

    def timed(name: str, started: float) -> float:
        now = time.perf_counter()
        spent[name] += now - started
        return now

    for document in documents:
        clock = time.perf_counter()
        normalized = normalize(document.text)
        analysis = Analysis(document=document, normalized=normalized,
                            doc=pipeline.nlp.make_doc(normalized.text),
                            extractor="bench", extractor_version=pipeline.version)
        clock = timed("tokenize", clock)
        for stage in pipeline.stages:
            stage(analysis)
            clock = timed(stage.name, clock)
        read["tokens"] += len(analysis.doc)
        for index, reading in analysis.readings.items():
            sentence = analysis.sentences[index]
            length = sentence.token_end - sentence.token_start
            read["recognised"] += length if reading.recognised else 0
            read["parsed"] += length if reading.parsed else 0
        extraction = to_extraction(analysis, pipeline.fingerprint)
        clock = timed("to_extraction", clock)
        extraction_to_nquads(extraction, minter)
        timed("rdf n-quads", clock)
    print(f"  (the trained pipeline read {read['recognised'] / read['tokens']:.0%} of the "
          f"tokens for names, {read['parsed'] / read['tokens']:.0%} for trees)")
    return {name: 1000 * seconds / len(documents) for name, seconds in spent.items()}


def parallel_extraction(documents: list[Document], workers: int
                        ) -> tuple[float, list[ExtractedGraph]]:
    """Seconds to extract every document on `workers` processes, and the graphs."""
    ingestor = Ingestor(OxigraphStore.open(":memory:"), IriMinter(), workers=workers)
    started = time.perf_counter()
    graphs = [graph for _, graph in ingestor.extract(documents)
              if isinstance(graph, ExtractedGraph)]
    seconds = time.perf_counter() - started
    ingestor.close()
    return seconds, graphs


def store_writes(graphs: list[ExtractedGraph], scratch: Path) -> float:
    """Seconds for our store to write the graphs in its ingest batches, flush included."""
    store = OxigraphStore.open(str(scratch / "writes"))
    started = time.perf_counter()
    batch: list[ExtractedGraph] = []
    size = 0
    for graph in graphs:
        batch.append(graph)
        size += graph.size
        if size >= BATCH_QUADS:
            store.add_nquads(b"".join(g.nquads for g in batch), [g.iri for g in batch])
            batch, size = [], 0
    if batch:
        store.add_nquads(b"".join(g.nquads for g in batch), [g.iri for g in batch])
    store.close()
    return time.perf_counter() - started


def pyoxigraph_bulk_load(graphs: list[ExtractedGraph], scratch: Path) -> float:
    """Seconds for pyoxigraph's own bulk loader to load the same quads from one file."""
    path = scratch / "all.nq"
    path.write_bytes(b"".join(graph.nquads for graph in graphs))
    store = Store(str(scratch / "bulk"))
    started = time.perf_counter()
    store.bulk_load(path=str(path), format=RdfFormat.N_QUADS)
    store.flush()
    seconds = time.perf_counter() - started
    del store
    return seconds


def end_to_end(corpus: Path, scratch: Path, workers: int) -> tuple[float, int, int]:
    """Seconds, documents and quads of `TradeGraph.ingest` into a fresh on-disk store."""
    started = time.perf_counter()
    with TradeGraph.open(str(scratch / "end-to-end")) as graph:
        report = graph.ingest([corpus], workers=workers)
    seconds = time.perf_counter() - started
    if not report.ok:
        raise SystemExit(f"{len(report.failures)} documents failed, e.g. "
                         f"{report.failures[0].reason}")
    return seconds, len(report.results), sum(result.quads for result in report.results)


def load() -> str:
    """The machine's 1, 5 and 15 minute load averages."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", type=Path, help="keep the corpus and stores in this folder")
    args = parser.parse_args(argv)
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="tradegraph-ingest-bench-"))
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        return run(args.docs, args.workers, scratch)
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)


def run(count: int, workers: int, scratch: Path) -> int:
    """Run every measurement and print the figures; 0 if the targets are met."""
    corpus = write_corpus(scratch / "corpus.jsonl", count)
    documents = load_documents(corpus)
    print(f"corpus: {len(documents)} generated documents, {workers} worker processes, "
          f"{os.cpu_count()} cores, load average {load()}\n")

    print(f"time per stage (one core, first {STAGE_SAMPLE} documents, ms/document)")
    stages = stage_times(documents[:STAGE_SAMPLE])
    for name, ms in stages.items():
        print(f"  {name:<16} {ms:8.2f}")
    print(f"  {'total':<16} {sum(stages.values()):8.2f}\n")

    extract_seconds, graphs = parallel_extraction(documents, workers)
    quads = sum(graph.size for graph in graphs)
    print(f"extraction on {workers} processes: {len(graphs) / extract_seconds:8.1f} docs/s "
          f"{quads / extract_seconds:10.0f} quads/s  ({extract_seconds:.1f} s)")

    write_seconds = store_writes(graphs, scratch)
    bulk_seconds = pyoxigraph_bulk_load(graphs, scratch)
    ratio = write_seconds / bulk_seconds
    print(f"store writes (add_nquads):   {len(graphs) / write_seconds:8.1f} docs/s "
          f"{quads / write_seconds:10.0f} quads/s  ({write_seconds:.1f} s)")
    print(f"pyoxigraph bulk_load:        {len(graphs) / bulk_seconds:8.1f} docs/s "
          f"{quads / bulk_seconds:10.0f} quads/s  ({bulk_seconds:.1f} s)")
    print(f"  store writes / bulk load = {ratio:.2f}x (target <= {TARGET_WRITE_RATIO}x)\n")

    seconds, documents_done, quads_done = end_to_end(corpus, scratch, workers)
    rate = documents_done / seconds
    print(f"tradegraph ingest end to end: {rate:8.1f} docs/s {quads_done / seconds:10.0f} "
          f"quads/s  ({seconds:.1f} s, {documents_done} documents, {quads_done} quads; "
          f"target >= {TARGET_DOCS_PER_SECOND:.0f} docs/s)")
    print(f"load average now {load()} (above {os.cpu_count()}, other processes competed)")
    met = rate >= TARGET_DOCS_PER_SECOND and ratio <= TARGET_WRITE_RATIO
    print("targets met" if met else "TARGETS MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
