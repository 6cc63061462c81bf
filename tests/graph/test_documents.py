"""Document graphs through the facade: one graph each, skip, replace, force, remove, union."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.loading.ingestion import Outcome
from tradegraph.ingest.errors import LoadError
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.models import Document
from tradegraph.ontology.terms import ONTOLOGY_IRI, TG

MINTER = IriMinter()
KEYS = ("huawei-entity-list", "huawei-licenses", "zte-denial-order")
ENTITY_LIST, LICENSES, ZTE = (MINTER.document(key) for key in KEYS)

NEW_ENTITY_LIST_BODY = (
    "The Commerce Department put Huawei Technologies on the Entity List on Thursday. "
    "Officials said the rule takes effect at once."
)


def graph_snapshot(graph: TradeGraph) -> dict[str, set[Quad]]:
    return {name: graph.store.graph_quads(name) for name in graph.store.named_graphs()}


def text_of(graph: TradeGraph, document: str) -> str | None:
    rows = graph.select(f"SELECT ?t WHERE {{ GRAPH <{document}> {{ <{document}> tg:text ?t }} }}")
    return rows[0]["t"] if rows else None


def quote_present(graph: TradeGraph, quote: str) -> bool:
    escaped = quote.replace("\\", "\\\\").replace('"', '\\"')
    return bool(graph.query(f'ASK {{ ?q oa:exact "{escaped}" }}'))


def rewrite_body(path: Path, body: str) -> None:
    header, _, _ = path.read_text(encoding="utf-8").partition("\n\n")
    path.write_text(f"{header}\n\n{body}\n", encoding="utf-8")


def test_doc_iri_is_the_documented_form() -> None:
    assert ENTITY_LIST == "https://w3id.org/tradegraph/id/doc/huawei-entity-list"


def test_one_named_graph_per_document(news_graph: TradeGraph) -> None:
    names = set(news_graph.store.named_graphs())
    # and the graphs derived from all documents: real actions and lifecycles (no legal
    # record here, so no corroboration graph)
    assert {ENTITY_LIST, LICENSES, ZTE, ONTOLOGY_IRI, MINTER.gazetteer_graph,
            MINTER.actions_graph, MINTER.lifecycles_graph} == names
    for document in (ENTITY_LIST, LICENSES, ZTE):
        quads = news_graph.store.graph_quads(document)
        subject = NamedNode(document)
        rdf_type = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        assert Quad(subject, rdf_type, NamedNode(str(TG.Document)), subject) in quads
        assert all(q.graph_name == subject for q in quads)
    # each document's evidence sits in its own graph only
    rows = news_graph.select(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?q oa:exact ?e . "
        'FILTER (CONTAINS(?e, "began issuing licenses")) } }'
    )
    assert [row["g"] for row in rows] == [LICENSES]


def test_reingesting_unchanged_documents_skips_them(news_graph: TradeGraph, news_dir: Path
                                                    ) -> None:
    before = graph_snapshot(news_graph)
    report = news_graph.ingest([news_dir], workers=1)
    assert [r.outcome for r in report.results] == [Outcome.SKIPPED] * 3
    assert all(r.reason == "unchanged" for r in report.results)
    assert {r.document for r in report.results} == {ENTITY_LIST, LICENSES, ZTE}
    assert graph_snapshot(news_graph) == before


def test_changed_document_replaces_its_graph(news_graph: TradeGraph, news_dir: Path) -> None:
    before = graph_snapshot(news_graph)
    old_quote = ("The Commerce Department added Huawei Technologies to the Entity List on "
                 "Wednesday, citing national security concerns.")
    assert quote_present(news_graph, old_quote)
    path = news_dir / "huawei-entity-list.txt"
    rewrite_body(path, NEW_ENTITY_LIST_BODY)

    report = news_graph.ingest([news_dir], workers=1)
    outcomes = {r.document: r.outcome for r in report.results}
    assert outcomes == {ENTITY_LIST: Outcome.REPLACED, LICENSES: Outcome.SKIPPED,
                        ZTE: Outcome.SKIPPED}

    assert not quote_present(news_graph, old_quote), "old triples must be gone"
    assert text_of(news_graph, ENTITY_LIST) == NEW_ENTITY_LIST_BODY
    assert quote_present(news_graph, "The Commerce Department put Huawei Technologies on the "
                                     "Entity List on Thursday.")
    after = graph_snapshot(news_graph)
    assert after[ENTITY_LIST] != before[ENTITY_LIST]
    for untouched in (LICENSES, ZTE, ONTOLOGY_IRI):
        assert after[untouched] == before[untouched]
    # the replacement is exactly what a clean ingest of the new version writes
    with TradeGraph.open(":memory:") as clean:
        clean.ingest([path], workers=1)
        assert after[ENTITY_LIST] == clean.store.graph_quads(ENTITY_LIST)


def test_changed_metadata_alone_replaces_the_graph(news_graph: TradeGraph, news_dir: Path
                                                   ) -> None:
    path = news_dir / "zte-denial-order.txt"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: Commerce bars exports to ZTE", "title: Commerce cuts off ZTE"), encoding="utf-8")
    report = news_graph.ingest([path], workers=1)
    assert [r.outcome for r in report.results] == [Outcome.REPLACED]
    titles = {info.iri: info.title for info in news_graph.documents()}
    assert titles[ZTE] == "Commerce cuts off ZTE"


def test_a_changed_pipeline_fingerprint_re_extracts(news_graph: TradeGraph, news_dir: Path
                                                     ) -> None:
    # Simulate a graph written by an older pipeline version.
    subject = NamedNode(LICENSES)
    pipeline = NamedNode(str(TG.pipeline))
    quads = [q for q in news_graph.store.graph_quads(LICENSES) if q.predicate != pipeline]
    quads.append(Quad(subject, pipeline, Literal("tradegraph-news/0.0.1/old"), subject))
    news_graph.store.replace_graph(LICENSES, quads)

    report = news_graph.ingest([news_dir], workers=1)
    outcomes = {r.document: r.outcome for r in report.results}
    assert outcomes[LICENSES] is Outcome.REPLACED
    assert outcomes[ENTITY_LIST] is outcomes[ZTE] is Outcome.SKIPPED
    assert news_graph.store.document_states()[LICENSES].pipeline == news_graph.pipeline.fingerprint


def test_force_re_ingests_unchanged_documents(news_graph: TradeGraph, news_dir: Path) -> None:
    before = graph_snapshot(news_graph)
    report = news_graph.ingest([news_dir], force=True, workers=1)
    assert [r.outcome for r in report.results] == [Outcome.REPLACED] * 3
    assert all(r.quads > 0 for r in report.results)
    assert graph_snapshot(news_graph) == before


DERIVED = {MINTER.actions_graph, MINTER.lifecycles_graph}


def assert_removed_exactly(before: dict[str, set[Quad]], after: dict[str, set[Quad]],
                           document: str) -> None:
    """Only the document's graph is gone, the others are untouched, and the graphs derived
    from all documents no longer mention its actions."""
    assert set(before) - set(after) == {document}
    assert all(after[name] == before[name] for name in after if name not in DERIVED)
    actions = {q.subject for q in before[document] if q.predicate == NamedNode(str(TG.reportedIn))}
    assert actions
    for name in DERIVED & set(after):
        assert not {q.subject for q in after[name]} & actions, name


def test_remove_by_iri_removes_exactly_that_graph(news_graph: TradeGraph) -> None:
    before = graph_snapshot(news_graph)
    assert news_graph.remove(LICENSES) == LICENSES
    assert_removed_exactly(before, graph_snapshot(news_graph), LICENSES)
    assert news_graph.remove(LICENSES) is None


@pytest.mark.parametrize("identifier", ["zte-denial-order.txt", "elsewhere/zte-denial-order.txt",
                                        "zte-denial-order"])
def test_remove_by_file_name_or_key(news_graph: TradeGraph, identifier: str) -> None:
    before = graph_snapshot(news_graph)
    assert news_graph.remove(identifier) == ZTE
    assert_removed_exactly(before, graph_snapshot(news_graph), ZTE)


def test_remove_of_an_unknown_document_changes_nothing(news_graph: TradeGraph) -> None:
    before = len(news_graph.store)
    assert news_graph.remove("no-such-document.txt") is None
    assert len(news_graph.store) == before


def test_removed_document_is_ingested_again(news_graph: TradeGraph, news_dir: Path) -> None:
    news_graph.remove(ZTE)
    report = news_graph.ingest([news_dir], workers=1)
    outcomes = {r.document: r.outcome for r in report.results}
    assert outcomes[ZTE] is Outcome.INGESTED
    assert outcomes[LICENSES] is Outcome.SKIPPED


def test_queries_see_the_union_of_document_and_reference_graphs(news_graph: TradeGraph) -> None:
    # actions from two documents about one firm; class hierarchy from the ontology graph
    rows = news_graph.select("""
        SELECT DISTINCT ?doc WHERE {
          ?action a ?class ; tg:target ?firm ; tg:reportedIn ?doc .
          ?class rdfs:subClassOf tg:Action .
          ?firm rdfs:label "Huawei Technologies Co., Ltd." .
        } ORDER BY ?doc""")
    assert [row["doc"] for row in rows] == [ENTITY_LIST, LICENSES]


def test_report_lists_results_in_input_order(disk_graph: TradeGraph, tmp_path: Path) -> None:
    """`IngestReport` promises its results "in input order"."""
    folder = tmp_path / "ordered"
    folder.mkdir()
    for name in ("a", "b", "c"):
        (folder / f"{name}.txt").write_text(
            f"The Commerce Department added Huawei to the Entity List. Note {name}.\n")
    disk_graph.ingest([folder / "b.txt"], workers=1)
    report = disk_graph.ingest([folder / "a.txt", folder / "b.txt", folder / "c.txt"],
                               workers=1)
    assert [Path(r.source).name for r in report.results] == ["a.txt", "b.txt", "c.txt"]


def test_same_name_in_two_folders_in_one_run_keeps_both(disk_graph: TradeGraph,
                                                        tmp_path: Path) -> None:
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "notice.txt").write_text(
            f"The Commerce Department denied a license to ZTE. Folder {folder}.\n")
    report = disk_graph.ingest([tmp_path / "one", tmp_path / "two"], workers=1)
    by_folder = {Path(r.source).parent.name: r for r in report.results}
    assert [r.outcome for r in by_folder.values()] == [Outcome.INGESTED] * 2
    assert by_folder["one"].document == MINTER.document("notice")
    second = by_folder["two"].document or ""
    assert second.startswith(MINTER.document("notice-"))
    assert "belongs to another source" in by_folder["two"].notes[0]
    assert "Folder one" in (text_of(disk_graph, MINTER.document("notice")) or "")
    assert "Folder two" in (text_of(disk_graph, second) or "")
    # the next run finds each file's own document again
    again = disk_graph.ingest([tmp_path / "two", tmp_path / "one"], workers=1)
    assert {(r.document, r.outcome) for r in again.results} == {
        (MINTER.document("notice"), Outcome.SKIPPED), (second, Outcome.SKIPPED)}


def test_ingest_documents_takes_loaded_documents_and_load_errors(disk_graph: TradeGraph) -> None:
    document = Document(key="upload-1", source="upload", title="An upload",
                        text="The Commerce Department added ZTE to the Entity List on Monday.")
    failure = LoadError("broken-upload.txt", "file is empty")
    report = disk_graph.ingest_documents([document, failure])
    outcomes = {r.source: (r.outcome, r.reason) for r in report.results}
    assert outcomes["upload"][0] is Outcome.INGESTED
    assert outcomes["broken-upload.txt"] == (Outcome.FAILED, "file is empty")
    assert text_of(disk_graph, MINTER.document("upload-1")) == document.text


def test_remove_leaves_reference_graphs_alone(news_graph: TradeGraph) -> None:
    before = graph_snapshot(news_graph)
    for reference in (ONTOLOGY_IRI, news_graph.minter.gazetteer_graph):
        assert news_graph.remove(reference) is None
    assert graph_snapshot(news_graph) == before
