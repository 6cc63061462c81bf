"""Lifecycles (graph/time/lifecycles.py): typed links between successive actions on one party and
regime, standings that end when a removal or termination says so, deadlines with their
follow-ups, and contradictions reported by validation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tradegraph.graph.facade import TradeGraph
from tradegraph.ontology.models import ActionType, Status

ID = "https://w3id.org/tradegraph/id/"
KESTREL = ID + "firm/kestrel-photonics"
NORLAND = ID + "firm/norland-optics"
ADDITION, REMOVAL = ActionType.ENTITY_LIST_ADDITION, ActionType.ENTITY_LIST_REMOVAL
TGL, ORDER = ActionType.TEMPORARY_GENERAL_LICENSE, ActionType.DENIAL_ORDER
DENIAL = ActionType.LICENSE_DENIAL


def one(graph: TradeGraph, kind: str, date: str, firm: str = KESTREL) -> str:
    """The real action of `kind` about `firm` announced or effective on `date`."""
    rows = graph.select(f"""SELECT DISTINCT ?a WHERE {{
        ?a a tg:{kind} ; tg:target <{firm}> ; tg:announcedOn|tg:effectiveOn "{date}"^^xsd:date
        FILTER NOT EXISTS {{ ?a tg:sameActionAs ?real }} }}""")
    assert len(rows) == 1, rows
    return rows[0]["a"] or ""


def standing(graph: TradeGraph, action: str, firm: str = KESTREL) -> dict[str, str | None]:
    rows = graph.select(f"""SELECT ?from ?until ?endedBy WHERE {{
        <{action}> tg:standing ?s . ?s tg:party <{firm}> ; tg:appliesFrom ?from .
        OPTIONAL {{ ?s tg:appliesUntil ?until }} OPTIONAL {{ ?s tg:endedBy ?endedBy }} }}""")
    assert len(rows) == 1, rows
    return rows[0]


def links(graph: TradeGraph) -> set[tuple[str, str, str]]:
    rows = graph.select("""SELECT ?later ?p ?earlier WHERE {
        VALUES ?p { tg:follows tg:amends tg:extends tg:supersedes tg:suspends tg:terminates
                    tg:removes } ?later ?p ?earlier }""")
    return {(r["later"] or "", (r["p"] or "").rsplit("#", 1)[-1], r["earlier"] or "")
            for r in rows}


# ------------------------------------------------------------------ the Entity List


def test_a_removal_ends_a_listing(reports: Any, kit: Any) -> None:
    reports.listing("list", kit.act(ADDITION, date="2021-03-01", start="2021-03-01",
                                    citation="86 FR 1000"))
    reports.write("removed", kit.act(REMOVAL, date="2022-01-10", agent=kit.COMMERCE),
                  published="2022-01-11")
    graph = reports.graph
    addition, removal = one(graph, "EntityListAddition", "2021-03-01"), \
        one(graph, "EntityListRemoval", "2022-01-10")
    assert (removal, "removes", addition) in links(graph)
    assert standing(graph, addition) == {"from": "2021-03-01", "until": "2022-01-10",
                                         "endedBy": removal}
    listed = graph.status("Kestrel Photonics Co., Ltd.", "2021-06-01")
    assert listed.regimes_in_force == ["Entity List"]
    [entry] = listed.in_force
    assert entry.citations == ["86 FR 1000"] and entry.confirmed
    assert entry.applies_until == "2022-01-10" and entry.ended_by == removal
    later = graph.status("Kestrel Photonics Co., Ltd.", "2022-01-10")
    assert later.in_force == [] and [s.state for s in later.standings] == ["ended"]
    assert later.standings[0].ended_by_type == "Entity List removal"
    assert later.standings[0].end_known_since == "2022-01-11"
    assert graph.validate().conforms


def test_removing_one_party_of_a_listing_leaves_the_other_listed(
        embedded_reports: Any, kit: Any) -> None:
    embedded_reports.write("both", kit.act(ADDITION, kit.KESTREL, kit.NORLAND,
                                           date="2021-03-01"))
    embedded_reports.write("one", kit.act(REMOVAL, kit.NORLAND, date="2021-09-01"),
                           published="2021-09-02")
    graph = embedded_reports.graph
    addition = one(graph, "EntityListAddition", "2021-03-01")
    assert standing(graph, addition, NORLAND)["until"] == "2021-09-01"
    assert standing(graph, addition, KESTREL)["until"] is None
    assert graph.status(KESTREL, "2021-10-01").regimes_in_force == ["Entity List"]
    assert graph.status(NORLAND, "2021-10-01").regimes_in_force == []


def test_an_amendment_amends_the_listing_in_force(embedded_reports: Any, kit: Any) -> None:
    embedded_reports.write("add", kit.act(ADDITION, date="2021-03-01"))
    embedded_reports.write("fix", kit.act(ActionType.ENTITY_LIST_AMENDMENT, date="2021-07-01"),
                           published="2021-07-02")
    graph = embedded_reports.graph
    assert links(graph) == {(one(graph, "EntityListAmendment", "2021-07-01"), "amends",
                             one(graph, "EntityListAddition", "2021-03-01"))}
    assert standing(graph, one(graph, "EntityListAddition", "2021-03-01"))["until"] is None


def test_an_intended_listing_is_no_standing(embedded_reports: Any, kit: Any) -> None:
    embedded_reports.write("plan", kit.act(ADDITION, date="2021-03-01", status=Status.INTENDED))
    assert embedded_reports.graph.status(KESTREL, "2021-04-01").standings == []


# ------------------------------------------------------------------ contradictions


def test_a_removal_before_any_addition_is_reported_by_validation(
        reports: Any, kit: Any) -> None:
    reports.write("removed", kit.act(REMOVAL, date="2021-01-10"), published="2021-01-11")
    reports.write("added", kit.act(ADDITION, date="2021-05-01"), published="2021-05-02")
    graph = reports.graph
    removal = one(graph, "EntityListRemoval", "2021-01-10")
    report = graph.validate()
    assert not report.conforms
    [issue] = [i for i in report.issues if i.focus == removal]
    assert issue.severity == "Violation" and issue.value == KESTREL
    assert "begins only on 2021-05-01" in issue.message
    # not resolved silently: the listing stands from its own date, nothing ends it
    assert standing(graph, one(graph, "EntityListAddition", "2021-05-01"))["until"] is None


def test_a_removal_of_an_unrecorded_listing_is_a_warning(embedded_reports: Any,
                                                         kit: Any) -> None:
    embedded_reports.write("removed", kit.act(REMOVAL, date="2021-01-10"))
    report = embedded_reports.graph.validate()
    assert report.conforms
    [issue] = [i for i in report.issues if i.severity == "Warning"]
    assert "that the graph does not hold" in issue.message


# ------------------------------------------------------------------ licenses and orders


def test_a_license_extended_then_ended(embedded_reports: Any, kit: Any) -> None:
    reports = embedded_reports
    reports.write("issued", kit.act(TGL, date="2021-01-05", agent=kit.COMMERCE))
    reports.write("extended", kit.act(TGL, date="2021-04-05", end="2021-07-04",
                                      agent=kit.COMMERCE), published="2021-04-06")
    reports.write("ended", kit.act(TGL, date="2021-06-01", status=Status.TERMINATED,
                                   agent=kit.COMMERCE), published="2021-06-02")
    graph = reports.graph
    issued, extended = one(graph, "TemporaryGeneralLicense", "2021-01-05"), \
        one(graph, "TemporaryGeneralLicense", "2021-04-05")
    ended = one(graph, "TemporaryGeneralLicense", "2021-06-01")
    assert links(graph) == {(extended, "extends", issued), (ended, "terminates", extended)}
    assert standing(graph, issued) == {"from": "2021-01-05", "until": "2021-04-05",
                                       "endedBy": extended}
    assert standing(graph, extended) == {"from": "2021-04-05", "until": "2021-06-01",
                                         "endedBy": ended}
    [license_] = graph.status(KESTREL, "2021-05-01").in_force
    assert (license_.effect, license_.since, license_.applies_from) == (
        "authorization", "2021-01-05", "2021-04-05")
    [expiry] = graph.deadlines("2021-05-01", include_closed=True)
    assert (expiry.due, expiry.state) == ("2021-07-04", "open")
    [expiry] = graph.deadlines("2021-06-15", include_closed=True)
    assert (expiry.state, expiry.follow_ups) == ("followed up", [ended])


def test_a_license_that_lapsed_is_not_extended_by_a_later_one(
        embedded_reports: Any, kit: Any) -> None:
    reports = embedded_reports
    reports.write("issued", kit.act(TGL, date="2021-01-05", end="2021-03-01",
                                    agent=kit.COMMERCE))
    reports.write("again", kit.act(TGL, date="2021-09-01", agent=kit.COMMERCE),
                  published="2021-09-02")
    graph = reports.graph
    assert links(graph) == set()  # a new grant, months after the first one ended
    issued = one(graph, "TemporaryGeneralLicense", "2021-01-05")
    assert standing(graph, issued) == {"from": "2021-01-05", "until": "2021-03-01",
                                       "endedBy": None}


def test_an_ending_known_to_the_month_keeps_the_end_day_the_license_gave(
        embedded_reports: Any, kit: Any) -> None:
    """"Extended until July 4", then "ended" in a report dated only to July: the license
    ran until the 4th, not until the 1st of the month the ending is known to."""
    reports = embedded_reports
    reports.write("extended", kit.act(TGL, date="2021-04-05", end="2021-07-04",
                                      agent=kit.COMMERCE), published="2021-04-06")
    reports.write("ended", kit.act(TGL, date="2021-07", status=Status.TERMINATED,
                                   agent=kit.COMMERCE), published="2021-07-20")
    graph = reports.graph
    extended = one(graph, "TemporaryGeneralLicense", "2021-04-05")
    assert standing(graph, extended)["until"] == "2021-07-04"


def test_a_new_order_supersedes_one_in_force_and_a_suspension_ends_it(
        embedded_reports: Any, kit: Any) -> None:
    reports = embedded_reports
    reports.write("first", kit.act(ORDER, date="2021-01-04"))
    reports.write("second", kit.act(ORDER, date="2021-07-01"), published="2021-07-02")
    reports.write("paused", kit.act(ORDER, date="2021-09-01", status=Status.SUSPENDED),
                  published="2021-09-02")
    graph = reports.graph
    first, second = one(graph, "DenialOrder", "2021-01-04"), one(graph, "DenialOrder",
                                                                 "2021-07-01")
    paused = one(graph, "DenialOrder", "2021-09-01")
    assert links(graph) == {(second, "supersedes", first), (paused, "suspends", second)}
    assert standing(graph, first)["until"] == "2021-07-01"
    assert standing(graph, second)["until"] == "2021-09-01"
    assert graph.status(KESTREL, "2021-10-01").in_force == []


# ------------------------------------------------------------------ intent-to-deny letters


def test_an_intent_to_deny_letter_gives_20_days_and_a_decision_follows_it(
        reports: Any, kit: Any) -> None:
    reports.write("letter", kit.act(DENIAL, date="2021-03-01", status=Status.INTENDED))
    graph = reports.graph
    letter = one(graph, "LicenseDenial", "2021-03-01")
    rows = graph.select(f"""SELECT ?due ?basis ?open WHERE {{ <{letter}> tg:deadline ?d .
        ?d tg:dueOn ?due ; tg:deadlineBasis ?basis ; tg:hasFollowUp ?follow .
        BIND(IF(?follow, "answered", "open") AS ?open) }}""")  # Virtuoso spells false "0"
    assert [(r["due"], r["open"]) for r in rows] == [("2021-03-21", "open")]
    assert "15 CFR 750.6" in (rows[0]["basis"] or "")
    [open_] = graph.deadlines("2021-03-10")
    assert (open_.action, open_.due, open_.days_left, open_.state) == (
        letter, "2021-03-21", 11, "open")
    assert open_.target_labels == ["Kestrel Photonics Co., Ltd."]
    assert graph.deadlines("2021-02-20") == []  # the letter was not sent yet
    assert [d.state for d in graph.deadlines("2021-03-22", include_closed=True)] == ["passed"]

    reports.write("decided", kit.act(DENIAL, date="2021-03-25"), published="2021-03-26")
    decision = one(graph, "LicenseDenial", "2021-03-25")
    assert (decision, "follows", letter) in links(graph)
    assert graph.deadlines("2021-03-30") == []
    [closed] = graph.deadlines("2021-03-30", include_closed=True)
    assert (closed.state, closed.follow_ups) == ("followed up", [decision])
    assert graph.deadlines("2021-03-15", entity="Kestrel Photonics Co., Ltd.")[0].state \
        == "open"  # the decision came later


def test_a_letter_dated_to_the_month_is_due_20_days_after_its_last_day(
        embedded_reports: Any, kit: Any) -> None:
    embedded_reports.write("letter", kit.act(DENIAL, date="2021-02", status=Status.INTENDED))
    [deadline] = embedded_reports.graph.deadlines("2021-02-15")
    assert deadline.due == "2021-03-20"


def test_a_letter_in_the_news_sets_its_deadline(disk_graph: TradeGraph, tmp_path: Path) -> None:
    """The whole way: our own news item through the pipeline, the deadline derived on ingest."""
    news = tmp_path / "letter.txt"
    news.write_text("title: Letter\npublished: 2021-03-03\n\nThe Commerce Department sent "
                    "Kestrel Photonics Co., Ltd. a letter on Monday saying it intended to deny "
                    "its license application.\n", encoding="utf-8")
    assert disk_graph.ingest([news], workers=1).ok
    [deadline] = disk_graph.deadlines("2021-03-05", entity="kestrel photonics co., ltd.")
    assert (deadline.due, deadline.action_type) == ("2021-03-21", "License denial")


@pytest.mark.parametrize("day", ["2021-3-5", "yesterday", "2021-02-30", "", "  ", "2021-03",
                                 "2021-03-05T10:00"])
def test_a_malformed_day_names_the_accepted_forms(embedded_reports: Any, day: str) -> None:
    from tradegraph.graph.query.lookup import DateFormatError

    with pytest.raises(DateFormatError, match=r"as-of date .*give YYYY-MM-DD .* or 'today'"):
        embedded_reports.graph.deadlines(day)
