"""Roles found around a trigger rather than in its tree: names coordinated with a first
target, and the parties named in the sentences before (a report goes on about the firm it
named)."""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc

from tradegraph.ingest.analysis import Analysis, EntityMention, Sentence
from tradegraph.ingest.lexicon import TypeDefaults
from tradegraph.ingest.stages.placement import first_person_author
from tradegraph.ingest.stages.triggers import Trigger
from tradegraph.ontology.models import ActionType, EntityRef, EntityType

CONTEXT_SENTENCES = 3
"""Sentences looked back at for an agent or target the trigger's sentence does not name."""
_SPEECH = re.compile(r"[“\"]([^”\"\n]{25,})(?:[”\"]|(?=\n)|\Z)")
"""A quotation long enough to be speech (not a quoted name), to its closing mark or the
end of its paragraph (a quotation may run on over several sentences, or be cut short)."""
_COORDINATION = {",", "and", "or", "(", ")", "``", "''", "“", "”", '"', "as", "well", "its"}


def coordinated(
    doc: Doc, first: EntityMention, pool: list[EntityMention]
) -> list[EntityMention]:
    """The first target and those joined to it by "and", "or" or commas."""
    chosen = [first]
    for mention in pool:
        if mention.token_start <= chosen[-1].token_start:
            continue
        between = doc[chosen[-1].token_end:mention.token_start]
        if all(token.lower_ in _COORDINATION or token.is_space for token in between):
            chosen.append(mention)
        else:
            break
    return chosen


def speech_spans(analysis: Analysis) -> list[tuple[int, int]]:
    """Character spans of the document's quoted speech, in order (found once).

    A party named only in what someone said is no party of an act the document states
    ("The Secretary said: “This ensures our goods are not used by the Example Party.”").
    """
    if analysis.speech is None:
        text = analysis.normalized.text
        analysis.speech = [(m.start(1), m.end(1)) for m in _SPEECH.finditer(text)]
    return analysis.speech


def in_speech(analysis: Analysis, mention: EntityMention) -> bool:
    """Whether a mention stands inside quoted speech."""
    spans = speech_spans(analysis)
    index = bisect_right(spans, (mention.start, len(analysis.normalized.text))) - 1
    return index >= 0 and spans[index][0] <= mention.start < spans[index][1]


def in_context(
    analysis: Analysis,
    sentence: Sentence,
    types: tuple[EntityType, ...],
    exclude: set[EntityRef] | None = None,
) -> EntityMention | None:
    """The last mention of the most preferred allowed type in the few sentences
    before this one."""
    exclude = exclude or set()
    recent = [
        mention for mention in analysis.mentions
        if sentence.index - CONTEXT_SENTENCES <= mention.sentence < sentence.index
        and mention.ref not in exclude and not in_speech(analysis, mention)
    ]
    for wanted in types:
        of_type = [mention for mention in recent if mention.ref.type is wanted]
        if of_type:
            return of_type[-1]
    return None


def most_mentioned(
    analysis: Analysis, types: tuple[EntityType, ...], exclude: set[EntityRef]
) -> EntityMention | None:
    """The allowed entity the document names most often outside quoted speech (the first
    on a tie)."""
    counts: dict[EntityRef, list[EntityMention]] = {}
    for mention in analysis.mentions:
        if (mention.ref.type in types and mention.ref not in exclude
                and not in_speech(analysis, mention)):
            counts.setdefault(mention.ref, []).append(mention)
    if not counts:
        return None
    return max(counts.values(), key=len)[0]


def inside(mention: EntityMention, tokens: set[int]) -> bool:
    """Whether a mention has a token among `tokens`."""
    return any(index in tokens for index in range(mention.token_start, mention.token_end))


def measured_country(analysis: Analysis, mention: EntityMention, trigger: Trigger) -> bool:
    """Whether a country named right before a tariff noun is what the tariffs are on
    ("to take further action on China tariffs"), not who levies them: so when no party
    follows the trigger ("U.S. tariffs on China" names the levied country after it)."""
    if (trigger.rule.type is not ActionType.TARIFF or mention.ref.type is not EntityType.COUNTRY
            or mention.token_end != trigger.start):
        return False
    return not any(m.token_start >= trigger.end and m.ref.type in (EntityType.COUNTRY,
                                                                   EntityType.FIRM)
                   for m in analysis.mentions_in(trigger.sentence))


def agent_nearby(analysis: Analysis, trigger: Trigger, defaults: TypeDefaults
                 ) -> tuple[list[EntityMention], bool]:
    """An agent the sentence does not name: one named just before, or the person the
    document speaks as."""
    allowed = tuple(defaults.agents)
    if defaults.context_agent:
        context = in_context(analysis, trigger.sentence, allowed)
        if context:
            return [context], True
    speaker = first_person_author(analysis)
    if speaker is not None and speaker.ref.type in allowed:
        # "I, DONALD J. TRUMP, President of the United States, find ...": what a
        # presidential document does, its author does
        return [speaker], True
    return [], False


def target_nearby(analysis: Analysis, trigger: Trigger, defaults: TypeDefaults,
                  agent_refs: set[EntityRef]) -> tuple[list[EntityMention], bool]:
    """A target the sentence does not name: the firm named just before, or the one the
    document names most."""
    # a country or a person named nearby is rarely what an action is about: persons
    # near an action are mostly the officials announcing it
    firm_types = tuple(t for t in defaults.targets
                       if t not in (EntityType.COUNTRY, EntityType.PERSON))
    context = in_context(analysis, trigger.sentence, firm_types, agent_refs)
    if context is None:
        context = most_mentioned(analysis, firm_types, agent_refs)
    return ([context], True) if context else ([], False)
