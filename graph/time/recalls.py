"""A recall is a report, not an act: where a mention of an earlier action that does not date
it to the day belongs.

News often recalls an act it does not date, or dates only to the month: "Huawei, which was
added to the Entity List in May", "since the company was put on the list". Such a report
says nothing of since when the act applied, so it opens no standing of its own
(`RealAction.vague`; `graph/time/lifecycles.py` skips it). It is a report of the act it
recalls: the act of the same class whose standing on a party it names, with agents in one
line, had begun by the time the recall speaks of (the end of its month, or its first report
if undated) and, for a recall dated to a month or a year, not long before that period began
(the date tolerance); the one in force then, else the latest such. `recall_pairs` names one
report of each side; folding again with them as "same action" statements joins the recall
into that act, so it is counted once and its reports are the act's.

A recall that fits no act stays a real action of its own, without a standing: status shows
it as reported without a day.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from tradegraph.graph.time.action_facts import ActionFacts, interval
from tradegraph.graph.time.action_identity import Identity, RealAction
from tradegraph.graph.time.lifecycles import Lifecycles, Standing
from tradegraph.ontology.schema import schema


def recall_pairs(identity: Identity, lifecycles: Lifecycles, facts: ActionFacts,
                 tolerance: int) -> list[tuple[str, str]]:
    """(a report of a recall, a report of the act it recalls), one pair per recall placed."""
    by_party: dict[str, list[Standing]] = {}
    for (_, party), standing in lifecycles.standings.items():
        by_party.setdefault(party, []).append(standing)
    pairs = []
    for action in sorted(identity.actions.values(), key=lambda a: a.iri):
        if action.phase != "taking" or not action.vague or \
                not schema().action(action.kind or action.cls).opens_standing:
            continue
        recalled = _recalled(action, identity, by_party, facts, tolerance)
        if recalled is not None:
            pairs.append((action.members[0], identity.actions[recalled].members[0]))
    return pairs


def _window(action: RealAction, tolerance: int) -> tuple[dt.date | None, dt.date] | None:
    """(earliest, latest) day the recalled act can have begun; None if nothing dates it."""
    dated = interval(action.announced or action.effective or action.published)
    if dated is not None:
        return dated.first - dt.timedelta(days=tolerance), dated.last
    reported = interval(action.first_reported)
    return (None, reported.last) if reported is not None else None


def _recalled(action: RealAction, identity: Identity, by_party: dict[str, list[Standing]],
              facts: ActionFacts, tolerance: int) -> str | None:
    window = _window(action, tolerance)
    if window is None:
        return None
    earliest, latest = window
    chosen: Counter[str] = Counter()
    for party in sorted(action.targets):
        fitting = [s for s in by_party.get(party, ())
                   if identity.actions[s.action].cls == action.cls
                   and identity.actions[s.action].kind == action.kind
                   and s.start <= latest and (earliest is None or s.start >= earliest)
                   and facts.in_one_line(action.agents, identity.actions[s.action].agents)]
        in_force = [s for s in fitting if s.until is None or s.until > latest]
        best = max(in_force or fitting, key=lambda s: (s.start, s.action), default=None)
        if best is not None:
            chosen[best.action] += 1
    if not chosen:
        return None
    return min(chosen, key=lambda iri: (-chosen[iri], iri))
