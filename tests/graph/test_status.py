"""Status as of a date (graph/time/status.py through `TradeGraph.status`): Huawei on three days of
2019 and 2020 in the demo corpus, on both backends; the SPARQL pattern agrees; names and
dates that the graph cannot answer for get clear errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.query.lookup import AmbiguousEntityError, UnknownEntityError
from tradegraph.graph.time.status import lifecycle_query, status_query
from tradegraph.ontology.models import ActionType

ID = "https://w3id.org/tradegraph/id/"
HUAWEI = ID + "firm/huawei"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def by_regime(graph: TradeGraph, day: str) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for standing in graph.status("Huawei", day).standings:
        found.setdefault(standing.regime, []).append(standing)
    return found


def test_huawei_is_not_listed_before_may_2019(demo_graph: TradeGraph) -> None:
    status = demo_graph.status("Huawei", "2019-05-10")
    assert (status.entity, status.label, status.as_of) == (
        HUAWEI, "Huawei Technologies Co., Ltd.", "2019-05-10")
    assert status.standings == [] and not status.stands_under("Entity List")


def test_huawei_listed_with_its_citation_and_under_the_license_on_20_may_2019(
        demo_graph: TradeGraph) -> None:
    status = demo_graph.status("huawei", dt.date(2019, 5, 20))  # an alias, any case
    assert status.stands_under("Entity List")
    assert status.stands_under("temporary general license")
    [listing] = by_regime(demo_graph, "2019-05-20")["Entity List"]
    assert (listing.state, listing.applies_from, listing.citations, listing.confirmed) == (
        "in force", "2019-05-16", ["84 FR 22961"], True)
    assert listing.dates == {"announced": "2019-05-15", "effective": "2019-05-16",
                             "first reported": "2019-05-16"}
    assert listing.known_by_then and listing.source_lists == [
        "Entity List (EL) - Bureau of Industry and Security"]
    # three articles and the list extract, and a later release that names the listing
    # without a day (a recall: it joins the act, it opens no listing of its own)
    assert {d.rsplit("/", 1)[-1][:2] for d in listing.documents} >= {"03", "04", "06", "20"}
    assert listing.reports == len(listing.documents)
    [license_] = by_regime(demo_graph, "2019-05-20")["temporary general license"]
    assert (license_.state, license_.effect, license_.applies_from, license_.confirmed) == (
        "in force", "authorization", "2019-05-20", False)  # reported only


def test_huawei_listed_and_the_license_ended_on_20_august_2020(demo_graph: TradeGraph) -> None:
    status = demo_graph.status("Huawei Technologies Co., Ltd.", "2020-08-20")
    assert status.stands_under("Entity List")
    assert not status.stands_under("temporary general license")
    regimes = by_regime(demo_graph, "2020-08-20")
    assert any(s.citations == ["84 FR 22961"] and s.state == "in force"
               for s in regimes["Entity List"])
    licenses = regimes["temporary general license"]
    assert {s.state for s in licenses} == {"ended"}
    last = max(licenses, key=lambda s: s.applies_from)
    assert (last.applies_from, last.applies_until, last.ended_by_type) == (
        "2020-05-15", "2020-08-13", "Temporary general license")  # "confirmed the end"
    assert last.end_known_since == "2020-08-17"
    first = min(licenses, key=lambda s: s.applies_from)
    assert first.applies_until == "2019-08-19"  # extended that day


def test_what_applied_before_anyone_reported_it(demo_graph: TradeGraph) -> None:
    """The listing of Hikvision took effect on 9 October, the article came out on the 8th."""
    [entry] = demo_graph.status("Hikvision", "2019-10-08").standings
    assert (entry.state, entry.known_by_then) == ("announced", True)
    [entry] = demo_graph.status("Hikvision", "2019-10-09").standings
    assert entry.state == "in force"


def test_the_sparql_pattern_gives_what_status_gives(demo_graph: TradeGraph) -> None:
    for day in ("2019-05-10", "2019-05-20", "2020-08-20"):
        rows = demo_graph.select(status_query(HUAWEI, dt.date.fromisoformat(day)))
        expected = {s.action for s in demo_graph.status(HUAWEI, day).in_force}
        assert {r["action"] for r in rows} == expected, day
    rows = demo_graph.select(lifecycle_query(HUAWEI))
    # the 2020 release's "38 Huawei affiliates" read as Huawei: it amends, it adds nothing
    assert {r["link"] for r in rows} == {"extends", "terminates", "amends"}


@pytest.mark.parametrize("ref", [HUAWEI, "firm/huawei", "  HUAWEI  "])
def test_an_entity_by_iri_reference_or_name(demo_graph: TradeGraph, ref: str) -> None:
    assert demo_graph.resolve(ref).iri == HUAWEI


def test_an_unknown_name_gets_the_closest_labels(demo_graph: TradeGraph) -> None:
    with pytest.raises(UnknownEntityError, match="no entity named 'Huawai' in the graph; "
                                                 "closest: Huawei") as raised:
        demo_graph.status("Huawai", "2019-05-20")
    assert raised.value.candidates[0].iri == HUAWEI
    with pytest.raises(UnknownEntityError, match="'Zzyzx Qwerty' is not in the graph"):
        demo_graph.status("Zzyzx Qwerty")
    with pytest.raises(UnknownEntityError, match="is not in the graph"):
        demo_graph.status(ID + "firm/nobody")
    with pytest.raises(UnknownEntityError):
        demo_graph.status("")


def test_a_name_of_several_entities_asks_which(embedded_reports: Any, kit: Any) -> None:
    embedded_reports.write("a", kit.act(ActionType.SANCTION, kit.KESTREL, kit.NORLAND,
                                        date="2021-03-01"))
    graph = embedded_reports.graph
    firms = {ID + "firm/kestrel-photonics", ID + "firm/norland-optics"}
    name = NamedNode(ID + "doc/aliases")
    graph.store.replace_graph(name.value, [
        Quad(NamedNode(firm), NamedNode(SKOS + "altLabel"), Literal("Acme"), name)
        for firm in sorted(firms)])
    with pytest.raises(AmbiguousEntityError, match="'Acme' names 2 entities") as raised:
        graph.status("Acme", "2021-04-01")
    assert {c.iri for c in raised.value.candidates} == firms
