"""Every country by name: ISO 3166 (pycountry) names, common and official names, and the
short names of `lexicon/names.toml`, tied to the gazetteer's entry where it has one.

The gazetteer lists the countries trade documents name most, with their links; a document
may name any other. A country the gazetteer lacks gets the key of its ISO short name
("united-arab-emirates"), so every document names it alike.
"""

from __future__ import annotations

from functools import cache

import pycountry

from tradegraph.ingest.lexicon import load_name_lexicon
from tradegraph.ontology.gazetteer import Gazetteer
from tradegraph.ontology.iris import slugify
from tradegraph.ontology.models import EntityRef, EntityType


def _iso_names(country: object) -> list[str]:
    names = [getattr(country, attr, None) for attr in ("common_name", "name", "official_name")]
    # "Korea, Republic of" is a catalogue form, not a name a text uses
    return [n for n in dict.fromkeys(names) if n and "," not in n]


@cache
def _short_names() -> dict[str, str]:
    return {str(k): str(v) for k, v in load_name_lexicon()["country_short_names"].items()}


def country_names(gazetteer: Gazetteer) -> list[tuple[str, EntityRef]]:
    """(name, country) for every country name the gazetteer does not list itself."""
    known = {name.lower(): ref for name, ref, _ in gazetteer.names()
             if ref.type is EntityType.COUNTRY}
    by_code: dict[str, tuple[EntityRef, list[str]]] = {}
    for country in pycountry.countries:
        names = _iso_names(country)
        if not names:
            continue
        ref = next((known[n.lower()] for n in names if n.lower() in known),
                   EntityRef(type=EntityType.COUNTRY, key=slugify(names[0])))
        by_code[country.alpha_2] = (ref, names)
    for name, code in _short_names().items():
        if code in by_code:
            ref, names = by_code[code]
            if name.lower() in known:  # the gazetteer's entry is the country's
                by_code[code] = (known[name.lower()], names)
            names.append(name)
    found: list[tuple[str, EntityRef]] = []
    for ref, names in by_code.values():
        found.extend((name, ref) for name in dict.fromkeys(names) if name.lower() not in known)
    return found
