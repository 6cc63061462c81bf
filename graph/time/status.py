"""Status as of a date: on which lists and under which restrictions (or licenses) an entity
stood on a day, since when, by which act and citation, confirmed by the legal record or
reported only, on how many reports, and the history behind each answer. Computed here once
(`entity_status`, `status_from`), and shown alike by every face: `tradegraph status`, the
endpoint's `/status`, the explorer's status panel and entity table, and screening.

It reads what `graph/time/lifecycles.py` derived: the entity's standings (when each real
action applied to it) with their actions' dates by kind, citations and reports. On a day D,
a standing is *in force* when it applied from D or earlier and had not ended by D, *ended*
when it ended by D, and *announced* when it applies only later but a document had reported
it by D; standings neither begun nor reported by D are left out. "Known by D" compares the
action's first report with D: a listing can apply from a day that no document had reported
yet (the legal record's effective dates often precede its publication).

Per regime, one line (`RegimeLine`, `graph/time/status_lines.py`): what applies, since when,
by which act, and its history: the entity's standings in that regime and its other acts
there that open no standing for it (an amendment, an ending, a recall without a day, a
listing of its affiliates).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from tradegraph.graph.query.lookup import GraphEntity
from tradegraph.graph.store.protocol import GraphStore
from tradegraph.graph.time.action_facts import interval, precision
from tradegraph.graph.time.status_lines import RegimeLine, StandingStatus, regime_lines
from tradegraph.graph.time.status_reading import (
    ActionDetails,
    EntityActs,
    StandingRow,
    action_details,
    entity_acts,
    involved_actions,
    standings_of,
)
from tradegraph.ontology.schema import schema


@dataclass
class EntityStatus:
    """An entity's standings on a day, and one line per regime."""

    entity: str
    label: str
    kind: str
    as_of: str
    standings: list[StandingStatus] = field(default_factory=list)
    regimes: list[RegimeLine] = field(default_factory=list)
    """One line per regime the entity has a standing or an act in, in force first."""

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

    def line(self, regime: str) -> RegimeLine | None:
        """The line of one regime, if the entity has one."""
        return next((r for r in self.regimes if r.regime == regime), None)

    def to_dict(self) -> dict[str, Any]:
        """The status as JSON-ready data, with the regimes in force on the day."""
        return {**asdict(self), "regimes_in_force": self.regimes_in_force,
                "in_force": bool(self.in_force)}


def entity_status(store: GraphStore, entity: GraphEntity, day: dt.date) -> EntityStatus:
    """The entity's status on `day` (see the module's documentation)."""
    rows = standings_of(store, entity.iri)
    acts = entity_acts(store, entity.iri)
    details = action_details(store, involved_actions(rows) | set(acts.via))
    return status_from(entity, rows, details, day, acts)


def state_on(row: StandingRow, known: str | None, day: dt.date) -> str | None:
    """"in force", "ended" or "announced" on `day`; None for a standing neither begun nor
    reported (`known`: its action's first report) by then."""
    if row.until is not None and row.until <= day:
        return "ended"
    if row.start <= day:
        return "in force"
    return "announced" if known_by(known, day) else None


def status_from(entity: GraphEntity, rows: list[StandingRow],
                details: dict[str, ActionDetails], day: dt.date,
                acts: EntityActs | None = None) -> EntityStatus:
    """The entity's status on `day` from its standings (`standings_of`), its other acts
    (`entity_acts`; none if not given) and the details of both (`action_details`)."""
    status = EntityStatus(entity.iri, entity.label, entity.kind, day.isoformat())
    for row in rows:
        action = details[row.action]
        known = action.first_reported
        state = state_on(row, known, day)
        if state is None:
            continue
        ending = details[row.ended_by] if row.ended_by else None
        meaning = schema().actions.get(action.cls)
        status.standings.append(StandingStatus(
            standing=row.standing, action=row.action, action_class=action.cls,
            action_type=meaning.caption if meaning else "",
            action_label=action.label, regime=meaning.regime_label if meaning else "",
            effect=meaning.effect if meaning else "restriction",
            state=state, applies_from=row.start.isoformat(),
            applies_until=row.until.isoformat() if row.until else None,
            since=_chain_start(row, rows).isoformat(), approximate=_approximate(action),
            ended_by=row.ended_by,
            ended_by_type=schema().caption(ending.cls) if ending and ending.cls else None,
            dates=dict(action.dates), citations=sorted(action.citations),
            source_lists=sorted(action.source_lists),
            confirmed=action.confirmed, known_since=known,
            known_by_then=known_by(known, day),
            end_known_since=ending.first_reported if ending else None,
            documents=sorted(action.documents), reports=action.reports))
    status.regimes = regime_lines(status.standings, details, acts, day)
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
    when, until when, the action, its type and citation (docs/pages/how-to/query.md shows
    it)."""
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
