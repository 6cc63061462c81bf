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
