"""The values of one screening-list row, read from whichever layout it came in.

The CSL's CSV/TSV, its JSON and the older BIS layout name and shape the same facts
differently (`alt_names` as "A; B" or as a list, addresses as text, as objects or as
columns of their own). `ListingFields` gives one typed view of a row; a value that cannot
be read raises `ValueError` naming the field, and the row is skipped.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from typing import Any

from tradegraph.ingest.sources.base import read_package_text
from tradegraph.ingest.text import without_invisible
from tradegraph.ontology.models import PartialDate, PostalAddress

_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@cache
def list_lexicon() -> dict[str, Any]:
    """The whole of the screening lists' `lexicon.toml`."""
    return tomllib.loads(read_package_text(__package__, "lexicon.toml"))


def parse_list_date(value: str, field: str) -> PartialDate | None:
    """`2019-05-16`, `2019-05`, `2019` or `5/16/2019` (the older layout); None if empty."""
    text = value.strip()
    if not text:
        return None
    us = _US_DATE.match(text)
    if us:
        text = f"{us.group(3)}-{int(us.group(1)):02d}-{int(us.group(2)):02d}"
    try:
        return PartialDate.parse(text[:10] if len(text) > 10 and text[10] == "T" else text)
    except ValueError:
        raise ValueError(f"{field} {value!r} is not a date") from None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):  # an invisible character would split a name unseen
        return without_invisible(value).strip()
    if isinstance(value, int | float):
        return str(value)
    raise ValueError(f"expected text, found {type(value).__name__}")


def _many(value: Any) -> list[str]:
    """A list field: a JSON list, or text separated by semicolons."""
    if value is None:
        return []
    if isinstance(value, list):
        return [item for item in (_text(v) for v in value) if item]
    return [part.strip() for part in _text(value).split(";") if part.strip()]


class ListingFields:
    """Typed access to one row's fields under the lexicon's column names."""

    def __init__(self, fields: dict[str, Any]) -> None:
        columns: dict[str, list[str]] = list_lexicon()["columns"]
        self._values: dict[str, Any] = {}
        for name, headers in columns.items():
            for header in headers:
                if fields.get(header) not in (None, ""):
                    self._values[name] = fields[header]
                    break

    def text(self, name: str) -> str:
        """A single text value ('' if absent)."""
        try:
            return _text(self._values.get(name))
        except ValueError as error:
            raise ValueError(f"{name}: {error}") from None

    def many(self, name: str) -> list[str]:
        """A list value (semicolon-separated text or a JSON list)."""
        try:
            return _many(self._values.get(name))
        except ValueError as error:
            raise ValueError(f"{name}: {error}") from None

    def date(self, name: str) -> PartialDate | None:
        """A date value, None if absent (ValueError if unreadable)."""
        return parse_list_date(self.text(name), name.replace("_", " "))

    def addresses(self) -> list[PostalAddress]:
        """Every address: JSON objects, `;`-separated text, or the older layout's columns."""
        value = self._values.get("addresses")
        if isinstance(value, list):
            return [address for item in value if (address := _address_object(item))]
        if value:
            return [_address_text(part) for part in _many(value)]
        columns = {name: self.text(name)
                   for name in ("street", "city", "region", "postal_code", "country")}
        if not any(columns.values()):
            return []
        return [PostalAddress(street=columns["street"] or None, locality=columns["city"] or None,
                              region=columns["region"] or None,
                              postal_code=columns["postal_code"] or None,
                              country=columns["country"] or None)]


def _address_object(item: Any) -> PostalAddress | None:
    if isinstance(item, str):
        return _address_text(item) if item.strip() else None
    if not isinstance(item, dict):
        raise ValueError(f"addresses: expected objects, found {type(item).__name__}")
    parts = {name: _text(item.get(name)) or None
             for name in ("address", "city", "state", "postal_code", "country")}
    if not any(parts.values()):
        return None
    return PostalAddress(street=parts["address"], locality=parts["city"], region=parts["state"],
                         postal_code=parts["postal_code"], country=parts["country"])


def _address_text(text: str) -> PostalAddress:
    """An address given as one line: a last part that is a two-letter code is the country
    (as the CSL writes it), the rest is kept as the street address."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if len(parts) > 1 and re.fullmatch(r"[A-Z]{2}", parts[-1]):
        return PostalAddress(street=", ".join(parts[:-1]), country=parts[-1])
    return PostalAddress(street=text.strip())
