"""Score extraction against gold annotations (the format of `../shared/corpus/gold/`).

Entities match when they have the same type and share a name (label, alias or mentioned
surface form, compared case-insensitively without a leading "the" or a possessive "'s").
Actions match when they have the same type, an acceptable agent (any of the gold agent's
names; any agent when the gold gives none) and at least one gold target (any when the gold
gives none). Date accuracy is over matched actions whose gold date is known: the predicted
date must be the same at the same precision. Matching is one-to-one and greedy.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tradegraph.ingest.errors import IngestError, LoadError
from tradegraph.ingest.loaders import load_file
from tradegraph.ingest.pipeline import NewsPipeline
from tradegraph.ontology.models import Action, EntityRef, Extraction


class EvaluationError(IngestError):
    """A gold file or document that cannot be scored; the message names it."""


class GoldEntity(BaseModel):
    """One annotated entity."""

    type: str
    label: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)


class GoldAction(BaseModel):
    """One annotated action."""

    model_config = ConfigDict(extra="ignore")

    type: str
    agent: list[str] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    date: str | None = None
    status: str | None = None
    evidence: str | None = None


class GoldDocument(BaseModel):
    """The gold annotations of one document."""

    model_config = ConfigDict(extra="ignore")

    doc: str
    published: str | None = None
    entities: list[GoldEntity] = Field(default_factory=list)
    actions: list[GoldAction] = Field(default_factory=list)


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def normalise_name(name: str) -> str:
    """A name as compared: lower case, plain quotes, no leading 'the', no possessive."""
    text = " ".join(name.translate(_QUOTES).lower().split())
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"'s$", "", text)
    return text.strip(" .,;:")


def _names(names: Iterable[str]) -> frozenset[str]:
    return frozenset(filter(None, (normalise_name(n) for n in names)))


@dataclass
class Score:
    """True positives, false positives and false negatives, with P/R/F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Score) -> None:
        """Accumulate another score into this one."""
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        """Share of predictions that are right (1.0 when nothing was predicted)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of gold items found (1.0 when there were none)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        """Counts and rates, for JSON output."""
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3)}


@dataclass
class DocumentScore:
    """The scores of one document, with what was missed and what was wrongly found."""

    doc: str
    entities: dict[str, Score] = field(default_factory=dict)
    actions: Score = field(default_factory=Score)
    dates_right: int = 0
    dates_scored: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    date_errors: list[str] = field(default_factory=list)

    @property
    def entity_total(self) -> Score:
        """Entities over all types."""
        total = Score()
        for score in self.entities.values():
            total.add(score)
        return total


@dataclass
class Report:
    """Scores per document and overall."""

    documents: list[DocumentScore]
    errors: list[str] = field(default_factory=list)

    def entities_by_type(self) -> dict[str, Score]:
        """Entity scores per type, over all documents."""
        totals: dict[str, Score] = {}
        for document in self.documents:
            for entity_type, score in document.entities.items():
                totals.setdefault(entity_type, Score()).add(score)
        return dict(sorted(totals.items()))

    def entities(self) -> Score:
        """Entity score over all types and documents."""
        total = Score()
        for score in self.entities_by_type().values():
            total.add(score)
        return total

    def actions(self) -> Score:
        """Action score over all documents."""
        total = Score()
        for document in self.documents:
            total.add(document.actions)
        return total

    def date_accuracy(self) -> float:
        """Share of matched actions with a known gold date whose date is right."""
        scored = sum(d.dates_scored for d in self.documents)
        return sum(d.dates_right for d in self.documents) / scored if scored else 1.0

    def as_dict(self) -> dict[str, object]:
        """Everything, for `--json`."""
        return {
            "overall": {"entities": self.entities().as_dict(),
                        "entities_by_type": {t: s.as_dict()
                                             for t, s in self.entities_by_type().items()},
                        "actions": self.actions().as_dict(),
                        "date_accuracy": round(self.date_accuracy(), 3)},
            "documents": [{"doc": d.doc, "entities": d.entity_total.as_dict(),
                           "actions": d.actions.as_dict(),
                           "dates": [d.dates_right, d.dates_scored], "misses": d.misses,
                           "false_alarms": d.false_alarms, "date_errors": d.date_errors}
                          for d in self.documents],
            "errors": self.errors,
        }


def load_gold(path: Path) -> GoldDocument:
    """Read one gold file (EvaluationError naming it if unreadable or malformed)."""
    try:
        return GoldDocument.model_validate_json(path.read_bytes())
    except OSError as error:
        raise EvaluationError(str(path), f"cannot read gold file: {error.strerror}") from None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise EvaluationError(str(path), f"malformed gold file ({where}: {first['msg']})"
                              ) from None


def score_document(gold: GoldDocument, extraction: Extraction) -> DocumentScore:
    """Compare one document's extraction with its gold annotations."""
    result = DocumentScore(gold.doc)
    names = _predicted_names(extraction)
    gold_names = {entity.label: _names([entity.label, *entity.aliases])
                  for entity in gold.entities}
    _score_entities(gold, extraction, names, result)
    _score_actions(gold, extraction.actions, names, gold_names, result)
    return result


def _predicted_names(extraction: Extraction) -> dict[EntityRef, frozenset[str]]:
    surface: dict[EntityRef, list[str]] = {}
    for mention in extraction.mentions:
        surface.setdefault(mention.entity, []).append(mention.evidence.quote)
    return {entity.ref: _names([entity.label, *entity.aliases, *surface.get(entity.ref, [])])
            for entity in extraction.entities}


def _score_entities(gold: GoldDocument, extraction: Extraction,
                    names: dict[EntityRef, frozenset[str]], result: DocumentScore) -> None:
    mentioned = {mention.entity for mention in extraction.mentions}
    predicted = [entity for entity in extraction.entities if entity.ref in mentioned]
    taken: set[EntityRef] = set()
    for entity in gold.entities:
        score = result.entities.setdefault(entity.type, Score())
        wanted = _names([entity.label, *entity.aliases])
        match = next((p for p in predicted if p.ref not in taken
                      and p.type.value == entity.type and names[p.ref] & wanted), None)
        if match is None:
            score.fn += 1
            result.misses.append(f"entity {entity.type} {entity.label!r}")
        else:
            score.tp += 1
            taken.add(match.ref)
    for found in predicted:
        if found.ref not in taken:
            result.entities.setdefault(found.type.value, Score()).fp += 1
            result.false_alarms.append(f"entity {found.type.value} {found.label!r}")


def _score_actions(gold: GoldDocument, predicted: list[Action],
                   names: dict[EntityRef, frozenset[str]],
                   gold_names: dict[str, frozenset[str]], result: DocumentScore) -> None:
    def fits(refs: list[EntityRef], labels: list[str]) -> bool:
        if not labels:
            return True
        wanted = frozenset().union(*(gold_names.get(label, _names([label]))
                                     for label in labels))
        return any(names.get(ref, frozenset()) & wanted for ref in refs)

    taken: set[int] = set()
    for action in gold.actions:
        candidates = [i for i, p in enumerate(predicted) if i not in taken
                      and p.type.value == action.type and fits(p.agents, action.agent)
                      and fits(p.targets, action.targets)]
        # Among equal matches prefer the one with the gold date.
        candidates.sort(key=lambda i: str(predicted[i].date) != action.date)
        if not candidates:
            result.actions.fn += 1
            result.misses.append(f"action {action.type} {action.agent[:1]} -> "
                                 f"{action.targets[:2]} ({action.date}): "
                                 f"{(action.evidence or '')[:90]!r}")
            continue
        result.actions.tp += 1
        taken.add(candidates[0])
        if action.date is not None:
            result.dates_scored += 1
            found = predicted[candidates[0]].date
            if str(found) == action.date:
                result.dates_right += 1
            else:
                result.date_errors.append(f"{action.type}: found {found}, gold {action.date}")
    for index, extra in enumerate(predicted):
        if index not in taken:
            result.actions.fp += 1
            quote = extra.evidence[0].quote[:90] if extra.evidence else ""
            result.false_alarms.append(f"action {extra.type.value} ({extra.date}): {quote!r}")


def evaluate(docs: Path, gold: Path, pipeline: NewsPipeline | None = None) -> Report:
    """Score every document in `docs` that has a gold file in `gold`."""
    if not docs.is_dir():
        raise EvaluationError(str(docs), "not a folder of documents")
    if not gold.is_dir():
        raise EvaluationError(str(gold), "not a folder of gold files")
    pipeline = pipeline or NewsPipeline()
    report = Report([])
    gold_files = sorted(gold.glob("*.json"))
    if not gold_files:
        raise EvaluationError(str(gold), "holds no gold .json files")
    for gold_path in gold_files:
        try:
            annotations = load_gold(gold_path)
        except EvaluationError as error:
            report.errors.append(str(error))
            continue
        document_path = docs / annotations.doc
        if not document_path.exists():
            report.errors.append(f"{gold_path}: its document {annotations.doc} is not in {docs}")
            continue
        loaded = load_file(document_path)
        if len(loaded) != 1 or isinstance(loaded[0], LoadError):
            report.errors.append(f"{document_path}: {loaded[0] if loaded else 'no document'}")
            continue
        try:
            extraction = pipeline.extract(loaded[0])
        except IngestError as error:
            report.errors.append(str(error))
            continue
        report.documents.append(score_document(annotations, extraction))
    if not report.documents:
        # scores over nothing would read as a perfect 1.00
        reasons = "; ".join(report.errors[:3]) or "no gold file matched a document"
        raise EvaluationError(str(docs), f"no document could be scored ({reasons})")
    return report


def to_json(report: Report) -> str:
    """The report as indented JSON."""
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False)
