"""The FCC Covered List in an embedded store on disk and on Virtuoso: screening finds its
firms with the list's entry as evidence, its Huawei is the news' Huawei, its class-only
entries are stored as designations without a target, and the graph conforms to the shapes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.loading.ingestion import Outcome

COVERED_LIST = Path(__file__).parents[1] / "ingest" / "fixtures" / "fcc_covered_list"
"""Our Covered List fixture (shared with the ingest tests)."""
ID = "https://w3id.org/tradegraph/id/"


@pytest.fixture(params=["oxigraph", "virtuoso"])
def graph(request: pytest.FixtureRequest, tmp_path: Path, news_dir: Path
          ) -> Iterator[TradeGraph]:
    """A store holding the fixture news and our Covered List: on disk, or on Virtuoso."""
    path = tmp_path / "covered_list.csv"
    shutil.copyfile(COVERED_LIST / "covered_list.csv", path)
    location = str(tmp_path / "store")
    if request.param == "virtuoso":
        location = request.getfixturevalue("virtuoso").url
    with TradeGraph.open(location) as opened:
        report = opened.ingest([news_dir, path], workers=1)
        assert report.ok, report.failures
        [listed] = [r for r in report.results if r.source == str(path)]
        assert listed.outcome is Outcome.INGESTED and listed.actions == 8
        assert [w.split(":")[0] for w in listed.warnings] == [
            "line 4", "line 9", "line 11", "line 12"]
        yield opened


def test_matching_finds_a_listed_firm_with_the_entry_as_evidence(graph: TradeGraph) -> None:
    best = graph.match("Hikvision").best
    assert best is not None and best.iri == f"{ID}firm/hikvision"
    [listing] = [item for item in best.listings if item.source_list == "FCC Covered List"]
    assert listing.action_type == "Designation" and listing.date == "2021-03-12"
    assert listing.in_force is True
    [evidence] = listing.evidence
    assert evidence.document == f"{ID}doc/covered-list"
    assert evidence.quote.startswith("Video surveillance equipment produced by Hangzhou "
                                     "Hikvision Digital Technology Company")


def test_a_new_firm_of_the_list_is_matched_too(graph: TradeGraph) -> None:
    best = graph.match("COMNET USA, L.L.C.").best
    assert best is not None and best.iri == f"{ID}firm/comnet-usa"
    assert [item.source_list for item in best.listings] == ["FCC Covered List"]


def test_the_list_s_huawei_is_the_news_huawei(graph: TradeGraph) -> None:
    rows = graph.select("""
        SELECT DISTINCT ?document WHERE {
          ?action a tg:Designation ; tg:sourceList "FCC Covered List" ;
                  tg:target <https://w3id.org/tradegraph/id/firm/huawei> .
          GRAPH ?document { <https://w3id.org/tradegraph/id/firm/huawei> rdfs:label ?label }
        }""")
    documents = {row["document"] or "" for row in rows}
    assert f"{ID}doc/covered-list" in documents
    assert len(documents) > 1  # the news name the same node


def test_class_only_entries_are_designations_without_a_target(graph: TradeGraph) -> None:
    rows = graph.select("""
        SELECT ?product WHERE {
          ?action a tg:Designation ; tg:agent <https://w3id.org/tradegraph/id/agency/fcc> ;
                  tg:product ?product .
          FILTER NOT EXISTS { ?action tg:target ?any }
          FILTER NOT EXISTS { ?action tg:country ?country }
        } ORDER BY ?product""")
    assert [(row["product"] or "").rsplit("/", 1)[-1] for row in rows] == [
        "advanced-robotic-devices", "drones", "power-inverters", "routers"]
    assert graph.validate().conforms


def test_the_right_country_of_a_list_party_counts_for_it(graph: TradeGraph) -> None:
    """The list's country is "Russia", ISO's "Russian Federation": RU must agree with it."""
    plain = graph.match("Kaspersky Lab").best
    assert plain is not None and "kaspersky" in plain.iri
    placed = graph.match("Kaspersky Lab", country="RU").best
    assert placed is not None and placed.iri == plain.iri
    assert placed.score >= plain.score
    assert not any("is not the candidate's" in str(f) for f in placed.features)
