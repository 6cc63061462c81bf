"""From what a user types to what the graph holds: an entity by name (label or alias, any
case), by IRI or as `type/key`; a date by its ISO form. Unknown names get the closest labels
as candidates; a malformed date gets the forms that are accepted."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass

from pyoxigraph import NamedNode

from tradegraph.graph.store.protocol import GraphStore, solutions
from tradegraph.ingest.text import without_invisible
from tradegraph.ontology.errors import TradegraphError
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.models import EntityType
from tradegraph.ontology.schema import schema

ACCEPTED_DATES = "YYYY-MM-DD (for example 2019-05-20) or 'today'"
ENTITY_CLASSES = schema().party_classes
"""The classes a name is looked up in: the parties (they have a status)."""
_SEGMENTS = tuple(EntityType(name).segment for name in ENTITY_CLASSES)
_CLASS_LIST = ", ".join(f"tg:{name}" for name in ENTITY_CLASSES)
_MOST = 50
"""Most entities one name is looked up for (a name of more is ambiguous anyway)."""
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_REF = re.compile(r"^[a-z]+/[a-z0-9][a-z0-9-]*$")
_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
CANDIDATES = 5


class InputError(TradegraphError, ValueError):
    """Something the user gave that the graph cannot answer for; the message says why."""


class DateFormatError(InputError):
    """A date that is not in an accepted form."""


class UnknownEntityError(InputError):
    """A name no entity of the graph carries; `candidates` are the closest ones."""

    def __init__(self, name: str, candidates: list[GraphEntity]) -> None:
        if candidates:
            listed = "; ".join(f"{c.label} ({c.iri})" for c in candidates)
            message = f"no entity named {name!r} in the graph; closest: {listed}"
        else:
            message = f"{name!r} is not in the graph"
        super().__init__(message)
        self.name = name
        self.candidates = candidates


class AmbiguousEntityError(InputError):
    """A name that several entities carry; give one of their IRIs."""

    def __init__(self, name: str, candidates: list[GraphEntity]) -> None:
        listed = "; ".join(f"{c.label} ({c.iri})" for c in candidates)
        super().__init__(f"{name!r} names {len(candidates)} entities: {listed}; "
                         "give the IRI of the one you mean")
        self.name = name
        self.candidates = candidates


@dataclass(frozen=True)
class GraphEntity:
    """An entity of the graph: IRI, label and class (local name)."""

    iri: str
    label: str
    kind: str


def parse_day(value: str | dt.date | None, *, what: str = "date",
              today: dt.date | None = None) -> dt.date:
    """A day from an ISO date string (`YYYY-MM-DD`), a `date` (or `datetime`), 'today', or
    None (today); a `DateFormatError` naming the accepted forms otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None:
        return today or dt.date.today()
    text = value.strip()
    if text.casefold() == "today":
        return today or dt.date.today()
    if not text:
        raise DateFormatError(f"{what} is empty: give {ACCEPTED_DATES}")
    if not _ISO_DAY.match(text):
        raise DateFormatError(f"{what} {text!r} is not a date: give {ACCEPTED_DATES}")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise DateFormatError(f"{what} {text!r} is not a date ({error}): give "
                              f"{ACCEPTED_DATES}") from None


def _string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\r", "\\r") + '"'


def _candidates(store: GraphStore, where: str) -> list[GraphEntity]:
    """The entities `where` finds (as ?e), with a label and class each."""
    # Two steps: joined in one query, the planner started from every entity of the classes.
    found = sorted({row["e"].value for row in solutions(store.query(
        f"SELECT DISTINCT ?e WHERE {{ {where} }}")) if isinstance(row["e"], NamedNode)})
    if not found:
        return []
    values = " ".join(f"<{iri}>" for iri in found[:_MOST])
    rows = solutions(store.query(
        f"SELECT ?e (MIN(?label) AS ?l) (MIN(?class) AS ?c) WHERE {{ VALUES ?e {{ {values} }} "
        f"?e a ?class ; rdfs:label ?label . FILTER(?class IN ({_CLASS_LIST})) }} "
        "GROUP BY ?e ORDER BY ?l ?e"))
    return [GraphEntity(row["e"].value, row["l"].value, row["c"].value.rsplit("#", 1)[-1])
            for row in rows]


def resolve_entity(store: GraphStore, minter: IriMinter, name_or_iri: str) -> GraphEntity:
    """The entity a name (label or alias, exact, then in any case), an IRI or a `type/key`
    reference (`firm/huawei`) names."""
    text = " ".join(without_invisible(name_or_iri).split())
    if not text:
        raise UnknownEntityError(name_or_iri, [])
    if text.startswith(("http://", "https://")) or _REF.match(text):
        iri = text if text.startswith("http") else minter.base + text
        found = _candidates(store, f"VALUES ?e {{ <{iri}> }}") if _IRI.match(iri) else []
        if not found:
            raise UnknownEntityError(text, [])
        return found[0]
    # exact spellings first (index look-ups), then every name of the graph (a scan)
    spellings = [text, *dict.fromkeys(v for v in (text.casefold(), text.title(), text.upper(),
                                                   text.capitalize()) if v != text)]
    for tried in ([text], spellings):
        values = " ".join(_string(name) for name in tried)
        for predicate in ("rdfs:label", "skos:altLabel"):
            found = _candidates(store, f"VALUES ?name {{ {values} }} ?e {predicate} ?name .")
            if found:
                return _one(text, found)
    names = entity_names(store, minter)
    wanted = text.casefold()
    same = sorted({iri for name, iris in names.items() if name.casefold() == wanted
                   for iri in iris})
    if same:
        return _one(text, _candidates(store, "VALUES ?e { " +
                                      " ".join(f"<{iri}>" for iri in same) + " }"))
    raise UnknownEntityError(text, closest(store, names, text))


def _one(name: str, found: list[GraphEntity]) -> GraphEntity:
    if len(found) > 1:
        raise AmbiguousEntityError(name, found)
    return found[0]


def entity_names(store: GraphStore, minter: IriMinter) -> dict[str, set[str]]:
    """Every label and alias of an entity (organisations, persons, countries, vessels and
    aircraft, by their IRIs' form), with the entities that carry it."""
    prefixes = tuple(f"{minter.base}{segment}/" for segment in _SEGMENTS)
    names: dict[str, set[str]] = {}
    for row in solutions(store.query(
            "SELECT DISTINCT ?e ?name WHERE { ?e rdfs:label|skos:altLabel ?name }")):
        if row["e"].value.startswith(prefixes):
            names.setdefault(row["name"].value, set()).add(row["e"].value)
    return names


def closest(store: GraphStore, names: dict[str, set[str]], name: str) -> list[GraphEntity]:
    """Entities whose label or alias contains the name, else the closest in spelling."""
    wanted = name.casefold()
    containing = sorted(n for n in names if wanted in n.casefold())
    close = difflib.get_close_matches(name, list(names), n=CANDIDATES, cutoff=0.6)
    iris: list[str] = []
    for found in [*containing, *close]:
        iris.extend(sorted(names[found] - set(iris)))
    if not iris:
        return []
    chosen = iris[:CANDIDATES]
    values = " ".join(f"<{iri}>" for iri in chosen)
    by_iri = {c.iri: c for c in _candidates(store, f"VALUES ?e {{ {values} }}")}
    return [by_iri[iri] for iri in chosen if iri in by_iri]
