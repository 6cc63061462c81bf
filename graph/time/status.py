"""Status as of a date: on which lists and under which restrictions (or licenses) an entity
stood on a day, since when, by which action and citation, confirmed by the legal record or
reported only, and what the graph's documents had made known by then.

It reads what `graph/time/lifecycles.py` derived: the entity's standings (when each real action
applied to it) with their actions' dates by kind, citations and reports. On a day D, a
standing is *in force* when it applied from D or earlier and had not ended by D, *ended*
when it ended by D, and *announced* when it applies only later but a document had reported
it by D; standings neither begun nor reported by D are left out. "Known by D" compares the
action's first report with D: a listing can apply from a day that no document had reported
yet (the legal record's effective dates often precede its publication).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from pyoxigraph import QuerySolution

from tradegraph.graph.query.lookup import GraphEntity
from tradegraph.graph.store.protocol import GraphStore, solutions
from tradegraph.graph.time.action_facts import interval, lookup_pairs, precision
from tradegraph.graph.time.lifecycles import REGIME_OF
from tradegraph.ontology.models import ActionType
from tradegraph.ontology.terms import TG

_STANDINGS = """SELECT ?standing ?action ?from ?until ?endedBy WHERE {{
  ?standing tg:party <{entity}> ; tg:appliesFrom ?from .
  ?action tg:standing ?standing .
  OPTIONAL {{ ?standing tg:appliesUntil ?until }}
  OPTIONAL {{ ?standing tg:endedBy ?endedBy }}
}}"""
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
AUTHORIZATIONS = frozenset({"TemporaryGeneralLicense"})
"""Classes whose standings permit rather than restrict."""
_ACTION_CLASSES = frozenset(t.value for t in ActionType)
KIND_PROPERTIES = {str(TG.announcedOn): "announced", str(TG.effectiveOn): "effective",
                   str(TG.publishedOn): "published", str(TG.firstReportedOn): "first reported"}


@dataclass
class ActionDetails:
    """What status shows of one real action."""

    iri: str
    cls: str = ""
    label: str = ""
    citations: set[str] = field(default_factory=set)
    source_lists: set[str] = field(default_factory=set)
    dates: dict[str, str] = field(default_factory=dict)
    documents: set[str] = field(default_factory=set)
    legal: bool = False
    """Whether one of its reports is in the legal record (a list entry, a rule)."""

    @property
    def first_reported(self) -> str | None:
        """The earliest publication date of its reports."""
        return self.dates.get("first reported")


@dataclass(frozen=True)
class StandingStatus:
    """One action's standing for the entity, as it was on the day asked about."""

    standing: str
    action: str
    action_class: str
    action_type: str
    action_label: str
    regime: str
    effect: str
    """"restriction", or "authorization" for a temporary general license."""
    state: str
    """"in force", "ended" or "announced" (reported by the day, applies later)."""
    applies_from: str
    applies_until: str | None
    since: str
    """When the chain it continues began (a license and its extensions), else applies_from."""
    approximate: bool
    """The start is known only to the month or year (applies_from is its first day)."""
    ended_by: str | None
    ended_by_type: str | None
    dates: dict[str, str]
    """announced, effective, published, first reported: each date kind the graph holds."""
    citations: list[str]
    source_lists: list[str]
    confirmed: bool
    """One of its reports is in the legal record (a list entry or a rule); else the news
    reports it only."""
    known_since: str | None
    known_by_then: bool
    end_known_since: str | None
    documents: list[str]


@dataclass
class EntityStatus:
    """An entity's standings on a day."""

    entity: str
    label: str
    kind: str
    as_of: str
    standings: list[StandingStatus] = field(default_factory=list)

    @property
    def in_force(self) -> list[StandingStatus]:
        """What applied on the day."""
        return [s for s in self.standings if s.state == "in force"]

    @property
    def regimes_in_force(self) -> list[str]:
        """The regimes (Entity List, denial order, ...) it stood under on the day."""
        return sorted({s.regime for s in self.in_force})

    def stands_under(self, regime: str) -> bool:
        """Whether something of this regime applied on the day."""
        return regime in self.regimes_in_force

    def to_dict(self) -> dict[str, Any]:
        """The status as JSON-ready data, with the regimes in force on the day."""
        return {**asdict(self), "regimes_in_force": self.regimes_in_force,
                "in_force": bool(self.in_force)}


_CITATION, _SOURCE_LIST, _TG = str(TG.citation), str(TG.sourceList), str(TG)


def action_details(store: GraphStore, actions: set[str], *,
                   reports: bool = True) -> dict[str, ActionDetails]:
    """Class, label, citations, lists, dates by kind and (if `reports`) the reporting
    documents of real actions."""
    details = {iri: ActionDetails(iri) for iri in actions}
    ordered = sorted(actions)
    for start in range(0, len(ordered), 400):
        values = " ".join(f"<{iri}>" for iri in ordered[start:start + 400])
        for row in solutions(store.query(_DETAILS.format(values=values))):
            found, predicate, value = details[row["s"].value], row["p"].value, row["o"].value
            if predicate.endswith("#type") and value.startswith(_TG) and \
                    value.rsplit("#", 1)[-1] in _ACTION_CLASSES:
                found.cls = value.rsplit("#", 1)[-1]
            elif predicate.endswith("#label"):
                found.label = min(found.label, value) if found.label else value
            elif predicate == _CITATION:
                found.citations.add(value)
            elif predicate == _SOURCE_LIST:
                found.source_lists.add(value)
            elif predicate in KIND_PROPERTIES:
                found.dates[KIND_PROPERTIES[predicate]] = value
    if not reports:
        return details
    for action, document in lookup_pairs(store, _REPORTS, ordered):
        details[action].documents.add(document)
    documents = sorted({d for found in details.values() for d in found.documents})
    legal = {document for document, _ in lookup_pairs(store, _LEGAL, documents)}
    for found in details.values():
        found.legal = bool(found.documents & legal)
    return details


@dataclass(frozen=True)
class StandingRow:
    """One standing as stored: the action, when it applied from and until, what ended it."""

    standing: str
    action: str
    start: dt.date
    until: dt.date | None
    ended_by: str | None


_ALL_STANDINGS = """SELECT ?entity ?standing ?action ?from ?until ?endedBy WHERE {
  ?standing tg:party ?entity ; tg:appliesFrom ?from .
  ?action tg:standing ?standing .
  OPTIONAL { ?standing tg:appliesUntil ?until }
  OPTIONAL { ?standing tg:endedBy ?endedBy }
}"""


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


def entity_status(store: GraphStore, entity: GraphEntity, day: dt.date) -> EntityStatus:
    """The entity's standings on `day` (see the module's documentation)."""
    rows = standings_of(store, entity.iri)
    return status_from(entity, rows, action_details(store, involved_actions(rows)), day)


def state_on(row: StandingRow, known: str | None, day: dt.date) -> str | None:
    """"in force", "ended" or "announced" on `day`; None for a standing neither begun nor
    reported (`known`: its action's first report) by then."""
    if row.until is not None and row.until <= day:
        return "ended"
    if row.start <= day:
        return "in force"
    return "announced" if known_by(known, day) else None


def status_from(entity: GraphEntity, rows: list[StandingRow],
                details: dict[str, ActionDetails], day: dt.date) -> EntityStatus:
    """The entity's status on `day` from its standings (`standings_of`) and the details of
    their actions (`action_details` of `involved_actions`)."""
    status = EntityStatus(entity.iri, entity.label, entity.kind, day.isoformat())
    for row in rows:
        action = details[row.action]
        known = action.first_reported
        state = state_on(row, known, day)
        if state is None:
            continue
        ending = details[row.ended_by] if row.ended_by else None
        status.standings.append(StandingStatus(
            standing=row.standing, action=row.action, action_class=action.cls,
            action_type=ActionType(action.cls).label if action.cls else "",
            action_label=action.label, regime=REGIME_OF.get(action.cls, action.cls),
            effect="authorization" if action.cls in AUTHORIZATIONS else "restriction",
            state=state, applies_from=row.start.isoformat(),
            applies_until=row.until.isoformat() if row.until else None,
            since=_chain_start(row, rows).isoformat(), approximate=_approximate(action),
            ended_by=row.ended_by,
            ended_by_type=ActionType(ending.cls).label if ending and ending.cls else None,
            dates=dict(action.dates), citations=sorted(action.citations),
            source_lists=sorted(action.source_lists),
            confirmed=action.legal, known_since=known,
            known_by_then=known_by(known, day),
            end_known_since=ending.first_reported if ending else None,
            documents=sorted(action.documents)))
    return status


def known_by(date: str | None, day: dt.date) -> bool:
    """Whether a (possibly partial) date lies surely on or before `day`."""
    span = interval(date)
    return span is not None and span.last <= day


def _chain_start(row: StandingRow, rows: list[StandingRow]) -> dt.date:
    """Walk back through the standings this one continues without a gap."""
    start, seen = row, {row.standing}
    while True:
        before = [r for r in rows if r.ended_by == start.action and r.until == start.start
                  and r.standing not in seen]
        if not before:
            return start.start
        start = before[0]
        seen.add(start.standing)


def _approximate(action: ActionDetails) -> bool:
    chosen = next((action.dates[k] for k in ("effective", "published", "announced",
                                             "first reported") if k in action.dates), None)
    return chosen is not None and precision(chosen) < 3


def status_query(entity: str, day: dt.date) -> str:
    """The SPARQL pattern of status: what applied to `entity` (an IRI) on `day`, with since
    when, until when, the action, its type and citation (the README's example)."""
    date = f'"{day.isoformat()}"^^xsd:date'
    # !(?from > D) rather than ?from <= D: Virtuoso 7.2 answers nothing to <= on dates
    return f"""SELECT ?type ?from ?until ?citation ?action WHERE {{
  ?standing tg:party <{entity}> ; tg:appliesFrom ?from .
  ?action tg:standing ?standing ; a ?class .
  ?class rdfs:subClassOf tg:Action ; rdfs:label ?type .
  OPTIONAL {{ ?standing tg:appliesUntil ?until }}
  FILTER(!(?from > {date}) && (!BOUND(?until) || ?until > {date}))
  OPTIONAL {{ ?action tg:citation ?citation }}
}} ORDER BY ?from ?action"""


def lifecycle_query(entity: str) -> str:
    """The SPARQL pattern of lifecycles: every link between two actions on `entity` (an
    IRI), later action first, with both dates by kind."""
    links = " ".join(f"tg:{name}" for name in ("follows", "amends", "extends", "supersedes",
                                               "suspends", "terminates", "removes"))
    return f"""SELECT ?later ?link ?earlier ?laterFrom ?earlierFrom WHERE {{
  VALUES ?property {{ {links} }}
  ?later ?property ?earlier ; tg:target <{entity}> .
  ?property rdfs:label ?link .
  OPTIONAL {{ ?later tg:standing ?s . ?s tg:party <{entity}> ; tg:appliesFrom ?laterFrom }}
  OPTIONAL {{ ?earlier tg:standing ?e . ?e tg:party <{entity}> ; tg:appliesFrom ?earlierFrom }}
}} ORDER BY ?earlierFrom ?later"""
