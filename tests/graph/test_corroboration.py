"""Corroboration: actions reported in the news linked to the legal-record actions (list
entries, rules) that confirm them, and listings to the Federal Register documents that
published them.

The legal record here is built with the real mapping (`extraction_to_quads`) from documents
marked as structured, written next to the fixture news ingested through `TradeGraph.ingest`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.time.corroboration import (
    DEFAULT_TOLERANCE_DAYS,
    TOLERANCE_ENV,
    Interval,
    confirmations_query,
    date_interval,
    find_links,
    normalise_citation,
)
from tradegraph.ontology.mapping import extraction_to_quads
from tradegraph.ontology.models import (
    Action,
    ActionType,
    Document,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    PartialDate,
    Status,
)

HUAWEI = Entity(type=EntityType.FIRM, key="huawei", label="Huawei Technologies Co., Ltd.")
ZTE = Entity(type=EntityType.FIRM, key="zte", label="ZTE Corporation")
BIS = Entity(type=EntityType.AGENCY, key="bis", label="Bureau of Industry and Security")
COMMERCE = Entity(type=EntityType.AGENCY, key="commerce-department", label="Commerce Department")
ENTITY_LIST = "Entity List (EL) - Bureau of Industry and Security"

# The fixture news dates the Huawei listing 2019-05-15 ("on Wednesday", published the 16th).
NEWS_LISTING = "SELECT ?a WHERE { ?a a tg:EntityListAddition ; tg:reportedIn ?d . " \
               "?d dcterms:identifier \"huawei-entity-list\" }"

Row = tuple[ActionType, Entity, str | None, str | None]
"""One list row: action type, target, tg:date, citation."""


def write_legal_record(graph: TradeGraph, key: str, rows: list[Row], *,
                       structured: str = "screening-list", citation: str | None = None,
                       agent: Entity = BIS) -> str:
    """Write a legal-record document (one action per row) with the real mapping; its IRI."""
    lines = [f"{target.label} | {kind.value} | {date or 'undated'} | {cited or ''}"
             for kind, target, date, cited in rows]
    text = "\n".join(lines) or "no rows"
    document = Document(key=key, text=text, source=f"{key}.csv", title=f"List {key}",
                        structured=structured, citation=citation)
    actions, offset = [], 0
    for line, (kind, target, date, cited) in zip(lines, rows, strict=True):
        evidence = Evidence(start=offset, end=offset + len(line), quote=line,
                            extractor="test-list", extractor_version="1")
        offset += len(line) + 1
        parsed = PartialDate.parse(date) if date else None
        actions.append(Action(type=kind, agents=[agent.ref], targets=[target.ref], date=parsed,
                              start_date=parsed, status=Status.IN_FORCE, evidence=[evidence],
                              citations=[cited] if cited else [], source_list=ENTITY_LIST))
    extraction = Extraction(document=document, pipeline="test", extractor="test-list",
                            extractor_version="1", entities=[HUAWEI, ZTE, agent],
                            actions=actions)
    iri = graph.minter.document(key)
    graph.store.replace_graph(iri, extraction_to_quads(extraction, graph.minter))
    return iri


def reported_listing(graph: TradeGraph) -> str:
    rows = graph.select(NEWS_LISTING)
    assert len(rows) == 1, rows
    value = rows[0]["a"]
    assert value is not None
    return value


def confirmed_by(graph: TradeGraph, action: str) -> set[str]:
    rows = graph.select(f"SELECT ?l WHERE {{ <{action}> tg:confirmedBy ?l }}")
    return {row["l"] or "" for row in rows}


def legal_actions(graph: TradeGraph, document: str) -> list[str]:
    rows = graph.select(f"SELECT ?a WHERE {{ ?a tg:reportedIn <{document}> }} ORDER BY ?a")
    return [row["a"] or "" for row in rows]


@pytest.fixture
def news(tmp_path: Path, news_dir: Path) -> Callable[[], TradeGraph]:
    """`news()`: an embedded store on disk holding the fixture news (one per test)."""
    def make() -> TradeGraph:
        graph = TradeGraph.open(str(tmp_path / "store"))
        assert graph.ingest([news_dir], workers=1).ok
        return graph
    return make


# ------------------------------------------------------------------ dates and citations

@pytest.mark.parametrize(("text", "first", "last"), [
    ("2019-05-16", "2019-05-16", "2019-05-16"),
    ("2019-05", "2019-05-01", "2019-05-31"),
    ("2020-02", "2020-02-01", "2020-02-29"),
    ("2019", "2019-01-01", "2019-12-31"),
])
def test_a_partial_date_covers_its_days(text: str, first: str, last: str) -> None:
    assert date_interval(text) == Interval(dt.date.fromisoformat(first),
                                           dt.date.fromisoformat(last))


@pytest.mark.parametrize("text", ["", "May 2019", "2019-13", "2019-02-30", None])
def test_an_unreadable_date_has_no_interval(text: str | None) -> None:
    assert date_interval(text) is None


def test_the_gap_between_intervals_counts_days_apart_and_zero_for_overlap() -> None:
    may, june_20 = date_interval("2019-05"), date_interval("2019-06-20")
    assert may is not None and june_20 is not None
    assert may.gap(june_20) == june_20.gap(may) == 20
    assert may.gap(date_interval("2019") or may) == 0


def test_citations_compare_in_one_spelling() -> None:
    assert normalise_citation("84 F.R.  22961") == normalise_citation("84 FR 22961")
    assert normalise_citation("84 fr 22961") == "84 FR 22961"
    assert normalise_citation("84 FR 22961") != normalise_citation("84 FR 22962")


# ------------------------------------------------------------------ matching

def test_the_news_listing_is_confirmed_by_its_list_entry_on_each_backend(
        disk_graph: TradeGraph, news_dir: Path) -> None:
    document = write_legal_record(disk_graph, "csl", [
        (ActionType.ENTITY_LIST_ADDITION, HUAWEI, "2019-05-16", "84 FR 22961")])
    # the link is derived when the news arrives, with no further call
    assert disk_graph.ingest([news_dir], workers=1).ok
    [entry] = legal_actions(disk_graph, document)
    reported = reported_listing(disk_graph)
    assert confirmed_by(disk_graph, reported) == {entry}
    assert bool(disk_graph.query(f"ASK {{ <{entry}> tg:confirms <{reported}> }}"))
    links = disk_graph.store.graph_quads(disk_graph.minter.corroboration_graph)
    assert {quad.predicate.value.rsplit("#", 1)[1] for quad in links} == {
        "confirmedBy", "confirms"}

    rows = disk_graph.confirmations()
    confirmed = [row for row in rows if row["status"] == "confirmed"]
    assert [(row["action"], row["confirmedBy"], row["citation"], row["sourceList"])
            for row in confirmed] == [(reported, entry, "84 FR 22961", ENTITY_LIST)]
    only = {row["type"] for row in rows if row["status"] == "reported only"}
    assert {"denial order", "license approval"} <= only
    assert all(row["status"] == "reported only" for row in disk_graph.confirmations(
        "reported-only"))
    assert [row["action"] for row in disk_graph.confirmations("confirmed")] == [reported]

    # removing the list entry's document drops the link
    assert disk_graph.remove(document) == document
    assert confirmed_by(disk_graph, reported) == set()
    assert not disk_graph.store.graph_quads(disk_graph.minter.corroboration_graph)
    assert all(row["status"] == "reported only" for row in disk_graph.confirmations())


@pytest.mark.parametrize(("row", "why"), [
    ((ActionType.ENTITY_LIST_REMOVAL, HUAWEI, "2019-05-16", None), "another action type"),
    ((ActionType.ENTITY_LIST_ADDITION, ZTE, "2019-05-16", None), "no shared target"),
    ((ActionType.ENTITY_LIST_ADDITION, HUAWEI, "2019-08-01", None), "78 days later"),
    ((ActionType.ENTITY_LIST_ADDITION, HUAWEI, "2020", None), "a year that starts 231 days on"),
    ((ActionType.ENTITY_LIST_ADDITION, HUAWEI, "2019-03", None), "a month ending 45 days before"),
])
def test_a_list_entry_that_differs_confirms_nothing(
        news: Callable[[], TradeGraph], row: Row, why: str) -> None:
    with news() as graph:
        write_legal_record(graph, "csl", [row])
        graph.corroborate()
        assert confirmed_by(graph, reported_listing(graph)) == set(), why
        assert all(r["status"] == "reported only" for r in graph.confirmations())


@pytest.mark.parametrize("date", ["2019-06", "2019", "2019-06-15", "2019-04-14"])
def test_dates_within_the_tolerance_confirm(news: Callable[[], TradeGraph], date: str) -> None:
    # June 2019 starts 17 days after the 15th of May; 2019 contains it; 31 days either side
    with news() as graph:
        [entry] = legal_actions(graph, write_legal_record(graph, "csl", [
            (ActionType.ENTITY_LIST_ADDITION, HUAWEI, date, None)]))
        graph.corroborate()
        assert confirmed_by(graph, reported_listing(graph)) == {entry}


def test_the_tolerance_is_configurable(news: Callable[[], TradeGraph],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    assert DEFAULT_TOLERANCE_DAYS == 31
    with news() as graph:
        [entry] = legal_actions(graph, write_legal_record(graph, "csl", [
            (ActionType.ENTITY_LIST_ADDITION, HUAWEI, "2019-08-01", None)]))
        reported = reported_listing(graph)
        graph.corroborate(tolerance_days=78)
        assert confirmed_by(graph, reported) == {entry}
        graph.corroborate(tolerance_days=77)
        assert confirmed_by(graph, reported) == set()
        monkeypatch.setenv(TOLERANCE_ENV, "90")
        graph.corroborate()
        assert confirmed_by(graph, reported) == {entry}
        monkeypatch.setenv(TOLERANCE_ENV, "three months")
        with pytest.raises(ValueError, match=TOLERANCE_ENV):
            graph.corroborate()
        with pytest.raises(ValueError, match="0 days or more"):
            find_links(graph.store, tolerance_days=-1)


def test_a_reported_month_matches_a_day_of_the_legal_record(
        news: Callable[[], TradeGraph]) -> None:
    # the fixture's licence denial is dated 2019-11 (a month); the rule's day lies in it
    with news() as graph:
        [entry] = legal_actions(graph, write_legal_record(graph, "fr", [
            (ActionType.LICENSE_DENIAL, HUAWEI, "2019-11-28", None)]))
        graph.corroborate()
        rows = graph.select("SELECT ?a WHERE { ?a a tg:LicenseDenial ; tg:date ?d . "
                            "FILTER(STR(?d) = \"2019-11\") }")
        assert [row["a"] for row in rows] and all(
            confirmed_by(graph, row["a"] or "") == {entry} for row in rows)


def test_an_undated_entry_confirms_only_when_it_is_the_one_candidate(
        news: Callable[[], TradeGraph]) -> None:
    with news() as graph:
        [entry] = legal_actions(graph, write_legal_record(graph, "csl", [
            (ActionType.ENTITY_LIST_ADDITION, HUAWEI, None, None)]))
        graph.corroborate()
        assert confirmed_by(graph, reported_listing(graph)) == {entry}
        # a second, dated entry for the same firm and type: the undated one is ambiguous
        write_legal_record(graph, "csl-2", [
            (ActionType.ENTITY_LIST_ADDITION, HUAWEI, "2020-08-17", None)])
        graph.corroborate()
        assert confirmed_by(graph, reported_listing(graph)) == set()


def test_an_action_both_sources_state_alike_confirms_itself(
        news: Callable[[], TradeGraph]) -> None:
    # the same type, agents, targets and date mint the same IRI: one node, in both records
    with news() as graph:
        reported = reported_listing(graph)
        row = graph.select(f"SELECT ?agent ?date WHERE {{ <{reported}> tg:agent ?agent ; "
                           "tg:date ?date }")[0]
        assert row["agent"] == graph.minter.entity(COMMERCE.ref)
        document = write_legal_record(graph, "csl", [
            (ActionType.ENTITY_LIST_ADDITION, HUAWEI, row["date"], None)], agent=COMMERCE)
        assert legal_actions(graph, document) == [reported]
        graph.corroborate()
        assert confirmed_by(graph, reported) == {reported}


def test_a_listing_is_published_in_the_rule_with_its_citation(
        news: Callable[[], TradeGraph]) -> None:
    with news() as graph:
        rule = write_legal_record(graph, "fr-2019-10616", [
            (ActionType.ENTITY_LIST_ADDITION, HUAWEI, "2019-05-21", "84 FR 22961")],
            structured="federal-register", citation="84 FR 22961")
        listing = write_legal_record(graph, "csl", [
            (ActionType.ENTITY_LIST_ADDITION, HUAWEI, "2019-05-16", "84 F.R. 22961"),
            (ActionType.ENTITY_LIST_ADDITION, ZTE, "2019-05-16", "84 FR 99999")])
        links = graph.corroborate()
        huawei_entry, zte_entry = legal_actions(graph, listing)
        if "zte" in graph.select(f"SELECT ?t WHERE {{ <{huawei_entry}> tg:target ?t }}")[0]["t"]:
            huawei_entry, zte_entry = zte_entry, huawei_entry
        [rule_action] = legal_actions(graph, rule)
        published = graph.select("SELECT ?a ?d WHERE { ?a tg:publishedIn ?d }")
        assert {(row["a"], row["d"]) for row in published} == {
            (huawei_entry, rule), (rule_action, rule)}
        assert zte_entry not in links.published
        # legal-record actions are not reported ones: neither confirms the other
        assert not graph.select("SELECT ?a WHERE { ?a tg:confirmedBy ?b . "
                                "?a tg:reportedIn/a tg:LegalRecord }")
        assert confirmed_by(graph, reported_listing(graph)) == {huawei_entry, rule_action}
        assert graph.validate().conforms


def test_without_a_legal_record_there_is_no_corroboration_graph(
        news: Callable[[], TradeGraph]) -> None:
    with news() as graph:
        assert graph.minter.corroboration_graph not in graph.store.named_graphs()
        assert graph.corroborate().confirmed == {}
        rows = graph.confirmations()
        assert rows and all(row["status"] == "reported only" and row["confirmedBy"] is None
                            for row in rows)


def test_the_listing_query_checks_its_choice() -> None:
    with pytest.raises(ValueError, match="reported-only"):
        confirmations_query("maybe")


# ------------------------------------------------------------------ with the real list loader

LISTS = Path(__file__).parents[1] / "ingest" / "fixtures" / "screening_lists"


def test_news_and_a_screening_list_end_to_end(news_graph: TradeGraph, tmp_path: Path) -> None:
    listing = tmp_path / "consolidated.csv"
    listing.write_bytes((LISTS / "consolidated.csv").read_bytes())
    assert news_graph.ingest([listing], workers=1).ok
    rows = news_graph.confirmations("confirmed")
    confirmed = {(row["type"], row["target"], row["citation"], row["sourceList"])
                 for row in rows}
    assert confirmed == {
        ("Entity List addition", "Huawei Technologies Co., Ltd.", "84 FR 22961",
         "Entity List (EL) - Bureau of Industry and Security"),
        ("denial order", "ZTE Corporation", "83 FR 17644",
         "Denied Persons List (DPL) - Bureau of Industry and Security"),
    }
    assert reported_listing(news_graph) in {row["action"] for row in rows}
    only = news_graph.confirmations("reported-only")
    assert {row["type"] for row in only} == {"license denial", "license approval"}
    # the list entries are actions of the legal record, not reported ones
    assert not {row["action"] for row in rows + only} & set(
        legal_actions(news_graph, news_graph.minter.document("consolidated")))
    # the rule that published the listing, from the Federal Register loader
    rule = tmp_path / "2019-10616.json"
    rule.write_bytes((LISTS.parent / "federal_register" / "2019-10616.json").read_bytes())
    assert news_graph.ingest([rule], workers=1).ok
    [entry] = [row["confirmedBy"] for row in news_graph.confirmations("confirmed")
               if row["citation"] == "84 FR 22961"]
    published = news_graph.select(f"SELECT DISTINCT ?d WHERE {{ <{entry}> tg:publishedIn ?d }}")
    assert [row["d"] for row in published] == [news_graph.minter.document("fr-2019-10616")]
    assert news_graph.remove(str(listing)) is not None
    # without the list, the ZTE order has nothing left to confirm it; the Huawei listing
    # still has the rule
    left = news_graph.confirmations("confirmed")
    assert {row["type"] for row in left} == {"Entity List addition"}
    assert "denial order" in {row["type"] for row in news_graph.confirmations("reported-only")}
