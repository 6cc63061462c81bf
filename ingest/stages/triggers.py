"""Matched triggers, and the general words that only describe another act.

A rule's words also name the transactions it governs ("restrict federal spending on
Huawei systems", "items purchased by a listed party"): no sale took place.

"Regulation" is the type of last resort: a rule change that is not itself a listing, a
license or an order. So a Regulation trigger that merely describes another act in the
same breath is none of its own: "a temporary general license amending the EAR", "the TGL
amends the EAR to authorize ...", "the final rule amended the EAR by revising the entry
for X", "... added 38 affiliates to the Entity List, which imposes a license requirement".
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from tradegraph.ingest.analysis import Sentence
from tradegraph.ingest.lexicon import TriggerRule
from tradegraph.ontology.models import ActionType

DESCRIPTION_GAP = 3
"""Most tokens between a general trigger and the act it describes."""
_RELATIVE = frozenset({"which", "that"})
_COORDINATORS = frozenset({"and", "or", ";", "but"})
_GOVERNED = frozenset({ActionType.REGULATION, ActionType.TRANSACTION})
"""What a Regulation trigger never merely describes: another rule, or a transaction (which
the rule governs)."""


@dataclass(frozen=True)
class Trigger:
    """A matched trigger: the rule and its token span."""

    rule: TriggerRule
    start: int
    end: int
    sentence: Sentence


def describes_another(doc: Doc, trigger: Trigger, triggers: list[Trigger]) -> bool:
    """Whether a trigger describes another act of its sentence rather than stating one: a
    Regulation trigger that opens a relative clause ("which imposes ...") or stands right
    before or after another act's trigger, not coordinated with it by "and"; a
    Transaction a rule governs ("laws that restrict federal spending on X")."""
    if trigger.rule.type is ActionType.TRANSACTION:
        return any(other.sentence is trigger.sentence and other.end <= trigger.start
                   and other.rule.type is ActionType.REGULATION for other in triggers)
    if trigger.rule.type is not ActionType.REGULATION:
        return False
    if trigger.start > trigger.sentence.token_start and doc[trigger.start - 1].lower_ in _RELATIVE:
        return True
    for other in triggers:
        if other.sentence is not trigger.sentence or other.rule.type in _GOVERNED:
            continue
        if 0 <= trigger.start - other.end <= DESCRIPTION_GAP:
            gap = doc[other.end:trigger.start]
        elif 0 <= other.start - trigger.end <= DESCRIPTION_GAP:
            gap = doc[trigger.end:other.start]
        else:
            continue
        if not any(token.lower_ in _COORDINATORS for token in gap):
            return True
    return False
