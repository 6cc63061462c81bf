"""Acts on earlier orders keep each order's own date, parties named only in quoted speech
or owning the parties an act counts are not its targets, products describing a party's
trade are not the act's (#28). Every sentence is one we wrote."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from tradegraph.ontology.models import Action, ActionType, EntityRef, Extraction, Status

from .conftest import Extract

OnlyAction = Callable[[Extraction, ActionType], Action]
ORDER = ActionType.DENIAL_ORDER
ADDITION = ActionType.ENTITY_LIST_ADDITION


def refs(items: list[EntityRef]) -> list[str]:
    return [str(ref) for ref in items]


def orders_by_date(extraction: Extraction) -> dict[str, Action]:
    return {str(a.date): a for a in extraction.actions if a.type is ORDER}


def test_an_ending_order_is_not_dated_by_the_order_it_ends(extract: Extract) -> None:
    text = ("Order Terminating Denial Order Issued on May 2, 2031, Against Acme Widgets Corp.\n\n"
            "June 20, 2031\n\nThe Bureau of Industry and Security finds that the terms of the "
            "settlement were met.")
    orders = orders_by_date(extract(text, published=dt.date(2031, 6, 25), doc_type="BIS order",
                                    publisher="Bureau of Industry and Security"))
    assert set(orders) == {"2031-06-20", "2031-05-02"}
    ending, earlier = orders["2031-06-20"], orders["2031-05-02"]
    assert ending.status is Status.TERMINATED and refs(ending.agents) == ["agency/bis"]
    # the words do not say who issued the order that ends now
    assert earlier.agents == [] and refs(earlier.targets) == refs(ending.targets)


def test_a_renewal_names_the_earlier_order_with_its_own_date(extract: Extract) -> None:
    text = ("I hereby grant the request of the Bureau of Industry and Security to renew the "
            "temporary denial order (“TDO”) issued in this matter on March 3, 2031 against "
            "Example Air Co., Ltd.")
    orders = orders_by_date(extract(text, published=dt.date(2031, 9, 1),
                                    doc_type="BIS order"))
    assert set(orders) == {"2031-09-01", "2031-03-03"}  # one order each: "TDO" is its name
    assert orders["2031-03-03"].agents == []


def test_a_party_named_only_in_quoted_speech_is_no_target(extract: Extract) -> None:
    text = ("Commerce Adds Eleven Entities to the Entity List\n\n"
            "The Bureau of Industry and Security added eleven entities to the Entity List. "
            "The Secretary said: “This keeps our technology out of the hands of the Kestrel "
            "Widgets Co. and its partners, who have misused it for years.”")
    additions = [a for a in extract(text, doc_type="press release",
                                    publisher="U.S. Department of Commerce").actions
                 if a.type is ADDITION]
    assert additions and all(a.targets == [] for a in additions)


def test_counted_affiliates_name_their_owner_not_as_target(
        extract: Extract, only_action: OnlyAction) -> None:
    for text, kind in (
            ("BIS added 46 more Norvale Optics affiliates to the Entity List in 2031.", ADDITION),
            ("BIS added 46 affiliates of Norvale Optics Co., Ltd. to the Entity List.", ADDITION),
            ("BIS revised the Entity List entries of Norvale Optics affiliates in 2031.",
             ActionType.ENTITY_LIST_AMENDMENT)):
        action = only_action(extract(text), kind)
        assert action.targets == []
        assert refs(action.affiliates_of) == ["firm/norvale-optics"]


def test_a_partys_trade_is_not_the_acts_product(extract: Extract,
                                                only_action: OnlyAction) -> None:
    text = ("BIS added Kestrel Widgets Co., which makes routers, and drone maker Norvale "
            "Optics Co., Ltd. to the Entity List, cutting them off from semiconductors.")
    action = only_action(extract(text), ADDITION)
    assert refs(action.products) == ["product/semiconductors"]


def test_an_act_in_the_present_perfect_is_dated_around_publication(
        extract: Extract, only_action: OnlyAction) -> None:
    text = "Several suppliers have resumed shipments to Norvale Optics Co., Ltd."
    action = only_action(extract(text, published=dt.date(2031, 11, 20)),
                         ActionType.TRANSACTION)
    assert str(action.date) == "2031-11"  # the month: the words give no day
    recalled = "Several suppliers resumed shipments to Norvale Optics Co., Ltd. years ago."
    assert only_action(extract(recalled), ActionType.TRANSACTION).date is None
