"""Money and counts stated in text: "$11 billion", "290-something requests"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_SCALE = {"thousand": 10**3, "million": 10**6, "mn": 10**6, "m": 10**6,
          "billion": 10**9, "bn": 10**9, "b": 10**9, "trillion": 10**12, "tn": 10**12}
_CURRENCY_SIGNS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY"}
_MONEY = re.compile(
    r"(?P<sign>US\$|\$|€|£|¥)\s?(?P<number>\d[\d,]*(?:\.\d+)?)"
    # "m" and "b" only right after the number: "$300m", "$2B"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|mn|bn|tn|(?<=\d)[mb])\b)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Money:
    """An amount of money and its ISO 4217 currency."""

    amount: Decimal
    currency: str
    start: int
    end: int


def find_money(text: str) -> Money | None:
    """The first sum of money in `text`, if any."""
    match = _MONEY.search(text)
    if not match:
        return None
    number = Decimal(match.group("number").replace(",", ""))
    scale = _SCALE.get((match.group("scale") or "").lower(), 1)
    return Money(number * scale, _CURRENCY_SIGNS[match.group("sign")], match.start(), match.end())


_COUNT_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozens": 24,
    "hundreds": 200,
}
# What actions count: requests and licenses, listed entities and affiliates, shipments.
COUNTED_NOUNS = (
    "requests", "applications", "licenses", "licences", "letters", "entities", "companies",
    "firms", "affiliates", "subsidiaries", "entries", "individuals", "persons", "shipments",
    "orders", "items", "products", "parties", "organizations", "organisations",
)
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_COUNT = re.compile(
    r"(?<![\w$€£¥.,-])(?P<number>\d{1,3}(?:,\d{3})+|\d+"
    rf"|(?:{'|'.join(_TENS)})-(?:{'|'.join(_UNITS)})|"
    + "|".join(sorted(_COUNT_WORDS, key=len, reverse=True)) + r")"
    # "290-something", "40-odd", "300-plus": an approximate count
    r"(?P<approx>-(?:something|odd|plus|some)|\+)?"
    # up to two modifiers between the number and the noun, as few as will do:
    # "290 pending license requests", "sixty-eight of its affiliates"
    r"(?:\s+[a-z]+(?:-[a-z]+)?)??(?:\s+[a-z]+(?:-[a-z]+)?)??"
    r"\s+(?P<noun>" + "|".join(COUNTED_NOUNS) + r")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Count:
    """A number of things: "290-something requests" is 290 requests, approximate."""

    value: int
    noun: str
    approximate: bool
    start: int
    end: int


def find_counts(text: str) -> list[Count]:
    """Every count of things an action can count in `text`. Years, sums of money and dates
    are no counts: the number must be followed by a counted noun."""
    found = []
    for match in _COUNT.finditer(text):
        value = _count_value(match.group("number").lower())
        if value:
            found.append(Count(value, match.group("noun").lower(),
                               match.group("approx") is not None, match.start(), match.end()))
    return found


def find_count(text: str) -> Count | None:
    """The first count of things an action can count in `text`, if any."""
    counts = find_counts(text)
    return counts[0] if counts else None


def _count_value(number: str) -> int:
    """`290`, `1,000`, `seven`, `twenty-eight` as an integer."""
    if number[0].isdigit():
        return int(number.replace(",", ""))
    tens, _, unit = number.partition("-")
    if unit:
        return _COUNT_WORDS[tens] + _UNITS.index(unit) + 1
    return _COUNT_WORDS[number]
