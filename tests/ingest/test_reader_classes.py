"""Classes of acts the reader missed or misread (#28, session 34): trade with a country, a
list published by its effect, names read once by the recogniser and used again, acts a
party is kept from doing. Every sentence is one we wrote; the firms are invented."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tradegraph.ingest.titles import TitleReader
from tradegraph.ontology.models import Action, ActionType, Extraction

from .conftest import Extract

OnlyAction = Callable[[Extraction, ActionType], Action]
TRANSACTION = ActionType.TRANSACTION


def refs(action: Action) -> tuple[list[str], list[str]]:
    return [str(r) for r in action.agents], [str(r) for r in action.targets]


def of_type(extraction: Extraction, action_type: ActionType) -> list[Action]:
    return [a for a in extraction.actions if a.type is action_type]


# ------------------------------------------------------------------ trade with a country


def test_goods_sold_or_shipped_to_a_country_are_a_trade_with_it(
        extract: Extract, only_action: OnlyAction) -> None:
    sold = only_action(extract("Norvale Optics Co., Ltd. sold routers to Iran in 2018."),
                       TRANSACTION)
    assert refs(sold) == (["firm/norvale-optics"], ["country/iran"])
    assert sold.date is not None and sold.date.isoformat() == "2018"
    exported = only_action(extract("Kestrel Widgets Co. exported drone engines to Syria."),
                           TRANSACTION)
    assert refs(exported) == (["firm/kestrel-widgets"], ["country/syria"])


def test_contracts_to_supply_networks_in_a_country_are_a_trade_with_it(
        extract: Extract) -> None:
    found = of_type(extract(
        "Under a settlement, Norvale Optics Co., Ltd. agreed to pay a fine after engaging in "
        "a scheme to evade the embargo against Syria to win contracts to supply, build and "
        "maintain mobile networks in Syria, and also shipping routers to Cuba."), TRANSACTION)
    assert sorted(refs(a) for a in found) == [
        (["firm/norvale-optics"], ["country/cuba"]),
        (["firm/norvale-optics"], ["country/syria"])]


def test_what_a_firm_is_kept_from_selling_is_no_sale(extract: Extract) -> None:
    extraction = extract("In May, the Commerce Department added Norvale Optics Co., Ltd. to the "
                         "Entity List to block Kestrel Widgets Co. from selling chips to China.")
    assert of_type(extraction, TRANSACTION) == []
    assert of_type(extraction, ActionType.ENTITY_LIST_ADDITION)
    # an exporter's permission is no sale either
    assert of_type(extract("Exporters may sell these items to Canada without a license."),
                   TRANSACTION) == []


def test_a_trade_a_firm_is_alleged_to_have_made_is_no_reported_sale(extract: Extract) -> None:
    extraction = extract(
        "Norvale Optics Co., Ltd. was added to the Entity List after officials found it took "
        "part in alleged violations of the embargo, including by providing banking services "
        "to Iran.")
    assert of_type(extraction, TRANSACTION) == []
    assert of_type(extraction, ActionType.ENTITY_LIST_ADDITION)


# ------------------------------------------------------------------ a state of being listed


def test_a_party_on_the_entity_list_since_a_date_was_added_then(
        extract: Extract, only_action: OnlyAction) -> None:
    named = only_action(extract("Norvale Optics Co., Ltd. has been on the Entity List since "
                                "May 2019."), ActionType.ENTITY_LIST_ADDITION)
    assert refs(named) == ([], ["firm/norvale-optics"])
    assert str(named.date) == "2019-05"
    counted = only_action(extract("The release names two foreign parties that have been on "
                                  "the Entity List since 2018."),
                          ActionType.ENTITY_LIST_ADDITION)
    assert counted.targets == [] and str(counted.date) == "2018"
    # the state says nothing of who listed them, even after a body named just before
    after_a_body = only_action(extract(
        "The Commerce Department published a notice. It names two foreign parties that have "
        "been on the Entity List since 2018."), ActionType.ENTITY_LIST_ADDITION)
    assert after_a_body.agents == []
    assert of_type(extract("Norvale Optics Co., Ltd. has never been on the Entity List."),
                   ActionType.ENTITY_LIST_ADDITION) == []


def test_sanctions_carried_out_under_the_export_rules_are_a_rule(
        extract: Extract, only_action: OnlyAction) -> None:
    rule = only_action(extract("BIS published the implementation of sanctions against Belarus "
                               "under the Export Administration Regulations in 2031."),
                       ActionType.REGULATION)
    assert refs(rule)[0] == ["agency/bis"]
    assert of_type(extract("BIS published the implementation of sanctions against Belarus "
                           "under the Export Administration Regulations in 2031."),
                   ActionType.SANCTION) == []
    blocking = only_action(extract("OFAC imposed sanctions on Norvale Optics Co., Ltd. in 2031."),
                           ActionType.SANCTION)
    assert refs(blocking) == (["agency/ofac"], ["firm/norvale-optics"])


def test_what_a_license_is_for_is_no_trade(extract: Extract) -> None:
    for text in ("Norvale Optics Co., Ltd. said it had received a license to export software "
                 "to Iran.",
                 "Kestrel Widgets Co. filed applications to sell chips to Norvale Optics Co., "
                 "Ltd."):
        assert of_type(extract(text), TRANSACTION) == [], text


# ------------------------------------------------------------------ names read once


def test_a_name_the_recogniser_read_once_is_the_same_name_where_it_did_not_read(
        extract: Extract, only_action: OnlyAction) -> None:
    # "ZORVEX" is unknown to the gazetteer: the recogniser reads it where the sentence does
    # not open with it; a sentence opening with one capitalised word is not sent to it
    extraction = extract(
        "Regulators said ZORVEX sold radar parts to Belarus in 2020. ZORVEX "
        "has provided software, training and technical support to Belarus government "
        "agencies, which used them against protesters.")
    trades = of_type(extraction, TRANSACTION)
    assert len(trades) == 2
    assert all(refs(t)[1] == ["country/belarus"] for t in trades)
    assert len({tuple(refs(t)[0]) for t in trades}) == 1 and refs(trades[0])[0]


# ------------------------------------------------------------------ lists by their effect


def test_a_list_of_what_threatens_national_security_designates_the_firms_it_includes(
        extract: Extract, only_action: OnlyAction) -> None:
    designation = only_action(extract(
        "The agency's security bureau today released a list of network gear that pose a "
        "threat to national security. The list includes five foreign firms that make "
        "radios. They include Norvale Optics Co., Ltd. and Kestrel Widgets Co."),
        ActionType.DESIGNATION)
    assert refs(designation)[1] == ["firm/norvale-optics", "firm/kestrel-widgets"]
    assert designation.date is not None and designation.date.isoformat() == "2019-05-22"


def test_a_list_that_names_no_one_and_a_list_of_something_else_designate_nobody(
        extract: Extract) -> None:
    for text in ("The agency released a list of network gear deemed a threat to national "
                 "security. Reporters asked about it.",
                 "The agency released a list of questions about supply chains. They include "
                 "Norvale Optics Co., Ltd."):
        assert of_type(extract(text), ActionType.DESIGNATION) == [], text


# ------------------------------------------------------------------ two sides


def test_talks_between_two_nations_are_the_first_named_sides_act_with_the_other(
        extract: Extract, only_action: OnlyAction) -> None:
    talks = only_action(extract("The United States and China resumed trade talks in "
                                "October 2019."), ActionType.NEGOTIATION)
    assert refs(talks) == (["country/united-states"], ["country/china"])
    deal = only_action(extract("Japan is struggling to secure a trade deal with India."),
                       ActionType.NEGOTIATION)
    assert refs(deal) == (["country/japan"], ["country/india"])


def test_the_two_nations_are_the_two_governments_named_just_before(
        extract: Extract, only_action: OnlyAction) -> None:
    extraction = extract(
        "The Tokyo government's export curbs are part of a feud with South Korea over history. "
        "The two nations are locked in trade talks after a year of tariffs on each "
        "other's goods.")
    talks = only_action(extraction, ActionType.NEGOTIATION)
    assert refs(talks) == (["country/japan"], ["country/south-korea"])
    tariff = only_action(extraction, ActionType.TARIFF)
    assert sorted(refs(tariff)[0]) == sorted(refs(tariff)[1]) == [
        "country/japan", "country/south-korea"]


def test_a_country_before_a_tariff_noun_is_what_the_tariffs_are_on(
        extract: Extract, only_action: OnlyAction) -> None:
    headline = only_action(extract(
        "Trade Representative Katherine Tai to Take Further Action on Brazil Tariffs After a "
        "Review", doc_type="press release"), ActionType.TARIFF)
    assert refs(headline) == (["person/katherine-tai"], ["country/brazil"])
    # a party after the trigger is the one levied: the country before levies
    levied = only_action(extract("U.S. tariffs on Brazil rose in May 2019."), ActionType.TARIFF)
    assert refs(levied) == (["country/united-states"], ["country/brazil"])


def test_where_tariffs_are_felt_is_not_whom_they_are_levied_on(extract: Extract) -> None:
    extraction = extract("The statute directs that the review includes a consideration of: "
                         "the effectiveness of the tariff actions; and the overall effects of "
                         "the tariff actions on the U.S. economy.")
    assert all("country/united-states" not in refs(a)[1] for a in extraction.actions)


def test_two_nations_need_two_governments_named_before(extract: Extract) -> None:
    extraction = extract("The Commerce Department added Norvale Optics Co., Ltd. to the Entity "
                         "List. The two nations are locked in trade talks.")
    assert [a.type for a in extraction.actions] == [ActionType.ENTITY_LIST_ADDITION]


# ------------------------------------------------------------------ titles


@pytest.mark.parametrize(("title", "acts"), [
    # an amendment with a purpose amends the rules, whatever list its purpose names
    ("Addition of Certain Entities to the Entity List; Amendment To Clarify the Grounds for "
     "Adding Parties to the Entity List", ["EntityListAddition", "Regulation"]),
    ("Revision of Certain Entries on the Entity List", ["EntityListAmendment"]),
    ("Amendment to the Entity List", ["EntityListAmendment"]),
])
def test_an_amendment_with_a_purpose_is_a_rule_not_an_entry(title: str,
                                                            acts: list[str]) -> None:
    assert [a.kind.value for a in TitleReader().acts(title)] == acts


def test_a_cut_short_title_gives_only_the_acts_the_body_names(extract: Extract) -> None:
    title = ("Addition of Acme Corp. to the Entity List and Revision of Entries on the Entity "
             "List (9 FR 4100)")
    garbled = ("Rules 4100 Bureau of Industry and Security 15 CFR Part 744 Addition of Acme "
               "Corp. to the 4101 columns run together here and the rest is not legible.")
    fields = {"published": dt.date(2021, 6, 9), "doc_type": "Federal Register final rule",
              "title": title}
    kinds = [a.type for a in extract(garbled, **fields).actions]
    assert kinds == [ActionType.ENTITY_LIST_ADDITION]
    # where the broken lines hold the word, the body states that part too
    kinds = [a.type for a in extract(garbled + " Revision 4102 of entries.", **fields).actions]
    assert ActionType.ENTITY_LIST_AMENDMENT in kinds


# ------------------------------------------------------------------ dates


def test_an_act_a_speaker_reports_in_news_without_a_date_is_of_the_days_report(
        extract: Extract, only_action: OnlyAction) -> None:
    published = dt.date(2031, 11, 20)
    said = only_action(extract(
        "The Commerce Department said it told some suppliers that it intends to deny their "
        "license applications for sales to Norvale Optics Co., Ltd.", published=published),
        ActionType.LICENSE_DENIAL)
    assert str(said.date) == "2031-11-20"
    # unreported, the words give no day: the month
    plain = only_action(extract(
        "The Commerce Department intends to deny license applications for sales to Norvale "
        "Optics Co., Ltd.", published=published), ActionType.LICENSE_DENIAL)
    assert str(plain.date) == "2031-11"
    # what the speaker says had been done before is not of the day of the words
    earlier = only_action(extract(
        "Norvale Optics Co., Ltd. said it had received a license from the Commerce Department "
        "to sell routers.", published=published), ActionType.LICENSE_APPROVAL)
    assert str(earlier.date) == "2031-11"


def test_what_an_official_says_will_be_done_is_announced_on_the_releases_day(
        extract: Extract, only_action: OnlyAction) -> None:
    text = ("WASHINGTON – Trade Representative Katherine Tai today released a statement on the "
            "review.\n\n“The review is complete,” said Ambassador Katherine Tai.\n\n"
            "“I will be proposing higher tariffs on Brazil under Section 301.”")
    tariff = only_action(extract(text, published=dt.date(2031, 5, 14),
                                 doc_type="press release"), ActionType.TARIFF)
    assert str(tariff.date) == "2031-05-14"
    # what the quoted words say was done earlier keeps no date of the release
    earlier = ("WASHINGTON – Trade Representative Katherine Tai today released a statement on "
               "the review.\n\n“The review is complete,” said Ambassador Katherine Tai.\n\n"
               "“The tariffs on Brazil have been effective.”")
    assert all(str(a.date) != "2031-05-14" for a in extract(
        earlier, published=dt.date(2031, 5, 14), doc_type="press release").actions
        if a.type is ActionType.TARIFF)
