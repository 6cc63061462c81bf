"""The dependency tree's part in action extraction: which sentences to parse, the
predicate of a trigger, and the roles the tree gives (see `stages.structure` for how the
tree is read). A sentence the position reads well is not parsed: the parser is the
costliest step of ingestion.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from tradegraph.ingest.analysis import Analysis, EntityMention, Sentence
from tradegraph.ingest.lexicon import ActionLexicon
from tradegraph.ingest.stages.context_roles import inside
from tradegraph.ingest.stages.placement import possessive_qualifier
from tradegraph.ingest.stages.reading import Reader
from tradegraph.ingest.stages.structure import Predicate, predicate_of
from tradegraph.ingest.stages.triggers import Trigger
from tradegraph.ontology.action_kinds import ActionKind
from tradegraph.ontology.models import ActionType, EntityRef, EntityType

PARTIES_TO_PARSE = 3
"""More parties than this in a trigger's sentence make its structure matter."""


class TreeRoles:
    """Reads roles off the tree for the action extractor."""

    def __init__(self, lexicon: ActionLexicon, passive: Callable[[Doc, Trigger], bool]) -> None:
        self.lexicon = lexicon
        self.passive = passive
        self.related_nouns = frozenset(lexicon.cues.related_party_nouns)
        self.sanctions_agencies = frozenset(lexicon.cues.sanctions_agencies)
        self.clause_cues = frozenset(lexicon.cues.clause_cues)
        self.trade_heads = frozenset(lexicon.cues.trade_heads)

    def needing_trees(self, analysis: Analysis, triggers: list[Trigger]) -> list[Sentence]:
        """Sentences holding a trigger whose structure matters: a clause cue, four parties
        or more, two triggers (a plainer one is read by position)."""
        by_sentence: dict[int, list[Trigger]] = {}
        for trigger in triggers:
            by_sentence.setdefault(trigger.sentence.index, []).append(trigger)
        parties: dict[int, set[EntityRef]] = {}
        doc = analysis.doc
        for mention in analysis.mentions:
            after = doc[mention.token_end] if mention.token_end < len(doc) else None
            adjective = (mention.ref.type is EntityType.COUNTRY and after is not None
                         and after.is_lower)  # "U.S. items": a qualifier, not a party
            if mention.ref.type is not EntityType.PRODUCT and not adjective:
                parties.setdefault(mention.sentence, set()).add(mention.ref)
        wanted = []
        for index, found in by_sentence.items():
            sentence = found[0].sentence
            words = analysis.doc[sentence.token_start:sentence.token_end]
            if (len(found) > 1 or len(parties.get(index, ())) > PARTIES_TO_PARSE
                    or any(token.lower_ in self.clause_cues for token in words)
                    or self._subject_in_doubt(analysis, found[0])):
                wanted.append(sentence)
        return wanted

    def _subject_in_doubt(self, analysis: Analysis, trigger: Trigger) -> bool:
        """An active trigger after a party that cannot do the act ("Huawei revoked ..."):
        only the tree tells whether that party is its subject."""
        if self.passive(analysis.doc, trigger):
            return False
        allowed = self.lexicon.type[trigger.rule.type].agents
        return any(m.token_end <= trigger.start and m.ref.type not in allowed
                   and m.ref.type is not EntityType.PRODUCT
                   for m in analysis.mentions_in(trigger.sentence))

    def predicate(self, analysis: Analysis, trigger: Trigger) -> Predicate | None:
        """What the dependency tree says of a trigger, if its sentence was parsed."""
        reading = Reader.parsed(analysis, trigger.sentence)
        if reading is None:
            return None
        return predicate_of(reading, trigger.start, trigger.end, self.related_nouns)

    def someone_elses(self, analysis: Analysis, trigger: Trigger,
                       predicate: Predicate) -> bool:
        """Whether the trigger's subject names only parties that cannot do this act
        ("Huawei revoked the license of a reseller": a firm, not a government)."""
        if (predicate.subject is None or predicate.passive or trigger.rule.agent_after
                or trigger.rule.state or not predicate.verbal):
            return False
        named = [m for m in analysis.mentions_in(trigger.sentence)
                 if inside(m, predicate.subject) and m.ref.type is not EntityType.PRODUCT]
        allowed = self.lexicon.type[trigger.rule.type].agents
        return bool(named) and not any(m.ref.type in allowed for m in named)

    def type_of(self, trigger: Trigger, agents: list[EntityMention]
                 ) -> tuple[ActionType, list[ActionKind]]:
        """The rule's type and kind; a designation by a sanctions agency blocks property
        (the guidelines type OFAC's designations as sanctions)."""
        if (trigger.rule.type is ActionType.DESIGNATION and trigger.rule.kind is None
                and any(m.ref.key in self.sanctions_agencies for m in agents)):
            return ActionType.SANCTION, [ActionKind.BLOCKING_SANCTION]
        return trigger.rule.type, [trigger.rule.kind] if trigger.rule.kind else []

    def agents(self, analysis: Analysis, trigger: Trigger, mentions: list[EntityMention],
               predicate: Predicate) -> list[EntityMention]:
        """The allowed mentions the tree makes the agent: a noun trigger's possessor, else
        the subject's (the first only in a negotiation: "X and Y resumed talks")."""
        owners = [m for m in mentions if inside(m, predicate.owner)]
        if owners:
            return owners
        if predicate.subject is None:
            return []
        found = [m for m in mentions if inside(m, predicate.subject)
                 and not possessive_qualifier(analysis.doc, m, analysis.mentions)
                 and not (m.ref.type is EntityType.COUNTRY
                          and m.token_end - 1 in predicate.modifiers)]
        return found[:1] if trigger.rule.type is ActionType.NEGOTIATION else found

    @staticmethod
    def parties(pool: list[EntityMention], predicate: Predicate,
                trigger: Trigger) -> list[EntityMention]:
        """The mentions that may be parties of the act: not those the tree rules out (see
        `Predicate.not_parties`). Tariffs fall on a country's goods: a country qualifying
        another noun ("the effects of the tariffs on the U.S. economy") says where they are
        felt, not on whom they are levied."""
        return [m for m in pool if not inside(m, predicate.not_parties) and not (
            trigger.rule.type is ActionType.TARIFF and m.ref.type is EntityType.COUNTRY
            and m.token_end - 1 in predicate.modifiers
            and not trigger.start <= m.token_end < trigger.end)]

    @staticmethod
    def targets(pool: list[EntityMention], predicate: Predicate) -> list[EntityMention]:
        """The mentions the tree makes the targets: in the objects (or the possessor), else
        in a purpose clause or a clause describing the object."""
        if predicate.objects is None and not predicate.owner:
            return []
        objects = (predicate.objects or set()) | predicate.owner
        return ([m for m in pool if inside(m, objects)]
                or [m for m in pool if inside(m, predicate.purposes)])

    def products(self, analysis: Analysis, trigger: Trigger,
                 predicate: Predicate | None = None) -> list[EntityRef]:
        """Products named in the trigger's clause (after the trigger when there is no tree),
        except those that only describe a firm's own goods ("Huawei equipment") or a
        party's trade ("drone maker X": the maker's line of business, not the act's)."""
        mentions = analysis.mentions_in(trigger.sentence)
        firm_ends = {m.token_end for m in mentions if m.ref.type is EntityType.FIRM}
        doc = analysis.doc
        end = trigger.sentence.token_end
        return list(dict.fromkeys(
            m.ref for m in mentions
            if m.ref.type is EntityType.PRODUCT and m.token_start not in firm_ends
            and not (m.token_end < end and doc[m.token_end].lower_ in self.trade_heads)
            and (inside(m, predicate.scope) if predicate is not None
                 else m.token_end > trigger.start)
        ))

