"""Sums of money stated in text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tradegraph.ingest.quantities import find_count, find_money


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("Huawei spent $11 billion on U.S. parts", Decimal("11000000000"), "USD"),
        ("a fine of $1.2 million", Decimal("1200000"), "USD"),
        ("sales of US$5bn a year", Decimal("5000000000"), "USD"),
        ("a $1,400,000 penalty", Decimal("1400000"), "USD"),
        ("orders worth €40 million", Decimal("40000000"), "EUR"),
        ("a £3.5 billion deal", Decimal("3500000000"), "GBP"),
        ("ZTE paid $892 thousand", Decimal("892000"), "USD"),
        ("a $300m contract", Decimal("300000000"), "USD"),
        ("chips worth $2B", Decimal("2000000000"), "USD"),
    ],
)
def test_money(text: str, amount: Decimal, currency: str) -> None:
    money = find_money(text)
    assert money is not None
    assert money.amount == amount
    assert money.currency == currency


def test_span_of_the_amount() -> None:
    text = "ZTE agreed to pay $1.4 billion, officials said."
    money = find_money(text)
    assert money is not None
    assert text[money.start:money.end] == "$1.4 billion"


def test_first_amount_wins() -> None:
    money = find_money("a $1 billion fine and a $400 million escrow")
    assert money is not None
    assert money.amount == Decimal("1000000000")


@pytest.mark.parametrize(
    "text",
    [
        "The Commerce Department added Huawei to the Entity List.",
        "About 290 requests for licenses were filed.",
        "Sales rose 11 percent to 7 billion units.",
    ],
)
def test_no_money(text: str) -> None:
    assert find_money(text) is None


def test_a_word_after_the_number_is_no_scale() -> None:
    money = find_money("they paid $5 by Friday and $7 more later")
    assert money is not None
    assert money.amount == Decimal("5")


@pytest.mark.parametrize(("text", "value", "noun", "approximate"), [
    ("The agency has received 290-something requests for licenses.", 290, "requests", True),
    ("Officials approved 1,200 license applications last year.", 1200, "applications", False),
    ("The rule adds twenty-eight entities to the list.", 28, "entities", False),
    ("Commerce added 33 Chinese entities on Friday.", 33, "entities", False),
    ("It sent 40-odd letters to suppliers.", 40, "letters", True),
    ("Seven companies applied.", 7, "companies", False),
])
def test_counts(text: str, value: int, noun: str, approximate: bool) -> None:
    count = find_count(text)
    assert count is not None
    assert (count.value, count.noun, count.approximate) == (value, noun, approximate)
    assert text[count.start:count.end].endswith(noun)


@pytest.mark.parametrize("text", [
    "In 2019 the department acted.",            # a year, no counted noun
    "The deal was worth $11 billion.",          # money is no count
    "The COVID-19 items were exempt.",          # a number inside a name
    "Zero requests were received.",             # nothing counted
    "On May 16, 2019, the list grew.",          # a date
])
def test_numbers_that_are_no_counts(text: str) -> None:
    assert find_count(text) is None
