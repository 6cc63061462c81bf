"""A whole derivation in parts gives what deriving the store at once gives: corroboration
and the derivations of time read a few parties at a time (the `derivation_parties`
setting, 3 here, so the fixture documents and a list of 40 rows span many parts), and
the derived graphs are the same as those derived from scratch in one part; also after a
document goes, and with a "same action" statement joining reports of parties that the
parts would otherwise keep apart. On both backends."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.store.protocol import solutions
from tradegraph.graph.time import derivations
from tradegraph.graph.time.partition import in_one_part, parts
from tradegraph.graph.time.scope import read_touch

from .conftest import derived

FIXTURES = Path(__file__).parent / "fixtures"
DOCUMENTS = [
    "truth/kestrel-recalled.txt", "truth/kestrel-affiliates.txt", "truth/kestrel-listed.txt",
    "truth/kestrel-entity-list.csv", "truth/norland-order-terminated.txt",
    "truth/norland-order.txt", "truth/quoted-party.txt", "truth/two-firms-products.txt",
    "news/huawei-licenses.txt", "news/zte-denial-order.txt", "news/huawei-entity-list.txt",
]
ROWS = 40
SMALL_PARTS = "3"
ONE_PART = "1000000"


def write_list(path: Path) -> None:
    """A screening list of our own: `ROWS` rows, every tenth party named again on a later
    row with another alias and start date (two listings of one party)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "type", "name", "alt_names", "start_date"])
        for row in range(ROWS):
            party = row - 5 if row % 10 == 5 and row >= 10 else row
            writer.writerow(["Entity List (EL) - Bureau of Industry and Security", "Entity",
                             f"Tessel {party:03d} Avionics Ltd.", f"AKA {row}",
                             f"20{10 + row % 12}-{1 + row % 12:02d}-{1 + row % 28:02d}"])


@pytest.fixture
def documents(tmp_path: Path) -> list[Path]:
    """Private copies of the fixture documents and the generated list."""
    folder = tmp_path / "docs"
    folder.mkdir()
    paths = []
    for name in DOCUMENTS:
        paths.append(folder / name.replace("/", "-"))
        shutil.copyfile(FIXTURES / name, paths[-1])
    paths.append(folder / "tessel-list.csv")
    write_list(paths[-1])
    return paths


def in_parts(graph: TradeGraph, monkeypatch: pytest.MonkeyPatch, size: str = SMALL_PARTS
             ) -> dict[str, set[tuple[str, str, str]]]:
    """Derive the whole store again in parts of `size` parties; the derived graphs."""
    monkeypatch.setenv("TRADEGRAPH_DERIVATION_PARTIES", size)
    graph.corroborate()
    assert graph.derive_time().parts > 1
    return derived(graph)


def from_scratch(graph: TradeGraph, monkeypatch: pytest.MonkeyPatch
                 ) -> dict[str, set[tuple[str, str, str]]]:
    """The derived graphs removed, then derived again in one part."""
    monkeypatch.setenv("TRADEGRAPH_DERIVATION_PARTIES", ONE_PART)
    for name in (graph.minter.actions_graph, graph.minter.lifecycles_graph,
                 graph.minter.corroboration_graph):
        graph.store.remove_graph(name)
    graph.corroborate()
    assert graph.derive_time().parts == 1
    return derived(graph)


def test_parts_derive_what_one_part_derives(disk_graph: TradeGraph, documents: list[Path],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRADEGRAPH_DERIVATION_PARTIES", SMALL_PARTS)
    report = disk_graph.ingest(documents, workers=1)
    assert report.ok, report.failures
    after_ingest = derived(disk_graph)
    parted = in_parts(disk_graph, monkeypatch)
    assert parted == after_ingest
    whole = from_scratch(disk_graph, monkeypatch)
    assert parted == whole
    assert whole[disk_graph.minter.corroboration_graph]  # the list confirms the news
    assert len(whole[disk_graph.minter.lifecycles_graph]) > 4 * ROWS  # a standing a row


def test_what_a_removed_document_left_is_removed_in_parts(
        disk_graph: TradeGraph, documents: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    report = disk_graph.ingest(documents, workers=1)
    assert report.ok, report.failures
    for name in ("tessel-list", "truth-kestrel-entity-list", "truth-norland-order"):
        [graph_iri] = [row["g"] for row in disk_graph.select(
            "SELECT ?g WHERE { GRAPH ?g { ?g a tg:Document } "
            f'FILTER(STRENDS(STR(?g), "{name}")) }}')]
        disk_graph.store.remove_graph(str(graph_iri))  # as a SPARQL update would
        parted = in_parts(disk_graph, monkeypatch)
        assert parted == from_scratch(disk_graph, monkeypatch), name
    assert not any("tessel" in s for s, _, _ in parted[disk_graph.minter.lifecycles_graph])


def test_a_same_action_statement_keeps_its_reports_in_one_part(
        disk_graph: TradeGraph, documents: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRADEGRAPH_DERIVATION_PARTIES", SMALL_PARTS)
    report = disk_graph.ingest([documents[-1]], workers=1)
    assert report.ok, report.failures
    rows = disk_graph.select("SELECT ?a ?label WHERE { ?a tg:reportedIn ?d ; tg:target ?t . "
                             "?t rdfs:label ?label } ORDER BY ?label")
    first = next(str(r["a"]) for r in rows if "Tessel 001 " in str(r["label"]))
    last = next(str(r["a"]) for r in rows if "Tessel 038 " in str(r["label"]))
    disk_graph.state_actions("same", first, last)
    try:  # a server's statements are kept beside it for the session: withdrawn at the end
        reports = list(parts(disk_graph.store, [(first, last)], 1))  # a party a part
        assert sorted(r for part in reports for r in part) == sorted(
            {str(r["a"]) for r in rows})
        assert any({first, last} <= part for part in reports)
        parted = in_parts(disk_graph, monkeypatch, "1")
        [[one], [other]] = [[o for s, p, o in parted[disk_graph.minter.actions_graph]
                             if s == f"<{report}>" and p.endswith("sameActionAs>")]
                            for report in (first, last)]
        assert one == other  # one real action of the two listings
        assert parted == from_scratch(disk_graph, monkeypatch)
    finally:
        disk_graph.withdraw_action_statement(1)


def test_parts_are_closed_and_cover_every_report_once(disk_graph: TradeGraph,
                                                      documents: list[Path]) -> None:
    report = disk_graph.ingest(documents, workers=1)
    assert report.ok, report.failures
    every = {row["a"].value for row in solutions(disk_graph.store.query(
        "SELECT DISTINCT ?a WHERE { ?a tg:reportedIn ?d }"))}
    found = list(parts(disk_graph.store, [], 2))
    assert len(found) > 10 and sorted(r for part in found for r in part) == sorted(every)
    for part in found:  # every report of a party of the part is in it
        values = " ".join(f"<{r}>" for r in sorted(part))
        others = {row["b"].value for row in solutions(disk_graph.store.query(
            f"SELECT DISTINCT ?b WHERE {{ VALUES ?a {{ {values} }} ?a tg:target ?t . "
            "?b tg:target ?t ; tg:reportedIn ?d }"))}
        assert others <= part
    with pytest.raises(ValueError, match="1 party or more"):
        next(parts(disk_graph.store, [], 0))
    # one part holds the store when its parties and untargeted reports are within the bound
    counted = len(list(solutions(disk_graph.store.query(
        "SELECT DISTINCT ?t WHERE { ?a tg:reportedIn ?d ; tg:target ?t }")))) + len(list(
        solutions(disk_graph.store.query("SELECT DISTINCT ?a WHERE { ?a tg:reportedIn ?d "
                                         "FILTER NOT EXISTS { ?a tg:target ?t } }"))))
    assert in_one_part(disk_graph.store, counted)
    assert not in_one_part(disk_graph.store, counted - 1)
    assert len(list(parts(disk_graph.store, [], counted))) == 1


def test_a_large_document_is_counted_not_read(disk_graph: TradeGraph,
                                             documents: list[Path]) -> None:
    report = disk_graph.ingest([documents[-1]], workers=1)
    assert report.ok, report.failures
    [listing] = [r.document for r in report.results]
    assert listing is not None
    touch = read_touch(disk_graph.store, [listing])
    assert len(touch.reports) == ROWS and not touch.too_large
    small = read_touch(disk_graph.store, [listing], limit=ROWS - 1)
    assert small.too_large and not small.reports and not small.labels


def test_a_store_of_one_part_is_read_whole_unless_its_derived_graphs_are_large(
        disk_graph: TradeGraph, documents: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    report = disk_graph.ingest(documents, workers=1)
    assert report.ok, report.failures
    before = derived(disk_graph)
    read_whole: list[int] = []
    whole = derivations._derive_whole
    monkeypatch.setattr(derivations, "_derive_whole",
                        lambda *args: read_whole.append(1) or whole(*args))
    store, minter = disk_graph.store, disk_graph.minter
    assert derivations.derive_time(store, minter, parties=10**6).parts == 1
    assert read_whole == [1] and derived(disk_graph) == before
    # derived graphs of more quads a party than the bound (as a large list just removed
    # leaves) are read back part by part, never whole
    monkeypatch.setattr(derivations, "DERIVED_QUADS_PER_PARTY", 0)
    assert derivations.derive_time(store, minter, parties=10**6).parts == 1
    assert read_whole == [1] and derived(disk_graph) == before
