"""Action extraction: trigger patterns from the action lexicon, then roles, status, time
and quantities from the trigger's sentence, in the manner of dictionary-and-pattern event
coders, but typed by the ontology and with every role filled from named entities.

Roles come from the dependency tree of the trigger's sentence where the trained parser
gives one (`tradegraph.ingest.stages.structure`): agent, targets, negation, the clause
that bounds dates and products. Where the tree names no role (a headline, garbled PDF
text), position decides: the agent is the nearest allowed entity before the trigger (after
"by" in the passive), the targets the first allowed entity after it (before it in the
passive) and any joined to it by "and" or commas."""

from __future__ import annotations

from decimal import Decimal

from spacy.language import Language
from spacy.tokens import Doc

from tradegraph.ingest.analysis import Analysis, EntityMention
from tradegraph.ingest.lexicon import ActionLexicon, TypeDefaults
from tradegraph.ingest.quantities import find_money
from tradegraph.ingest.stages.context_roles import (
    agent_nearby,
    coordinated,
    inside,
    measured_country,
    target_nearby,
)
from tradegraph.ingest.stages.dating import (
    Span,
    action_time,
    coordinated_dates,
    finish,
    own_clause_times,
    undated_act_date,
    with_clause,
)
from tradegraph.ingest.stages.described import (
    DescribedParties,
    PartyDescriptions,
    clause_count,
)
from tradegraph.ingest.stages.earlier_acts import EarlierOrders
from tradegraph.ingest.stages.hierarchy import AgentHierarchy
from tradegraph.ingest.stages.merging import merge_actions
from tradegraph.ingest.stages.ownership import OwnActs, own_act_agents
from tradegraph.ingest.stages.patterns import GapMatcher, word_matcher
from tradegraph.ingest.stages.placement import place_of, possessive_qualifier
from tradegraph.ingest.stages.reading import Reader, ReadRequest, Steps, run_steps
from tradegraph.ingest.stages.reciprocal import Reciprocity
from tradegraph.ingest.stages.structure import Predicate
from tradegraph.ingest.stages.tree_roles import TreeRoles
from tradegraph.ingest.stages.triggers import Trigger, describes_another, find_triggers
from tradegraph.ontology.models import (
    Action,
    ActionType,
    EntityType,
    Status,
)

CUE_WINDOW = 5
"""Tokens before a trigger searched for status and negation cues."""
AGAINST_OTHERS = frozenset({
    ActionType.ENTITY_LIST_ADDITION, ActionType.ENTITY_LIST_REMOVAL,
    ActionType.ENTITY_LIST_AMENDMENT, ActionType.LICENSE_APPROVAL, ActionType.LICENSE_DENIAL,
    ActionType.TEMPORARY_GENERAL_LICENSE, ActionType.DENIAL_ORDER, ActionType.DESIGNATION,
    ActionType.SANCTION})
"""Acts a government takes about others: never targeted at its own country."""
PARTY_TYPES = (EntityType.FIRM, EntityType.ORGANIZATION, EntityType.PERSON)
"""Who may own the parties an act counts ("46 affiliates of X")."""
CONTEXT_PENALTY = 0.8
"""Confidence factor for a role taken from context rather than from the sentence."""


class ActionExtractor:
    """Find actions with their roles, status, dates and evidence."""

    name = "actions"
    version = "5"

    def __init__(self, nlp: Language, lexicon: ActionLexicon,
                 hierarchy: AgentHierarchy | None = None, reader: Reader | None = None) -> None:
        self.lexicon = lexicon
        self.reader = reader
        self.hierarchy = hierarchy or AgentHierarchy()
        self.matcher = GapMatcher(nlp.vocab)
        for index, rule in enumerate(lexicon.rule):
            self.matcher.add(str(index), rule.patterns)
        self.status_cues = [(status, word_matcher(words))
                            for status, words in lexicon.cues.status_cues()]
        self.negation = word_matcher(lexicon.cues.negation)
        self.auxiliaries = set(lexicon.cues.passive_auxiliaries)
        self.own = OwnActs()
        self.parties = PartyDescriptions(lexicon.cues.party_nouns)
        self.tree = TreeRoles(lexicon, self.passive)
        self.modifier_heads = frozenset(lexicon.cues.modifier_heads)
        self.earlier = EarlierOrders.from_lexicon(lexicon)
        self.reciprocity = Reciprocity(self.hierarchy)

    # ------------------------------------------------------------------ triggers

    def triggers(self, analysis: Analysis) -> list[Trigger]:
        """Non-overlapping triggers (see `stages.triggers.find_triggers`), found once."""
        if analysis.triggers is None:
            analysis.triggers = find_triggers(analysis, self.matcher, self.lexicon,
                                              self.modifier_heads)
        return list(analysis.triggers)

    # ------------------------------------------------------------------ cues

    @staticmethod
    def _window(analysis: Analysis, trigger: Trigger, before: int) -> list[str]:
        """Lower-cased words before and in the trigger, leaving out dates ("In May") and the
        trigger's own first word: "revoked" in "revoked ... export privileges" states the
        action, not its termination."""
        start = max(trigger.sentence.token_start, trigger.start - before)
        in_times = {
            index for time in analysis.times_in(trigger.sentence.index)
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

    def _agent(
        self, analysis: Analysis, trigger: Trigger, defaults: TypeDefaults, passive: bool,
        predicate: Predicate | None = None,
    ) -> tuple[list[EntityMention], bool]:
        if trigger.rule.state:
            return [], False  # "X has been on the list since 2018" says nothing of who put it
        doc = analysis.doc
        allowed = tuple(defaults.agents)
        mentions = analysis.mentions_in(trigger.sentence, *allowed)
        tree = predicate is not None and predicate.subject is not None
        if predicate is not None:
            mentions = [m for m in mentions if not inside(m, predicate.not_parties)]
            found = self.tree.agents(analysis, trigger, mentions, predicate)
            if found:
                return found, False
        after_word = trigger.rule.agent_after or ("by" if passive and not tree else None)
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
                  and not possessive_qualifier(doc, m, analysis.mentions)
                  and not place_of(doc, m) and not measured_country(analysis, m, trigger)
                  and not (predicate is not None and m.ref.type is EntityType.COUNTRY
                           and m.token_end - 1 in predicate.modifiers)]
        if before and not tree:
            return [before[-1]], False
        return agent_nearby(analysis, trigger, defaults)

    def _targets(
        self,
        analysis: Analysis,
        trigger: Trigger,
        defaults: TypeDefaults,
        passive: bool,
        agents: list[EntityMention],
        *,
        from_context: bool = True,
        predicate: Predicate | None = None,
    ) -> tuple[list[EntityMention], bool]:
        doc = analysis.doc
        agent_refs = {mention.ref for mention in agents}
        pool = [m for m in analysis.mentions_in(trigger.sentence,
                                                *(trigger.rule.targets or defaults.targets))
                if m.ref not in agent_refs]
        if predicate is not None:
            pool = self.tree.parties(pool, predicate, trigger)
            found = self.tree.targets(pool, predicate)
            if found:
                return found, False
        if predicate is not None and trigger.rule.type is not ActionType.NEGOTIATION:
            # the tree names no party: by position, but never the agent's phrase, and only
            # in the trigger's clause when the tree found its object
            pool = [m for m in pool if not inside(m, predicate.subject or set())
                    and (predicate.objects is None or inside(m, predicate.scope))]
        before = [m for m in pool if m.token_end <= trigger.start]
        if passive and before:
            return [before[-1]], False
        after = [m for m in pool if m.token_start >= trigger.start + 1]
        if trigger.rule.object_required:
            # the object must follow the trigger directly; what is coordinated with it counts
            direct = [m for m in after if m.token_start <= trigger.end + 2]
            return (coordinated(doc, direct[0], after), False) if direct else ([], False)
        if after or before:
            return (coordinated(doc, after[0], after) if after else [before[-1]]), False
        if defaults.context_target and from_context:
            return target_nearby(analysis, trigger, defaults, agent_refs)
        return [], False

    # ------------------------------------------------------------------ assembly

    def build(self, analysis: Analysis, trigger: Trigger) -> list[Action]:
        """The action a trigger states (one per date where it dates several: "in October
        2019 and June 2020, actions that added ..."), or none if its required roles are
        missing. An act about parties counted or described, not named ("adds eleven
        entities") is kept without a target."""
        doc = analysis.doc
        predicate = self.tree.predicate(analysis, trigger)
        if not self._stated(analysis, trigger, predicate):
            return []
        defaults = self.lexicon.type[trigger.rule.type]
        passive = trigger.rule.state or (predicate.passive if predicate
                                         else self.passive(doc, trigger))
        span = with_clause(doc, Span(trigger.start, trigger.end, trigger.sentence))
        own = self.own.states_own_act(analysis, span, passive)
        agents, agent_from_context = self._agent(analysis, trigger, defaults, passive,
                                                 predicate)
        if own:
            agents, agent_from_context = own_act_agents(
                analysis, self.hierarchy, predicate, (agents, agent_from_context),
                defaults.agents)
        described = (self.parties.described(analysis, span)
                     if trigger.rule.type in AGAINST_OTHERS else None)
        targets, target_from_context = self._targets(
            analysis, trigger, defaults, passive, agents, from_context=described is None,
            predicate=predicate)
        if not targets:
            targets = self.parties.named_next(analysis, trigger.sentence)
        agents, targets = self.reciprocity.roles(analysis, trigger, agents, targets)
        if trigger.rule.type in AGAINST_OTHERS or trigger.rule.type is ActionType.REGULATION:
            targets = self._not_own_country(targets, agents)
        if not self._roles_suffice(analysis, trigger, agents, targets, described):
            return []
        confidence = trigger.rule.confidence * CONTEXT_PENALTY ** (
            int(agent_from_context) + int(target_from_context))
        sentence = trigger.sentence
        times = own_clause_times(analysis, span)
        # the date of the order the document ends or renews (its phrase hangs from the
        # order's name, which the tree may put outside the trigger's own clause)
        earlier = self.earlier.earlier_date(analysis, span, times)
        times = [t for t in times if t is not earlier]
        if predicate is not None:
            own_times = [t for t in times if t.token_start in predicate.clause_tokens]
            times = own_times or [t for t in times if t.token_start in predicate.report_tokens]
        time = action_time(analysis, span, times)
        status = self.status(analysis, trigger, defaults.status)
        if time.date is None:
            time.date = undated_act_date(
                analysis, span, own=own, current_type=defaults.current, passive=passive,
                reported=bool(predicate and predicate.report_tokens), status=status)
        time = finish(time)
        money = find_money(analysis.normalized.text[sentence.start:sentence.end])
        count = described.count if described else clause_count(analysis, span)
        rule_type, kinds = self.tree.type_of(trigger, agents)
        owners = [] if predicate is None else [
            m.ref for m in analysis.mentions_in(sentence, *PARTY_TYPES)
            if inside(m, predicate.owners_of_counted)]
        action = Action(
            type=rule_type,
            kinds=kinds,
            agents=list(dict.fromkeys(m.ref for m in agents)),
            targets=[ref for ref in dict.fromkeys([*(m.ref for m in targets),
                                                   *(described.named if described else ())])
                     if ref not in owners],
            affiliates_of=list(dict.fromkeys(owners)),
            products=self.tree.products(analysis, trigger, predicate),
            status=status,
            confidence=confidence,
            evidence=[analysis.evidence(sentence.start, sentence.end, confidence)],
            amount=money.amount if money else None,
            currency=money.currency if money else None,
            quantity=Decimal(count.value) if count else None,
            country=described.country if described and not targets else None,
            **time.fields(),
        )
        if not agents and not targets and money is None and count is None:
            return []  # "As I told Congress, ... being acquired by": no party, no fact
        if (trigger.rule.type is ActionType.TRANSACTION and analysis.layout.official
                and not (targets or money)):
            return []  # a rule's "any item purchased by a listed party": no sale took place
        recalled_order = [] if earlier is None else [action.model_copy(deep=True, update={
            "agents": [], "date": earlier.date, "start_date": None, "end_date": None,
            "duration": None, "status": defaults.status, "products": []})]
        dates = coordinated_dates(analysis, times)
        if not dates:
            return [action, *recalled_order]
        return [action.model_copy(update={"date": date, "start_date": None, "end_date": None})
                for date in dates]

    def _stated(self, analysis: Analysis, trigger: Trigger,
                predicate: Predicate | None) -> bool:
        """Whether the trigger states an act: not negated, not someone else's."""
        if predicate is None:
            return not self.negated(analysis, trigger)
        return not predicate.negated and not self.tree.someone_elses(analysis, trigger,
                                                                     predicate)

    def _roles_suffice(self, analysis: Analysis, trigger: Trigger,
                       agents: list[EntityMention], targets: list[EntityMention],
                       described: DescribedParties | None) -> bool:
        """Whether the roles the type requires are filled (a counted or described party
        stands in for a named target)."""
        defaults = self.lexicon.type[trigger.rule.type]
        agent_required = (defaults.agent_required if trigger.rule.agent_required is None
                          else trigger.rule.agent_required)
        if agent_required and not agents:
            return False
        if defaults.target_required and not targets and described is None:
            return False
        if trigger.rule.type is ActionType.NEGOTIATION:
            return bool({m.ref for m in targets} - {m.ref for m in agents})
        return True

    def _not_own_country(self, targets: list[EntityMention],
                         agents: list[EntityMention]) -> list[EntityMention]:
        """A country is not the target of its own government's listing, license or rule
        ("to afford consumers across America time", "made with U.S. software"): it is
        where the act applies or what it protects."""
        governments = {self.hierarchy.government(m.ref) for m in agents} - {None}
        return [m for m in targets if m.ref.type is not EntityType.COUNTRY
                or self.hierarchy.government(m.ref) not in governments]

    def __call__(self, analysis: Analysis) -> None:
        """Fill `analysis.actions`, one per real-world action stated in the document."""
        run_steps(self.steps(analysis), self.reader)

    def steps(self, analysis: Analysis) -> Steps:
        """`__call__` as steps: the tree of the sentences whose structure matters is asked
        for, not made (`tradegraph.ingest.stages.reading`)."""
        triggers = self.triggers(analysis)
        if self.reader is not None:
            yield ReadRequest("parse", analysis, self.tree.needing_trees(analysis, triggers))
        built = [(trigger, self.build(analysis, trigger)) for trigger in triggers]
        # general words that only describe another act found here state none of their own
        actions = [action for trigger, found in built
                   if not describes_another(analysis.doc, trigger, triggers)
                   for action in found]
        analysis.reports, analysis.actions = actions, merge_actions(actions, self.hierarchy)
