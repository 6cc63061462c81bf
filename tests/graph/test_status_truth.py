"""Status an analyst can trust, on documents we wrote (tests/graph/fixtures/truth/), one set per
failure class, on both backends: an affiliates release adds no second listing, a later release
that recalls a listing joins it, a terminating order's title is not its end, a party named only
in a quotation is no target, and one firm's products are not another's."""

from __future__ import annotations

from pathlib import Path

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.time.status import EntityStatus

TRUTH = Path(__file__).parent / "fixtures" / "truth"
ID = "https://w3id.org/tradegraph/id/"
KESTREL, NORLAND, ORRIN = (ID + "firm/kestrel-photonics", ID + "firm/norland-optics",
                           ID + "firm/orrin-systems")


def ingest(graph: TradeGraph, *names: str) -> TradeGraph:
    report = graph.ingest([TRUTH / name for name in names], workers=1)
    assert report.ok, report.failures
    return graph


def listing(status: EntityStatus) -> list[str]:
    """The Entity List standings in force, by the day they began."""
    return [s.applies_from for s in status.in_force if s.regime == "Entity List"]


def test_an_affiliates_release_adds_no_second_listing(disk_graph: TradeGraph) -> None:
    graph = ingest(disk_graph, "kestrel-entity-list.csv", "kestrel-listed.txt",
                   "kestrel-affiliates.txt")
    for day in ("2021-10-01", "2025-01-01"):
        status = graph.status(KESTREL, day)
        assert listing(status) == ["2021-03-03"], day
        line = status.line("Entity List")
        assert line is not None and line.state == "in force" and line.confirmed
        assert line.since == "2021-03-03" and line.citations == ["86 FR 10101"]
    # the release's act, read as Kestrel's or as its affiliates', holds no standing of its own
    later = [h for h in line.history if (h.date or "") >= "2021-09"]
    assert later and all(h.role in ("amends", "affiliates") for h in later), later


def test_a_later_release_recalling_the_listing_joins_it(disk_graph: TradeGraph) -> None:
    graph = ingest(disk_graph, "kestrel-entity-list.csv", "kestrel-listed.txt",
                   "kestrel-recalled.txt")
    status = graph.status(KESTREL, "2022-02-01")
    assert listing(status) == ["2021-03-03"]
    [standing] = status.in_force
    assert any(d.endswith("/doc/kestrel-recalled") for d in standing.documents)
    assert standing.reports == 3 and standing.confirmed  # the list, the news, the recall
    # counted once: one real Entity List addition in the store
    assert graph.stats().actions["EntityListAddition"] == 1
    assert not [h for line in status.regimes for h in line.history if h.role != "standing"]


def test_a_terminating_orders_title_is_not_its_end(disk_graph: TradeGraph) -> None:
    graph = ingest(disk_graph, "norland-order.txt", "norland-order-terminated.txt")
    assert graph.status(NORLAND, "2021-06-01").regimes_in_force == ["denial order"]
    [order] = graph.status(NORLAND, "2021-06-01").in_force
    assert (order.applies_from, order.applies_until) == ("2021-05-05", "2021-10-14")
    assert graph.status(NORLAND, "2021-11-01").regimes_in_force == []


def test_a_party_named_only_in_a_quotation_is_no_target(disk_graph: TradeGraph) -> None:
    graph = ingest(disk_graph, "quoted-party.txt")
    status = graph.status(ORRIN, "2022-01-01")
    assert status.standings == [] and status.regimes == []
    listed = graph.select(f"""SELECT ?a WHERE {{ ?a a tg:EntityListAddition ;
        tg:target <{ORRIN}> FILTER NOT EXISTS {{ ?a tg:sameActionAs ?real }} }}""")
    assert listed == []


def test_one_firms_products_are_not_anothers(disk_graph: TradeGraph) -> None:
    graph = ingest(disk_graph, "two-firms-products.txt")
    rows = graph.select(f"""SELECT DISTINCT ?firm ?product WHERE {{
        VALUES ?firm {{ <{KESTREL}> <{NORLAND}> }}
        ?a tg:target ?firm FILTER NOT EXISTS {{ ?a tg:sameActionAs ?real }}
        OPTIONAL {{ ?a tg:product ?product }} }}""")
    products = {(r["firm"], (r["product"] or "").rsplit("/", 1)[-1]) for r in rows}
    assert (KESTREL, "drones") not in products
    assert {firm for firm, _ in products} == {KESTREL, NORLAND}
