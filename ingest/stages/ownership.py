"""Whose act a trigger states in an official document: the document's own, or one it only
recalls; and who issued the document.

A rule, release or order states its own act in its title, its lead and in sentences that
point at it ("This rule amends ...", "Today's action ...", "BIS publishes these
amendments"). Its own act is done by its issuer and dated by the document. What it recalls
("Huawei was added to the Entity List on May 16, 2019", "Since May, the Department has
added ...", "In May 2020, BIS amended ...") keeps its own agent and date, or none.
"""

from __future__ import annotations

import re

from tradegraph.ingest.analysis import Analysis, EntityMention
from tradegraph.ingest.genres import Genre
from tradegraph.ingest.lexicon import GenreLexicon, load_genre_lexicon
from tradegraph.ingest.stages.context_roles import inside
from tradegraph.ingest.stages.dating import Span, clause_of, recalled
from tradegraph.ingest.stages.hierarchy import AgentHierarchy
from tradegraph.ingest.stages.structure import Predicate
from tradegraph.ontology.models import EntityType

_OWN_MARKERS = re.compile(
    r"\b(?:this|these)\s+(?:[\w-]+\s+){0,2}"  # "this final rule", "these new Russia measures"
    r"(?:rules?|actions?|amendments?|documents?|orders?|notices?|licen[cs]es?|revisions?"
    r"|regulations?|provisions?|measures?|announcements?|decisions?)\b"
    r"|\btoday(?:['’]s)?\b|\bhereby\b|\bin this (?:rule|document|order|notice)\b",
    re.IGNORECASE)
"""Words by which a sentence points at the document's own act."""
_PERFECT = frozenset({"has", "have", "had"})
_ASPECT_WINDOW = 3
"""Tokens before a trigger searched for a perfect auxiliary ("has added", "had placed")."""
_NOT_OWN_SECTIONS = frozenset({"contact", "supplementary", "addresses"})
_PRESENT_TENSE_GENRES = frozenset({Genre.FEDERAL_REGISTER, Genre.ORDER, Genre.PRESIDENTIAL,
                                   Genre.FOREIGN_REGULATION})
"""Genres that state their own act in the present ("This rule amends ...") and recount
what came before in the past; press releases state theirs in the past ("BIS added ...")."""


def points_at_document(text: str) -> bool:
    """Whether a sentence points at the document's own act ("this rule", "today")."""
    return _OWN_MARKERS.search(text) is not None


class OwnActs:
    """Tells the official document's own acts from those it recalls."""

    def __init__(self, lexicon: GenreLexicon | None = None) -> None:
        lexicon = lexicon or load_genre_lexicon()
        self._not_past = frozenset(lexicon.past_tense_exceptions)
        self._irregular_past = frozenset(lexicon.irregular_past)

    def past_tense(self, word: str) -> bool:
        """Whether a word reads as a verb in the past tense."""
        return (word in self._irregular_past
                or (len(word) > 4 and word.endswith("ed") and word not in self._not_past))

    @staticmethod
    def _introduced_as_own(analysis: Analysis, span: Span) -> bool:
        """Whether the trigger is an item of a list its sentence introduces as the
        document's own ("These new measures: impose ...; add ...")."""
        return points_at_document(_lead_in(analysis, span))

    def states_own_act(self, analysis: Analysis, span: Span, passive: bool) -> bool:
        """Whether the trigger states the official document's own act: its clause points
        at the document ("this rule", "today"), or it stands in the title or lead, in the
        active voice, not in the perfect ("has added" reports what came before) and, in
        a rule's or order's prose (which recount the past in the past tense), not in the
        past."""
        layout = analysis.layout
        doc = analysis.doc
        if not layout.official or recalled(doc, span):
            return False
        start, end = clause_of(doc, span)
        clause = analysis.normalized.text[doc[start].idx:doc[end - 1].idx + len(doc[end - 1])]
        if points_at_document(clause) or self._introduced_as_own(analysis, span):
            return True
        before = doc[max(start, span.start - _ASPECT_WINDOW):span.start]
        position = span.sentence.start
        if (passive or any(token.lower_ in _PERFECT for token in before)
                or layout.section_of(position) in _NOT_OWN_SECTIONS
                or not layout.in_lead(position)):
            return False
        in_title = layout.title is not None and layout.title[0] <= position < layout.title[1]
        if in_title or layout.genre not in _PRESENT_TENSE_GENRES:
            return True
        after = [doc[span.end].lower_] if span.end < end else []
        words = [t.lower_ for t in doc[start:span.start + 1]] + after
        return not any(self.past_tense(word) for word in words)


def _lead_in(analysis: Analysis, span: Span) -> str:
    """The words before a colon that introduces the trigger's list ("These new measures:
    impose ...; add ...")."""
    sentence = span.sentence
    text = analysis.normalized.text
    colon = text.find(":", sentence.start, analysis.doc[span.start].idx)
    return text[sentence.start:colon] if colon != -1 else ""


def issuer(analysis: Analysis, hierarchy: AgentHierarchy) -> EntityMention | None:
    """The agency that issued the document: the most specific agency of its AGENCY
    section, else of those its publisher names; else the agency named last before its
    title (the heading "DEPARTMENT OF COMMERCE / Bureau of Industry and Security"); else
    the most specific one its title or lead names."""
    agencies = [m for m in analysis.mentions if m.ref.type is EntityType.AGENCY]
    if not agencies:
        return None
    layout = analysis.layout

    def deepest(candidates: list[EntityMention]) -> EntityMention | None:
        return max(candidates, key=lambda m: (hierarchy.depth(m.ref), -m.start),
                   default=None)

    section = layout.sections.get("agency")
    found = deepest([m for m in agencies if section and section[0] <= m.start < section[1]])
    publisher = (analysis.document.publisher or "").casefold()
    if found is None and publisher:
        found = deepest([m for m in agencies if _named_in(m, hierarchy, publisher)])
    title_start = layout.title[0] if layout.title else 0
    if found is None:
        found = max((m for m in agencies if m.end <= title_start),
                    key=lambda m: m.start, default=None)
    if found is None and layout.lead:
        found = deepest([m for m in agencies if any(a <= m.start < b for a, b in layout.lead)])
    return found


def _named_in(mention: EntityMention, hierarchy: AgentHierarchy, publisher: str) -> bool:
    """Whether a header's publisher names the mentioned agency by any name of it."""
    names = {mention.surface}
    gazetteer = hierarchy.gazetteer
    if gazetteer is not None and mention.ref.key in gazetteer:
        entry = gazetteer.entry(mention.ref.key)
        names |= {entry.label, *entry.aliases}
    return any(len(name) > 3 and name.casefold() in publisher for name in names)


def own_act_agents(analysis: Analysis, hierarchy: AgentHierarchy, predicate: Predicate | None,
                   found: tuple[list[EntityMention], bool], allowed: list[EntityType]
                   ) -> tuple[list[EntityMention], bool]:
    """The agents of the document's own act: its issuer, unless the sentence (its tree, or
    its words where there is none) names the doer; `found` is what the sentence gave (the
    agents, and whether they came from the context), `allowed` the types that may act."""
    agents, from_context = found
    named_by_tree = predicate is not None and any(
        inside(m, (predicate.subject or set()) | predicate.owner) for m in agents)
    if agents and not from_context and (predicate is None or named_by_tree):
        return agents, from_context
    issuer_mention = issuer_of(analysis, hierarchy)
    if issuer_mention is None or issuer_mention.ref.type not in allowed:
        return agents, from_context  # not an act the issuer could do (a sale)
    return [issuer_mention], False


def issuer_of(analysis: Analysis, hierarchy: AgentHierarchy) -> EntityMention | None:
    """The issuer of an official document, found once per document."""
    if analysis.issuer is None:
        found = issuer(analysis, hierarchy)
        analysis.issuer = [found] if found is not None else []
    return analysis.issuer[0] if analysis.issuer else None
