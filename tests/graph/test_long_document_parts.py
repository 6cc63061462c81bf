"""A long text is read and written a section at a time (#26 item 4: memory that follows the
section, not the document) and stores what it stores read whole: the same triples, the
evidence of a fact in its last section at the right offsets of the stored text, and a
changed long text replaces the old one. On the embedded store and on Virtuoso."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.loading.ingestion import Outcome
from tradegraph.ingest import sections

FIRMS = ["Norvale Optics Co., Ltd.", "Kestrel Widgets Co., Ltd.", "Talis Sensors Co., Ltd."]
LAST_FACT = ("On June 9, 2031, the Bureau of Industry and Security added Brisk Harbour "
             "Robotics Ltd. to the Entity List.")


def long_text(paragraphs: int) -> str:
    body = []
    for number in range(paragraphs):
        day = dt.date(2031, 1, 1) + dt.timedelta(days=number)
        body.append(f"On {day:%B} {day.day}, {day.year}, the Bureau of Industry and Security "
                    f"added {FIRMS[number % 3]} to the Entity List.  Analysts said its "
                    f"shares fell {number % 7 + 2} percent.\n\n")
    return "Export curbs over one year\n\n" + "".join(body) + LAST_FACT + "\n"


def stored(graph: TradeGraph, key: str) -> set[str]:
    return {str(quad.triple) for quad in graph.store.graph_quads(graph.minter.document(key))}


def ingest(graph: TradeGraph, path: Path, section_chars: int,
           monkeypatch: pytest.MonkeyPatch) -> Outcome:
    monkeypatch.setattr(sections, "SECTION_CHARS", section_chars)
    [result] = graph.ingest([path], workers=1).results
    assert result.outcome in (Outcome.INGESTED, Outcome.REPLACED), result.reason
    return result.outcome


def test_a_long_text_in_sections_stores_what_it_stores_whole(
        disk_graph: TradeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "curbs.txt"
    text = long_text(40)
    path.write_text(text, encoding="utf-8")
    ingest(disk_graph, path, 1_500, monkeypatch)  # some ten sections
    with TradeGraph.open(str(tmp_path / "whole")) as whole:
        ingest(whole, path, 1_000_000, monkeypatch)
        expected = stored(whole, "curbs")
    assert stored(disk_graph, "curbs") == expected
    rows = disk_graph.select("""
        SELECT ?start ?end ?quote WHERE {
          ?action tg:target ?firm ; tg:evidence ?note .
          ?firm rdfs:label ?name . FILTER(STR(?name) = "Brisk Harbour Robotics Ltd.")
          ?note oa:hasTarget/oa:hasSelector ?position , ?exact .
          ?position oa:start ?start ; oa:end ?end . ?exact oa:exact ?quote }""")
    start = text.index(LAST_FACT)
    assert [(int(row["start"]), int(row["end"]), row["quote"]) for row in rows] == [
        (start, start + len(LAST_FACT), LAST_FACT)]


def test_a_changed_long_text_replaces_the_old(
        disk_graph: TradeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "curbs.txt"
    versions = [long_text(40), long_text(30)]
    outcomes = []
    for text in versions:
        path.write_text(text, encoding="utf-8")
        outcomes.append(ingest(disk_graph, path, 1_500, monkeypatch))
    assert outcomes == [Outcome.INGESTED, Outcome.REPLACED]
    with TradeGraph.open(str(tmp_path / "whole")) as whole:  # the same two, read whole
        for text in versions:
            path.write_text(text, encoding="utf-8")
            ingest(whole, path, 1_000_000, monkeypatch)
        assert stored(disk_graph, "curbs") == stored(whole, "curbs")


def test_a_name_made_fuller_in_a_later_section_leaves_one_label(
        disk_graph: TradeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The first section names the firm shortly, the last in full: the entity's label is the
    # fullest name, as a whole reading gives it, with no second label from the first part.
    path = tmp_path / "fuller.txt"
    first = ("On January 4, 2031, the Bureau of Industry and Security added Brisk Harbour "
             "Robotics Ltd. to the Entity List.\n\n")
    path.write_text("Export curbs\n\n" + first + long_text(30).split("\n\n", 1)[1]
                    + "On July 1, 2031, the Bureau of Industry and Security added Brisk "
                    "Harbour Robotics Company Limited to the Unverified List.\n",
                    encoding="utf-8")
    ingest(disk_graph, path, 1_500, monkeypatch)
    with TradeGraph.open(str(tmp_path / "whole")) as whole:
        ingest(whole, path, 1_000_000, monkeypatch)
        expected = stored(whole, "fuller")
    assert stored(disk_graph, "fuller") == expected
    labels = disk_graph.select(f"""SELECT ?label WHERE {{ GRAPH <{disk_graph.minter.document(
        "fuller")}> {{ ?firm rdfs:label ?label ; skos:altLabel ?short }}
        FILTER(CONTAINS(STR(?short), "Brisk")) }}""")
    assert [row["label"] for row in labels] == ["Brisk Harbour Robotics Company Limited"]
