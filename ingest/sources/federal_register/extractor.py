"""Federal Register documents as facts: the prose through the news pipeline, and the rule's
own action from the API's fields.

The title, abstract and body are read by the sentence stages like any article (a rule's
body states its actions in sentences). Then the document's fields give one more action:
the rule itself — its type from the title (`ingest/lexicon/genres.toml`), by the most
specific of its agencies, against the firms and organisations its title or abstract names,
dated by its effective date (else its publication date), with its citation — quoted by its
title, and by the abstract's sentence that names each target.
"""

from __future__ import annotations

import json
import tomllib
from typing import Any

from tradegraph.ingest.analysis import Analysis
from tradegraph.ingest.pipeline import NewsPipeline, to_extraction
from tradegraph.ingest.sources.base import read_package_text, structured_fingerprint, text_digest
from tradegraph.ingest.sources.federal_register.loader import FEDERAL_REGISTER
from tradegraph.ingest.sources.parties import PartyResolver
from tradegraph.ingest.titles import TitleReader
from tradegraph.ontology.iris import slugify
from tradegraph.ontology.models import (
    Action,
    ActionType,
    Document,
    Entity,
    EntityRef,
    EntityType,
    Evidence,
    Extraction,
    PartialDate,
    Status,
)

EXTRACTOR_NAME = "tradegraph-federal-register"
_TARGET_TYPES = (EntityType.FIRM, EntityType.ORGANIZATION)


class FederalRegisterExtractor:
    """Reads Federal Register API documents (`Document.structured == "federal-register"`)."""

    name = FEDERAL_REGISTER

    def __init__(self, prose: NewsPipeline) -> None:
        text = read_package_text(__package__, "lexicon.toml")
        lexicon = tomllib.loads(text)
        # the number changes with what the extractor does, the hash with its lexicon
        self.version = "2-" + text_digest(text)
        self.prose = prose
        gazetteer = self.gazetteer = prose.gazetteer
        self.parties = PartyResolver(gazetteer, [])
        self._agencies: dict[int, str] = {int(k): v for k, v in lexicon["agencies"].items()}
        self._titles = TitleReader()
        self._status_by_type = {name: Status(value)
                                for name, value in lexicon["status_by_type"].items()}

    def extract(self, document: Document) -> Extraction:
        """The prose's facts and the rule's own action."""
        pipeline = self.prose
        analysis = pipeline.analyze(document.model_copy(update={"structured": None}))
        prose = to_extraction(analysis, pipeline.fingerprint)
        record: dict[str, Any] = json.loads(document.record or "{}")
        entities = {entity.ref: entity for entity in prose.entities}
        agents = self._agents(record, entities)
        targets = self._targets(prose, record)
        rule = self._rule_action(document, record, agents, targets)
        actions = prose.actions
        if rule is not None:
            rule.evidence.extend(self._naming_sentences(analysis, record, targets))
            actions = [*_fold_restatements(prose.actions, rule), rule]
        return Extraction(
            document=document, pipeline=structured_fingerprint(pipeline, self),
            extractor=EXTRACTOR_NAME, extractor_version=f"{pipeline.version}+{self.version}",
            entities=list(entities.values()), mentions=prose.mentions, actions=actions,
        )

    def _agents(
        self, record: dict[str, Any], entities: dict[EntityRef, Entity]
    ) -> list[EntityRef]:
        """The most specific agencies of the document (those no other listed agency has as
        its parent's child: BIS rather than the Commerce Department), added to `entities`."""
        agencies = [a for a in record.get("agencies") or [] if isinstance(a, dict)]
        parents = {a.get("parent_id") for a in agencies}
        found = []
        for agency in agencies:
            if agency.get("id") in parents and len(agencies) > 1:
                continue
            entity = self._agency(agency)
            if entity is not None:
                entities.setdefault(entity.ref, entity)
                found.append(entity.ref)
        return found

    def _agency(self, agency: dict[str, Any]) -> Entity | None:
        key = self._agencies.get(agency.get("id") or -1)
        if key is not None and key in self.gazetteer:
            return self.gazetteer.entity(key)
        names = [str(n) for n in (agency.get("raw_name"), agency.get("name")) if n]
        if not names:
            return None
        known = self.parties.named(names)
        if known is not None and known.type is EntityType.AGENCY:
            return self.gazetteer.entity(known.key)
        return Entity(type=EntityType.AGENCY, key=slugify(names[0]), label=names[0])

    def _naming_sentences(
        self, analysis: Analysis, record: dict[str, Any], targets: list[EntityRef]
    ) -> list[Evidence]:
        """For each target, the first sentence of the abstract that names it (the title is
        quoted already), as further evidence of the rule's action."""
        title_end = len(str(record.get("title") or ""))
        head = _head_length(record)
        found: dict[int, Evidence] = {}
        for target in targets:
            for mention in analysis.mentions:
                if mention.ref != target:
                    continue
                sentence = analysis.sentences[mention.sentence]
                quoted = analysis.evidence(sentence.start, sentence.end, 0.9)
                if title_end < quoted.start < head and not sentence.noise:
                    found.setdefault(quoted.start, quoted.model_copy(update={
                        "extractor": EXTRACTOR_NAME, "extractor_version": self.version}))
                    break
        return [found[start] for start in sorted(found)]

    def _targets(self, prose: Extraction, record: dict[str, Any]) -> list[EntityRef]:
        """Firms and organisations named in the title or the abstract (which come first in
        the text); countries if the title names no party (duties on imports from China)."""
        head = _head_length(record)
        named = [m.entity for m in prose.mentions if m.evidence.start < head]
        parties = [ref for ref in dict.fromkeys(named) if ref.type in _TARGET_TYPES]
        if parties:
            return parties
        return [ref for ref in dict.fromkeys(named) if ref.type is EntityType.COUNTRY]

    def _rule_action(
        self, document: Document, record: dict[str, Any], agents: list[EntityRef],
        targets: list[EntityRef],
    ) -> Action | None:
        title = document.title or ""
        if (not agents and not targets) or not title or not document.text.startswith(title):
            return None  # the loader puts the title first: it is the action's evidence
        kind, status = self._kind(title)
        if status is None:
            status = self._status_by_type.get(str(record.get("type") or ""), Status.IN_FORCE)
        effective = record.get("effective_on")
        start = PartialDate.parse(effective) if effective else None
        date = start or (PartialDate.of(document.published) if document.published else None)
        evidence = Evidence(start=0, end=len(title), quote=title, confidence=0.95,
                            extractor=EXTRACTOR_NAME, extractor_version=self.version)
        return Action(
            type=kind, agents=agents, targets=targets, date=date, start_date=start,
            status=status, confidence=0.95, evidence=[evidence],
            citations=[document.citation] if document.citation else [],
            see_also=[document.url] if document.url else [],
        )

    def _kind(self, title: str) -> tuple[ActionType, Status | None]:
        """The action a title names (the earliest matching wording of
        `lexicon/genres.toml`), and its status if the wording fixes one; a Regulation if
        the title names no act."""
        return self._titles.kind(title) or (ActionType.REGULATION, None)


def _head_length(record: dict[str, Any]) -> int:
    """Length of the title and abstract at the start of the stored text (the loader joins
    them, stripped, with a blank line)."""
    title = str(record.get("title") or "").strip()
    abstract = str(record.get("abstract") or "").strip()
    return len(title) + (2 + len(abstract) if abstract else 0)


def _fold_restatements(actions: list[Action], rule: Action) -> list[Action]:
    """The prose's actions without those that restate the rule's own action (same type,
    targets among the rule's, or none, as the prose's reading of the title has): their
    evidence joins the rule's, so the document states the addition once, quoted everywhere
    it says so."""
    kept = []
    quoted = {(evidence.start, evidence.end) for evidence in rule.evidence}
    for action in actions:
        if action.type is rule.type and set(action.targets) <= set(rule.targets):
            for evidence in action.evidence:
                if (evidence.start, evidence.end) not in quoted:
                    quoted.add((evidence.start, evidence.end))
                    rule.evidence.append(evidence)
            continue
        kept.append(action)
    return kept
