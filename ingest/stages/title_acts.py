"""The acts an official document's title names: the document's own acts, by its issuer,
dated by the document (genre rules, applied before the prose is trusted).

A rule's or order's title is its action line: "Addition of ... to the Entity List", "Order
Terminating Denial Order ...", "...; Correction". Each act it names becomes the document's
own act with the title part as evidence and the parties the part names as targets. Where
the prose states the same act, the two merge; where the prose reads the title otherwise
(a corrected title still says "Addition"), the title reading wins.
"""

from __future__ import annotations

import re

from tradegraph.ingest.analysis import Analysis, EntityMention
from tradegraph.ingest.genres import Genre
from tradegraph.ingest.lexicon import ActionLexicon
from tradegraph.ingest.stages.hierarchy import AgentHierarchy
from tradegraph.ingest.stages.ownership import issuer_of
from tradegraph.ingest.titles import TitleAct, TitleReader
from tradegraph.ontology.models import Action, EntityRef, EntityType

TITLE_GENRES = frozenset({Genre.FEDERAL_REGISTER, Genre.ORDER, Genre.PRESIDENTIAL,
                          Genre.FOREIGN_REGULATION})
"""Genres whose titles name the document's acts (a press release's headline is prose)."""
TITLE_CONFIDENCE = 0.9
_PARTY_TYPES = (EntityType.FIRM, EntityType.ORGANIZATION, EntityType.PERSON)


class TitleActs:
    """Add (or confirm) the acts the title of an official document names."""

    name = "title-acts"
    version = "1"

    def __init__(self, lexicon: ActionLexicon, hierarchy: AgentHierarchy,
                 reader: TitleReader | None = None) -> None:
        self.lexicon = lexicon
        self.hierarchy = hierarchy
        self.reader = reader or TitleReader()

    def __call__(self, analysis: Analysis) -> None:
        """Add the title's acts to `analysis.actions`, merged with the prose's."""
        layout = analysis.layout
        if layout.genre not in TITLE_GENRES or layout.title is None:
            return
        start, end = layout.title
        text = analysis.normalized.text
        action_line = ""
        if "action" in layout.sections:
            line_start, line_end = layout.sections["action"]
            action_line = text[line_start:line_end].split(":", 1)[-1]
        body_title = text[start:end]
        header_title = analysis.document.title or ""
        if _is_cut_short(body_title, header_title):
            # only the start of the title is legible in the body (a garbled PDF page): read
            # the acts from the header's title and quote the legible start for each, those
            # the body states at all (the word naming each somewhere in its broken lines)
            acts = [act for act in self.reader.acts(header_title, action_line)
                    if _named_in(text, header_title[act.start:act.end])]
            spans = [(start, end)] * len(acts)
        else:
            acts = self.reader.acts(body_title, action_line)
            spans = [(start + act.start, start + act.end) for act in acts]
        prose = list(analysis.actions)
        for act, span in zip(acts, spans, strict=True):
            # the prose read this part of the title as another act: the title's reading wins
            original = analysis.normalized.to_original(*span)
            dropped = [a for a in prose if a.type is not act.kind and _quotes_within(a, original)
                       and not any(a.type is other.kind for other in acts)]
            analysis.actions = [a for a in analysis.actions if a not in dropped]
        if acts and "action" in layout.sections:
            # the ACTION line ("Interim final rule.") names the act the title does
            line = analysis.normalized.to_original(*layout.sections["action"])
            kinds = {act.kind for act in acts}
            analysis.actions = [a for a in analysis.actions
                                if a.type not in kinds or not _quotes_within(a, line)]
        for act, span in zip(acts, spans, strict=True):
            self._add(analysis, act, span, len(acts) == 1)
        analysis.actions.sort(key=lambda a: a.evidence[0].start)

    def _add(self, analysis: Analysis, act: TitleAct, span: tuple[int, int],
             alone: bool) -> None:
        """Confirm the prose's report of the act, or add it (the parties of its part, or
        of the whole title when it names one act)."""
        title = analysis.layout.title
        assert title is not None
        targets = self._parties(analysis, span if not alone else title)
        date = analysis.layout.own_date
        for action in analysis.actions:
            if action.type is act.kind and action.date in (date, None) and (
                    not action.targets or not targets or set(action.targets) & set(targets)):
                self._confirm(analysis, action, act, span, targets)
                return
        found = issuer_of(analysis, self.hierarchy)
        if found is None and self.lexicon.type[act.kind].agent_required:
            return  # an act only a named party performs, and none is named
        status = act.status or self.lexicon.type[act.kind].status
        evidence = analysis.evidence(span[0], span[1], TITLE_CONFIDENCE)
        analysis.actions.append(Action(
            type=act.kind, agents=[found.ref] if found else [], targets=targets, date=date,
            status=status, confidence=TITLE_CONFIDENCE, evidence=[evidence]))

    def _confirm(self, analysis: Analysis, action: Action, act: TitleAct,
                 span: tuple[int, int], targets: list[EntityRef]) -> None:
        """The prose states the title's act: give it the title's evidence, parties, date
        and status."""
        evidence = analysis.evidence(span[0], span[1], TITLE_CONFIDENCE)
        if evidence not in action.evidence:
            action.evidence.insert(0, evidence)
        action.targets.extend(t for t in targets if t not in action.targets)
        action.date = action.date or analysis.layout.own_date
        if act.status is not None:
            action.status = act.status
        if not action.agents:
            found = issuer_of(analysis, self.hierarchy)
            action.agents = [found.ref] if found else []
        action.confidence = max(action.confidence, TITLE_CONFIDENCE)

    @staticmethod
    def _parties(analysis: Analysis, span: tuple[int, int]) -> list[EntityRef]:
        mentions: list[EntityMention] = [
            m for m in analysis.mentions
            if span[0] <= m.start < span[1] and m.ref.type in _PARTY_TYPES]
        return list(dict.fromkeys(m.ref for m in mentions))


def _quotes_within(action: Action, span: tuple[int, int]) -> bool:
    """Whether all of an action's evidence starts inside a span of the original text."""
    return False if not action.evidence else all(
        span[0] <= e.start < span[1] for e in action.evidence)


def _is_cut_short(body_title: str, header_title: str) -> bool:
    """Whether the body repeats only the start of the header's title."""
    body, header = " ".join(body_title.lower().split()), " ".join(header_title.lower().split())
    return bool(header) and len(body) < len(header) and header.startswith(body) and (
        len(body) < 0.8 * len(header.split(" (")[0]))


def _named_in(body: str, part: str) -> bool:
    """Whether the body holds the word that names a title part's act ("Revision" of
    "Revision of Entries on the Entity List")."""
    words = re.findall(r"[A-Za-z]+", part)
    return bool(words) and re.search(rf"\b{words[0]}\b", body, re.IGNORECASE) is not None
