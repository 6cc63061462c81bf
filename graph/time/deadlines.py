"""Deadlines as of a date: the days by which something must happen because of an action (an
answer to an intent-to-deny letter, the expiry of a temporary general license), derived by
`graph/time/lifecycles.py`, each with its follow-ups.

On a day D a deadline is *followed up* when an action that answers it had taken effect by D,
*open* when it has not been followed up and falls on D or later, and *passed* otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tradegraph.graph.store.protocol import GraphStore, solutions
from tradegraph.graph.time.action_facts import interval, labels_of, lookup_pairs
from tradegraph.graph.time.status import known_by
from tradegraph.graph.time.status_reading import action_details
from tradegraph.ontology.schema import schema

_DEADLINES = """SELECT ?deadline ?action ?due ?basis ?label WHERE {{
  ?action tg:deadline ?deadline .
  ?deadline tg:dueOn ?due ; tg:deadlineBasis ?basis ; rdfs:label ?label .
  {restriction}
}}"""
_FOLLOW_UPS = "SELECT ?s ?o WHERE { VALUES ?s { VALUES_HERE } ?s tg:followUp ?o }"
_TARGETS = "SELECT DISTINCT ?s ?o WHERE { VALUES ?s { VALUES_HERE } ?s tg:target ?o }"
STATES = ("open", "passed", "followed up")


@dataclass(frozen=True)
class DeadlineStatus:
    """One deadline as it stood on the day asked about."""

    deadline: str
    label: str
    action: str
    action_type: str
    action_label: str
    targets: list[str]
    target_labels: list[str]
    due: str
    days_left: int
    """Days from the day asked about to the deadline (negative once passed)."""
    basis: str
    follow_ups: list[str]
    """Actions that answer it and had taken effect by the day."""
    state: str
    """"open", "passed" or "followed up"."""


def _took_effect(dates: dict[str, str]) -> dt.date | None:
    for kind in ("effective", "published", "announced", "first reported"):
        span = interval(dates.get(kind))
        if span is not None:
            return span.first
    return None


def deadlines_on(store: GraphStore, day: dt.date, entity: str | None = None,
                 include_closed: bool = False) -> list[DeadlineStatus]:
    """The deadlines on `day` (of actions targeting `entity`, if given), soonest first; only
    the open ones unless `include_closed`."""
    restriction = f"?action tg:target <{entity}> ." if entity else ""
    if not include_closed:  # an open deadline falls on the day or later
        restriction += f' FILTER(!(?due < "{day.isoformat()}"^^xsd:date))'
    # set by an action dated or reported by the day (as text: partial dates compare too;
    # the exact test follows in Python)
    restriction += (" FILTER EXISTS { ?action tg:firstReportedOn|tg:effectiveOn|"
                    f'tg:announcedOn|tg:publishedOn ?when . FILTER(!(STR(?when) > "{day}")) }}')
    rows = list(solutions(store.query(_DEADLINES.format(restriction=restriction))))
    deadlines = sorted({row["deadline"].value for row in rows})
    follow_ups: dict[str, set[str]] = {}
    for deadline, action in lookup_pairs(store, _FOLLOW_UPS, deadlines):
        follow_ups.setdefault(deadline, set()).add(action)
    actions = {row["action"].value for row in rows}
    details = action_details(store, actions | {a for f in follow_ups.values() for a in f},
                             reports=False)
    targets: dict[str, set[str]] = {}
    for action, target in lookup_pairs(store, _TARGETS, sorted(actions)):
        targets.setdefault(action, set()).add(target)
    labels = labels_of(store, {t for found in targets.values() for t in found})
    found: list[DeadlineStatus] = []
    for row in rows:
        deadline, action = row["deadline"].value, row["action"].value
        due = dt.date.fromisoformat(row["due"].value)
        began = _took_effect(details[action].dates)
        if not (began and began <= day) and not known_by(details[action].first_reported, day):
            continue  # set by an action that had neither happened nor been reported then
        answered = sorted(a for a in follow_ups.get(deadline, ())
                          if (when := _took_effect(details[a].dates)) and when <= day)
        state = "followed up" if answered else "open" if due >= day else "passed"
        if state != "open" and not include_closed:
            continue
        parties = sorted(targets.get(action, ()))
        found.append(DeadlineStatus(
            deadline=deadline, label=row["label"].value, action=action,
            action_type=schema().caption(details[action].cls) if details[action].cls else "",
            action_label=details[action].label,
            targets=parties, target_labels=[labels.get(t, t) for t in parties],
            due=due.isoformat(), days_left=(due - day).days, basis=row["basis"].value,
            follow_ups=answered, state=state))
    return sorted(found, key=lambda d: (d.due, d.deadline))
