"""Roles found around a trigger rather than in its tree: names coordinated with a first
target, and the parties named in the sentences before (a report goes on about the firm it
named)."""

from __future__ import annotations

from spacy.tokens import Doc

from tradegraph.ingest.analysis import Analysis, EntityMention, Sentence
from tradegraph.ontology.models import EntityRef, EntityType

CONTEXT_SENTENCES = 3
"""Sentences looked back at for an agent or target the trigger's sentence does not name."""
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
        and mention.ref not in exclude
    ]
    for wanted in types:
        of_type = [mention for mention in recent if mention.ref.type is wanted]
        if of_type:
            return of_type[-1]
    return None


def most_mentioned(
    analysis: Analysis, types: tuple[EntityType, ...], exclude: set[EntityRef]
) -> EntityMention | None:
    """The allowed entity the document names most often (the first on a tie)."""
    counts: dict[EntityRef, list[EntityMention]] = {}
    for mention in analysis.mentions:
        if mention.ref.type in types and mention.ref not in exclude:
            counts.setdefault(mention.ref, []).append(mention)
    if not counts:
        return None
    return max(counts.values(), key=len)[0]


def inside(mention: EntityMention, tokens: set[int]) -> bool:
    """Whether a mention has a token among `tokens`."""
    return any(index in tokens for index in range(mention.token_start, mention.token_end))
