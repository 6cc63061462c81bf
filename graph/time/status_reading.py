"""What status reads from a store: an entity's standings (as `graph/time/lifecycles.py`
derived them), the details of real actions (class, label, citations, dates by kind, the
documents that report them, and whether the legal record holds or confirms them), and the
entity's other acts (those that open no standing for it: amendments, endings, recalls
without a day, listings of its affiliates), with the lifecycle links between them.

Every query is a flat pattern over a `VALUES` block (portable SPARQL: the embedded store and
Virtuoso run the same text), so a status costs a handful of index look-ups however large the
store.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pyoxigraph import QuerySolution

from tradegraph.graph.store.protocol import GraphStore, solutions
from tradegraph.graph.time.action_facts import CHUNK, lookup_pairs
from tradegraph.ontology.schema import schema
from tradegraph.ontology.terms import TG

_STANDINGS = """SELECT ?standing ?action ?from ?until ?endedBy WHERE {{
  ?standing tg:party <{entity}> ; tg:appliesFrom ?from .
  ?action tg:standing ?standing .
  OPTIONAL {{ ?standing tg:appliesUntil ?until }}
  OPTIONAL {{ ?standing tg:endedBy ?endedBy }}
}}"""
_ALL_STANDINGS = """SELECT ?entity ?standing ?action ?from ?until ?endedBy WHERE {
  ?standing tg:party ?entity ; tg:appliesFrom ?from .
  ?action tg:standing ?standing .
  OPTIONAL { ?standing tg:appliesUntil ?until }
  OPTIONAL { ?standing tg:endedBy ?endedBy }
}"""
# FILTER IN, not a second VALUES: pyoxigraph joined two VALUES blocks with the whole store
# (560 ms for 30 actions on a million quads, against 1.4 ms).
_DETAILS = """SELECT ?s ?p ?o WHERE {{
  VALUES ?s {{ {values} }}
  ?s ?p ?o .
  FILTER(?p IN (rdf:type, rdfs:label, tg:citation, tg:sourceList, tg:announcedOn,
                tg:effectiveOn, tg:publishedOn, tg:firstReportedOn))
}}"""
_REPORTS = ("SELECT DISTINCT ?s ?o WHERE { VALUES ?s { VALUES_HERE } "
            "{ ?s tg:reportedIn ?o } UNION { ?r tg:sameActionAs ?s ; tg:reportedIn ?o } }")
_LEGAL = ("SELECT DISTINCT ?s ?o WHERE { VALUES ?s { VALUES_HERE } ?s a ?o . "
          "FILTER(?o = tg:LegalRecord) }")
_CONFIRMED = ("SELECT DISTINCT ?s ?o WHERE { VALUES ?s { VALUES_HERE } "
              "{ ?s tg:confirmedBy ?o } UNION { ?r tg:sameActionAs ?s ; tg:confirmedBy ?o } }")
_CITATIONS = "SELECT DISTINCT ?s ?o WHERE { VALUES ?s { VALUES_HERE } ?s tg:citation ?o }"
_QUANTITIES = ("SELECT DISTINCT ?s ?o WHERE { VALUES ?s { VALUES_HERE } "
               "{ ?s tg:quantity ?o } UNION { ?r tg:sameActionAs ?s ; tg:quantity ?o } }")
# The entity's real actions: a report folded into a real action is read as that action.
_ACTS = """SELECT DISTINCT ?action ?via WHERE {{
  VALUES ?via {{ tg:target tg:affiliatesOf }}
  ?action ?via <{entity}> .
  FILTER NOT EXISTS {{ ?action tg:sameActionAs ?real }}
}}"""
_LINKS = """SELECT DISTINCT ?s ?p ?o WHERE {{
  VALUES ?s {{ {values} }}
  ?s ?p ?o .
  FILTER(?p IN (tg:amends, tg:removes, tg:terminates, tg:suspends, tg:supersedes,
                tg:extends, tg:follows))
}}"""
KIND_PROPERTIES = {str(TG.announcedOn): "announced", str(TG.effectiveOn): "effective",
                   str(TG.publishedOn): "published", str(TG.firstReportedOn): "first reported"}


def recorded(confirmed: bool, citations: set[str] | list[str]) -> str:
    """What the legal record says of an act, as every face says it: "confirmed by the legal
    record [84 FR 22961]" or "reported only".

    >>> recorded(True, ["84 FR 22961"]), recorded(False, [])
    ('confirmed by the legal record [84 FR 22961]', 'reported only')
    """
    if not confirmed:
        return "reported only" + (f" [{'; '.join(sorted(citations))}]" if citations else "")
    return "confirmed by the legal record" + (
        f" [{'; '.join(sorted(citations))}]" if citations else "")


@dataclass
class ActionDetails:
    """What status shows of one real action."""

    iri: str
    cls: str = ""
    label: str = ""
    citations: set[str] = field(default_factory=set)
    """Its own citations and those of the acts of the legal record that confirm it."""
    source_lists: set[str] = field(default_factory=set)
    dates: dict[str, str] = field(default_factory=dict)
    documents: set[str] = field(default_factory=set)
    legal: bool = False
    """Whether one of its reports is in the legal record (a list entry, a rule)."""
    confirmed_by: set[str] = field(default_factory=set)
    """Acts of the legal record that confirm one of its reports (`tg:confirmedBy`)."""
    quantity: int | None = None
    """How many parties it counts, where a report says (`tg:quantity`)."""

    @property
    def first_reported(self) -> str | None:
        """The earliest publication date of its reports."""
        return self.dates.get("first reported")

    @property
    def confirmed(self) -> bool:
        """In the legal record, or confirmed by it; else reported only."""
        return self.legal or bool(self.confirmed_by)

    @property
    def record(self) -> str:
        """"confirmed by the legal record [its citations]" or "reported only" (`recorded`)."""
        return recorded(self.confirmed, self.citations)

    @property
    def reports(self) -> int:
        """How many documents report it."""
        return len(self.documents) or 1


@dataclass(frozen=True)
class StandingRow:
    """One standing as stored: the action, when it applied from and until, what ended it."""

    standing: str
    action: str
    start: dt.date
    until: dt.date | None
    ended_by: str | None


@dataclass(frozen=True)
class EntityActs:
    """The entity's real actions in a regime, how each concerns it, and the lifecycle links
    from each (`(predicate local name, earlier action)`)."""

    via: dict[str, str]
    """Action -> "target" or "affiliatesOf"."""
    links: dict[str, set[tuple[str, str]]]


def _row(row: QuerySolution) -> StandingRow:
    return StandingRow(row["standing"].value, row["action"].value,
                       dt.date.fromisoformat(row["from"].value),
                       dt.date.fromisoformat(row["until"].value) if row["until"] else None,
                       row["endedBy"].value if row["endedBy"] else None)


def standings_of(store: GraphStore, entity: str) -> list[StandingRow]:
    """Every standing of the entity, in date order."""
    rows = [_row(row) for row in solutions(store.query(_STANDINGS.format(entity=entity)))]
    return sorted(rows, key=lambda r: (r.start, r.action))


def all_standings(store: GraphStore) -> dict[str, list[StandingRow]]:
    """Every standing of every party, by party, each party's in date order (one query:
    screening asks about thousands of parties at once)."""
    by_party: dict[str, list[StandingRow]] = {}
    for row in solutions(store.query(_ALL_STANDINGS)):
        by_party.setdefault(row["entity"].value, []).append(_row(row))
    for rows in by_party.values():
        rows.sort(key=lambda r: (r.start, r.action))
    return by_party


def involved_actions(rows: list[StandingRow]) -> set[str]:
    """The actions `status_from` needs the details of: the standings' and their endings'."""
    return {r.action for r in rows} | {r.ended_by for r in rows if r.ended_by}


def entity_acts(store: GraphStore, entity: str) -> EntityActs:
    """The entity's real actions of classes with a regime, and their lifecycle links."""
    via: dict[str, str] = {}
    for row in solutions(store.query(_ACTS.format(entity=entity))):
        via.setdefault(row["action"].value, row["via"].value.rsplit("#", 1)[-1])
    links: dict[str, set[tuple[str, str]]] = {}
    ordered = sorted(via)
    for start in range(0, len(ordered), CHUNK):
        values = " ".join(f"<{iri}>" for iri in ordered[start:start + CHUNK])
        for row in solutions(store.query(_LINKS.format(values=values))):
            links.setdefault(row["s"].value, set()).add(
                (row["p"].value.rsplit("#", 1)[-1], row["o"].value))
    return EntityActs(via, links)


_CITATION, _SOURCE_LIST, _TG = str(TG.citation), str(TG.sourceList), str(TG)


def action_details(store: GraphStore, actions: set[str], *,
                   reports: bool = True) -> dict[str, ActionDetails]:
    """Class, label, citations, lists, dates by kind and (if `reports`) the reporting
    documents of real actions, and whether the legal record holds or confirms them."""
    details = {iri: ActionDetails(iri) for iri in actions}
    ordered = sorted(actions)
    for start in range(0, len(ordered), CHUNK):
        values = " ".join(f"<{iri}>" for iri in ordered[start:start + CHUNK])
        for row in solutions(store.query(_DETAILS.format(values=values))):
            _take(details[row["s"].value], row["p"].value, row["o"].value)
    if not reports:
        return details
    for action, document in lookup_pairs(store, _REPORTS, ordered):
        details[action].documents.add(document)
    documents = sorted({d for found in details.values() for d in found.documents})
    legal = {document for document, _ in lookup_pairs(store, _LEGAL, documents)}
    for found in details.values():
        found.legal = bool(found.documents & legal)
    _confirmations(store, details, ordered)
    return details


def _take(found: ActionDetails, predicate: str, value: str) -> None:
    if predicate.endswith("#type") and value.startswith(_TG):
        meaning = schema().meaning({found.cls, value.rsplit("#", 1)[-1]})
        found.cls = meaning.name if meaning else found.cls  # the narrower of two classes
    elif predicate.endswith("#label"):
        found.label = min(found.label, value) if found.label else value
    elif predicate == _CITATION:
        found.citations.add(value)
    elif predicate == _SOURCE_LIST:
        found.source_lists.add(value)
    elif predicate in KIND_PROPERTIES:
        found.dates[KIND_PROPERTIES[predicate]] = value


def _confirmations(store: GraphStore, details: dict[str, ActionDetails],
                   ordered: list[str]) -> None:
    """The acts of the legal record that confirm each action's reports, and their
    citations: a report confirmed by the record is confirmed wherever it is shown."""
    for action, legal in lookup_pairs(store, _CONFIRMED, ordered):
        if legal != action:
            details[action].confirmed_by.add(legal)
    confirming = sorted({c for found in details.values() for c in found.confirmed_by})
    cited: dict[str, set[str]] = {}
    for legal, citation in lookup_pairs(store, _CITATIONS, confirming):
        cited.setdefault(legal, set()).add(citation)
    for action, quantity in lookup_pairs(store, _QUANTITIES, ordered):
        details[action].quantity = max(details[action].quantity or 0, int(float(quantity)))
    for found in details.values():
        for legal in found.confirmed_by:
            found.citations |= cited.get(legal, set())
