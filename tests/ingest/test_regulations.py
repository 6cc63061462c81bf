"""Rules described by their effect, the measures of one rule kept apart, and the
transactions a rule only governs. Every sentence here is written for these tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from tradegraph.ontology.models import Action, ActionType, EntityRef, Extraction

Extract = Callable[..., Extraction]
REGULATION = ActionType.REGULATION
TRANSACTION = ActionType.TRANSACTION
RELEASED = dt.date(2021, 6, 9)
PRESS = {"doc_type": "government press release", "published": RELEASED}


def refs(entities: list[EntityRef]) -> list[str]:
    return [str(ref) for ref in entities]


def regulations(extraction: Extraction) -> list[Action]:
    return [a for a in extraction.actions if a.type is REGULATION]


def test_a_rule_by_its_effect_is_a_regulation(extract: Extract) -> None:
    text = ("WASHINGTON – The Bureau of Industry and Security further restricted Huawei's "
            "access to chips made abroad with U.S. software.")
    [rule] = regulations(extract(text, **PRESS))
    assert refs(rule.agents) == ["agency/bis"]
    assert refs(rule.targets) == ["firm/huawei"]  # not the United States: it protects it
    assert str(rule.date) == "2021-06-09"


def test_measures_of_one_release_stay_apart_unless_one_points_back(extract: Extract) -> None:
    text = ("WASHINGTON – The Bureau of Industry and Security further restricted Huawei's "
            "access to foreign-made chips. BIS also imposed a license requirement on any "
            "transaction in which Huawei acts as a purchaser. This amendment further limits "
            "Huawei's access to chips made abroad. In March 2020, BIS amended the foreign "
            "direct product rule to cover Huawei.")
    found = sorted((str(a.date), len(a.evidence)) for a in regulations(extract(text, **PRESS)))
    # the restriction (restated by "This amendment"), the license requirement, and the
    # amendment recalled with its own date
    assert found == [("2020-03", 1), ("2021-06-09", 1), ("2021-06-09", 2)]


def test_a_law_that_restricts_purchases_is_no_purchase(extract: Extract) -> None:
    text = ("After the hearing, the United States enacted laws that restrict federal "
            "spending on Huawei equipment.")
    extraction = extract(text, published=RELEASED, doc_type="CRS report")
    [rule] = regulations(extraction)
    assert refs(rule.agents) == ["country/united-states"]
    assert refs(rule.targets) == ["firm/huawei"]
    assert rule.date is None  # a report's undated history stays undated
    assert TRANSACTION not in {a.type for a in extraction.actions}


def test_a_rules_hypothetical_purchase_is_no_transaction(extract: Extract) -> None:
    text = ("SUMMARY: This rule requires a license for any item purchased by a listed party.")
    extraction = extract(text, published=RELEASED, doc_type="Federal Register final rule")
    assert TRANSACTION not in {a.type for a in extraction.actions}


def test_in_news_a_sale_is_still_a_transaction(extract: Extract) -> None:
    text = "Intel sold chips to Huawei after the licenses were approved."
    extraction = extract(text, published=RELEASED, doc_type="news article")
    assert TRANSACTION in {a.type for a in extraction.actions}


def test_a_company_revising_its_own_rules_is_no_regulation(extract: Extract) -> None:
    text = "Huawei revised its rules for travel by its staff in 2020."
    assert regulations(extract(text, published=RELEASED)) == []
