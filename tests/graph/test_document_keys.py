"""Document keys that cannot collide (`tradegraph.graph.loading.document_keys`), on both
backends: a different source whose name clashes keeps its own document, only the same source
replaces one, a copy is the same document, a store from before sources were recorded is kept
(not duplicated) on a re-run, and `remove` by file name says when a name is ambiguous."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pyoxigraph import NamedNode

from tradegraph.graph.errors import AmbiguousDocumentError
from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.loading.document_keys import Placer, distinct_key, file_prefix, with_source
from tradegraph.graph.loading.ingestion import Outcome
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.models import Document
from tradegraph.ontology.terms import TG

MINTER = IriMinter()
LIST = Path(__file__).parents[1] / "ingest" / "fixtures" / "screening_lists" / "consolidated.csv"


def article(path: Path, firm: str, note: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "title": f"{firm} added", "published": "2020-05-15",
        "text": f"The Commerce Department added {firm} to the Entity List on Friday. {note}"}),
        encoding="utf-8")
    return path


def notice(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def documents_of(graph: TradeGraph) -> dict[str, str]:
    """Every stored document's IRI with its text."""
    return {row["d"] or "": row["text"] or "" for row in graph.select(
        "SELECT ?d ?text WHERE { GRAPH ?d { ?d a tg:Document ; tg:text ?text } }")}


def test_an_article_and_a_list_of_the_same_name_are_two_documents(
        disk_graph: TradeGraph, tmp_path: Path) -> None:
    first = disk_graph.ingest([article(tmp_path / "x.json", "Huawei")], workers=1)
    assert [r.outcome for r in first.results] == [Outcome.INGESTED]
    listing = tmp_path / "x.csv"
    shutil.copy(LIST, listing)
    second = disk_graph.ingest([listing], workers=1)
    (result,) = second.results
    assert result.outcome is Outcome.INGESTED, result.reason
    assert result.document == MINTER.document(distinct_key("x", file_prefix(listing) + "x"))
    assert "belongs to another source (x.json)" in result.notes[0]
    stored = documents_of(disk_graph)
    assert "added Huawei" in stored[MINTER.document("x")]
    assert "Entity List" in stored[result.document]
    # each file finds its own document again: skipped, nothing replaced
    again = disk_graph.ingest([tmp_path / "x.json", listing], workers=1)
    assert [r.outcome for r in again.results] == [Outcome.SKIPPED, Outcome.SKIPPED]
    assert set(documents_of(disk_graph)) == set(stored)


def test_files_of_one_name_in_two_folders_across_runs_are_two_documents(
        disk_graph: TradeGraph, tmp_path: Path) -> None:
    one = notice(tmp_path / "one" / "notice.txt", "Commerce denied a license to ZTE.")
    two = notice(tmp_path / "two" / "notice.txt", "Commerce added DJI to the Entity List.")
    assert disk_graph.ingest([one], workers=1).ok
    (second,) = disk_graph.ingest([two], workers=1).results
    assert second.outcome is Outcome.INGESTED and second.document != MINTER.document("notice")
    assert "another file named notice.txt" in second.notes[0]
    # a change to one file replaces its own document only
    notice(one, "Commerce denied a license to ZTE, again.")
    (changed,) = disk_graph.ingest([one], workers=1).results
    assert (changed.outcome, changed.document) == (Outcome.REPLACED, MINTER.document("notice"))
    stored = documents_of(disk_graph)
    assert len(stored) == 2 and "again" in stored[MINTER.document("notice")]
    assert "DJI" in stored[second.document or ""]


def test_a_copy_is_the_same_document_until_it_changes(disk_graph: TradeGraph,
                                                      tmp_path: Path) -> None:
    original = notice(tmp_path / "a" / "memo.txt", "Commerce denied a license to ZTE.")
    copy = tmp_path / "b" / "memo.txt"
    copy.parent.mkdir()
    shutil.copy(original, copy)
    assert disk_graph.ingest([original], workers=1).ok
    (result,) = disk_graph.ingest([copy], workers=1).results
    assert (result.outcome, result.document) == (Outcome.SKIPPED, MINTER.document("memo"))
    assert "the same content as memo.txt" in (result.reason or "")
    assert len(documents_of(disk_graph)) == 1
    # the copy changes: a document of its own; the original's changes replace the original
    notice(copy, "Commerce added DJI to the Entity List.")
    notice(original, "Commerce denied a license to ZTE, a second time.")
    report = disk_graph.ingest([copy, original], workers=1)
    assert [r.outcome for r in report.results] == [Outcome.INGESTED, Outcome.REPLACED]
    assert report.results[1].document == MINTER.document("memo")
    assert sorted(documents_of(disk_graph).values()) == sorted([
        "Commerce added DJI to the Entity List.",
        "Commerce denied a license to ZTE, a second time."])


def _forget_sources(graph: TradeGraph) -> None:
    """Make the store look like one written before sources were recorded: the same graphs
    without their source keys and paths (nothing else about a document changed)."""
    kept = (NamedNode(str(TG.sourceKey)), NamedNode(str(TG.sourcePath)))
    for iri in graph.store.document_states():
        quads = [q for q in graph.store.graph_quads(iri) if q.predicate not in kept]
        graph.store.replace_graph(iri, quads)
    assert all(s.source_key is None for s in graph.store.document_states().values())


def test_a_store_from_before_sources_were_kept_is_migrated_without_duplicates(
        disk_graph: TradeGraph, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    article(corpus / "huawei.json", "Huawei")
    notice(corpus / "zte.txt", "Commerce denied a license to ZTE.")
    assert disk_graph.ingest([corpus], workers=1).ok
    before = documents_of(disk_graph)
    _forget_sources(disk_graph)
    rerun = disk_graph.ingest([corpus], workers=1)
    assert [r.outcome for r in rerun.results] == [Outcome.SKIPPED, Outcome.SKIPPED]
    assert documents_of(disk_graph) == before  # kept, none duplicated
    states = disk_graph.store.document_states()
    assert all(s.source_key for s in states.values()), "the re-run records the sources"
    assert {s.source_path for s in states.values()} == {"huawei.json", "zte.txt"}


def test_a_different_file_never_silently_replaces_a_document_stored_before(
        disk_graph: TradeGraph, tmp_path: Path) -> None:
    assert disk_graph.ingest([notice(tmp_path / "a" / "memo.txt", "ZTE was denied.")],
                             workers=1).ok
    _forget_sources(disk_graph)
    other = notice(tmp_path / "b" / "memo.txt", "Commerce added DJI to the Entity List.")
    (refused,) = disk_graph.ingest([other], workers=1).results
    assert refused.outcome is Outcome.FAILED
    assert MINTER.document("memo") in (refused.reason or "") and "--force" in (
        refused.reason or "")
    assert documents_of(disk_graph)[MINTER.document("memo")] == "ZTE was denied."
    (forced,) = disk_graph.ingest([other], force=True, workers=1).results
    assert forced.outcome is Outcome.REPLACED and "(--force)" in forced.notes[0]


def test_remove_by_file_name_path_and_key(disk_graph: TradeGraph, tmp_path: Path) -> None:
    one = notice(tmp_path / "one" / "notice.txt", "Commerce denied a license to ZTE.")
    two = notice(tmp_path / "two" / "notice.txt", "Commerce added DJI to the Entity List.")
    assert disk_graph.ingest([tmp_path / "one"], workers=1).ok
    assert disk_graph.ingest([tmp_path / "two"], workers=1).ok
    before = documents_of(disk_graph)
    with pytest.raises(AmbiguousDocumentError) as ambiguous:
        disk_graph.remove("notice.txt")
    assert len(ambiguous.value.candidates) == 2
    assert documents_of(disk_graph) == before, "an ambiguous name removes nothing"
    assert disk_graph.remove(str(two)) != MINTER.document("notice")  # by path: that file's
    assert disk_graph.remove("notice.txt") == MINTER.document("notice")  # now one is left
    assert documents_of(disk_graph) == {}
    assert disk_graph.ingest([one], workers=1).ok
    assert disk_graph.remove("notice") == MINTER.document("notice")  # by key


def test_the_same_source_twice_in_one_run_fails_the_second(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps({"id": "same", "text": f"Commerce added {firm} "
                                          "to the Entity List."}) for firm in ("ZTE", "DJI")))
    with TradeGraph.open(":memory:") as graph:
        report = graph.ingest([feed], workers=1)
    assert [r.outcome for r in report.results] == [Outcome.INGESTED, Outcome.FAILED]
    assert "the same document (key 'same')" in (report.results[1].reason or "")


def test_source_keys_name_files_urls_rules_and_pasted_text(tmp_path: Path) -> None:
    path = notice(tmp_path / "n.txt", "text")
    text = Document(key="n", text="text", source=str(path))
    assert with_source(text, path, [tmp_path]).source_key == file_prefix(path) + "n"
    assert with_source(text, path, [tmp_path]).source_path == "n.txt"
    assert str(tmp_path) not in file_prefix(path), "no local path is published"
    web = Document(key="w", text="text", source="https://example.org/a")
    assert with_source(web).source_key == "url:https://example.org/a#w"
    rule = Document(key="fr-2019-10616", text="text", source=str(path),
                    structured="federal-register")
    assert with_source(rule, path).source_key == "federal-register:fr-2019-10616"
    pasted = Document(key="p", text="text", source="upload")
    assert (with_source(pasted).source_key or "").startswith("content:")
    # where a document came from is not its content
    assert with_source(text, path).content_hash == text.content_hash
    # the distinct key stays a valid key, however long the name
    long_key = "a" * 200
    assert len(distinct_key(long_key, "file:x#a")) == 200
    placer = Placer({}, MINTER)
    placed = placer.place(with_source(text, path))
    assert placed.iri == MINTER.document("n") and placed.state is None
