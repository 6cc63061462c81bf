"""Time derived incrementally gives what deriving the whole store gives: documents ingested
one at a time (a recall before the act it recalls), all at once, replaced by a changed
version, removed, and a run that stopped before its derivations caught up; compared as sets
of quads of the derived graphs, on both backends."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.loading.known_parties import CACHE_FILE, PartyCache, known_parties
from tradegraph.graph.time.pending import PENDING_FILE, STAMP_FILE, derivation_stamp
from tradegraph.graph.time.scope import Changes, DocumentTouch, read_touch, scope_of
from tradegraph.ingest.demo_corpus import demo_paths
from tradegraph.ontology.models import ActionType, Entity, EntityType

from .conftest import as_if_whole, derived

FIXTURES = Path(__file__).parent / "fixtures"
ONE_AT_A_TIME = [  # the recall and the affiliates' release come before the act they recall
    "truth/kestrel-recalled.txt", "truth/kestrel-affiliates.txt", "truth/kestrel-listed.txt",
    "truth/kestrel-entity-list.csv", "truth/norland-order-terminated.txt",
    "truth/norland-order.txt", "truth/quoted-party.txt", "truth/two-firms-products.txt",
    "news/huawei-licenses.txt", "news/zte-denial-order.txt", "news/huawei-entity-list.txt",
]


def copies(folder: Path) -> list[Path]:
    """Private copies of the fixture documents (free to change), in `ONE_AT_A_TIME` order."""
    paths = []
    for name in ONE_AT_A_TIME:
        target = folder / name.replace("/", "-")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FIXTURES / name, target)
        paths.append(target)
    return paths


def ingest(graph: TradeGraph, *paths: Path) -> None:
    report = graph.ingest(paths, workers=1)
    assert report.ok, report.failures


def test_one_at_a_time_equals_all_at_once_and_a_whole_derivation(
        disk_graph: TradeGraph, tmp_path: Path) -> None:
    paths = copies(tmp_path / "docs")
    for path in paths:
        ingest(disk_graph, path)
    incremental = derived(disk_graph)
    assert incremental[disk_graph.minter.lifecycles_graph]  # standings were derived
    assert incremental == as_if_whole(disk_graph)
    # the recall arrived first and still joined the act: one Entity List addition for Kestrel
    assert disk_graph.stats().actions["EntityListAddition"] >= 1
    status = disk_graph.status("https://w3id.org/tradegraph/id/firm/kestrel-photonics",
                               "2022-02-01")
    [standing] = status.in_force
    assert standing.reports == 3 and any(d.endswith("kestrel-recalled")
                                         for d in standing.documents)
    with TradeGraph.open(str(tmp_path / "together")) as together:
        ingest(together, *paths)
        assert derived(together) == incremental


def test_a_changed_and_a_removed_document_derive_as_the_whole_store(
        disk_graph: TradeGraph, tmp_path: Path) -> None:
    paths = copies(tmp_path / "docs")
    ingest(disk_graph, *paths)
    listed = next(p for p in paths if p.name.endswith("kestrel-listed.txt"))
    listed.write_text(listed.read_text(encoding="utf-8").replace(
        "on Wednesday added", "on Wednesday, March 10, 2021, added"), encoding="utf-8")
    report = disk_graph.ingest([listed], workers=1)
    assert [r.outcome.value for r in report.results] == ["replaced"]
    after_change = derived(disk_graph)
    assert after_change == as_if_whole(disk_graph)
    for name in ("kestrel-entity-list.csv", "norland-order.txt"):
        assert disk_graph.remove(f"truth-{name}") is not None
        after_removal = derived(disk_graph)
        assert after_removal == as_if_whole(disk_graph), name
    # the act the list stated is gone; the news still reports the listing
    status = disk_graph.status("https://w3id.org/tradegraph/id/firm/kestrel-photonics",
                               "2022-02-01")
    assert status.in_force and not any(s.confirmed for s in status.in_force)


def test_a_run_that_stopped_short_is_made_good_by_the_next(tmp_path: Path) -> None:
    paths = copies(tmp_path / "docs")
    location = tmp_path / "store"
    with TradeGraph.open(str(location)) as graph:
        ingest(graph, *paths[:4])
        assert not (location / PENDING_FILE).exists()
        # documents written, derivations not run: as a run killed in between leaves it
        (location / PENDING_FILE).touch()
        graph.store.remove_graph(graph.minter.lifecycles_graph)
        ingest(graph, paths[4])
        assert not (location / PENDING_FILE).exists()
        assert derived(graph)[graph.minter.lifecycles_graph]
        assert derived(graph) == as_if_whole(graph)
        # derived by another tradegraph (tolerance, ontology, version): derived again, all
        assert (location / STAMP_FILE).read_text(encoding="utf-8") == derivation_stamp()
        (location / STAMP_FILE).write_text("0.0 31 elsewhere", encoding="utf-8")
        graph.store.remove_graph(graph.minter.lifecycles_graph)
        ingest(graph, paths[5])
        assert derived(graph)[graph.minter.lifecycles_graph]
        assert derived(graph) == as_if_whole(graph)
        assert (location / STAMP_FILE).read_text(encoding="utf-8") == derivation_stamp()


def test_a_new_store_owes_no_whole_derivation(tmp_path: Path) -> None:
    # it has no stamp yet, but no report and nothing derived either: its first ingest
    # derives only what it wrote (a whole derivation there cost 3 s per 3,000 documents)
    location = tmp_path / "store"
    with TradeGraph.open(str(location)) as graph:
        assert not (location / STAMP_FILE).exists()
        assert not graph._owed()
        ingest(graph, *copies(tmp_path / "docs")[:2])
        assert not graph._owed()
        (location / STAMP_FILE).write_text("0.0 31 elsewhere", encoding="utf-8")
        assert graph._owed()  # what another tradegraph derived is derived again, all of it
        (location / STAMP_FILE).unlink()
    with TradeGraph.open(str(location)) as graph:
        assert graph._owed()  # a store of reports with no stamp: derived before stamps


def test_a_write_through_the_endpoint_owes_a_whole_derivation(tmp_path: Path) -> None:
    from tradegraph.ui.server.writes import run_update

    paths = copies(tmp_path / "docs")
    location = tmp_path / "store"
    with TradeGraph.open(str(location)) as graph:
        ingest(graph, *paths[:4])
        [listed] = [row["g"] for row in graph.select(
            'SELECT ?g WHERE { GRAPH ?g { ?d a tg:Document } '
            'FILTER(CONTAINS(STR(?g), "kestrel-listed")) }')]
        assert PartyCache(str(location)).rows(graph.store)  # kept beside the store
    assert (location / CACHE_FILE).exists()
    run_update(location, f"DROP GRAPH <{listed}>")  # as a SPARQL update sent to `serve`
    assert (location / PENDING_FILE).exists() and not (location / CACHE_FILE).exists()
    with TradeGraph.open(str(location)) as graph:
        ingest(graph, paths[5])  # about other parties: its own scope would miss the drop
        assert not (location / PENDING_FILE).exists()
        assert derived(graph) == as_if_whole(graph)


@pytest.mark.parametrize("order", [list(range(len(ONE_AT_A_TIME)))[::-1]])
def test_the_reverse_order_derives_the_same(order: list[int], tmp_path: Path) -> None:
    paths = copies(tmp_path / "docs")
    with TradeGraph.open(str(tmp_path / "reverse")) as graph:
        for index in order:
            ingest(graph, paths[index])
        reverse = derived(graph)
    with TradeGraph.open(str(tmp_path / "together")) as together:
        ingest(together, *paths)
        assert derived(together) == reverse


# ------------------------------------------------------------------ what reaches further


def derive_for(graph: TradeGraph, iri: str, before: DocumentTouch | None = None) -> None:
    """Corroborate and derive incrementally for one document written, as an ingest does."""
    changes = Changes({iri}, before or DocumentTouch())
    changes.actions = graph.corroborate().republished
    graph.derive_time(changes=changes)


def test_a_new_least_label_relabels_the_acts_of_the_party_and_agent(
        embedded_reports: Any, kit: Any) -> None:
    graph = embedded_reports.graph
    addition = kit.act(ActionType.ENTITY_LIST_ADDITION, date="2021-03-03")
    for key in ("first", "second"):  # two reports of one act: a real action of its own
        derive_for(graph, embedded_reports.write(key, addition, derive=False))
    before = derived(graph)
    # a document about another firm that names Kestrel, and BIS, by lesser names
    renamed = [kit.KESTREL.model_copy(update={"label": "A Kestrel"}),
               kit.BIS.model_copy(update={"label": "A Bureau"}), kit.NORLAND]
    iri = embedded_reports.write(
        "other", kit.act(ActionType.ENTITY_LIST_ADDITION, kit.NORLAND, date="2022-05-05"),
        entities=renamed, derive=False)
    derive_for(graph, iri)
    incremental = derived(graph)
    labels = {o for _, p, o in incremental[graph.minter.lifecycles_graph] if p.endswith("label>")}
    assert any("A Kestrel" in label for label in labels), labels
    assert incremental != before and incremental == as_if_whole(graph)
    # and back: removed, the names are the earlier ones again
    touch = read_touch(graph.store, [iri])
    graph.store.remove_graph(iri)
    derive_for(graph, iri, touch)
    assert derived(graph) == before == as_if_whole(graph)


def test_a_change_of_the_agency_hierarchy_derives_the_whole_store(
        embedded_reports: Any, kit: Any) -> None:
    graph = embedded_reports.graph
    office = Entity(type=EntityType.AGENCY, key="export-office", label="Export Office")
    derive_for(graph, embedded_reports.write(
        "by-office", kit.act(ActionType.ENTITY_LIST_ADDITION, date="2021-03-03", agent=office),
        entities=[office, kit.KESTREL], derive=False))
    derive_for(graph, embedded_reports.write(
        "by-bis", kit.act(ActionType.ENTITY_LIST_ADDITION, date="2021-03-04"), derive=False))
    # now the office is said to be part of the Commerce Department: BIS's line
    inside = office.model_copy(update={"parent": kit.COMMERCE.ref})
    iri = embedded_reports.write("hierarchy", entities=[inside, kit.COMMERCE], derive=False)
    changes = Changes({iri})
    assert scope_of(graph.store, changes, graph.minter.actions_graph, []) is None
    derive_for(graph, iri)
    assert derived(graph) == as_if_whole(graph)


def test_known_parties_read_through_the_cache_are_those_of_a_whole_read(
        tmp_path: Path) -> None:
    paths = copies(tmp_path / "docs")
    location = tmp_path / "store"
    with TradeGraph.open(str(location)) as graph:
        ingest(graph, *paths[:6])
        cache = PartyCache(str(location))
        first = known_parties(graph.store, graph.minter, cache)
        assert first.parties and (location / CACHE_FILE).exists()
        ingest(graph, *paths[6:])
        assert graph.remove("truth-kestrel-entity-list.csv")
        # a fresh cache read from its file, brought up to date: as a read of every graph
        cached = known_parties(graph.store, graph.minter, PartyCache(str(location)))
        assert cached == known_parties(graph.store, graph.minter)
        assert cached != first


def test_the_demo_corpus_one_document_at_a_time_in_reverse() -> None:
    with TradeGraph.open(":memory:") as graph:
        for path in sorted(demo_paths(), reverse=True):
            ingest(graph, path)
        incremental = derived(graph)
        assert incremental[graph.minter.corroboration_graph]  # the legal record confirms
        assert incremental == as_if_whole(graph)


def test_a_batch_too_large_to_scope_derives_as_the_whole_store(
        disk_graph: TradeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Every change is "too many documents": the whole store is derived, in parts. New
    # documents leave nothing stale (no stale pass); a replaced one whose earlier act is
    # gone leaves its old real action and standing, which must go.
    monkeypatch.setattr("tradegraph.graph.time.scope.MAX_DOCUMENTS", 0)
    paths = copies(tmp_path / "docs")
    ingest(disk_graph, *paths)
    assert derived(disk_graph) == as_if_whole(disk_graph)
    listed = next(p for p in paths if p.name.endswith("kestrel-listed.txt"))
    listed.write_text(listed.read_text(encoding="utf-8").replace(
        "added Kestrel Photonics Co., Ltd. to the Entity List",
        "said Kestrel Photonics Co., Ltd. had opened a laser plant"), encoding="utf-8")
    ingest(disk_graph, listed)
    after_change = derived(disk_graph)
    assert after_change == as_if_whole(disk_graph)
