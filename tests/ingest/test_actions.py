"""Action extraction, one family per action type: roles, status, time and evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tradegraph.ontology.models import Action, ActionType, EntityRef, Extraction, Status

Extract = Callable[..., Extraction]
OnlyAction = Callable[[Extraction, ActionType], Action]

ADDITION = ActionType.ENTITY_LIST_ADDITION
APPROVAL = ActionType.LICENSE_APPROVAL
DENIAL = ActionType.LICENSE_DENIAL
TGL = ActionType.TEMPORARY_GENERAL_LICENSE
DENIAL_ORDER = ActionType.DENIAL_ORDER


def refs(entities: list[EntityRef]) -> list[str]:
    return [str(ref) for ref in entities]


def assert_quotes(extraction: Extraction, action: Action, *sentences: str) -> None:
    """Each evidence quotes the document at its offsets, and these are the sentences quoted."""
    text = extraction.document.text
    for evidence in action.evidence:
        assert text[evidence.start:evidence.end] == evidence.quote
        assert evidence.prefix == text[max(0, evidence.start - 32):evidence.start]
        assert evidence.suffix == text[evidence.end:evidence.end + 32]
        assert evidence.extractor == extraction.extractor
    assert [evidence.quote for evidence in action.evidence] == list(sentences)


def types(extraction: Extraction) -> list[ActionType]:
    return [action.type for action in extraction.actions]


# ------------------------------------------------------------------ Entity List addition


def test_entity_list_addition(extract: Extract, only_action: OnlyAction) -> None:
    text = ("The Commerce Department added Huawei to the Entity List on Wednesday, barring U.S. "
            "suppliers from selling it components without a license.")
    extraction = extract(text, published=dt.date(2019, 5, 16))
    action = only_action(extraction, ADDITION)
    assert refs(action.agents) == ["agency/commerce-department"]
    assert refs(action.targets) == ["firm/huawei"]
    assert action.status is Status.IN_FORCE
    assert str(action.date) == "2019-05-15"
    assert action.confidence == pytest.approx(0.85)
    assert_quotes(extraction, action, text)


def test_addition_in_the_passive_takes_the_agent_after_by(
    extract: Extract, only_action: OnlyAction
) -> None:
    text = ("Huawei and 68 of its affiliates were added to the Entity List by the Commerce "
            "Department on May 16, 2019.")
    action = only_action(extract(text), ADDITION)
    assert refs(action.agents) == ["agency/commerce-department"]
    assert refs(action.targets) == ["firm/huawei"]
    assert str(action.date) == "2019-05-16"


def test_addition_of_coordinated_targets(extract: Extract, only_action: OnlyAction) -> None:
    text = "The Commerce Department put Hikvision and Dahua on the Entity List in October."
    action = only_action(extract(text, published=dt.date(2019, 10, 9)), ADDITION)
    assert refs(action.targets) == ["firm/hikvision", "firm/dahua"]
    assert str(action.date) == "2019-10"


def test_addition_takes_its_agent_from_the_sentence_before(
    extract: Extract, only_action: OnlyAction
) -> None:
    text = ("The Commerce Department published a rule on Monday. "
            "It added Hikvision to the Entity List.")
    extraction = extract(text)
    action = only_action(extraction, ADDITION)
    assert refs(action.agents) == ["agency/commerce-department"]
    assert refs(action.targets) == ["firm/hikvision"]
    assert action.confidence == pytest.approx(0.85 * 0.8)  # a role from context costs
    assert_quotes(extraction, action, "It added Hikvision to the Entity List.")


def test_two_reports_of_one_addition_merge(extract: Extract, only_action: OnlyAction) -> None:
    first = "The Commerce Department added Huawei to the Entity List on Wednesday."
    second = "Huawei was put on the Entity List over its dealings with Iran, officials said."
    extraction = extract(f"{first} {second}", published=dt.date(2019, 5, 16))
    action = only_action(extraction, ADDITION)
    assert str(action.date) == "2019-05-15"
    assert_quotes(extraction, action, first, second)


def test_blacklisting_is_an_entity_list_addition(extract: Extract, only_action: OnlyAction) -> None:
    for text in ("The Commerce Department blacklisted Hikvision in October 2019.",
                 "The Trump administration put Hikvision on a trade blacklist in October 2019."):
        action = only_action(extract(text), ADDITION)
        assert refs(action.targets) == ["firm/hikvision"], text
        assert str(action.date) == "2019-10", text


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("The Commerce Department will add Huawei to the Entity List, officials said.",
         Status.ANNOUNCED),
        ("The Commerce Department is considering adding Hikvision to the Entity List.",
         Status.SPECULATIVE),
        ("The Commerce Department proposed adding Megvii to the Entity List.", Status.PROPOSED),
        ("The Commerce Department plans to add Megvii to the Entity List.", Status.INTENDED),
    ],
)
def test_addition_status_from_cue_words(
    extract: Extract, only_action: OnlyAction, text: str, status: Status
) -> None:
    assert only_action(extract(text), ADDITION).status is status


@pytest.mark.parametrize(
    "text",
    [
        "The Commerce Department did not add Huawei to the Entity List on Wednesday.",
        "The Commerce Department has never placed Apple on the Entity List.",
        "Huawei said it would add thousands of engineers to its research staff.",
        "The Commerce Department placed its trust in Huawei's rivals.",
        "Huawei's founder said he did not care about any blacklist.",
    ],
)
def test_no_addition(extract: Extract, text: str) -> None:
    assert ADDITION not in types(extract(text))


def test_an_addition_of_counted_parties_is_kept_without_a_target(
        extract: Extract, only_action: OnlyAction) -> None:
    # the issue (#15): an act whose parties are counted, not named, still happened
    action = only_action(extract("The Commerce Department added 28 Chinese entities to the "
                                 "Entity List."), ADDITION)
    assert action.targets == [] and action.quantity == 28
    assert refs(action.agents) == ["agency/commerce-department"]


# ------------------------------------------------------------------ Entity List removal


def test_entity_list_removal(extract: Extract, only_action: OnlyAction) -> None:
    text = "The Commerce Department removed ZTE from the Entity List in March 2017."
    extraction = extract(text)
    action = only_action(extraction, ActionType.ENTITY_LIST_REMOVAL)
    assert refs(action.agents) == ["agency/commerce-department"]
    assert refs(action.targets) == ["firm/zte"]
    assert str(action.date) == "2017-03"
    assert ADDITION not in types(extraction)
    assert_quotes(extraction, action, text)


# ------------------------------------------------------------------ license approval


def test_license_approval(extract: Extract, only_action: OnlyAction) -> None:
    text = ("The Commerce Department approved licenses for Microsoft to export mass-market "
            "software to Huawei, Commerce Secretary Wilbur Ross said on Wednesday.")
    extraction = extract(text, published=dt.date(2019, 11, 21))
    action = only_action(extraction, APPROVAL)
    assert refs(action.agents) == ["agency/commerce-department"]
    assert refs(action.targets) == ["firm/microsoft"]
    assert action.status is Status.IN_FORCE
    assert str(action.date) == "2019-11-20"
    assert_quotes(extraction, action, text)


def test_undated_approval_is_dated_to_the_publication_month(
    extract: Extract, only_action: OnlyAction
) -> None:
    text = "The Commerce Department has started approving licenses for some sales to Huawei."
    action = only_action(extract(text, published=dt.date(2019, 11, 21)), APPROVAL)
    assert refs(action.targets) == ["firm/huawei"]
    assert str(action.date) == "2019-11"


def test_undated_approval_in_an_official_document_takes_the_day(
    extract: Extract, only_action: OnlyAction
) -> None:
    text = "The Bureau of Industry and Security approved licenses for sales to Huawei."
    extraction = extract(text, published=dt.date(2019, 11, 21), doc_type="press release")
    assert str(only_action(extraction, APPROVAL).date) == "2019-11-21"


def test_speculative_approval(extract: Extract, only_action: OnlyAction) -> None:
    text = "Licenses could be granted to Intel and AMD for sales to Huawei, officials said."
    action = only_action(extract(text), APPROVAL)
    assert action.status is Status.SPECULATIVE
    assert refs(action.targets) == ["firm/intel", "firm/amd"]


@pytest.mark.parametrize(
    "text",
    [
        "The Commerce Department did not grant licenses to Huawei suppliers.",
        "Intel said it needs a license to sell chips to Huawei.",
        "Huawei approved a new design for its phones.",
        "The Commerce Department approved licenses for some sales, officials said.",
    ],
)
def test_no_approval(extract: Extract, text: str) -> None:
    assert APPROVAL not in types(extract(text))


# ------------------------------------------------------------------ license denial


def test_license_denial(extract: Extract, only_action: OnlyAction) -> None:
    text = "The Commerce Department denied license applications from Huawei suppliers on Tuesday."
    extraction = extract(text, published=dt.date(2019, 11, 21))
    action = only_action(extraction, DENIAL)
    assert refs(action.agents) == ["agency/commerce-department"]
    assert refs(action.targets) == ["firm/huawei"]
    assert action.status is Status.IN_FORCE
    assert str(action.date) == "2019-11-19"
    assert ActionType.LICENSE_APPLICATION not in types(extraction)
    assert_quotes(extraction, action, text)


@pytest.mark.parametrize(
    "text",
    [
        "The Commerce Department sent intent-to-deny letters to some Huawei suppliers.",
        "The Commerce Department sent intent to deny letters to some Huawei suppliers.",
        "The Commerce Department told Huawei suppliers of its intention to deny their requests.",
    ],
)
def test_intent_to_deny_is_an_intended_denial(
    extract: Extract, only_action: OnlyAction, text: str
) -> None:
    extraction = extract(text, published=dt.date(2019, 11, 21))
    action = only_action(extraction, DENIAL)
    assert action.status is Status.INTENDED
    assert refs(action.agents) == ["agency/commerce-department"]
    assert refs(action.targets) == ["firm/huawei"]
    assert_quotes(extraction, action, text)


def test_intent_to_deny_reported_twice_is_one_action(
    extract: Extract, only_action: OnlyAction
) -> None:
    first = "The Commerce Department sent intent-to-deny letters to some Huawei suppliers."
    second = "Officials said the department intended to deny their requests."
    extraction = extract(f"{first} {second}", published=dt.date(2019, 11, 21))
    action = only_action(extraction, DENIAL)
    assert action.status is Status.INTENDED
    # the officials' words date it to the day of the report: that report comes first
    assert str(action.date) == "2019-11-21"
    assert_quotes(extraction, action, second, first)


@pytest.mark.parametrize(
    "text",
    [
        "Huawei denied the allegations made by the Commerce Department.",
        "The Commerce Department has not denied any license for Micron.",
        "Huawei said it had no intention to leave the U.S. market.",
    ],
)
def test_no_denial(extract: Extract, text: str) -> None:
    assert DENIAL not in types(extract(text))


# ------------------------------------------------------------------ temporary general license


def test_temporary_general_license_with_duration(
    extract: Extract, only_action: OnlyAction
) -> None:
    text = "The Commerce Department issued a 90-day temporary general license to Huawei on Monday."
    extraction = extract(text, published=dt.date(2019, 5, 22))
    action = only_action(extraction, TGL)
    assert refs(action.agents) == ["agency/commerce-department"]
    assert refs(action.targets) == ["firm/huawei"]
    assert action.status is Status.IN_FORCE
    assert str(action.date) == "2019-05-20"
    assert action.duration == "P90D"
    assert str(action.end_date) == "2019-08-18"
    assert_quotes(extraction, action, text)


def test_temporary_license_extended_to_an_end_date(
    extract: Extract, only_action: OnlyAction
) -> None:
    text = ("The Commerce Department extended the temporary general license for Huawei "
            "through Nov. 18.")
    action = only_action(extract(text, published=dt.date(2019, 8, 19)), TGL)
    assert refs(action.targets) == ["firm/huawei"]
    assert str(action.end_date) == "2019-11-18"


def test_reprieve_is_a_temporary_general_license(extract: Extract, only_action: OnlyAction) -> None:
    text = "Commerce granted Huawei a 90-day reprieve on Monday."
    action = only_action(extract(text, published=dt.date(2019, 5, 22)), TGL)
    assert refs(action.agents) == ["agency/commerce-department"]
    assert refs(action.targets) == ["firm/huawei"]
    assert action.duration == "P90D"
    assert APPROVAL not in types(extract(text))


@pytest.mark.parametrize(
    "text",
    [
        "The Commerce Department has not issued a temporary general license to ZTE.",
        "Rural carriers asked for a reprieve from the rules.",
    ],
)
def test_no_temporary_general_license(extract: Extract, text: str) -> None:
    assert TGL not in types(extract(text))


# ------------------------------------------------------------------ denial order


def test_denial_order(extract: Extract, only_action: OnlyAction) -> None:
    text = ("The Commerce Department issued a denial order against ZTE on Monday, barring it "
            "from buying U.S. parts for seven years.")
    extraction = extract(text, published=dt.date(2018, 4, 17))
    action = only_action(extraction, DENIAL_ORDER)
    assert refs(action.agents) == ["agency/commerce-department"]
    assert refs(action.targets) == ["firm/zte"]
    assert action.status is Status.IN_FORCE
    assert str(action.date) == "2018-04-16"
    assert_quotes(extraction, action, text)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("The Commerce Department lifted the denial order against ZTE in July.",
         Status.TERMINATED),
        ("The Commerce Department suspended the denial order against ZTE as part of a settlement.",
         Status.SUSPENDED),
        ("BIS issued an order denying export privileges to ZTE for seven years.",
         Status.IN_FORCE),
        ("The Commerce Department revoked the export privileges of ZTE for seven years.",
         Status.IN_FORCE),
    ],
)
def test_denial_order_status(
    extract: Extract, only_action: OnlyAction, text: str, status: Status
) -> None:
    action = only_action(extract(text, published=dt.date(2018, 7, 13)), DENIAL_ORDER)
    assert refs(action.targets) == ["firm/zte"]
    assert action.status is status


def test_denial_order_duration(extract: Extract, only_action: OnlyAction) -> None:
    text = "BIS issued an order denying export privileges to ZTE for seven years."
    action = only_action(extract(text), DENIAL_ORDER)
    assert refs(action.agents) == ["agency/bis"]
    assert action.duration == "P7Y"


@pytest.mark.parametrize(
    "text",
    [
        "ZTE said the order would hurt its business.",
        "The Commerce Department did not issue a denial order against Huawei.",
        "A denial order bars a company from exporting items subject to the rules.",
    ],
)
def test_no_denial_order(extract: Extract, text: str) -> None:
    assert DENIAL_ORDER not in types(extract(text))


# ------------------------------------------------------------------ the other types


@pytest.mark.parametrize(
    ("action_type", "text", "agents", "targets"),
    [
        (ActionType.ENTITY_LIST_AMENDMENT,
         # about Huawei's affiliates, not Huawei (tg:affiliatesOf): no target
         "BIS revised the Entity List entries of Huawei affiliates in August 2020.",
         ["agency/bis"], []),
        (ActionType.LICENSE_APPLICATION,
         "Micron filed applications for licenses to resume sales to Huawei.",
         ["firm/micron"], ["firm/huawei"]),
        (ActionType.REGULATION,
         "The Commerce Department expanded the foreign direct product rule to cover Huawei.",
         ["agency/commerce-department"], ["firm/huawei"]),
        (ActionType.DESIGNATION,
         "The FCC designated Huawei and ZTE as national security threats in June 2020.",
         ["agency/fcc"], ["firm/huawei", "firm/zte"]),
        (ActionType.DESIGNATION,
         "China's Ministry of Commerce placed Lockheed Martin on its unreliable entity list.",
         ["agency/mofcom"], ["firm/lockheed-martin"]),
        (ActionType.SANCTION,
         "OFAC sanctioned Zhuhai Zhenrong Company in July 2019 for buying Iranian oil.",
         ["agency/ofac"], ["firm/zhuhai-zhenrong"]),
        (ActionType.TARIFF,
         "The Trump administration imposed tariffs on China in 2018.",
         ["agency/trump-administration"], ["country/china"]),
        (ActionType.APPEAL,
         "Huawei challenged the FCC designation in federal court.",
         ["firm/huawei"], ["agency/fcc"]),
        (ActionType.LOBBYING,
         "Qualcomm lobbied the Commerce Department for permission to sell chips to Huawei.",
         ["firm/qualcomm"], ["agency/commerce-department"]),
        (ActionType.NEGOTIATION,
         "Robert Lighthizer negotiated with China in 2019.",
         ["person/robert-lighthizer"], ["country/china"]),
        (ActionType.TRANSACTION,
         "Intel sold chips to Huawei after the licenses were approved.",
         ["firm/intel"], ["firm/huawei"]),
        (ActionType.STATEMENT,
         "Huawei criticized the Commerce Department decision.",
         ["firm/huawei"], ["agency/commerce-department"]),
    ],
)
def test_roles_of_other_action_types(
    extract: Extract,
    only_action: OnlyAction,
    action_type: ActionType,
    text: str,
    *,
    agents: list[str],
    targets: list[str],
) -> None:
    extraction = extract(text)
    action = only_action(extraction, action_type)
    assert refs(action.agents) == agents
    assert refs(action.targets) == targets
    assert_quotes(extraction, action, text)


def test_money_of_a_transaction(extract: Extract, only_action: OnlyAction) -> None:
    text = "Huawei spent about $11 billion on U.S. components in 2018."
    action = only_action(extract(text), ActionType.TRANSACTION)
    assert refs(action.agents) == ["firm/huawei"]
    assert action.amount == 11_000_000_000
    assert action.currency == "USD"
    assert str(action.date) == "2018"


def test_products_of_an_action(extract: Extract, only_action: OnlyAction) -> None:
    text = "The Commerce Department imposed new export controls on semiconductors in October 2022."
    action = only_action(extract(text), ActionType.REGULATION)
    assert refs(action.products) == ["product/semiconductors"]


def test_negotiation_needs_two_parties(extract: Extract) -> None:
    assert ActionType.NEGOTIATION not in types(extract("China said the trade war hurt it."))


# ------------------------------------------------------------------ one government, one action


def test_reports_by_one_government_merge_into_one_action(extract: Extract,
                                                         only_action: OnlyAction) -> None:
    extraction = extract(
        "The Trump administration approved licenses for sales to Huawei on Wednesday. "
        "Suppliers began receiving the licenses from the Commerce Department on Wednesday.",
        published=dt.date(2019, 11, 20))
    approval = only_action(extraction, APPROVAL)
    assert set(refs(approval.agents)) == {"agency/commerce-department",
                                          "agency/trump-administration"}
    assert len(approval.evidence) == 2


def test_the_merged_action_names_the_most_specific_agency_first(
        extract: Extract, only_action: OnlyAction) -> None:
    extraction = extract(
        "The Commerce Department added Huawei to the Entity List on Thursday. "
        "The Bureau of Industry and Security added Huawei to the Entity List on Thursday.",
        published=dt.date(2019, 5, 17))
    addition = only_action(extraction, ADDITION)
    assert refs(addition.agents) == ["agency/bis", "agency/commerce-department"]


def test_reports_by_different_governments_stay_apart(extract: Extract) -> None:
    extraction = extract(
        "The Commerce Department added Huawei to the Entity List on Thursday. "
        "China's Ministry of Commerce added Huawei to the Entity List on Thursday.",
        published=dt.date(2019, 5, 17))
    additions = [a for a in extraction.actions if a.type is ADDITION]
    assert sorted(refs(a.agents)[0] for a in additions) == [
        "agency/commerce-department", "agency/mofcom"]


def test_a_possessive_country_is_not_the_agent(extract: Extract,
                                               only_action: OnlyAction) -> None:
    extraction = extract("Shipments to China's Huawei stopped when officials added the firm "
                         "to the Entity List in May.", published=dt.date(2019, 11, 20))
    addition = only_action(extraction, ADDITION)
    assert "country/china" not in refs(addition.agents)
    assert refs(addition.targets) == ["firm/huawei"]


@pytest.mark.parametrize("sentence", [
    "On Wednesday the Commerce Department granted licenses, months after adding Huawei to "
    "the Entity List.",
    "On Wednesday the Commerce Department granted licenses, long since it added Huawei to "
    "the Entity List.",
])
def test_a_recalled_action_does_not_take_the_sentence_date(extract: Extract,
                                                           only_action: OnlyAction,
                                                           sentence: str) -> None:
    extraction = extract(sentence, published=dt.date(2019, 11, 20))
    assert only_action(extraction, ADDITION).date is None


def test_a_recalled_action_keeps_its_own_date(extract: Extract, only_action: OnlyAction) -> None:
    extraction = extract("Sales resumed on Wednesday, since the Commerce Department added "
                         "Huawei to the Entity List in May.", published=dt.date(2019, 11, 20))
    assert str(only_action(extraction, ADDITION).date) == "2019-05"


def test_an_undated_recall_merges_with_the_dated_report(extract: Extract,
                                                        only_action: OnlyAction) -> None:
    extraction = extract(
        "The Commerce Department added Huawei to the Entity List in May. "
        "On Wednesday it began issuing licenses, months after adding Huawei to the Entity List.",
        published=dt.date(2019, 11, 20))
    addition = only_action(extraction, ADDITION)
    assert str(addition.date) == "2019-05"
    assert len(addition.evidence) == 2


# ------------------------------------------------------------------ rules of official documents


def test_an_amended_end_date_is_the_later_one(extract: Extract, only_action: OnlyAction) -> None:
    text = ("The Commerce Department revised the temporary general license for Huawei to remove "
            "the expiration date of March 1, 2021, and substitute the date of June 1, 2021.")
    action = only_action(extract(text, published=dt.date(2021, 2, 26)), TGL)
    assert str(action.end_date) == "2021-06-01"


def test_an_undated_action_of_a_rule_dates_from_its_effective_date(
    extract: Extract, only_action: OnlyAction
) -> None:
    text = ("SUMMARY: The Bureau of Industry and Security extends the temporary general license "
            "for Huawei.\nDATES: This rule is effective March 1, 2021.")
    rule = extract(text, published=dt.date(2021, 3, 4), doc_type="Federal Register final rule")
    assert str(only_action(rule, TGL).date) == "2021-03-01"
    # the same sentences in a news story keep the month of publication
    news = extract(text, published=dt.date(2021, 3, 4), doc_type="news")
    assert str(only_action(news, TGL).date) == "2021-03"


def test_a_designation_names_every_coordinated_firm_and_its_agent_from_context(
    extract: Extract, only_action: OnlyAction
) -> None:
    text = ("The Federal Communications Commission (Commission) adopts a rule on network "
            "equipment. In doing so, the order designates Huawei Technologies Company (Huawei) "
            "and ZTE Corporation (ZTE) as covered companies.")
    action = only_action(extract(text, doc_type="Federal Register final rule"),
                         ActionType.DESIGNATION)
    assert refs(action.agents) == ["agency/fcc"]
    assert refs(action.targets) == ["firm/huawei", "firm/zte"]


def test_an_action_without_any_party_or_figure_is_no_fact(extract: Extract) -> None:
    text = ("As I told Congress in July, we must keep chips from being acquired by "
            "foreign militaries, the official said.")
    assert ActionType.TRANSACTION not in types(extract(text))


def test_an_official_quoted_nearby_is_not_the_target_of_a_listing(extract: Extract) -> None:
    text = ("Under Secretary Alan Estevez spoke on Friday. The rules make clear that blocking "
            "checks will cost a company its access through addition to the Entity List.")
    assert ADDITION not in types(extract(text))


def test_a_count_in_the_sentence_is_the_actions_quantity(
    extract: Extract, only_action: OnlyAction
) -> None:
    text = "The Commerce Department has received 290-something requests for licenses from Intel."
    action = only_action(extract(text), ActionType.LICENSE_APPLICATION)
    assert action.quantity == 290


def test_a_sentence_pointing_back_at_a_rule_takes_its_date(
    extract: Extract, only_action: OnlyAction
) -> None:
    text = ("The Bureau of Industry and Security published a final rule on March 3, 2021. "
            "That final rule added Kestrel Photonics Co., Ltd. to the Entity List.")
    action = only_action(extract(text, published=dt.date(2021, 6, 1)), ADDITION)
    assert str(action.date) == "2021-03-03"


def test_a_sentence_not_pointing_back_keeps_no_date(
    extract: Extract, only_action: OnlyAction
) -> None:
    text = ("The Bureau of Industry and Security published a final rule on March 3, 2021. "
            "Analysts expect the bureau to add Kestrel Photonics Co., Ltd. to the Entity List.")
    action = only_action(extract(text, published=dt.date(2021, 6, 1)), ADDITION)
    assert str(action.date) != "2021-03-03"


def test_a_country_named_as_a_place_is_not_the_agent(
    extract: Extract, only_action: OnlyAction
) -> None:
    text = ("The rule revises the entry for Kestrel Photonics (under Brazil) and, by adding "
            "Norland Optics Co., Ltd. to the Entity List, widens the controls.")
    action = only_action(extract(text), ADDITION)
    assert "country/brazil" not in refs(action.agents)


def test_a_presidential_document_acts_as_its_first_person_author(
    extract: Extract, only_action: OnlyAction
) -> None:
    text = ("Executive Order 14001 of March 3, 2021\nProtecting Network Supply Chains\n\n"
            "I, JOSEPH R. BIDEN JR., President of the United States of America, find that "
            "foreign adversaries exploit weaknesses in network equipment.")
    action = only_action(extract(text, published=dt.date(2021, 3, 5),
                                 doc_type="Executive Order"), ActionType.REGULATION)
    assert refs(action.agents) == ["person/joe-biden"]
    assert str(action.date) == "2021-03-03"


def test_without_a_first_person_author_an_order_has_no_agent(extract: Extract) -> None:
    text = ("Executive Order 14001 of March 3, 2021\nProtecting Network Supply Chains\n\n"
            "Critics said foreign adversaries exploit weaknesses in network equipment.")
    assert ActionType.REGULATION not in types(
        extract(text, published=dt.date(2021, 3, 5), doc_type="Executive Order"))
