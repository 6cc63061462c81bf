"""One line per regime, and the history behind it: what every face of status shows.

A regime's line says what applies on the day, since when, by which act and citation,
whether the legal record holds or confirms it and on how many reports: "Entity List: in
force since 2019-05-16 by Entity List addition; confirmed by the legal record [84 FR
22961]; 3 reports". Its history lists the entity's standings in the regime and its other acts there,
each as one line: an act that changes an entry it already has ("amends"), one that ends a
standing ("ends"), a listing of its affiliates ("46 affiliates listed 2019-08-19"), a recall
without a day, or a report that opens no standing of its own. The texts are made here once,
so the CLI, the endpoint, the explorer and screening print the same words.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from tradegraph.graph.time.action_facts import interval, precision
from tradegraph.graph.time.status_reading import ActionDetails, EntityActs, recorded
from tradegraph.ontology.schema import ActionClass, schema

STATES = ("in force", "announced", "ended", "no standing")
"""A line's states, in the order lines are shown."""
_ENDING_LINKS = frozenset({"removes", "terminates", "suspends"})


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
    """One of its reports is in the legal record (a list entry or a rule), or the legal
    record confirms one; else the news reports it only."""
    known_since: str | None
    known_by_then: bool
    end_known_since: str | None
    documents: list[str]
    reports: int = 1
    """How many documents report the action."""

    @property
    def record(self) -> str:
        """"confirmed by the legal record [its citations]" or "reported only"."""
        return recorded(self.confirmed, self.citations)


@dataclass(frozen=True)
class HistoryItem:
    """One act behind a regime's line."""

    action: str
    action_type: str
    role: str
    """"standing", "amends", "ends", "affiliates", "act" (of a class that opens no
    standing), "without a day" or "no standing"."""
    date: str | None
    text: str
    citations: list[str]
    confirmed: bool
    reports: int
    state: str | None = None
    """For a standing: its state on the day."""


@dataclass(frozen=True)
class RegimeLine:
    """What applied to the entity in one regime on the day."""

    regime: str
    effect: str
    state: str
    """"in force", "announced", "ended" or "no standing" (only acts without one)."""
    since: str | None
    until: str | None
    action: str | None
    """The act behind the line (of several in force, the confirmed and earliest)."""
    action_type: str | None
    citations: list[str]
    confirmed: bool
    reports: int
    in_force: int
    """How many of its standings were in force (rules may apply side by side)."""
    text: str
    history: list[HistoryItem]


def regime_lines(standings: list[StandingStatus], details: dict[str, ActionDetails],
                 acts: EntityActs | None, day: dt.date) -> list[RegimeLine]:
    """The lines of an entity's status: its standings on the day and its other acts known
    by then, by regime."""
    by_regime: dict[str, list[StandingStatus]] = defaultdict(list)
    items: dict[str, list[HistoryItem]] = defaultdict(list)
    for standing in standings:
        by_regime[standing.regime].append(standing)
        items[standing.regime].append(_standing_item(standing))
    held = {s.action for s in standings}
    for action, via in sorted((acts.via if acts else {}).items()):
        found, meaning = details.get(action), None
        if found is not None and action not in held:
            meaning = schema().actions.get(found.cls)
        if found is None or meaning is None or meaning.regime is None or \
                not _known(found, day):
            continue
        links = acts.links.get(action, set()) if acts else set()
        items[meaning.regime.label].append(_act_item(found, meaning, via, links))
    lines = [_line(regime, by_regime.get(regime, []), sorted(its, key=_order))
             for regime, its in items.items()]
    return sorted(lines, key=lambda line: (STATES.index(line.state), line.regime))


def _order(item: HistoryItem) -> tuple[str, str]:
    return (item.date or "", item.action)


def _known(found: ActionDetails, day: dt.date) -> bool:
    when = interval(_date(found) or found.first_reported)
    return when is not None and when.first <= day


def _date(found: ActionDetails) -> str | None:
    return next((found.dates[k] for k in ("effective", "published", "announced",
                                          "first reported") if k in found.dates), None)


@cache
def in_sentence(caption: str) -> str:
    """An action class's caption inside a sentence: its label as the ontology writes it.

    >>> in_sentence("Temporary general license"), in_sentence("Entity List addition")
    ('temporary general license', 'Entity List addition')
    """
    labels = {meaning.caption: meaning.label for meaning in schema().actions.values()}
    return labels.get(caption, caption)


def _reports(count: int) -> str:
    return f"{count} report{'s' if count != 1 else ''}"


def _standing_item(s: StandingStatus) -> HistoryItem:
    until = f" until {s.applies_until}" if s.applies_until else ""
    ended = (f", ended by {in_sentence(s.ended_by_type)}"
             if s.ended_by_type and s.applies_until else "")
    text = (f"{s.state}: {s.action_type} from {s.applies_from}{until}{ended}; "
            f"{s.record}; {_reports(s.reports)}")
    return HistoryItem(s.action, s.action_type, "standing", s.applies_from, text,
                       list(s.citations), s.confirmed, s.reports, s.state)


def _act_item(found: ActionDetails, meaning: ActionClass, via: str,
              links: set[tuple[str, str]]) -> HistoryItem:
    date = _date(found)
    when = date or "undated"
    record = f"; {found.record}; {_reports(found.reports)}"
    kinds = {kind for kind, _ in links}
    if via == "affiliatesOf":
        role = "affiliates"
        verb = "listed" if meaning.opens_standing else meaning.label
        count = f"{found.quantity} affiliates" if found.quantity else "affiliates"
        text = f"{count} {verb} {when} ({meaning.caption}{record})"
    elif "amends" in kinds:
        role = "amends"
        text = (f"{when}: {meaning.caption} of its entry{record}" if meaning.amends else
                f"{when}: {meaning.caption} while it was already listed: it amends the entry, "
                f"it adds no second listing{record}")
    elif kinds & _ENDING_LINKS:
        role = "ends"
        text = f"{when}: {meaning.caption} ends it{record}"
    elif not meaning.opens_standing:  # a decision, an answer: an act, not a standing
        role = "act"
        text = f"{when}: {meaning.caption}{record}"
    elif not found.legal and not any(precision(d) == 3 for k, d in found.dates.items()
                                     if k != "first reported"):
        role = "without a day"
        first = found.first_reported or "?"
        text = (f"{meaning.caption} reported without a day ({when}, first reported {first}): "
                f"no standing of its own{record}")
    else:
        role = "no standing"
        text = f"{when}: {meaning.caption}: no standing of its own{record}"
    return HistoryItem(found.iri, meaning.caption, role, date, text, sorted(found.citations),
                       found.confirmed, found.reports)


def _line(regime: str, standings: list[StandingStatus],
          history: list[HistoryItem]) -> RegimeLine:
    effect = standings[0].effect if standings else "restriction"
    named = regime + (" (authorization)" if effect == "authorization" else "")
    for state in STATES[:3]:
        current = [s for s in standings if s.state == state]
        if not current:
            continue
        if state == "ended":
            first = max(current, key=lambda s: (s.applies_until or "", s.action))
        else:
            first = min(current, key=lambda s: (not s.confirmed, s.since, s.action))
        when = {"in force": f"in force since {first.since}",
                "announced": f"announced, applies from {first.applies_from}",
                "ended": f"ended {first.applies_until} (in force from {first.since})"}[state]
        many = f"; {len(current)} in force" if state == "in force" and len(current) > 1 else ""
        text = (f"{named}: {when} by {in_sentence(first.action_type)}; {first.record}; "
                f"{_reports(first.reports)}{many}")
        return RegimeLine(regime, effect, state, first.since, first.applies_until,
                          first.action, first.action_type, list(first.citations),
                          first.confirmed, first.reports, len(current) if state == "in force"
                          else 0, text, history)
    text = f"{named}: no standing; " + " · ".join(h.text for h in history)
    return RegimeLine(regime, effect, "no standing", None, None, None, None, [], False, 0, 0,
                      text, history)
