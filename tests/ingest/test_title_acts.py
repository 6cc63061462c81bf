"""The acts an official document's title names, and acts about parties that are counted
or described rather than named. Every text here is written for these tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tradegraph.ingest.text import normalize
from tradegraph.ingest.titles import TitleReader
from tradegraph.ontology.models import Action, ActionType, EntityRef, Extraction, Status

Extract = Callable[..., Extraction]
OnlyAction = Callable[[Extraction, ActionType], Action]
ADDITION = ActionType.ENTITY_LIST_ADDITION
AMENDMENT = ActionType.ENTITY_LIST_AMENDMENT
ORDER = ActionType.DENIAL_ORDER
TGL = ActionType.TEMPORARY_GENERAL_LICENSE
PUBLISHED = dt.date(2021, 6, 9)


def refs(entities: list[EntityRef]) -> list[str]:
    return [str(ref) for ref in entities]


@pytest.mark.parametrize(("title", "acts"), [
    ("Addition of Sample Entities to the Entity List",
     [("EntityListAddition", None)]),
    ("Addition of Acme Corp. to the Entity List, the Removal of Temporary General License, "
     "and Revisions to the Export Administration Regulations",
     [("EntityListAddition", None), ("TemporaryGeneralLicense", Status.TERMINATED),
      ("Regulation", None)]),
    ("Addition of Sample Entities to the Entity List; Correction",
     [("EntityListAmendment", Status.IN_FORCE)]),
    ("Order Suspending Denial Order Against Acme Corp. and Beta Ltd.",
     [("DenialOrder", Status.SUSPENDED)]),
    ("Harbour Dredging Schedule for the Summer", []),
])
def test_a_title_names_its_acts(title: str, acts: list[tuple[str, Status | None]]) -> None:
    assert [(a.kind.value, a.status) for a in TitleReader().acts(title)] == acts


def test_a_name_joined_by_and_stays_in_its_part() -> None:
    title = "Order Denying Export Privileges to Acme Corp. and Beta Ltd."
    [(start, end)] = TitleReader().parts(title)
    assert title[start:end] == title


ORDER_TEXT = """Order Terminating Denial Order Against ZTE Corporation and Huawei

The order of last spring is lifted. Its terms were met.
"""


def test_an_orders_caption_is_its_own_act(extract: Extract, only_action: OnlyAction) -> None:
    extraction = extract(ORDER_TEXT, published=PUBLISHED, doc_type="BIS order",
                         publisher="Bureau of Industry and Security")
    action = only_action(extraction, ORDER)
    assert action.status is Status.TERMINATED
    assert str(action.date) == "2021-06-09"
    assert set(refs(action.targets)) == {"firm/zte", "firm/huawei"}


def test_a_news_headline_is_no_caption(extract: Extract) -> None:
    extraction = extract(ORDER_TEXT, published=PUBLISHED, doc_type="news article")
    assert all(a.status is not Status.TERMINATED or a.date is None for a in extraction.actions
               if a.type is ORDER and str(a.date) == "2021-06-09")


CORRECTION = """Addition of Sample Entities to the Entity List; Correction

AGENCY: Bureau of Industry and Security, Commerce.

ACTION: Correcting amendment.

SUMMARY: This rule corrects the entry for Huawei on the Entity List.
"""


def test_a_corrected_title_is_an_amendment_not_an_addition(
        extract: Extract, only_action: OnlyAction) -> None:
    extraction = extract(CORRECTION, published=PUBLISHED,
                         doc_type="Federal Register correcting amendment")
    assert ADDITION not in {a.type for a in extraction.actions}
    action = only_action(extraction, AMENDMENT)
    assert refs(action.agents) == ["agency/bis"]
    assert str(action.date) == "2021-06-09"


def test_a_legible_title_start_is_read_with_the_header_title(
        extract: Extract, only_action: OnlyAction) -> None:
    text = ("Rules 4100 Bureau of Industry and Security 15 CFR Part 744 Addition of Acme "
            "Corp. to the 4101 columns run together here and the rest is not legible.")
    extraction = extract(text, published=PUBLISHED, doc_type="Federal Register final rule",
                         title="Addition of Acme Corp. to the Entity List (9 FR 4100)")
    action = only_action(extraction, ADDITION)
    assert action.evidence[0].quote == "Addition of Acme Corp. to the"
    assert refs(action.agents) == ["agency/bis"]


@pytest.mark.parametrize(("text", "quantity"), [
    ("WASHINGTON – The Bureau of Industry and Security added eleven companies in Freedonia "
     "and China to the Entity List.", 11),
    ("WASHINGTON – The Bureau of Industry and Security added to the Entity List persons in "
     "China who supply drone parts.", None),
])
def test_counted_or_described_parties_keep_the_act(
        extract: Extract, only_action: OnlyAction, text: str, quantity: int | None) -> None:
    action = only_action(extract(text, published=PUBLISHED, doc_type="press release"),
                         ADDITION)
    assert action.targets == []
    assert action.quantity == quantity
    assert str(action.country) == "country/china"


def test_without_any_party_there_is_no_listing(extract: Extract) -> None:
    text = "The Bureau of Industry and Security added a page to the Entity List website."
    assert ADDITION not in {a.type for a in extract(text).actions}


def test_a_count_belongs_to_its_own_clause(extract: Extract) -> None:
    text = ("WASHINGTON – The Bureau of Industry and Security added 38 Huawei affiliates to "
            "the Entity List, which also holds 100 other entities, and modified four "
            "entries.")
    [addition] = [a for a in extract(text, published=PUBLISHED, doc_type="press release").actions
                  if a.type is ADDITION]
    assert addition.quantity == 38


def test_dates_joined_by_and_date_one_act_each(extract: Extract) -> None:
    text = ("WASHINGTON – This action follows the Entity List designations of March 2020 and "
            "May 2021 that added 30 companies.")
    extraction = extract(text, published=PUBLISHED, doc_type="press release")
    assert sorted(str(a.date) for a in extraction.actions if a.type is ADDITION) == [
        "2020-03", "2021-05"]


def test_a_paragraph_cut_mid_phrase_continues_after_the_blank_line() -> None:
    text = "The bureau acted in\n\nMarch 2020 against two firms.\n\nA new paragraph."
    assert normalize(text).text == (
        "The bureau acted in March 2020 against two firms.\nA new paragraph.")


def test_a_title_act_gets_no_tgl_date_from_a_cited_rule(
        extract: Extract, only_action: OnlyAction) -> None:
    text = """Temporary General License: Extension of Validity

AGENCY: Bureau of Industry and Security, Commerce.

ACTION: Final rule.

SUMMARY: This rule extends the temporary general license for Huawei (84 FR 22987, May 22,
2019) until September 1, 2021.
"""
    action = only_action(extract(text, published=PUBLISHED, doc_type="Federal Register rule"),
                         TGL)
    assert str(action.date) == "2021-06-09"
    assert str(action.end_date) == "2021-09-01"


def test_a_description_pointing_back_names_the_parties_just_named(
        extract: Extract, only_action: OnlyAction) -> None:
    text = ("SUMMARY: An earlier rule listed Acme Photonics Co., Ltd. and Kestrel Optics Ltd. "
            "on the Entity List. This rule amends the entries for the two entities.")
    extraction = extract(text, published=PUBLISHED, doc_type="Federal Register final rule")
    action = only_action(extraction, AMENDMENT)
    assert len(action.targets) == 2 and all(t.type.value == "Firm" for t in action.targets)


def test_a_count_that_does_not_fit_points_at_no_one(extract: Extract,
                                                    only_action: OnlyAction) -> None:
    text = ("SUMMARY: An earlier rule listed Acme Photonics Co., Ltd. on the Entity List. "
            "This rule amends the entries for the three entities.")
    extraction = extract(text, published=PUBLISHED, doc_type="Federal Register final rule")
    assert only_action(extraction, AMENDMENT).quantity == 3


def test_a_sentence_going_on_with_the_act_names_its_parties(
        extract: Extract) -> None:
    text = ("SUMMARY: In this document, the Federal Communications Commission adopts a rule "
            "that prohibits the use of public funds on equipment from covered companies. In "
            "doing so, the order designates Huawei and ZTE Corporation as covered companies.")
    extraction = extract(text, published=PUBLISHED, doc_type="Federal Register final rule")
    [rule] = [a for a in extraction.actions if a.type is ActionType.REGULATION]
    assert set(refs(rule.targets)) == {"firm/huawei", "firm/zte"}
    plain = text.replace("In doing so, the", "Separately, the")
    extraction = extract(plain, published=PUBLISHED, doc_type="Federal Register final rule")
    [rule] = [a for a in extraction.actions if a.type is ActionType.REGULATION]
    assert rule.targets == []


@pytest.mark.parametrize(("sentence", "status"), [
    ("The Bureau of Industry and Security activated the suspended denial order against ZTE.",
     Status.IN_FORCE),
    ("The Bureau of Industry and Security suspended the denial order against ZTE.",
     Status.SUSPENDED),
    ("The Bureau of Industry and Security terminated the denial order against ZTE.",
     Status.TERMINATED),
])
def test_an_orders_lifecycle_in_prose(extract: Extract, only_action: OnlyAction,
                                      sentence: str, status: Status) -> None:
    assert only_action(extract(sentence, published=PUBLISHED), ORDER).status is status


FOREIGN = """Ministry of Commerce Announcement No. 9 of 2031 on the Unreliable Entity List

The Ministry of Commerce decided to include Acme Defense Corp. in the Unreliable Entity List.

The Ministry of Commerce promulgated provisions on export controls today.
"""


def test_a_foreign_ministrys_acts_are_its_own(extract: Extract) -> None:
    extraction = extract(FOREIGN, published=PUBLISHED, doc_type="foreign regulation",
                         publisher="Ministry of Commerce of the People's Republic of China")
    kinds = {a.type: a for a in extraction.actions}
    designation = kinds[ActionType.DESIGNATION]
    assert refs(designation.agents) == ["agency/mofcom"]
    assert refs(designation.targets) == ["firm/acme-defense"]
    assert str(designation.date) == "2021-06-09"
    assert refs(kinds[ActionType.REGULATION].agents) == ["agency/mofcom"]


def test_an_executive_orders_heading_gives_its_signing_date(extract: Extract) -> None:
    text = ("Executive Order 99999 of March 3, 2031\nSecuring Sample Networks\n\nBy the "
            "authority vested in me as President, I hereby order new controls on networks.")
    extraction = extract(text, published=dt.date(2031, 3, 5), doc_type="Executive Order")
    assert {str(a.date) for a in extraction.actions} <= {"2031-03-03"}


def test_an_orders_date_line_is_its_signing_date(extract: Extract,
                                                 only_action: OnlyAction) -> None:
    text = ("Order Activating Suspended Denial Order Relating to Acme Widgets Corp.\n\n"
            "March 1, 2031\n\nThe Bureau of Industry and Security finds that the terms of "
            "the settlement were broken.")
    action = only_action(extract(text, published=dt.date(2031, 3, 9), doc_type="BIS order",
                                 publisher="Bureau of Industry and Security"), ORDER)
    assert str(action.date) == "2031-03-01"
    assert action.status is Status.IN_FORCE
