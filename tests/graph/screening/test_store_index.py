"""The screening index on a real store (embedded and Virtuoso): the parties it reads, the
listing actions it attaches with their evidence, and its refresh when the store changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.screening.listings import listing_in_force
from tradegraph.graph.screening.name_search import ScreeningError
from tradegraph.graph.screening.pair_evaluation import ListedParty
from tradegraph.graph.screening.results import Listing
from tradegraph.graph.screening.screener import Screener

ENDED_LIST = (
    "source,type,name,alt_names,addresses,country,federal_register_notice,start_date,"
    "end_date\n"
    "Denied Persons List (DPL) - Bureau of Industry and Security,Entity,"
    'Kestrel Avionics Sdn. Bhd.,Kestrel Avionics,"12 Jalan Ampang, Kuala Lumpur, MY",MY,'
    "83 FR 17644,2018-04-15,2018-07-13\n"
    "Entity List (EL) - Bureau of Industry and Security,Entity,"
    'Vantor Microwave Technologies Inc.,,"400 Harbor Way, Oakland, US",US,84 FR 22961,'
    "2019-05-16,\n")


def _list(tmp_path: Path, text: str = ENDED_LIST, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_listed_party_is_read_with_aliases_and_countries(
        pair_set_graph: TradeGraph, pair_set_iris: dict[str, str],
        listed_parties: list[ListedParty]) -> None:
    parties = {p.iri: p for p in pair_set_graph.screener.index().parties}
    for listed in listed_parties:
        party = parties[pair_set_iris[listed.key]]
        assert listed.name in party.names
        assert set(listed.aliases) <= set(party.names), listed.key
        assert listed.country in party.countries, listed.key
        assert party.kind == ("Person" if listed.kind == "Individual" else party.kind)
    assert parties[pair_set_iris["zte"]].kind == "Firm"


def test_a_candidate_carries_its_listing_and_the_row_that_states_it(
        pair_set_graph: TradeGraph, pair_set_iris: dict[str, str]) -> None:
    result = pair_set_graph.match("Chung-hsing Telecommunications Equipment")
    best = result.best
    assert best is not None and best.iri == pair_set_iris["zte"]
    [listing] = [item for item in best.listings if item.source_list]
    assert listing.action_type == "EntityListAddition"
    assert listing.source_list == "Entity List (EL) - Bureau of Industry and Security"
    assert listing.citations[0].startswith("85 FR ")
    assert listing.start_date == "2020-01-15" and listing.in_force is True
    assert listing.evidence and "Zhongxing Telecommunications Equipment Corporation" in (
        listing.evidence[0].quote)
    before = pair_set_graph.match("Chung-hsing Telecommunications Equipment",
                                  as_of=dt.date(2019, 12, 31)).best
    assert before is not None and not before.listed_in_force
    kinds = {feature.kind for feature in best.features}
    assert {"name", "words"} <= kinds


def test_country_and_address_change_the_score_and_say_so(disk_graph: TradeGraph,
                                                         tmp_path: Path) -> None:
    assert disk_graph.ingest([_list(tmp_path)], workers=1).ok
    plain = disk_graph.match("Kestrel Avionics").best
    same = disk_graph.match("Kestrel Avionics", country="Malaysia",
                            address="12 Jalan Ampang, Kuala Lumpur").best
    other = disk_graph.match("Kestrel Avionics", country="DE", threshold=0.5).best
    assert plain is not None and same is not None and other is not None
    assert other.score < plain.score <= same.score
    details = {f.kind: f for f in same.features}
    assert details["country"].value > 0 and details["address"].value > 0
    [mismatch] = [f for f in other.features if f.kind == "country"]
    assert mismatch.value < 0 and "DE is not the candidate's (MY)" in mismatch.detail


def test_a_listing_ended_is_not_in_force_after_its_end(disk_graph: TradeGraph,
                                                       tmp_path: Path) -> None:
    assert disk_graph.ingest([_list(tmp_path)], workers=1).ok
    ended = disk_graph.match("Kestrel Avionics").best
    assert ended is not None and ended.listed and not ended.listed_in_force
    during = disk_graph.match("Kestrel Avionics", as_of=dt.date(2018, 5, 1)).best
    assert during is not None and during.listed_in_force
    current = disk_graph.match("Vantor Microwave Technologies").best
    assert current is not None and current.listed_in_force


def test_in_force_from_status_dates_and_kind() -> None:
    day = dt.date(2020, 6, 1)
    base = Listing(action="a", action_type="EntityListAddition")
    assert listing_in_force(base.__class__(**{**base.__dict__, "status": "InForce"}), day)
    assert listing_in_force(Listing("a", "Sanction", end_date="2020-06"), day) is True
    assert listing_in_force(Listing("a", "Sanction", end_date="2020-05"), day) is False
    assert listing_in_force(Listing("a", "Sanction", start_date="2021"), day) is False
    assert listing_in_force(Listing("a", "Sanction", status="Terminated"), day) is False
    assert listing_in_force(Listing("a", "EntityListRemoval", status="InForce"), day) is False
    assert listing_in_force(Listing("a", "Sanction", status="Proposed"), day) is None


def test_the_index_follows_the_store(disk_graph: TradeGraph, tmp_path: Path) -> None:
    watcher = Screener(disk_graph.store, recheck_seconds=0)  # as another process would
    assert disk_graph.match("Kestrel Avionics").candidates == ()
    assert watcher.match("Kestrel Avionics").candidates == ()
    path = _list(tmp_path)
    assert disk_graph.ingest([path], workers=1).ok
    assert disk_graph.match("Kestrel Avionics").best is not None  # its own write
    assert watcher.match("Kestrel Avionics").best is not None  # seen by fingerprint
    assert disk_graph.remove(path.name) is not None
    assert disk_graph.match("Kestrel Avionics").candidates == ()
    assert watcher.match("Kestrel Avionics").candidates == ()


@pytest.mark.parametrize(("options", "reason"), [
    ({"limit": 0}, "limit"), ({"threshold": 1.5}, "threshold"),
    ({"threshold": -0.1}, "threshold"),
])
def test_bad_settings_are_refused(pair_set_graph: TradeGraph, options: dict[str, float],
                                  reason: str) -> None:
    with pytest.raises(ScreeningError, match=reason):
        pair_set_graph.match("Huawei", **options)  # type: ignore[arg-type]


def test_a_bad_name_is_refused_with_the_name(pair_set_graph: TradeGraph) -> None:
    with pytest.raises(ScreeningError, match=r"cannot screen '\.\.\.': .*no letters"):
        pair_set_graph.match("...")
