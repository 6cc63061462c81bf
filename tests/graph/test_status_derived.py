"""What status derives stays true when a report is imperfect: hand-built reports as a faulty
extraction would state them (graph/time: recalls, a list that holds a party once, the legal
record first, endings that name the act they end, a list's own dates, targets named only in a
quotation, acts about a party's affiliates)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tradegraph.graph.facade import TradeGraph
from tradegraph.ontology.action_kinds import ActionKind
from tradegraph.ontology.mapping import extraction_to_quads
from tradegraph.ontology.models import (
    Action,
    ActionType,
    Document,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    Mention,
    PartialDate,
    Status,
)

ID = "https://w3id.org/tradegraph/id/"
KESTREL = ID + "firm/kestrel-photonics"
NORLAND = ID + "firm/norland-optics"
ADDITION, REMOVAL = ActionType.ENTITY_LIST_ADDITION, ActionType.ENTITY_LIST_REMOVAL
ORDER = ActionType.DENIAL_ORDER


def entity_list(graph: TradeGraph, day: str, firm: str = KESTREL) -> list[str]:
    """The days the Entity List standings in force on `day` began."""
    return sorted(s.applies_from for s in graph.status(firm, day).in_force
                  if s.regime == "Entity List")


def test_an_act_about_affiliates_is_shown_beside_the_listing(reports: Any, kit: Any) -> None:
    reports.listing("list", kit.act(ADDITION, date="2021-03-03", start="2021-03-03",
                                    citation="86 FR 10101"))
    affiliates = kit.act(ADDITION, date="2021-09-14").model_copy(update={
        "targets": [], "affiliates_of": [kit.KESTREL.ref], "quantity": 24})
    reports.write("release", affiliates, published="2021-09-15")
    status = reports.graph.status(KESTREL, "2021-10-01")
    assert entity_list(reports.graph, "2021-10-01") == ["2021-03-03"]
    line = status.line("Entity List")
    assert line is not None and line.state == "in force"
    [item] = [h for h in line.history if h.role == "affiliates"]
    assert item.text.startswith("24 affiliates listed 2021-09-14")
    assert item.action not in {s.action for s in status.standings}


def test_an_affiliates_act_read_as_the_parent_amends_its_entry(reports: Any, kit: Any) -> None:
    reports.listing("list", kit.act(ADDITION, date="2021-03-03", start="2021-03-03"))
    reports.write("release", kit.act(ADDITION, date="2021-09-14"), published="2021-09-15")
    assert entity_list(reports.graph, "2021-10-01") == ["2021-03-03"]
    [item] = [h for h in reports.graph.status(KESTREL, "2021-10-01").regimes[0].history
              if h.role != "standing"]
    assert item.role == "amends" and item.date == "2021-09-14"
    later = reports.graph.select(f"SELECT ?a WHERE {{ ?a tg:amends ?b ; tg:target <{KESTREL}> }}")
    assert [r["a"] for r in later] == [item.action]


def test_recalls_without_a_day_join_the_act_they_recall(embedded_reports: Any,
                                                        kit: Any) -> None:
    embedded_reports.listing("list", kit.act(ADDITION, date="2021-03-03", start="2021-03-03"))
    embedded_reports.write("month", kit.act(ADDITION, date="2021-03"), published="2022-01-12")
    embedded_reports.write("undated", kit.act(ADDITION, date=None, agent=kit.COMMERCE),
                           published="2023-05-02")
    graph: TradeGraph = embedded_reports.graph
    assert entity_list(graph, "2023-06-01") == ["2021-03-03"]
    [standing] = graph.status(KESTREL, "2023-06-01").in_force
    assert standing.reports == 3
    assert graph.stats().actions["EntityListAddition"] == 1


def test_a_recall_of_nothing_opens_no_standing(embedded_reports: Any, kit: Any) -> None:
    embedded_reports.write("month", kit.act(ADDITION, date="2021-03"), published="2022-01-12")
    status = embedded_reports.graph.status(KESTREL, "2023-01-01")
    assert status.standings == []
    [line] = status.regimes
    assert line.state == "no standing" and line.history[0].role == "without a day"


def test_the_legal_record_comes_first(embedded_reports: Any, kit: Any) -> None:
    embedded_reports.write("early", kit.act(ADDITION, date="2021-01-10"), published="2021-01-11")
    embedded_reports.listing("list", kit.act(ADDITION, date="2021-03-03", start="2021-03-03"))
    graph: TradeGraph = embedded_reports.graph
    assert entity_list(graph, "2021-02-01") == []
    assert entity_list(graph, "2021-04-01") == ["2021-03-03"]
    warnings = [i for i in graph.validate().issues if "is reported only" in i.message]
    assert len(warnings) == 1 and "from 2021-03-03" in warnings[0].message


def test_a_second_listing_needs_the_first_to_end(embedded_reports: Any, kit: Any) -> None:
    embedded_reports.listing("list", kit.act(ADDITION, date="2021-03-03", start="2021-03-03"))
    embedded_reports.write("removed", kit.act(REMOVAL, date="2021-06-01"), published="2021-06-02")
    embedded_reports.write("again", kit.act(ADDITION, date="2021-09-01"), published="2021-09-02")
    graph: TradeGraph = embedded_reports.graph
    assert entity_list(graph, "2021-04-01") == ["2021-03-03"]
    assert entity_list(graph, "2021-07-01") == []
    assert entity_list(graph, "2021-10-01") == ["2021-09-01"]


def test_a_list_dates_its_entries_by_their_own_dates(reports: Any, kit: Any) -> None:
    reports.listing("list", kit.act(ADDITION, date="2021-03-03", start="2021-03-03"),
                    published="2026-01-01")  # the day the list was read
    [standing] = reports.graph.status(KESTREL, "2021-03-10").in_force
    assert standing.known_since == "2021-03-03" and standing.known_by_then


def test_an_ending_that_names_the_day_of_the_order_is_not_its_end(reports: Any,
                                                                    kit: Any) -> None:
    reports.write("order", kit.act(ORDER, date="2021-05-05"), published="2021-05-06")
    reports.write("terminated", kit.act(ORDER, date="2021-05-05", status=Status.TERMINATED),
                  kit.act(ORDER, date="2021-10-14", status=Status.TERMINATED),
                  published="2021-10-20")
    graph: TradeGraph = reports.graph
    [order] = graph.status(KESTREL, "2021-06-01").in_force
    assert (order.applies_from, order.applies_until) == ("2021-05-05", "2021-10-14")


def test_a_target_named_only_in_a_quotation_holds_no_standing(reports: Any, kit: Any) -> None:
    text = ("The bureau added eleven companies to the Entity List on Thursday. "
            "The secretary said: “They supplied Norland Optics Corp. with cameras.”")
    sentence, named = text.index("The bureau"), text.index("Norland Optics Corp.")
    cut = text.index(" The secretary")

    def evidence(start: int, end: int) -> Evidence:
        return Evidence(start=start, end=end, quote=text[start:end], extractor="test",
                        extractor_version="1")

    norland = Entity(type=EntityType.FIRM, key="norland-optics", label="Norland Optics Corp.")
    wrong = Action(type=ADDITION, agents=[kit.BIS.ref], targets=[norland.ref],
                   date=PartialDate.parse("2021-06-03"), status=Status.IN_FORCE,
                   evidence=[evidence(sentence, cut)])
    extraction = Extraction(
        document=Document(key="quoted", text=text, source="quoted.txt", title="quoted",
                          published=dt.date(2021, 6, 4)),
        pipeline="test", extractor="test", extractor_version="1", actions=[wrong],
        entities=[kit.BIS, norland],
        mentions=[Mention(entity=norland.ref, evidence=evidence(named, named + 20))])
    graph: TradeGraph = reports.graph
    iri = graph.minter.document("quoted")
    graph.store.replace_graph(iri, extraction_to_quads(extraction, graph.minter))
    reports.derive()
    assert graph.status(NORLAND, "2022-01-01").standings == []
    targets = graph.select(f"SELECT ?a WHERE {{ ?a tg:target <{NORLAND}> "
                           "FILTER NOT EXISTS { ?a tg:sameActionAs ?real } }")
    assert targets == []  # the real action of the report does not name it


def test_a_narrower_kind_says_its_regime(reports: Any, kit: Any) -> None:
    def listed(kind: ActionKind, date: str) -> Action:
        return kit.act(ActionType.DESIGNATION, date=date).model_copy(update={"kinds": [kind]})

    reports.write("meu", listed(ActionKind.MILITARY_END_USER_LIST_ADDITION, "2021-03-03"),
                  published="2021-03-04")
    reports.write("uvl", listed(ActionKind.UNVERIFIED_LIST_ADDITION, "2021-03-10"),
                  published="2021-03-11")  # days apart, but another list: another act
    status = reports.graph.status(KESTREL, "2021-04-01")
    assert status.regimes_in_force == ["Military End-User List", "Unverified List"]
    assert {s.action_type for s in status.in_force} == {
        "Military End-User List addition", "Unverified List addition"}
