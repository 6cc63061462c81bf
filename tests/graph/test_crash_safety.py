"""Crash safety: kill -9 an ingesting process; every document graph is complete or absent.

The process ingests generated bulletins (version 1, one transaction for the batch), then the
same files changed to version 2 (one replacement per document), and is killed part-way
through the replacements. A document graph found afterwards must be exactly a clean ingest
of version 1 or of version 2, never a mixture or a fragment.
"""

from __future__ import annotations

import gc
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Quad

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.store.embedded import OxigraphStore
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.terms import TG

WORKER = Path(__file__).parent / "scripts" / "ingest_folders.py"
COUNT = 150
MINTER = IriMinter()
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

Graphs = dict[str, set[Quad]]


def clean_ingest(folder: Path) -> Graphs:
    with TradeGraph.open(":memory:") as graph:
        report = graph.ingest([folder], workers=1)
        assert report.ok, report.failures
        prefix = MINTER.document("")
        return {name: graph.store.graph_quads(name)
                for name in graph.store.named_graphs() if name.startswith(prefix)}


def run_until(store: Path, folders: list[Path], stop: Callable[[str], bool]) -> int:
    """Start the worker and SIGKILL it at the first output line where `stop` holds."""
    process = subprocess.Popen(
        [sys.executable, str(WORKER), str(store), *map(str, folders)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 300
    try:
        for line in process.stdout:
            if stop(line.strip()):
                process.kill()
                break
            assert time.monotonic() < deadline, "the ingesting process is too slow"
        return process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def check_documents(store: Path, versions: tuple[Graphs, Graphs]) -> dict[str, int]:
    """Every document graph equals a clean ingest of one version; how many of each."""
    opened = OxigraphStore.open(str(store))  # a writable open runs crash recovery
    try:
        counts = {"v1": 0, "v2": 0}
        prefix = MINTER.document("")
        for name in (n for n in opened.named_graphs() if n.startswith(prefix)):
            quads = opened.graph_quads(name)
            subject, graph = NamedNode(name), NamedNode(name)
            assert Quad(subject, RDF_TYPE, NamedNode(str(TG.Document)), graph) in quads, name
            for predicate in (TG.text, TG.contentHash):
                assert any(q.predicate.value == str(predicate) for q in quads), (name, predicate)
            if quads == versions[0].get(name):
                counts["v1"] += 1
            elif quads == versions[1].get(name):
                counts["v2"] += 1
            else:
                sizes = [len(v.get(name, ())) for v in versions]
                pytest.fail(f"{name} is neither version: {len(quads)} quads, clean {sizes}")
        return counts
    finally:
        del opened
        gc.collect()  # releases the store's lock for the next process


@pytest.mark.slow
def test_kill_9_mid_ingest_leaves_each_document_complete_or_absent(
    tmp_path: Path, bulletins: Callable[[Path, int, int], list[Path]]
) -> None:
    # one folder whose files change from version 1 to 2: the same sources, so version 2
    # replaces version 1 (a folder of its own would hold other documents of those names)
    folder = tmp_path / "bulletins"
    bulletins(folder, COUNT, 1)
    v1 = clean_ingest(folder)
    bulletins(folder, COUNT, 2)
    versions = (v1, clean_ingest(folder))
    assert len(versions[0]) == len(versions[1]) == COUNT
    store = tmp_path / "store"
    rng = random.Random(20190516)

    # Round 1: version 1 in full (one transaction for the batch), then kill during the
    # replacements of version 2.
    bulletins(folder, COUNT, 1)
    assert run_until(store, [folder], lambda line: False) == 0
    assert check_documents(store, versions) == {"v1": COUNT, "v2": 0}
    bulletins(folder, COUNT, 2)
    first = rng.randrange(5, COUNT // 3)
    code = run_until(store, [folder], lambda line: line == f"progress {folder} {first}")
    assert code == -9, "the process should have been killed mid-way"
    counts = check_documents(store, versions)
    assert counts["v1"] + counts["v2"] == COUNT, "version 1 was written in full"
    assert first <= counts["v2"] < COUNT, counts

    # Round 2: restart; unchanged documents are skipped, kill again part-way.
    second = rng.randrange(counts["v2"] + 3, COUNT - 40)
    code = run_until(store, [folder], lambda line: line == f"progress {folder} {second}")
    assert code == -9
    counts = check_documents(store, versions)
    assert counts["v1"] + counts["v2"] == COUNT
    assert second <= counts["v2"] < COUNT, counts

    # Round 3: let it finish; the store ends as a clean ingest of version 2.
    code = run_until(store, [folder], lambda line: False)
    assert code == 0
    assert check_documents(store, versions) == {"v1": 0, "v2": COUNT}
