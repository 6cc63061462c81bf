"""Reading the parties screening compares against from the store: every firm, organisation,
agency and person with its labels, aliases (`skos:altLabel`: the screening lists' alternate
names are stored so), countries (`tg:country`, and `schema:addressCountry` of its
addresses) and addresses (`schema:address`).

Four plain SELECT queries, so that any SPARQL 1.1 backend answers them (the embedded store,
Virtuoso); each row is one fact, so the queries stay cheap however many aliases there are.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache

import pycountry

from tradegraph.graph.query.inventory import rows
from tradegraph.graph.screening.results import Party
from tradegraph.graph.store.protocol import GraphStore
from tradegraph.ontology.schema import schema

PARTY_CLASSES = schema().screened_classes
"""The classes whose members can be screened (a subclass is listed before its parent:
an agency is also an organisation, and is read as an agency)."""

_VALUES = "VALUES ?class { " + " ".join(f"tg:{c}" for c in PARTY_CLASSES) + " }"

_LABELS = f"""
SELECT ?entity ?class ?label (COUNT(DISTINCT ?g) AS ?graphs) WHERE {{
  {_VALUES} ?entity a ?class .
  GRAPH ?g {{ ?entity rdfs:label ?label }}
}} GROUP BY ?entity ?class ?label"""

_ALIASES = f"""
SELECT DISTINCT ?entity ?alias WHERE {{ {_VALUES} ?entity a ?class ; skos:altLabel ?alias }}"""

_COUNTRIES = f"""
SELECT DISTINCT ?entity ?country WHERE {{
  {_VALUES} ?entity a ?class .
  {{ ?entity tg:country/rdfs:label ?country }}
  UNION {{ ?entity schema:address/schema:addressCountry ?country }}
}}"""

_ADDRESSES = f"""
SELECT DISTINCT ?entity ?address WHERE {{
  {_VALUES} ?entity a ?class ; schema:address/rdfs:label ?address }}"""


COMMON_COUNTRY_NAMES = {
    "russia": "RU", "turkey": "TR", "burma": "MM", "south korea": "KR", "north korea": "KP",
    "iran": "IR", "syria": "SY", "vietnam": "VN", "laos": "LA", "taiwan": "TW", "uk": "GB",
    "czech republic": "CZ", "macau": "MO", "hong kong": "HK", "ivory coast": "CI",
}
"""Short names the lists and the news use where ISO 3166 (and so pycountry) has a long one
("Russian Federation"): without them the right country would count against a match."""


@lru_cache(maxsize=4096)
def country_code(text: str) -> str | None:
    """The ISO 3166 alpha-2 code of a country code or name ("CN", "CHN", "China",
    "People's Republic of China"); None if pycountry knows none."""
    value = text.strip()
    if not value:
        return None
    if value.lower() in COMMON_COUNTRY_NAMES:
        return COMMON_COUNTRY_NAMES[value.lower()]
    try:
        if len(value) == 2:
            record = pycountry.countries.get(alpha_2=value.upper())
        elif len(value) == 3:
            record = pycountry.countries.get(alpha_3=value.upper())
        else:
            record = pycountry.countries.lookup(value)
    except LookupError:
        return None
    return str(record.alpha_2) if record is not None else None


def select_rows(store: GraphStore, sparql: str) -> list[dict[str, str | None]]:
    """A SELECT query's rows as dicts of plain strings (None for an unbound variable)."""
    return rows(store.query(sparql))


def _pairs(store: GraphStore, sparql: str, first: str, second: str) -> list[tuple[str, str]]:
    return [(row[first] or "", row[second] or "") for row in select_rows(store, sparql)]


def read_parties(store: GraphStore) -> list[Party]:
    """Every party in the store, by IRI order.

    An entity labelled differently by different documents keeps the label most graphs
    give (ties: the shorter, then the first alphabetically) and has the others as aliases.
    """
    kinds: dict[str, str] = {}
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for row in select_rows(store, _LABELS):
        entity, label = row["entity"] or "", row["label"] or ""
        kind = (row["class"] or "").rsplit("#", 1)[-1]
        if entity not in kinds or PARTY_CLASSES.index(kind) < PARTY_CLASSES.index(
                kinds[entity]):
            kinds[entity] = kind
        labels[entity][label] += int(row["graphs"] or 0)
    aliases: dict[str, set[str]] = defaultdict(set)
    for entity, alias in _pairs(store, _ALIASES, "entity", "alias"):
        aliases[entity].add(alias)
    countries: dict[str, set[str]] = defaultdict(set)
    for entity, country in _pairs(store, _COUNTRIES, "entity", "country"):
        countries[entity].add(country_code(country) or country)
    addresses: dict[str, set[str]] = defaultdict(set)
    for entity, address in _pairs(store, _ADDRESSES, "entity", "address"):
        addresses[entity].add(address)
    parties = []
    for entity in sorted(kinds):
        ranked = sorted(labels[entity].items(), key=lambda item: (-item[1], len(item[0]),
                                                                  item[0]))
        label = ranked[0][0]
        others = {text for text, _ in ranked[1:]} | aliases[entity]
        parties.append(Party(
            iri=entity, kind=kinds[entity], label=label,
            aliases=tuple(sorted(others - {label})),
            countries=tuple(sorted(countries[entity])),
            addresses=tuple(sorted(addresses[entity]))))
    return parties
