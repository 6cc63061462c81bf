"""An official document's own act against what it recalls: the issuer as default agent,
the document's date for its own act, each act's own clause for its date, never a cited
rule's date; general "Regulation" words that only describe another act; re-mentions of
one act merged. Every sentence here is written for these tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from tradegraph.ontology.models import Action, ActionType, EntityRef, Extraction

Extract = Callable[..., Extraction]
OnlyAction = Callable[[Extraction, ActionType], Action]

ADDITION = ActionType.ENTITY_LIST_ADDITION
AMENDMENT = ActionType.ENTITY_LIST_AMENDMENT
TGL = ActionType.TEMPORARY_GENERAL_LICENSE
REGULATION = ActionType.REGULATION
RELEASED = dt.date(2021, 6, 9)
PRESS = {"doc_type": "government press release", "published": RELEASED}


def refs(entities: list[EntityRef]) -> list[str]:
    return [str(ref) for ref in entities]


def dated(extraction: Extraction, kind: ActionType) -> list[str]:
    return sorted(str(a.date) for a in extraction.actions if a.type is kind)


def test_a_press_releases_own_act_takes_the_release_date(
        extract: Extract, only_action: OnlyAction) -> None:
    text = ("WASHINGTON – The Bureau of Industry and Security added Huawei to the Entity "
            "List.\n\nThe rule follows a review of the company's conduct.")
    action = only_action(extract(text, **PRESS), ADDITION)
    assert str(action.date) == "2021-06-09"
    assert refs(action.agents) == ["agency/bis"]


def test_the_same_sentence_in_news_is_dated_to_no_day(extract: Extract) -> None:
    text = "The Bureau of Industry and Security added Huawei to the Entity List."
    extraction = extract(text, published=RELEASED, doc_type="news article")
    assert dated(extraction, ADDITION) == ["None"]


def test_a_recalled_act_in_the_perfect_is_not_the_documents_own(extract: Extract) -> None:
    text = ("WASHINGTON – Since 2019, the Department of Commerce has added Huawei to the "
            "Entity List in several steps.")
    assert dated(extract(text, **PRESS), ADDITION) == ["2019"]


def test_a_relative_clause_keeps_its_date_to_itself(extract: Extract) -> None:
    text = ("WASHINGTON – Today, the Bureau of Industry and Security issued a temporary "
            "general license for Huawei, which was added to the Entity List on May 3, 2021.")
    extraction = extract(text, **PRESS)
    assert dated(extraction, TGL) == ["2021-06-09"]
    assert dated(extraction, ADDITION) == ["2021-05-03"]


def test_the_issuer_acts_where_the_sentence_names_no_agent(
        extract: Extract, only_action: OnlyAction) -> None:
    text = ("WASHINGTON – Huawei affiliates in Brazil were named in the review.\n\n"
            "Today's action adds Huawei to the Entity List.")
    fields = {**PRESS, "publisher": "Bureau of Industry and Security (press release)"}
    text = "The Bureau of Industry and Security reviewed the case.\n\n" + text
    action = only_action(extract(text, **fields), ADDITION)
    assert refs(action.agents) == ["agency/bis"]
    assert str(action.date) == "2021-06-09"


RULE = """Revision of an Entry on the Entity List

AGENCY: Bureau of Industry and Security, Commerce.

ACTION: Final rule.

SUMMARY: On May 3, 2021, BIS added ZTE to the Entity List. This rule amends the entry
for ZTE on the Entity List, which was published in a final rule on May 5, 2021.

DATES: This rule is effective June 7, 2021.
"""


def test_a_rules_own_act_takes_its_effective_date_never_a_cited_rules(
        extract: Extract) -> None:
    extraction = extract(RULE, published=RELEASED, doc_type="Federal Register final rule")
    assert dated(extraction, AMENDMENT) == ["2021-06-07"]
    assert dated(extraction, ADDITION) == ["2021-05-03"]


def test_a_rule_recounting_the_past_in_its_summary_does_not_date_it_to_itself(
        extract: Extract) -> None:
    text = RULE.replace("On May 3, 2021, BIS added ZTE", "BIS added ZTE")
    extraction = extract(text, published=RELEASED, doc_type="Federal Register final rule")
    # "BIS added ZTE" in a rule's summary recounts an earlier act: no date is better
    # than the rule's own
    assert dated(extraction, ADDITION) == ["None"]


def test_general_words_describing_another_act_are_no_regulation(extract: Extract) -> None:
    text = ("WASHINGTON – Today, the Bureau of Industry and Security issued a temporary "
            "general license amending the Export Administration Regulations for Huawei. "
            "It also added ZTE to the Entity List, which imposes new restrictions on ZTE.")
    extraction = extract(text, **PRESS)
    assert [a.type for a in extraction.actions if a.type is REGULATION] == []
    assert {a.type for a in extraction.actions} == {TGL, ADDITION}


def test_a_rule_of_its_own_is_still_a_regulation(extract: Extract, only_action: OnlyAction) -> None:
    text = ("WASHINGTON – Today, the Bureau of Industry and Security imposed new controls "
            "on advanced computing chips.")
    action = only_action(extract(text, **PRESS), REGULATION)
    assert str(action.date) == "2021-06-09"


def test_a_country_is_not_the_target_of_its_own_governments_license(
        extract: Extract, only_action: OnlyAction) -> None:
    text = ("WASHINGTON – The Bureau of Industry and Security extended the temporary general "
            "license for Huawei. The temporary general license gives carriers across the "
            "United States time to replace their equipment.")
    action = only_action(extract(text, **PRESS), TGL)  # not a second one for the country
    assert refs(action.targets) == ["firm/huawei"]
