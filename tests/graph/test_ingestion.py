"""Ingestion robustness: bad documents in a batch, failed re-ingests, the parallel path."""

from __future__ import annotations

import multiprocessing
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pyoxigraph import Quad

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.loading import ingestion
from tradegraph.graph.loading.ingestion import PARALLEL_THRESHOLD, IngestReport, Outcome
from tradegraph.graph.loading.merge_statements import state_merge
from tradegraph.ontology.iris import IriMinter

MINTER = IriMinter()


def document_graphs(graph: TradeGraph) -> dict[str, set[Quad]]:
    prefix = MINTER.document("")
    return {name: graph.store.graph_quads(name)
            for name in graph.store.named_graphs() if name.startswith(prefix)}


def write_bad_documents(folder: Path) -> dict[str, str]:
    """Bad files, by name, with a word their failure reason must contain."""
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b" \n\t\n")
    (folder / "scan.txt").write_bytes(b"%PDF-1.7\n\x00\x01\x02 not text")
    (folder / "nul-bytes.txt").write_bytes(b"The Commerce\x00 Department\x00\x00 added\x00")
    (folder / "latin1.txt").write_bytes(
        "title: Entity List\n\nThe Commerce Department added Huawei to the Entity List "
        "in May; caf\u00e9 owners were unaffected.\n".encode("latin-1"))
    (folder / "header-only.txt").write_text("title: Nothing below\n\n\n")
    return {"empty.txt": "empty", "blank.txt": "whitespace", "scan.txt": "binary",
            "nul-bytes.txt": "binary", "latin1.txt": "UTF-8", "header-only.txt": "no body"}


def test_bad_documents_fail_alone_and_the_rest_is_ingested(news_graph: TradeGraph,
                                                           news_dir: Path) -> None:
    bad = write_bad_documents(news_dir)
    report = news_graph.ingest([news_dir], workers=1)

    by_name = {Path(r.source).name: r for r in report.results}
    assert set(by_name) == {path.name for path in news_dir.iterdir()}
    assert not report.ok
    assert {Path(r.source).name for r in report.failures} == set(bad)
    for name, word in bad.items():
        result = by_name[name]
        assert result.outcome is Outcome.FAILED
        assert word in (result.reason or ""), (name, result.reason)
        assert str(news_dir / name) == result.source, "the failure names the file"
    assert report.count(Outcome.SKIPPED) == 3
    assert len(document_graphs(news_graph)) == 3


def test_good_documents_beside_bad_ones_in_a_fresh_store(disk_graph: TradeGraph,
                                                         news_dir: Path) -> None:
    write_bad_documents(news_dir)
    report = disk_graph.ingest([news_dir], workers=1)
    assert report.count(Outcome.INGESTED) == 3
    assert report.count(Outcome.FAILED) == 6
    assert len(document_graphs(disk_graph)) == 3


def test_oversized_document_is_refused(disk_graph: TradeGraph, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRADEGRAPH_MAX_DOCUMENT_BYTES", "2000")
    big = tmp_path / "big.txt"
    big.write_text("The Commerce Department added ZTE to the Entity List. " * 100)
    report = disk_graph.ingest([big], workers=1)
    assert [r.outcome for r in report.results] == [Outcome.FAILED]
    assert "limit" in (report.results[0].reason or "")
    assert document_graphs(disk_graph) == {}


def test_missing_paths_are_reported(disk_graph: TradeGraph, tmp_path: Path) -> None:
    (tmp_path / "empty-folder").mkdir()
    report = disk_graph.ingest(
        [tmp_path / "missing.txt", tmp_path / "empty-folder", str(tmp_path / "*.nothing")],
        workers=1,
    )
    assert [r.outcome for r in report.results] == [Outcome.FAILED] * 3
    assert all(r.reason for r in report.results)


@pytest.mark.parametrize("breakage", [b"", b"\xff\xfe broken \xff", b"%PDF-1.4 \x00\x00"],
                         ids=["empty", "invalid-utf8", "binary"])
def test_a_failed_re_ingest_keeps_what_is_stored(news_graph: TradeGraph, news_dir: Path,
                                                 breakage: bytes) -> None:
    before = document_graphs(news_graph)
    (news_dir / "zte-denial-order.txt").write_bytes(breakage)
    report = news_graph.ingest([news_dir], workers=1)
    failed = {r.source: r for r in report.failures}
    assert list(failed) == [str(news_dir / "zte-denial-order.txt")]
    assert document_graphs(news_graph) == before, "the stored graph must stay as it was"
    assert news_graph.validate().conforms


def test_writes_to_a_read_only_store_fail_per_document(news_graph: TradeGraph, news_dir: Path,
                                                       tmp_path: Path) -> None:
    before = document_graphs(news_graph)
    changed = news_dir / "zte-denial-order.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "A second paragraph.\n")
    extra = tmp_path / "extra.txt"
    extra.write_text("The Commerce Department added DJI to the Entity List on Friday.\n")

    reader = TradeGraph.open(news_graph.store.location, read_only=True)
    report = reader.ingest([news_dir, extra], workers=1)
    outcomes = {Path(r.source).name: r for r in report.results}
    for name in ("zte-denial-order.txt", "extra.txt"):  # a replacement and a new graph
        assert outcomes[name].outcome is Outcome.FAILED
        assert "read-only" in (outcomes[name].reason or "")
    assert outcomes["huawei-licenses.txt"].outcome is Outcome.SKIPPED
    assert document_graphs(news_graph) == before


BAD_URL_DOCUMENT = (
    "title: A notice with a broken link\n"
    "url: https://example.org/export notices/zte\n\n"
    "The Commerce Department added ZTE to the Entity List on Monday.\n"
)


def check_bad_url_outcome(report: IngestReport, bad: Path, others: int) -> None:
    """The batch finished; the document whose URL is no IRI failed alone (or was mapped
    without its URL), and every other document was ingested."""
    by_source = {r.source: r for r in report.results}
    result = by_source.pop(str(bad))
    assert result.outcome in (Outcome.FAILED, Outcome.INGESTED)
    if result.outcome is Outcome.FAILED:
        assert result.reason
    assert [r.outcome for r in by_source.values()] == [Outcome.INGESTED] * others


def test_a_document_whose_url_is_no_iri_does_not_stop_the_batch(
    disk_graph: TradeGraph, news_dir: Path
) -> None:
    bad = news_dir / "broken-link.txt"
    bad.write_text(BAD_URL_DOCUMENT, encoding="utf-8")
    report = disk_graph.ingest([news_dir], workers=1)
    check_bad_url_outcome(report, bad, others=3)


@pytest.mark.slow
def test_a_failing_document_does_not_stop_the_parallel_path(
    tmp_path: Path, bulletins: Callable[[Path, int, int], list[Path]]
) -> None:
    folder = tmp_path / "bulletins"
    bulletins(folder, PARALLEL_THRESHOLD, 1)
    bad = folder / "broken-link.txt"
    bad.write_text(BAD_URL_DOCUMENT, encoding="utf-8")
    with TradeGraph.open(str(tmp_path / "store")) as graph:
        report = graph.ingest([folder], workers=2)
        check_bad_url_outcome(report, bad, others=PARALLEL_THRESHOLD)
        assert len(document_graphs(graph)) >= PARALLEL_THRESHOLD


@pytest.mark.slow
def test_parallel_ingest_gives_the_same_quads_as_serial(
    tmp_path: Path, bulletins: Callable[[Path, int, int], list[Path]]
) -> None:
    count = PARALLEL_THRESHOLD + 6
    folder = tmp_path / "bulletins"
    bulletins(folder, count, 1)

    with TradeGraph.open(":memory:") as serial:
        serial_report = serial.ingest([folder], workers=1)
        expected = document_graphs(serial)

    children: list[int] = []

    def watch(done: int, total: int, source: str) -> None:
        children.append(len(multiprocessing.active_children()))

    with TradeGraph.open(str(tmp_path / "store")) as parallel:
        parallel_report = parallel.ingest([folder], workers=2, progress=watch)
        assert max(children) >= 1, "the parallel path should have started worker processes"
        assert parallel_report.count(Outcome.INGESTED) == count
        assert document_graphs(parallel) == expected
    assert [(r.source, r.quads, r.actions) for r in parallel_report.results] == [
        (r.source, r.quads, r.actions) for r in serial_report.results]
    assert len(expected) == count


def test_worker_processes_apply_the_stores_merge_statements(
    tmp_path: Path, bulletins: Callable[[Path, int, int], list[Path]]
) -> None:
    folder = tmp_path / "bulletins"
    bulletins(folder, PARALLEL_THRESHOLD + 2, 1)
    store = tmp_path / "store"
    with TradeGraph.open(str(store)) as graph:
        state_merge(graph.store, "firm/dji", "firm/huawei")
    with TradeGraph.open(str(store)) as graph:
        report = graph.ingest([folder], workers=2)
        assert report.ok
        fingerprints = {state.pipeline for state in graph.store.document_states().values()}
        assert fingerprints == {graph.pipeline.fingerprint}
        listed = graph.select("SELECT DISTINCT ?t WHERE { ?a a tg:EntityListAddition ; "
                              "tg:target ?t }")
        targets = {row["t"] for row in listed}
    assert "https://w3id.org/tradegraph/id/firm/dji" not in targets
    assert "https://w3id.org/tradegraph/id/firm/huawei" in targets


@pytest.mark.slow
def test_windows_read_ahead_keep_every_result_and_its_place(
    tmp_path: Path, bulletins: Callable[[Path, int, int], list[Path]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Small windows, each extracted on the workers while the one before is written: the
    # graphs, the report's order and the progress count are those of one serial run, with
    # failures, unchanged documents and replacements in several windows.
    folder = tmp_path / "bulletins"
    bulletins(folder, 30, 1)
    with TradeGraph.open(str(tmp_path / "store")) as graph:
        graph.ingest(sorted(folder.iterdir())[::3], workers=1)  # unchanged later
    for path in sorted(folder.iterdir())[1::5]:  # replaced later
        path.write_text(path.read_text(encoding="utf-8") + "\nA later note.\n",
                        encoding="utf-8")
    bad = write_bad_documents(folder)
    serial_store = tmp_path / "serial"
    shutil.copytree(tmp_path / "store", serial_store)
    with TradeGraph.open(str(serial_store)) as serial:
        serial_report = serial.ingest([folder], workers=1)
        expected = document_graphs(serial)

    monkeypatch.setattr(ingestion, "WINDOW", 8)
    monkeypatch.setattr(ingestion, "PARALLEL_THRESHOLD", 4)
    progress: list[tuple[int, int]] = []
    with TradeGraph.open(str(tmp_path / "store")) as parallel:
        report = parallel.ingest([folder], workers=2,
                                 progress=lambda done, total, _: progress.append((done, total)))
        assert document_graphs(parallel) == expected
    assert [(r.source, r.outcome, r.quads, r.actions, r.reason) for r in report.results] == [
        (r.source, r.outcome, r.quads, r.actions, r.reason) for r in serial_report.results]
    assert {Path(r.source).name for r in report.failures} == set(bad)
    assert {Outcome.INGESTED, Outcome.REPLACED, Outcome.SKIPPED} <= {
        r.outcome for r in report.results}
    assert [done for done, _ in progress] == list(range(1, len(report.results) + 1))
