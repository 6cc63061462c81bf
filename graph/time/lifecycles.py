"""Lifecycles of real actions: which later action changes, continues or ends which earlier
one, when each action applied to each of its targets, and the deadlines actions set.

What each class does here is the ontology's to say (`tradegraph.ontology.schema`: its
`tg:regime`, `tg:opensStanding`, `tg:endsStandingOf`, `tg:amendsStandingOf`,
`tg:successionLink`, `tg:answers`, `tg:answerDays`, `tg:authorizes`); the rules below name
the classes of today's ontology as examples. Actions are grouped by regime and target: the
Entity List (additions, amendments, removals), temporary general licenses, denial orders,
sanctions, designations, regulations, and license decisions. Within a group, in date order,
and only between actions whose agents lie in one line of the agency hierarchy:

- an action of a class that opens standings (an addition, order, sanction, designation,
  regulation or license), taken (not only intended), starts a *standing* for each target:
  from its effective date (else its publication, announcement or first report) up to its
  own end date, if it has one;
- a later action of a class whose succession link is `tg:extends` (a temporary general
  license) extends the one before (its standing ends where the extension begins); one whose
  link is `tg:supersedes` (a denial order), taken while another is in force, supersedes it;
- an action of a class that ends standings (a removal) `tg:removes`, and a report of one
  that opens them reported as terminated or suspended `tg:terminates` / `tg:suspends`,
  every standing of the target in that regime that had begun by its date and not ended
  more than the tolerance before; the standing then ends on that date (`tg:endedBy` the
  ending action);
- an action of a class that amends standings `tg:amends` the listing of the target in force
  on its date;
- an intent of a class with days to answer (an intent-to-deny letter: a license denial
  reported as intended) sets a deadline that many days after its date (20, 15 CFR 750.6);
  a later action of a class that answers it (a license decision, an appeal) for the same
  target `tg:follows` it and is its follow-up. An authorization with an end date (a
  license) sets a deadline on that day; an extension or an end is its follow-up.

An ending, or an amendment, with nothing before it to end is a *contradiction* when the
regime's record of the target begins only later (a removal before any addition), and worth
a warning when the graph holds no record of it at all: `tradegraph validate` reports both.

Dates are intervals of days (a month-only date covers the month): a standing applies from
the first day its start can be, and a deadline falls on the last day it can be.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad

from tradegraph.graph.time.action_facts import ActionFacts, best_date, earliest, interval
from tradegraph.graph.time.action_identity import Identity, RealAction
from tradegraph.graph.time.corroboration import Interval
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.schema import ActionClass, Regime, schema
from tradegraph.ontology.terms import PREFIXES, TG

APPLIED_STATUSES = frozenset({"InForce", "Reported", "Terminated", "Suspended"})
"""Statuses of an action that was taken (not only announced, intended or speculated)."""

_XSD_DATE = NamedNode(PREFIXES["xsd"] + "date")
_XSD_BOOLEAN = NamedNode(PREFIXES["xsd"] + "boolean")
_RDF_TYPE = PREFIXES["rdf"] + "type"
_LABEL = PREFIXES["rdfs"] + "label"


@dataclass
class Standing:
    """When one action applied to one of its targets."""

    action: str
    party: str
    start: dt.date
    until: dt.date | None = None
    ended_by: str | None = None


@dataclass
class Deadline:
    """A day by which something must happen because of an action."""

    action: str
    kind: str
    due: dt.date
    basis: str
    follow_ups: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Contradiction:
    """Records that cannot all be true, or an ending with nothing to end."""

    action: str
    party: str
    message: str
    severity: str


@dataclass
class Lifecycles:
    """Links, standings, deadlines and contradictions over the real actions."""

    links: set[tuple[str, str, str]] = field(default_factory=set)
    """(later action, predicate local name, earlier action)."""
    standings: dict[tuple[str, str], Standing] = field(default_factory=dict)
    deadlines: dict[tuple[str, str], Deadline] = field(default_factory=dict)
    contradictions: list[Contradiction] = field(default_factory=list)


def start_of(action: RealAction) -> Interval | None:
    """When the action took effect: effective, else published, announced, first reported."""
    return interval(action.effective or action.published or action.announced
                    or action.first_reported)


def ending_date(action: RealAction) -> Interval | None:
    """When an ending took effect: the end date it states, else its start."""
    return interval(earliest(action.ends)) or start_of(action)


def own_end(action: RealAction) -> dt.date | None:
    """The first day the action no longer applies by its own end date."""
    end = interval(best_date(action.ends))
    return end.first if end else None


@dataclass
class _Event:
    action: RealAction
    when: Interval
    order: int


def trace(identity: Identity, facts: ActionFacts, tolerance: int) -> Lifecycles:
    """The lifecycles of the real actions (see the module's documentation)."""
    groups: dict[tuple[Regime, str], list[_Event]] = defaultdict(list)
    for action in identity.actions.values():
        regime = _meaning(action).regime
        when = ending_date(action) if action.phase == "ending" else start_of(action)
        if regime is None or when is None:
            continue
        order = {"taking": 0, "intended": 0, "amending": 1, "ending": 2}[action.phase]
        for target in action.targets:
            groups[regime, target].append(_Event(action, when, order))
    result = Lifecycles()
    for (regime, target), events in sorted(groups.items(), key=lambda g: (g[0][0].name, g[0][1])):
        events.sort(key=lambda e: (e.when.first, e.order, e.action.iri))
        _Group(regime.label, target, facts, tolerance, result).run(events)
    followers: dict[str, set[str]] = defaultdict(set)
    for later, _, earlier in result.links:
        followers[earlier].add(later)
    for deadline in result.deadlines.values():
        deadline.follow_ups = set(followers.get(deadline.action, ()))
    return result


class _Group:
    """The actions of one regime on one target, walked in date order."""

    def __init__(self, regime: str, target: str, facts: ActionFacts, tolerance: int,
                 result: Lifecycles) -> None:
        self.regime, self.target, self.facts = regime, target, facts
        self.tolerance, self.result = tolerance, result
        self.standings: list[Standing] = []
        self.starts: list[dt.date] = []
        self.letters: list[_Event] = []
        self.actions: dict[str, RealAction] = {}
        self.records: list[_Event] = []
        """Listings of the legal record, for a party on a list once at a time."""
        self.endings: list[_Event] = []

    def run(self, events: list[_Event]) -> None:
        for event in events:
            action, meaning = event.action, _meaning(event.action)
            self.actions[action.iri] = action
            if action.phase == "taking" and meaning.opens_standing and not action.vague:
                self.starts.append(event.when.first)
                if action.legal and meaning.one_entry_per_party:
                    self.records.append(event)
            elif action.phase == "ending":
                self.endings.append(event)
        for event in events:
            action, meaning = event.action, _meaning(event.action)
            if action.phase == "ending":
                self._end(event)
            elif action.phase == "amending":
                self._amend(event)
            elif meaning.answer_days is not None and action.phase == "intended":
                self._letter(event, meaning)
            elif meaning.answers:
                self._answer(event)
            elif meaning.opens_standing and action.statuses & APPLIED_STATUSES:
                self._take(event, meaning)

    def _in_line(self, a: str, b: str) -> bool:
        return self.facts.in_one_line(self.actions[a].agents, self.actions[b].agents)

    def _link(self, later: str, predicate: str, earlier: str) -> None:
        self.result.links.add((later, predicate, earlier))

    def _take(self, event: _Event, meaning: ActionClass) -> None:
        action, start = event.action, event.when.first
        if action.vague:  # a recall: placed in the act it recalls (graph/time/recalls.py)
            return
        if meaning.one_entry_per_party and not self._first_entry(event):
            return
        previous = [s for s in self.standings if s.start <= start
                    and self._in_line(action.iri, s.action)]
        if meaning.succession == "extends" and previous:
            last = previous[-1]
            # a license that lapsed before this one began is not extended by it: a new grant
            if last.until is None or last.until >= start:
                self._link(action.iri, "extends", last.action)
            if last.until is None or last.until > start:
                last.until, last.ended_by = start, action.iri
        if meaning.succession == "supersedes":
            for earlier in previous:
                if earlier.until is None or earlier.until > start:
                    self._link(action.iri, "supersedes", earlier.action)
                    earlier.until, earlier.ended_by = start, action.iri
        standing = Standing(action.iri, self.target, start, own_end(action))
        self.standings.append(standing)
        self.result.standings[action.iri, self.target] = standing
        end = own_end(action)
        if meaning.authorizes and end is not None:  # an authorization's expiry
            self.result.deadlines[action.iri, "expires"] = Deadline(
                action.iri, "expires", end, f"the end date of the {meaning.label}")

    def _first_entry(self, event: _Event) -> bool:
        """Whether a listing adds the party to a list it is not on. A party is on such a
        list once: a listing while its entry stands changes the entry (`tg:amends`); a
        listing reported only, before the legal record's with no removal between, is not in
        the record (a warning) and opens nothing."""
        action, start = event.action, event.when.first
        holding = [s for s in self.standings if s.start <= start
                   and (s.until is None or s.until > start)
                   and self._in_line(action.iri, s.action)]
        if holding:
            self._link(action.iri, "amends", holding[-1].action)
            return False
        if action.legal:
            return True
        for record in self.records:
            if record.when.first > start and self._in_line(action.iri, record.action.iri) \
                    and not any(start <= e.when.first < record.when.first
                                and self._in_line(e.action.iri, record.action.iri)
                                for e in self.endings):
                self.result.contradictions.append(Contradiction(
                    action.iri, self.target,
                    f"{_meaning(action).caption} ({start.isoformat()}) is reported only: the "
                    f"legal record lists this party on the {self.regime} from "
                    f"{record.when.first.isoformat()}, with no removal before", "Warning"))
                return False
        return True

    def _end(self, event: _Event) -> None:
        action, when = event.action, event.when
        if _meaning(action).ends:
            predicate = "removes"
        elif "Suspended" in action.statuses and "Terminated" not in action.statuses:
            predicate = "suspends"
        else:
            predicate = "terminates"
        # an ending on the day the act began names that act; it does not end it then
        ended = [s for s in self.standings if s.start < when.last
                 and (s.until is None or (when.first - s.until).days <= self.tolerance)
                 and self._in_line(action.iri, s.action)]
        for standing in ended:
            self._link(action.iri, predicate, standing.action)
            # known only to the month it began in: it ended by that month's end at the latest
            day = when.first if when.first > standing.start else \
                when.last + dt.timedelta(days=1)
            if standing.until is None or not when.first <= standing.until <= when.last:
                standing.until = min(standing.until, day) if standing.until else day
            # else: an ending known only to the month ("in August") keeps the day the
            # standing's own end date gives inside it ("until August 13")
            standing.ended_by = action.iri
        if not ended:
            self._nothing_before(action, when, "ends")

    def _amend(self, event: _Event) -> None:
        action, when = event.action, event.when
        listed = [s for s in self.standings if s.start <= when.last
                  and (s.until is None or s.until > when.first)
                  and self._in_line(action.iri, s.action)]
        if listed:
            self._link(action.iri, "amends", listed[-1].action)
        else:
            self._nothing_before(action, when, "amends")

    def _nothing_before(self, action: RealAction, when: Interval, verb: str) -> None:
        later = sorted(start for start in self.starts if start > when.last)
        what = f"{_meaning(action).caption} ({when.first.isoformat()})"
        if later and not any(start <= when.last for start in self.starts):
            self.result.contradictions.append(Contradiction(
                action.iri, self.target, f"{what} {verb} the {self.regime} record of this "
                f"party, which begins only on {later[0].isoformat()}", "Violation"))
        elif not self.starts:
            self.result.contradictions.append(Contradiction(
                action.iri, self.target, f"{what} {verb} a {self.regime} record of this party "
                "that the graph does not hold", "Warning"))
        else:
            self.result.contradictions.append(Contradiction(
                action.iri, self.target, f"{what} {verb} a {self.regime} record of this party "
                "that had already ended", "Warning"))

    def _letter(self, event: _Event, meaning: ActionClass) -> None:
        self.letters.append(event)
        due = event.when.last + dt.timedelta(days=meaning.answer_days or 0)
        self.result.deadlines[event.action.iri, "respond"] = Deadline(
            event.action.iri, "respond", due, meaning.answer_basis or "")

    def _answer(self, event: _Event) -> None:
        for letter in self.letters:
            if (event.when.first >= letter.when.last and event.action.iri != letter.action.iri
                    and self._in_line(event.action.iri, letter.action.iri)):
                self._link(event.action.iri, "follows", letter.action.iri)


# ------------------------------------------------------------------ quads


def _deadline_label(kind: str, action: RealAction) -> str:
    meaning = _meaning(action)
    if kind == "respond":
        return "Deadline to answer the intent to deny"
    return f"Expiry of the {meaning.label}"


def _meaning(action: RealAction) -> ActionClass:
    return schema().action(action.kind or action.cls)


def lifecycle_quads(lifecycles: Lifecycles, identity: Identity, minter: IriMinter,
                    labels: dict[str, str], graph: str) -> list[Quad]:
    """The lifecycles graph, in a stable order; `labels` names the parties."""
    name = NamedNode(graph)
    out: list[Quad] = []

    def add(subject: str, predicate: str, value: NamedNode | Literal) -> None:
        out.append(Quad(NamedNode(subject), NamedNode(predicate), value, name))

    def day(value: dt.date) -> Literal:
        return Literal(value.isoformat(), datatype=_XSD_DATE)

    for later, predicate, earlier in sorted(lifecycles.links):
        add(later, str(TG[predicate]), NamedNode(earlier))
    for (action, party), standing in sorted(lifecycles.standings.items()):
        iri = minter.standing(action, party)
        kind = _meaning(identity.actions[action]).caption
        add(action, str(TG.standing), NamedNode(iri))
        add(iri, _RDF_TYPE, NamedNode(str(TG.Standing)))
        span = f"from {standing.start.isoformat()}"
        if standing.until:
            span += f" until {standing.until.isoformat()}"
        add(iri, _LABEL, Literal(f"{kind}: {labels.get(party, party)}, {span}"))
        add(iri, str(TG.party), NamedNode(party))
        add(iri, str(TG.appliesFrom), day(standing.start))
        if standing.until:
            add(iri, str(TG.appliesUntil), day(standing.until))
        if standing.ended_by:
            add(iri, str(TG.endedBy), NamedNode(standing.ended_by))
    for (action, kind), deadline in sorted(lifecycles.deadlines.items()):
        iri = minter.deadline(action, kind)
        add(action, str(TG.deadline), NamedNode(iri))
        add(iri, _RDF_TYPE, NamedNode(str(TG.Deadline)))
        label = _deadline_label(kind, identity.actions[action])
        add(iri, _LABEL, Literal(f"{label} ({deadline.due.isoformat()})"))
        add(iri, str(TG.dueOn), day(deadline.due))
        add(iri, str(TG.deadlineBasis), Literal(deadline.basis))
        add(iri, str(TG.hasFollowUp),
            Literal("true" if deadline.follow_ups else "false", datatype=_XSD_BOOLEAN))
        for follow_up in sorted(deadline.follow_ups):
            add(iri, str(TG.followUp), NamedNode(follow_up))
    return out
