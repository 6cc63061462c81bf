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

from spacy.tokens import Doc, Span, Token

from tradegraph.ingest.analysis import Analysis, Sentence
from tradegraph.ingest.lexicon import ActionLexicon, TriggerRule
from tradegraph.ingest.stages.patterns import GapMatcher
from tradegraph.ontology.models import ActionType

DESCRIPTION_GAP = 3
"""Most tokens between a general trigger and the act it describes (a parenthesis, as
"(EAR)" in "amends the Export Administration Regulations (EAR) by removing", not counted)."""
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


def find_triggers(analysis: Analysis, matcher: GapMatcher, lexicon: ActionLexicon,
                  modifier_heads: frozenset[str]) -> list[Trigger]:
    """Non-overlapping triggers in text order; where two overlap the higher priority, then
    the shorter, wins, unless both state coordinated acts. A trigger that only qualifies the
    noun after it ("denial order provisions"), or names what a party is kept from doing
    ("barred from shipping"), a trade it is alleged to have made or what a license is for
    ("a license to export X to Y"), is none."""
    doc = analysis.doc
    allegation = frozenset(lexicon.cues.allegation)
    licensed = frozenset(lexicon.cues.licensed_nouns)
    found = []
    for key, start, end in matcher(doc):
        sentence = analysis.sentence_of_token(start)
        if sentence.noise or end > sentence.token_end:
            continue
        if end < sentence.token_end and doc[end].lower_ in modifier_heads:
            continue
        rule = lexicon.rule[int(key)]
        if _prevented(doc, start, sentence) or (
                rule.type is ActionType.TRANSACTION and (
                    _alleged(doc, start, sentence, allegation)
                    or _licensed(doc, start, sentence, licensed))):
            continue
        found.append(Trigger(rule, start, end, sentence))
    found.sort(key=lambda t: (-t.rule.priority, t.end - t.start, t.start))
    taken = [False] * len(doc)
    kept: list[Trigger] = []
    for trigger in found:
        if any(taken[trigger.start:trigger.end]) and not coordinated_with(
                doc, trigger, kept, taken):
            continue
        for index in range(trigger.start, trigger.end):
            taken[index] = True
        kept.append(trigger)
    return sorted(kept, key=lambda t: t.start)


def _prevented(doc: Doc, start: int, sentence: Sentence) -> bool:
    """Whether the trigger is a gerund after "from": what a party is blocked, barred or
    kept from doing ("to block U.S. firms from selling chips to X") did not happen."""
    return (start > sentence.token_start and doc[start - 1].lower_ == "from"
            and doc[start].lower_.endswith("ing"))


def _alleged(doc: Doc, start: int, sentence: Sentence, words: frozenset[str]) -> bool:
    """Whether an allegation word comes before the trigger in its sentence: a trade a party
    is alleged or accused of is not reported as done."""
    return any(token.lower_ in words for token in doc[sentence.token_start:start])


def _licensed(doc: Doc, start: int, sentence: Sentence, nouns: frozenset[str]) -> bool:
    """Whether a trade verb is the infinitive after a license word: "a license to export
    software to X" names what is licensed, not a trade made."""
    return (start - 2 >= sentence.token_start and doc[start - 1].lower_ == "to"
            and doc[start - 2].lower_ in nouns)


def coordinated_with(doc: Doc, trigger: Trigger, kept: list[Trigger],
                     taken: list[bool]) -> bool:
    """Whether a trigger that overlaps triggers already kept states an act of its own
    coordinated with them: its first word is free and each kept trigger it spans opens
    after "and", "or" or a comma ("add two entities and revise two others to the Entity
    List": an addition and an amendment)."""
    if taken[trigger.start]:
        return False
    inside = [k for k in kept if trigger.start < k.start < trigger.end]
    return bool(inside) and all(
        doc[k.start - 1].lower_ in _COORDINATORS | {","} for k in inside) and not any(
        k.start <= trigger.start < k.end for k in kept)


def describes_another(doc: Doc, trigger: Trigger, triggers: list[Trigger]) -> bool:
    """Whether a trigger describes another act of its sentence rather than stating one: a
    Regulation trigger that opens a relative clause ("which imposes ...") or stands right
    before or after another act's trigger, not coordinated with it by "and"; a
    Transaction a rule governs ("laws that restrict federal spending on X"); a short name
    given in brackets to the act of the trigger just before ("a temporary denial order
    (“TDO”)")."""
    if _abbreviates_another(doc, trigger, triggers):
        return True
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
        if trigger.start - other.end >= 0:
            gap = _outside_brackets(doc[other.end:trigger.start])
        elif other.start - trigger.end >= 0:
            gap = _outside_brackets(doc[trigger.end:other.start])
        else:
            continue
        if len(gap) > DESCRIPTION_GAP:
            continue
        if not any(token.lower_ in _COORDINATORS for token in gap):
            return True
    return False


def _outside_brackets(span: Span) -> list[Token]:
    """The tokens of a span outside parentheses."""
    depth, found = 0, []
    for token in span:
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            found.append(token)
    return found


_BRACKETS = frozenset({"(", ")", "[", "]", "“", "”", '"', "``", "''", "‘", "’"})


def _abbreviates_another(doc: Doc, trigger: Trigger, triggers: list[Trigger]) -> bool:
    """Whether the trigger is the short name, in brackets, of the same type's act named
    just before it: "the temporary denial order (“TDO”)" states one order, not two."""
    first = trigger.sentence.token_start
    if trigger.start == first or doc[trigger.start - 1].text not in _BRACKETS:
        return False
    return any(other.sentence is trigger.sentence and other.rule.type is trigger.rule.type
               and other.end <= trigger.start
               and all(token.text in _BRACKETS for token in doc[other.end:trigger.start])
               for other in triggers)
