"""Acts two governments do together or to each other: trade talks, tariffs on each other's
goods.

Talks have two sides and the text names them in one breath ("the United States and China
resumed trade talks", "the two nations are locked in trade talks"): the side named first is
the agent, the other the target (as in "the United States struggles to secure a trade deal
with China"). Tariffs or sanctions on "each other's" goods are acts of both sides against
both. "The two nations" (countries, governments, sides) are the two governments named
last before it: a government's agency ("the Trump administration") stands for its country,
by the country's own mention where the document has one.
"""

from __future__ import annotations

import re

from tradegraph.ingest.analysis import Analysis, EntityMention
from tradegraph.ingest.stages.hierarchy import AgentHierarchy
from tradegraph.ingest.stages.triggers import Trigger
from tradegraph.ontology.models import ActionType, EntityType

LOOK_BACK = 2
"""Sentences looked back at for the two governments "the two nations" points at."""
_GROUP = re.compile(r"\b(?:the|both)\s+(?:two\s+)?(?:nations|countries|governments|sides|"
                    r"powers|economies)\b", re.IGNORECASE)
_EACH_OTHER = re.compile(r"\b(?:each\s+other|one\s+another)\b", re.IGNORECASE)
_MUTUAL_TYPES = frozenset({ActionType.TARIFF, ActionType.SANCTION})
_SIDES = (EntityType.COUNTRY, EntityType.AGENCY)

Roles = tuple[list[EntityMention], list[EntityMention]]


class Reciprocity:
    """Gives the two sides of talks and of mutual measures their roles."""

    def __init__(self, hierarchy: AgentHierarchy) -> None:
        self.hierarchy = hierarchy

    def roles(self, analysis: Analysis, trigger: Trigger, agents: list[EntityMention],
              targets: list[EntityMention]) -> Roles:
        """The agents and targets of a trigger, with the two sides put in their roles when
        the act has two (else as found)."""
        sentence = trigger.sentence
        text = analysis.normalized.text[sentence.start:sentence.end]
        mutual = trigger.rule.type in _MUTUAL_TYPES and _EACH_OTHER.search(text)
        if trigger.rule.type is not ActionType.NEGOTIATION and not mutual:
            return agents, targets
        sides = self._named_sides([*agents, *targets]) or self._group(analysis, trigger)
        if sides is None:
            return agents, targets
        first, second = sides
        return ([first, second], [second, first]) if mutual else ([first], [second])

    def _named_sides(self, found: list[EntityMention]
                     ) -> tuple[EntityMention, EntityMention] | None:
        """The two governments among the parties found, in the order the text names them."""
        by_government: dict[str, EntityMention] = {}
        for mention in sorted(found, key=lambda m: m.token_start):
            government = self.hierarchy.government(mention.ref)
            if government is not None:
                by_government.setdefault(government, mention)
        if len(by_government) != 2:
            return None
        first, second = by_government.values()
        return first, second

    def _group(self, analysis: Analysis, trigger: Trigger
               ) -> tuple[EntityMention, EntityMention] | None:
        """The two governments "the two nations" before the trigger points at: the last two
        named before it, in the order the text names them."""
        sentence = trigger.sentence
        before = analysis.normalized.text[sentence.start:analysis.doc[trigger.start].idx]
        if not _GROUP.search(before):
            return None
        window = [m for m in analysis.mentions
                  if sentence.index - LOOK_BACK <= m.sentence <= sentence.index
                  and m.token_end <= trigger.start and m.ref.type in _SIDES]
        last: dict[str, EntityMention] = {}
        for mention in window:
            government = self.hierarchy.government(mention.ref)
            if government is not None:
                last.pop(government, None)
                last[government] = mention
        if len(last) < 2:
            return None
        named = list(last.items())[-2:]
        first, second = (self._country_mention(analysis, g, m, trigger) for g, m in named)
        return first, second

    @staticmethod
    def _country_mention(analysis: Analysis, government: str, mention: EntityMention,
                         trigger: Trigger) -> EntityMention:
        """The country's own mention nearest before the trigger, else the agency's."""
        if mention.ref.type is EntityType.COUNTRY:
            return mention
        own = [m for m in analysis.mentions if m.ref.type is EntityType.COUNTRY
               and m.ref.key == government and m.token_end <= trigger.start]
        return own[-1] if own else mention
