"""A screening list read and written in parts (issue #26: memory that follows the part, not
the list) stores exactly what it stores read whole: parties named on rows far apart are
merged, broken rows are reported by line, a changed list replaces the old one, and what a
write cut short left behind is cleared. On the embedded store and on Virtuoso."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.loading import ingestion
from tradegraph.graph.loading.ingestion import Outcome

from .conftest import as_if_whole, derived

EL = "Entity List (EL) - Bureau of Industry and Security"
HEADER = "source,type,name,alt_names,addresses,start_date,end_date,federal_register_notice\n"
ROWS = [
    f'{EL},Entity,Kestrel Photonics Co. Ltd.,Kestrel,"1 Harbour Road, Shenzhen, CN",'
    "2019-05-16,,84 FR 22961\n",
    f'{EL},Entity,Norland Optics Corp.,,"2 Hill Street, Hong Kong, HK",2020-08-20,,85 FR 51596\n',
    f"{EL},Entity,Vantor Avionics Ltd.,,,2021-01-15,,86 FR 4865\n",
    ",,,,,,,\n",  # an empty row
    f'{EL},Entity,"Quorra Systems Inc.,,,2021-06-03,,86 FR 29189\n',  # an unclosed quote...
    f"{EL},Entity,Helix Marine Ltd.,,,2022-02-02,,87 FR 1000\n",
    f"{EL},Entity,Tessel Logistics LLC,,,not a date,,87 FR 2000\n",  # a bad date
    f'{EL},Entity,Kestrel Photonics Co. Ltd.,KPC,"9 Port Avenue, Dongguan, CN",'
    "2019-05-16,,84 FR 22961\n",  # Kestrel again, far from its first row
    f"{EL},Entity,Corvid Trading FZE,,,2023-03-03,,88 FR 3000\n",
    f"{EL},Entity,Lumen Components GmbH,,,2023-04-04,2024-01-01,88 FR 4000\n",
]


def write_list(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def stored(graph: TradeGraph) -> set[str]:
    """The triples of the list's graph."""
    return {str(quad.triple) for quad in graph.store.graph_quads(graph.minter.document("el"))}


def ingest(graph: TradeGraph, path: Path, rows_per_part: int,
           monkeypatch: pytest.MonkeyPatch) -> ingestion.DocumentResult:
    monkeypatch.setattr(ingestion, "ROWS_PER_PART", rows_per_part)
    [result] = graph.ingest([path], workers=1).results
    return result


def test_a_list_in_parts_stores_what_it_stores_whole(
        disk_graph: TradeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    listing = write_list(tmp_path / "el.csv", ROWS)
    in_parts = ingest(disk_graph, listing, 3, monkeypatch)
    assert in_parts.outcome is Outcome.INGESTED, in_parts.reason
    with TradeGraph.open(str(tmp_path / "whole")) as whole_graph:
        whole = ingest(whole_graph, listing, 1_000, monkeypatch)
        expected = stored(whole_graph)
    assert stored(disk_graph) == expected
    assert (in_parts.quads, in_parts.actions, in_parts.lost) == (
        whole.quads, whole.actions, whole.lost)
    assert whole.lost == 1 and whole.actions >= 5
    assert in_parts.warnings == whole.warnings and len(whole.warnings) >= 2
    kestrel = disk_graph.resolve("Kestrel Photonics Co. Ltd.")
    aliases = disk_graph.select(f"SELECT ?a WHERE {{ <{kestrel.iri}> skos:altLabel ?a }}")
    assert {row["a"] for row in aliases} >= {"Kestrel", "KPC"}  # merged from both rows


def test_a_changed_list_in_parts_replaces_the_old_and_clears_what_a_cut_write_left(
        disk_graph: TradeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    listing = write_list(tmp_path / "el.csv", ROWS)
    assert ingest(disk_graph, listing, 3, monkeypatch).outcome is Outcome.INGESTED
    changed = write_list(tmp_path / "el.csv", [ROWS[0], ROWS[1], ROWS[8]])
    result = ingest(disk_graph, changed, 1, monkeypatch)
    assert result.outcome is Outcome.REPLACED and result.actions == 3
    with TradeGraph.open(str(tmp_path / "fresh")) as fresh:
        ingest(fresh, changed, 1_000, monkeypatch)
        expected = stored(fresh)
    assert stored(disk_graph) == expected
    # the delisted parties' derived facts went with the old version: time derived for what
    # the replacement touched is what deriving the whole store gives
    incremental = derived(disk_graph)
    assert incremental == as_if_whole(disk_graph)
    # a write cut short: parts without the document's own statements, and a stray quad
    iri = disk_graph.minter.document("el")
    disk_graph.remove(iri)
    stray = Quad(NamedNode("https://example.org/stray"), NamedNode("https://example.org/p"),
                 Literal("left by a write cut short"), NamedNode(iri))
    disk_graph.store.append_nquads(f"{stray} .\n".encode(), iri)
    assert ingest(disk_graph, changed, 1, monkeypatch).outcome is Outcome.INGESTED
    assert stored(disk_graph) == expected  # the stray quad is gone
