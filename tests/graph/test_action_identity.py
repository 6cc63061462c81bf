"""One node per real action: reports of one action by several documents fold into one real
action (graph/time/action_identity.py), on the demo corpus and on hand-built reports, on
both backends where it matters; the user's statements undo and force folds."""

from __future__ import annotations

from typing import Any

import pytest

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.loading.action_statements import ActionStatementError, statements_path
from tradegraph.ontology.models import ActionType, Status

ID = "https://w3id.org/tradegraph/id/"
ADDITION = ActionType.ENTITY_LIST_ADDITION


def real_of(graph: TradeGraph, report: str) -> str:
    """The real action a report is (itself when no other report folds with it)."""
    rows = graph.select(f"SELECT ?real WHERE {{ <{report}> tg:sameActionAs ?real }}")
    assert len(rows) <= 1, rows
    return rows[0]["real"] or "" if rows else report


def reports_targeting(graph: TradeGraph, firm: str, kind: str = "EntityListAddition"
                      ) -> dict[str, set[str]]:
    """Report -> the documents that report it, for reports of `kind` about `firm`."""
    rows = graph.select(f"SELECT ?r ?d WHERE {{ ?r a tg:{kind} ; tg:target <{ID}{firm}> ; "
                        "tg:reportedIn ?d }")
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row["r"] or "", set()).add((row["d"] or "").rsplit("/", 1)[-1])
    return found


def values(graph: TradeGraph, subject: str, predicate: str) -> set[str]:
    rows = graph.select(f"SELECT DISTINCT ?v WHERE {{ <{subject}> {predicate} ?v }}")
    return {row["v"] or "" for row in rows}


def real_actions(graph: TradeGraph, firm: str, kind: str = "EntityListAddition") -> set[str]:
    rows = graph.select(f"SELECT DISTINCT ?a WHERE {{ ?a a tg:{kind} ; tg:target <{ID}{firm}> "
                        "FILTER NOT EXISTS { ?a tg:sameActionAs ?real } }")
    return {row["a"] or "" for row in rows}


# ------------------------------------------------------------------ the demo corpus


def test_smic_listing_reported_by_commerce_and_listed_by_bis_is_one_action(
        demo_graph: TradeGraph) -> None:
    reports = reports_targeting(demo_graph, "firm/smic")
    assert sorted(d for docs in reports.values() for d in docs) == [
        "10-smic-entity-list-2020", "20-screening-list-extract"]
    [real] = {real_of(demo_graph, report) for report in reports}
    assert real not in reports  # a node of its own, reported through its reports
    assert real_actions(demo_graph, "firm/smic") == {real}
    assert values(demo_graph, real, "tg:agent") == {ID + "agency/commerce-department",
                                                   ID + "agency/bis"}
    assert values(demo_graph, real, "tg:citation") == {"85 FR 83416"}
    member_evidence = set().union(*(values(demo_graph, r, "tg:evidence") for r in reports))
    assert len(member_evidence) >= 2
    assert values(demo_graph, real, "tg:evidence") == member_evidence
    assert values(demo_graph, real, "tg:announcedOn") == {"2020-12-18"}
    assert values(demo_graph, real, "tg:effectiveOn") == {"2020-12-18"}
    assert values(demo_graph, real, "tg:reportedIn") == set()
    assert values(demo_graph, real, "rdfs:label") == {
        "Entity List addition by Bureau of Industry and Security concerning Semiconductor "
        "Manufacturing International Corporation (2020-12-18)"}


def test_hikvision_and_dahua_announced_on_monday_and_listed_on_wednesday_are_one_action(
        demo_graph: TradeGraph) -> None:
    reports = {**reports_targeting(demo_graph, "firm/hikvision"),
               **reports_targeting(demo_graph, "firm/dahua")}
    assert len(reports) == 3  # the article (both firms) and one list row per firm
    [real] = {real_of(demo_graph, report) for report in reports}
    assert real_actions(demo_graph, "firm/hikvision") == real_actions(
        demo_graph, "firm/dahua") == {real}
    assert values(demo_graph, real, "tg:target") == {ID + "firm/hikvision", ID + "firm/dahua"}
    # the dates by kind: the article's announcement, the list's effective date, and the
    # article's publication as the first report
    assert values(demo_graph, real, "tg:announcedOn") == {"2019-10-07"}
    assert values(demo_graph, real, "tg:effectiveOn") == {"2019-10-09"}
    assert values(demo_graph, real, "tg:firstReportedOn") == {"2019-10-08"}
    # its own date is its reports' (the most precise, the earliest of equally precise), so
    # a query over every action node finds it dated
    assert values(demo_graph, real, "tg:date") == {"2019-10-07"}
    member_evidence = set().union(*(values(demo_graph, r, "tg:evidence") for r in reports))
    assert values(demo_graph, real, "tg:evidence") == member_evidence


def test_dji_listed_by_the_same_rule_but_reported_by_no_article_stays_its_own(
        demo_graph: TradeGraph) -> None:
    [report] = reports_targeting(demo_graph, "firm/dji")
    assert real_of(demo_graph, report) == report
    assert values(demo_graph, report, "tg:effectiveOn") == {"2020-12-18"}


def test_an_order_and_the_report_of_its_lifting_stay_two_actions(
        demo_graph: TradeGraph) -> None:
    reports = reports_targeting(demo_graph, "firm/zte", "DenialOrder")
    assert len(reports) == 3
    reals = {real_of(demo_graph, report) for report in reports}
    assert len(reals) == 2  # the order (article and list) and its lifting
    [lifting] = [r for r, docs in reports.items() if docs == {"02-zte-order-lifted-2018"}]
    [order] = reals - {lifting}
    assert values(demo_graph, lifting, "tg:terminates") == {order}


def test_stats_count_each_real_action_once(demo_graph: TradeGraph) -> None:
    stats = demo_graph.stats()
    rows = demo_graph.select("SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a "
                             "tg:EntityListAddition ; tg:reportedIn ?d }")
    reports = int(rows[0]["n"] or 0)
    # the May 2019 Huawei listing (3 reports), Hikvision/Dahua (3), SMIC (2); the release
    # of "46 more Huawei affiliates" reports the affiliates' listing (tg:affiliatesOf), not
    # Huawei's: an act of its own (#28)
    assert stats.actions["EntityListAddition"] == reports - 2 - 2 - 1


# ------------------------------------------------------------------ the rules


def test_commerce_and_its_bureau_reporting_one_listing_days_apart_fold(
        reports: Any, kit: Any) -> None:
    reports.write("news", kit.act(ADDITION, date="2021-03-01", agent=kit.COMMERCE))
    reports.listing("list", kit.act(ADDITION, date="2021-03-03", start="2021-03-03",
                                    citation="86 FR 1000"))
    graph = reports.graph
    found = reports_targeting(graph, "firm/kestrel-photonics")
    assert len(found) == 2
    [legal] = [report for report, docs in found.items() if docs == {"list"}]
    [real] = {real_of(graph, report) for report in found}
    assert real == graph.minter.real_action("Entity List addition", legal)  # its anchor
    assert values(graph, real, "tg:announcedOn") == {"2021-03-01"}
    assert values(graph, real, "tg:effectiveOn") == {"2021-03-03"}
    # a third report changes nothing about the node's name
    reports.write("later-news", kit.act(ADDITION, date="2021-03", agent=None),
                  published="2021-03-20")
    found = reports_targeting(graph, "firm/kestrel-photonics")
    assert len(found) == 3 and {real_of(graph, r) for r in found} == {real}
    assert values(graph, real, "tg:announcedOn") == {"2021-03-01"}  # the most precise
    assert values(graph, real, "tg:date") == {"2021-03-01"}  # one date, however many reports


@pytest.mark.parametrize(("second", "why"), [
    ("2021-04-15", "45 days apart"),
    ("2021-05", "the month begins 61 days later"),
])
def test_dates_that_do_not_fit_keep_two_actions(embedded_reports: Any, kit: Any, second: str,
                                                why: str) -> None:
    reports = embedded_reports
    reports.write("a", kit.act(ADDITION, date="2021-03-01"))
    reports.write("b", kit.act(ADDITION, date=second), published="2021-06-01")
    assert len(real_actions(reports.graph, "firm/kestrel-photonics")) == 2, why


def test_a_month_fits_a_day_in_it(embedded_reports: Any, kit: Any) -> None:
    embedded_reports.write("a", kit.act(ADDITION, date="2021-03"))
    embedded_reports.write("b", kit.act(ADDITION, date="2021-03-20"))
    assert len(real_actions(embedded_reports.graph, "firm/kestrel-photonics")) == 1


def test_agents_in_two_lines_keep_two_actions(embedded_reports: Any, kit: Any) -> None:
    kind = ActionType.SANCTION
    embedded_reports.write("a", kit.act(kind, date="2021-03-01", agent=kit.OFAC))
    embedded_reports.write("b", kit.act(kind, date="2021-03-02", agent=kit.BIS))
    assert len(real_actions(embedded_reports.graph, "firm/kestrel-photonics", "Sanction")) == 2


def test_different_citations_or_effective_dates_of_the_legal_record_keep_two(
        embedded_reports: Any, kit: Any) -> None:
    embedded_reports.listing("a", kit.act(ADDITION, date="2021-03-01", start="2021-03-01",
                                        citation="86 FR 1000"))
    embedded_reports.listing("b", kit.act(ADDITION, date="2021-03-02", start="2021-03-02",
                                        citation="86 FR 2000"))
    embedded_reports.listing("c", kit.act(ADDITION, date="2021-03-05", start="2021-03-05"))
    assert len(real_actions(embedded_reports.graph, "firm/kestrel-photonics")) == 3


def test_two_reports_of_one_document_about_one_party_stay_two(
        embedded_reports: Any, kit: Any) -> None:
    embedded_reports.write("a", kit.act(ADDITION, date="2021-03-01"),
                           kit.act(ADDITION, date="2021-03-09"))
    assert len(real_actions(embedded_reports.graph, "firm/kestrel-photonics")) == 2


def test_a_listing_and_the_end_of_it_stay_two(embedded_reports: Any, kit: Any) -> None:
    kind = ActionType.DENIAL_ORDER
    embedded_reports.write("a", kit.act(kind, date="2021-03-01"))
    embedded_reports.write("b", kit.act(kind, date="2021-03-10", status=Status.TERMINATED))
    graph = embedded_reports.graph
    assert len(real_actions(graph, "firm/kestrel-photonics", "DenialOrder")) == 2


def test_near_dates_do_not_chain_across_months(embedded_reports: Any, kit: Any) -> None:
    for key, date in (("a", "2021-03-01"), ("b", "2021-03-25"), ("c", "2021-04-20")):
        embedded_reports.write(key, kit.act(ADDITION, date=date))
    graph = embedded_reports.graph
    reals = real_actions(graph, "firm/kestrel-photonics")
    assert len(reals) == 2  # a and b (24 days), c alone: 50 days from a
    by_date = {frozenset(values(graph, r, "tg:announcedOn")): r for r in reals}
    assert frozenset({"2021-04-20"}) in by_date


def test_an_undated_report_is_dated_by_its_publication(embedded_reports: Any, kit: Any) -> None:
    embedded_reports.listing("list", kit.act(ADDITION, date="2021-03-05", start="2021-03-05"))
    embedded_reports.write("news", kit.act(ADDITION, date=None), published="2021-03-10")
    embedded_reports.write("old", kit.act(ADDITION, date=None, agent=kit.COMMERCE),
                           published="2021-08-10")
    graph = embedded_reports.graph
    # the news of 2021-03-10 folds by its dates; the one of August names no day: a recall of
    # the listing, it joins it too (graph/time/recalls.py)
    [folded] = real_actions(graph, "firm/kestrel-photonics")
    assert values(graph, folded, "tg:effectiveOn") == {"2021-03-05"}
    assert values(graph, folded, "tg:firstReportedOn") == {"2021-03-05"}


def test_removing_a_report_dissolves_the_real_action(reports: Any, kit: Any) -> None:
    reports.write("a", kit.act(ADDITION, date="2021-03-01"))
    reports.write("b", kit.act(ADDITION, date="2021-03-02", agent=kit.COMMERCE))
    graph = reports.graph
    [real] = real_actions(graph, "firm/kestrel-photonics")
    assert values(graph, real, "tg:target") == {ID + "firm/kestrel-photonics"}
    assert graph.remove("b") is not None
    [alone] = real_actions(graph, "firm/kestrel-photonics")
    assert alone != real and values(graph, real, "?p") == set()
    assert graph.select("SELECT ?r WHERE { ?r tg:sameActionAs ?x }") == []


def test_the_derivation_is_deterministic_and_writes_only_changes(
        reports: Any, kit: Any) -> None:
    reports.write("a", kit.act(ADDITION, date="2021-03-01"),
                  kit.act(ActionType.LICENSE_DENIAL, date="2021-03-01", status=Status.INTENDED))
    reports.write("b", kit.act(ADDITION, date="2021-03-02", agent=kit.COMMERCE))
    graph = reports.graph
    writes: list[str] = []
    replace = graph.store.replace_graph
    graph.store.replace_graph = lambda name, quads: (writes.append(name), replace(name, quads))
    before = graph.store.graph_quads(graph.minter.actions_graph)
    lifecycles = graph.store.graph_quads(graph.minter.lifecycles_graph)
    graph.derive_time()
    assert graph.store.graph_quads(graph.minter.actions_graph) == before
    assert graph.store.graph_quads(graph.minter.lifecycles_graph) == lifecycles
    assert before and lifecycles
    assert writes == []  # nothing changed, nothing written (Virtuoso's booleans included)


# ------------------------------------------------------------------ the user's statements


def test_distinct_actions_statement_splits_and_withdrawing_it_folds_again(
        reports: Any, kit: Any) -> None:
    reports.write("a", kit.act(ADDITION, date="2021-03-01"))
    reports.write("b", kit.act(ADDITION, date="2021-03-02", agent=kit.COMMERCE))
    graph = reports.graph
    first, second = sorted(reports_targeting(graph, "firm/kestrel-photonics"))
    assert len(real_actions(graph, "firm/kestrel-photonics")) == 1
    statement = graph.state_actions("distinct", first, second.removeprefix(ID),
                                    note="two rules, the same week")
    assert statement.actions == (first, second)
    assert graph.action_statements() == [statement]
    assert real_actions(graph, "firm/kestrel-photonics") == {first, second}
    assert graph.withdraw_action_statement(1) == statement
    assert len(real_actions(graph, "firm/kestrel-photonics")) == 1
    assert graph.action_statements() == []


def test_same_action_statement_folds_what_the_rules_keep_apart(
        embedded_reports: Any, kit: Any) -> None:
    embedded_reports.write("a", kit.act(ADDITION, date="2021-03-01"))
    embedded_reports.write("b", kit.act(ADDITION, date="2021-06-01"))
    graph = embedded_reports.graph
    first, second = sorted(reports_targeting(graph, "firm/kestrel-photonics"))
    graph.state_actions("same", first, second)
    assert len(real_actions(graph, "firm/kestrel-photonics")) == 1
    path = statements_path(graph.store)
    assert path is not None and path.name == "actions.json" and path.exists()


@pytest.mark.parametrize(("first", "second", "reason"), [
    ("action/nothing-here", None, "no document of the graph reports this action"),
    ("firm/kestrel-photonics", None, "not an action"),
    (None, "self", "already the same action as itself"),
    (None, "sanction", "different classes"),
])
def test_bad_statements_are_refused_with_the_reason(
        embedded_reports: Any, kit: Any, first: str | None, second: str | None,
        reason: str) -> None:
    embedded_reports.write("a", kit.act(ADDITION, date="2021-03-01"),
                           kit.act(ActionType.SANCTION, date="2021-03-01"))
    graph = embedded_reports.graph
    [listing] = reports_targeting(graph, "firm/kestrel-photonics")
    [sanction] = reports_targeting(graph, "firm/kestrel-photonics", "Sanction")
    other = {"self": listing, "sanction": sanction, None: listing}[second]
    with pytest.raises(ActionStatementError, match=reason):
        graph.state_actions("same", first or listing, other)
    assert graph.action_statements() == []


def test_a_malformed_statements_file_is_named(embedded_reports: Any, kit: Any) -> None:
    graph = embedded_reports.graph
    path = statements_path(graph.store)
    assert path is not None
    path.write_text('{"statements": [{"kind": "maybe", "actions": ["a", "b"]}]}',
                    encoding="utf-8")
    with pytest.raises(ActionStatementError, match=r"actions\.json: malformed statements file"):
        graph.action_statements()
    with pytest.raises(ActionStatementError, match="no such action statement"):
        path.unlink()
        graph.withdraw_action_statement(1)


def test_a_real_action_is_dated_by_its_dates_by_kind_never_by_a_date_set_aside() -> None:
    # Two reports of the end of a denial order each state the day of the order they end
    # (the order "issued on April 15"): the folding sets that day aside, so the ending's
    # node has no announced date, and no tg:date either; the order itself keeps its day.
    from tradegraph.graph.store.embedded import OxigraphStore
    from tradegraph.graph.store.location import MEMORY
    from tradegraph.graph.time.action_facts import ActionFacts, DocumentFacts, Report
    from tradegraph.graph.time.action_identity import fold
    from tradegraph.graph.time.action_nodes import identity_quads
    from tradegraph.ontology.iris import IriMinter

    minter, facts = IriMinter(ID), ActionFacts()
    for number, statuses in enumerate(((), ("Terminated",), ("Terminated",))):
        report = Report(f"{ID}report/{number}", classes={"DenialOrder"},
                        targets={ID + "firm/norland"}, agents={ID + "agency/bis"},
                        dates={"2020-04-15"}, statuses=set(statuses),
                        documents={f"{ID}doc/{number}"})
        facts.reports[report.iri] = report
        facts.documents[f"{ID}doc/{number}"] = DocumentFacts(f"{ID}doc/{number}",
                                                             "2020-06-01", False, None)
    identity = fold(facts, minter, 31)
    [ending] = [a for a in identity.actions.values() if a.folded]
    quads = identity_quads(OxigraphStore.open(MEMORY), identity, facts, minter.actions_graph)
    dates = {(q.subject.value, q.predicate.value.rsplit("#", 1)[-1], q.object.value)
             for q in quads if "date" in q.predicate.value.lower() or "On" in q.predicate.value}
    assert (ending.iri, "firstReportedOn", "2020-06-01") in dates
    assert not any(s == ending.iri and p == "date" for s, p, _ in dates)
    assert (f"{ID}report/0", "announcedOn", "2020-04-15") in dates
