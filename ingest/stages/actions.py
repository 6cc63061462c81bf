"""Action extraction: trigger patterns from the action lexicon, then roles, status, time
and quantities from the trigger's sentence, in the manner of dictionary-and-pattern event
coders, but typed by the ontology and with every role filled from named entities.

Roles come from position, since no parser is required: the agent is the nearest allowed
entity before the trigger (after "by" in the passive), the targets the first allowed
entity after it (before it in the passive) and any joined to it by "and" or commas.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from spacy.language import Language
from spacy.tokens import Doc

from tradegraph.ingest.analysis import Analysis, EntityMention, Sentence, TimeExpression
from tradegraph.ingest.issuance import issuance_date
from tradegraph.ingest.lexicon import ActionLexicon, TriggerRule, TypeDefaults
from tradegraph.ingest.quantities import find_count, find_money
from tradegraph.ingest.stages.hierarchy import AgentHierarchy
from tradegraph.ingest.stages.patterns import GapMatcher, word_matcher
from tradegraph.ingest.timenorm import add_duration
from tradegraph.ontology.models import (
    Action,
    DatePrecision,
    EntityRef,
    EntityType,
    PartialDate,
    Status,
)

CUE_WINDOW = 5
"""Tokens before a trigger searched for status and negation cues."""
CONTEXT_SENTENCES = 3
"""Sentences looked back at for an agent or target the trigger's sentence does not name."""
CONTEXT_PENALTY = 0.8
"""Confidence factor for a role taken from context rather than from the sentence."""
DURATION_DISTANCE = 6
"""Most tokens between a trigger and a duration that belongs to it ("90-day reprieve")."""

_COORDINATION = {",", "and", "or", "(", ")", "``", "''", "“", "”", '"', "as", "well", "its"}
_OFFICIAL = re.compile(r"federal register|rule|press release|notice|order|regulation", re.I)


@dataclass(frozen=True)
class Trigger:
    """A matched trigger: the rule and its token span."""

    rule: TriggerRule
    start: int
    end: int
    sentence: Sentence


class ActionExtractor:
    """Find actions with their roles, status, dates and evidence."""

    name = "actions"
    version = "2"

    def __init__(self, nlp: Language, lexicon: ActionLexicon,
                 hierarchy: AgentHierarchy | None = None) -> None:
        self.lexicon = lexicon
        self.hierarchy = hierarchy or AgentHierarchy()
        self.matcher = GapMatcher(nlp.vocab)
        for index, rule in enumerate(lexicon.rule):
            self.matcher.add(str(index), rule.patterns)
        self.status_cues = [(status, word_matcher(words))
                            for status, words in lexicon.cues.status_cues()]
        self.negation = word_matcher(lexicon.cues.negation)
        self.auxiliaries = set(lexicon.cues.passive_auxiliaries)

    # ------------------------------------------------------------------ triggers

    def triggers(self, analysis: Analysis) -> list[Trigger]:
        """Non-overlapping triggers; where two overlap the higher priority, then the shorter,
        wins."""
        doc = analysis.doc
        found = []
        for key, start, end in self.matcher(doc):
            sentence = analysis.sentence_of_token(start)
            if sentence.noise or end > sentence.token_end:
                continue
            rule = self.lexicon.rule[int(key)]
            found.append(Trigger(rule, start, end, sentence))
        found.sort(key=lambda t: (-t.rule.priority, t.end - t.start, t.start))
        taken = [False] * len(doc)
        kept = []
        for trigger in found:
            if any(taken[trigger.start:trigger.end]):
                continue
            for index in range(trigger.start, trigger.end):
                taken[index] = True
            kept.append(trigger)
        return sorted(kept, key=lambda t: t.start)

    # ------------------------------------------------------------------ cues

    @staticmethod
    def _window(analysis: Analysis, trigger: Trigger, before: int) -> list[str]:
        """Lower-cased words before and in the trigger, leaving out dates ("In May") and the
        trigger's own first word: "revoked" in "revoked ... export privileges" states the
        action, not its termination."""
        start = max(trigger.sentence.token_start, trigger.start - before)
        in_times = {
            index for time in analysis.times if time.sentence == trigger.sentence.index
            for index in range(time.token_start, time.token_end)
        }
        return [token.lower_ for token in analysis.doc[start:trigger.end]
                if token.i not in in_times and token.i != trigger.start]

    def negated(self, analysis: Analysis, trigger: Trigger) -> bool:
        """Whether a negation word closely precedes the trigger."""
        start = max(trigger.sentence.token_start, trigger.start - 3)
        return any(self.negation.match(t.lower_) for t in analysis.doc[start:trigger.start])

    def status(self, analysis: Analysis, trigger: Trigger, default: Status) -> Status:
        """The status the cue words around the trigger give, else the rule's or type's."""
        if trigger.rule.status is not None:
            return trigger.rule.status
        window = self._window(analysis, trigger, CUE_WINDOW)
        for status, matcher in self.status_cues:
            if any(matcher.match(word) for word in window):
                return status
        return default

    def passive(self, doc: Doc, trigger: Trigger) -> bool:
        """Whether the trigger is a participle after a form of "be": "were added"."""
        head = doc[trigger.start]
        if not (head.lower_.endswith(("ed", "en")) or head.lower_ in {"put", "placed"}):
            return False
        for offset in (1, 2):
            index = trigger.start - offset
            if index < trigger.sentence.token_start:
                return False
            word = doc[index].lower_
            if word in self.auxiliaries:
                return True
            if not word.endswith("ly"):
                return False
        return False

    # ------------------------------------------------------------------ roles

    @staticmethod
    def _coordinated(
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

    def _agent(
        self, analysis: Analysis, trigger: Trigger, defaults: TypeDefaults, passive: bool
    ) -> tuple[list[EntityMention], bool]:
        doc = analysis.doc
        allowed = tuple(defaults.agents)
        mentions = analysis.mentions_in(trigger.sentence, *allowed)
        after_word = trigger.rule.agent_after or ("by" if passive else None)
        if after_word:
            for mention in mentions:
                if mention.token_start >= trigger.end and any(
                    token.lower_ == after_word
                    for token in doc[max(trigger.end, mention.token_start - 3):mention.token_start]
                ):
                    return [mention], False
            if passive or trigger.rule.agent_after:
                return [], False
        before = [m for m in mentions if m.token_end <= trigger.start
                  and not _possessive_qualifier(doc, m, analysis.mentions)]
        if before:
            return [before[-1]], False
        if defaults.context_agent:
            context = self._context(analysis, trigger.sentence, allowed)
            if context:
                return [context], True
        return [], False

    def _targets(
        self,
        analysis: Analysis,
        trigger: Trigger,
        defaults: TypeDefaults,
        passive: bool,
        agents: list[EntityMention],
    ) -> tuple[list[EntityMention], bool]:
        doc = analysis.doc
        agent_refs = {mention.ref for mention in agents}
        pool = [m for m in analysis.mentions_in(trigger.sentence, *defaults.targets)
                if m.ref not in agent_refs]
        if passive:
            before = [m for m in pool if m.token_end <= trigger.start]
            if before:
                return [before[-1]], False
        after = [m for m in pool if m.token_start >= trigger.start + 1]
        if trigger.rule.object_required:
            # the object must follow the trigger directly; what is coordinated with it counts
            direct = [m for m in after if m.token_start <= trigger.end + 2]
            return (self._coordinated(doc, direct[0], after), False) if direct else ([], False)
        if after:
            return self._coordinated(doc, after[0], after), False
        before = [m for m in pool if m.token_end <= trigger.start]
        if before:
            return [before[-1]], False
        if defaults.context_target:
            # a country or a person named nearby is rarely what an action is about: persons
            # near an action are mostly the officials announcing it
            firm_types = tuple(t for t in defaults.targets
                               if t not in (EntityType.COUNTRY, EntityType.PERSON))
            context = self._context(analysis, trigger.sentence, firm_types, agent_refs)
            if context is None:
                context = self._most_mentioned(analysis, firm_types, agent_refs)
            if context:
                return [context], True
        return [], False

    @staticmethod
    def _context(
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

    @staticmethod
    def _most_mentioned(
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

    @staticmethod
    def _products(analysis: Analysis, trigger: Trigger) -> list[EntityRef]:
        """Products named after the trigger in its sentence, except those that only
        describe a firm's own goods ("Huawei equipment")."""
        mentions = analysis.mentions_in(trigger.sentence)
        firm_ends = {m.token_end for m in mentions if m.ref.type is EntityType.FIRM}
        return list(dict.fromkeys(
            m.ref for m in mentions
            if m.ref.type is EntityType.PRODUCT and m.token_end > trigger.start
            and m.token_start not in firm_ends
        ))

    # ------------------------------------------------------------------ time

    @staticmethod
    def _nearest(times: list[TimeExpression], trigger: Trigger) -> TimeExpression | None:
        if not times:
            return None
        return min(times, key=lambda t: min(abs(t.token_start - trigger.end),
                                            abs(trigger.start - t.token_end)))

    def _time(
        self, analysis: Analysis, trigger: Trigger, defaults: TypeDefaults, passive: bool
    ) -> dict[str, PartialDate | str | None]:
        times = [t for t in analysis.times if t.sentence == trigger.sentence.index]
        clause = _temporal_clause_start(analysis.doc, trigger)
        if clause is not None:
            # "months after adding X", "since X was listed in May": a recalled earlier
            # action, dated only by what its own clause says.
            times = [t for t in times if t.token_start > clause]
        dated = [t for t in times if t.date is not None]
        date = self._nearest([t for t in dated if t.role == "date"], trigger)
        start = self._nearest([t for t in dated if t.role == "start"], trigger)
        # several end dates ("remove the expiration date of May 1 and substitute the date
        # of June 1"): an amendment moves an end later, so the latest is the one in force
        ends = [t for t in dated if t.role == "end"]
        end = max(ends, key=lambda t: t.date.first_day() if t.date else dt.date.min,
                  default=None)
        duration = self._nearest([t for t in times if t.duration and (
            abs(t.token_start - trigger.end) <= DURATION_DISTANCE
            or abs(trigger.start - t.token_end) <= DURATION_DISTANCE)], trigger)
        result: dict[str, PartialDate | str | None] = {
            "date": date.date if date else (start.date if start else None),
            "start_date": start.date if start and date else None,
            "end_date": end.date if end else None,
            "duration": duration.duration if duration else None,
        }
        published = analysis.document.published
        if (result["date"] is None and defaults.current and published and not passive
                and clause is None):
            if _OFFICIAL.search(analysis.document.doc_type or ""):
                result["date"] = self._issued(analysis, published)
            else:
                result["date"] = PartialDate.of(published, DatePrecision.MONTH)
        when = result["date"]
        if result["end_date"] is None and result["duration"] and isinstance(when, PartialDate):
            result["end_date"] = add_duration(when, str(result["duration"]))
        return result

    @staticmethod
    def _issued(analysis: Analysis, published: dt.date) -> PartialDate:
        """An official document's own undated action dates from its effective, adoption
        or publication date, whichever came first."""
        if analysis.issued is None:
            analysis.issued = issuance_date(analysis.normalized.text, published)
        return analysis.issued

    # ------------------------------------------------------------------ assembly

    def build(self, analysis: Analysis, trigger: Trigger) -> Action | None:
        """The action a trigger states, or None if its required roles are missing."""
        doc = analysis.doc
        if self.negated(analysis, trigger):
            return None
        defaults = self.lexicon.type[trigger.rule.type]
        passive = self.passive(doc, trigger)
        agents, agent_from_context = self._agent(analysis, trigger, defaults, passive)
        targets, target_from_context = self._targets(analysis, trigger, defaults, passive, agents)
        if (defaults.agent_required and not agents) or (defaults.target_required and not targets):
            return None
        target_refs = {m.ref for m in targets}
        agent_refs = {m.ref for m in agents}
        if trigger.rule.type.value == "Negotiation" and not target_refs - agent_refs:
            return None
        products = self._products(analysis, trigger)
        confidence = trigger.rule.confidence
        if agent_from_context:
            confidence *= CONTEXT_PENALTY
        if target_from_context:
            confidence *= CONTEXT_PENALTY
        sentence = trigger.sentence
        time = self._time(analysis, trigger, defaults, passive)
        text = analysis.normalized.text[sentence.start:sentence.end]
        money = find_money(text)
        count = find_count(text)
        if not agents and not targets and money is None and count is None:
            return None  # "As I told Congress, ... being acquired by": no party, no fact
        return Action(
            type=trigger.rule.type,
            agents=list(dict.fromkeys(m.ref for m in agents)),
            targets=list(dict.fromkeys(m.ref for m in targets)),
            products=products,
            status=self.status(analysis, trigger, defaults.status),
            confidence=confidence,
            evidence=[analysis.evidence(sentence.start, sentence.end, confidence)],
            amount=money.amount if money else None,
            currency=money.currency if money else None,
            quantity=Decimal(count.value) if count else None,
            **time,
        )

    def __call__(self, analysis: Analysis) -> None:
        """Fill `analysis.actions`, one per real-world action stated in the document."""
        actions = [action for trigger in self.triggers(analysis)
                   if (action := self.build(analysis, trigger)) is not None]
        analysis.actions = merge_actions(actions, self.hierarchy)


_RECALL_WORDS = frozenset({"after", "since", "before"})
_RECALL_WINDOW = 4


def _temporal_clause_start(doc: Doc, trigger: Trigger) -> int | None:
    """Token index of an 'after' / 'since' / 'before' just ahead of the trigger, if any."""
    for index in range(trigger.start - 1, max(trigger.sentence.token_start - 1,
                                               trigger.start - _RECALL_WINDOW - 1), -1):
        if doc[index].lower_ in _RECALL_WORDS:
            return index
    return None


def _possessive_qualifier(doc: Doc, mention: EntityMention,
                          mentions: list[EntityMention]) -> bool:
    """A country naming another party's nationality ("China's Huawei"), not an actor."""
    if mention.ref.type is not EntityType.COUNTRY or mention.token_end >= len(doc):
        return False
    if doc[mention.token_end].lower_ not in ("'s", "’s"):
        return False
    return any(other.token_start == mention.token_end + 1 for other in mentions)


def _dates_agree(a: PartialDate | None, b: PartialDate | None) -> bool:
    """Equal, unknown on one side, or one a coarser form of the other (2019-11, 2019-11-20)."""
    if a is None or b is None:
        return True
    shorter, longer = sorted((a.isoformat(), b.isoformat()), key=len)
    return longer.startswith(shorter)


def _compatible(a: Action, b: Action, hierarchy: AgentHierarchy) -> bool:
    """Whether two reports in one document can be the same action."""
    if a.type != b.type:
        return False
    if (a.targets or b.targets) and not set(a.targets) & set(b.targets):
        return False
    if not a.targets and not b.targets and not _same_sentence(a, b):
        return False  # nothing ties two target-less reports in different places together
    if a.agents and b.agents and not hierarchy.same_government(a.agents, b.agents):
        return False
    return _dates_agree(a.date, b.date)


def _same_sentence(a: Action, b: Action) -> bool:
    return any(x.start < y.end and y.start < x.end for x in a.evidence for y in b.evidence)


def _specificity(action: Action) -> tuple[int, int, float]:
    precision = {None: 0, "year": 1, "month": 2, "day": 3}
    date_rank = precision[action.date.precision.value if action.date else None]
    return (-date_rank, -len(action.agents), -action.confidence)


def merge_actions(actions: list[Action], hierarchy: AgentHierarchy | None = None
                  ) -> list[Action]:
    """Merge the reports of one action within a document: the same type and targets, with
    agents of one government and compatible dates. The merged action keeps the most specific
    date and agent and all the evidence."""
    hierarchy = hierarchy or AgentHierarchy()
    merged: list[Action] = []
    for action in sorted(actions, key=_specificity):
        for kept in merged:
            if _compatible(kept, action, hierarchy):
                # One government's several names for the actor: keep them all, most specific
                # first (the order the action's IRI and label are made from).
                agents = dict.fromkeys([*kept.agents, *action.agents])
                kept.agents = sorted(agents, key=lambda ref: -hierarchy.depth(ref))
                kept.evidence.extend(e for e in action.evidence if e not in kept.evidence)
                kept.products.extend(p for p in action.products if p not in kept.products)
                kept.end_date = kept.end_date or action.end_date
                kept.duration = kept.duration or action.duration
                kept.confidence = max(kept.confidence, action.confidence)
                break
        else:
            merged.append(action.model_copy(deep=True))
    return sorted(merged, key=lambda a: a.evidence[0].start)
