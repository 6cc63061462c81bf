"""Scores summed over documents: overall, per genre, per failure class."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tradegraph.ingest.errors import IngestError, LoadError
from tradegraph.ingest.evaluation.gold import EvaluationError, load_gold
from tradegraph.ingest.evaluation.scoring import DocumentScore, Score, score_document, summed
from tradegraph.ingest.extraction import ExtractionPipeline
from tradegraph.ingest.genres import read_genre
from tradegraph.ingest.loaders import load_file


@dataclass
class Tally:
    """The scores of a group of documents added up, with their failure classes."""

    documents: int = 0
    entities_by_type: dict[str, Score] = field(default_factory=dict)
    actions: Score = field(default_factory=Score)
    statements: Score = field(default_factory=Score)
    dates_right: int = 0
    dates_scored: int = 0
    wrong_dates: int = 0
    missing_dates: int = 0
    missed_actions: Counter[str] = field(default_factory=Counter)
    missed_entities: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, documents: Iterable[DocumentScore]) -> Tally:
        """The tally of some documents."""
        tally = cls()
        for document in documents:
            tally.documents += 1
            for entity_type, score in document.entities.items():
                tally.entities_by_type.setdefault(entity_type, Score()).add(score)
            tally.actions.add(document.actions)
            tally.statements.add(document.statements)
            tally.dates_right += document.dates_right
            tally.dates_scored += document.dates_scored
            tally.wrong_dates += document.wrong_dates
            tally.missing_dates += document.missing_dates
            tally.missed_actions.update(document.missed_actions)
            tally.missed_entities.update(document.missed_entities)
        tally.entities_by_type = dict(sorted(tally.entities_by_type.items()))
        return tally

    @property
    def entities(self) -> Score:
        """Entities over all types."""
        return summed(self.entities_by_type.values())

    @property
    def date_accuracy(self) -> float:
        """Share of matched actions with a known gold date whose date is right."""
        return self.dates_right / self.dates_scored if self.dates_scored else 1.0

    def as_dict(self) -> dict[str, object]:
        """Counts and rates, for JSON output."""
        return {"documents": self.documents, "entities": self.entities.as_dict(),
                "entities_by_type": {t: s.as_dict() for t, s in self.entities_by_type.items()},
                "actions": self.actions.as_dict(),
                "statements": self.statements.as_dict(),
                "date_accuracy": round(self.date_accuracy, 3),
                "dates": {"right": self.dates_right, "scored": self.dates_scored,
                          "wrong": self.wrong_dates, "missing": self.missing_dates},
                "failures": self.failures()}

    def failures(self) -> dict[str, dict[str, int]]:
        """The failure classes: missed actions and entities by type, wrong and missing dates."""
        return {"missed_action": dict(self.missed_actions.most_common()),
                "missed_entity": dict(self.missed_entities.most_common()),
                "date": {"wrong": self.wrong_dates, "missing": self.missing_dates}}


@dataclass
class Report:
    """Scores per document and overall."""

    documents: list[DocumentScore]
    errors: list[str] = field(default_factory=list)

    def tally(self) -> Tally:
        """Every document added up."""
        return Tally.of(self.documents)

    def by_genre(self) -> dict[str, Tally]:
        """One tally per genre, in name order."""
        genres = sorted({document.genre for document in self.documents})
        return {genre: Tally.of(d for d in self.documents if d.genre == genre)
                for genre in genres}

    def entities_by_type(self) -> dict[str, Score]:
        """Entity scores per type, over all documents."""
        return self.tally().entities_by_type

    def entities(self) -> Score:
        """Entity score over all types and documents."""
        return self.tally().entities

    def actions(self) -> Score:
        """Action score over all documents."""
        return self.tally().actions

    def date_accuracy(self) -> float:
        """Share of matched actions with a known gold date whose date is right."""
        return self.tally().date_accuracy

    def as_dict(self) -> dict[str, object]:
        """Everything, for `--json`."""
        return {
            "overall": self.tally().as_dict(),
            "genres": {genre: tally.as_dict() for genre, tally in self.by_genre().items()},
            "documents": [{"doc": d.doc, "genre": d.genre, "entities": d.entity_total.as_dict(),
                           "actions": d.actions.as_dict(),
                           "statements": d.statements.as_dict(),
                           "dates": [d.dates_right, d.dates_scored], "misses": d.misses,
                           "false_alarms": d.false_alarms, "date_errors": d.date_errors}
                          for d in self.documents],
            "errors": self.errors,
        }


@dataclass
class ScoredText:
    """What `evaluate` read for a scored document: its file's digest and the pipeline."""

    content_hash: str
    pipeline: str


def file_digest(path: Path) -> str:
    """`sha256:` and the hex digest of a file's bytes (the file as scored, whatever its
    loader makes of it)."""
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def evaluate(docs: Path, gold: Path, pipeline: ExtractionPipeline | None = None,
             seen: dict[str, ScoredText] | None = None) -> Report:
    """Score every document in `docs` that has a gold file in `gold`.

    `seen`, when given, is filled with each scored document's content hash and the
    fingerprint of the pipeline that extracted it (the first-sight record keeps them).
    """
    if not docs.is_dir():
        raise EvaluationError(str(docs), "not a folder of documents")
    if not gold.is_dir():
        raise EvaluationError(str(gold), "not a folder of gold files")
    pipeline = pipeline or ExtractionPipeline()
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
        document = loaded[0]
        try:
            extraction = pipeline.extract(document)
        except IngestError as error:
            report.errors.append(str(error))
            continue
        report.documents.append(score_document(annotations, extraction, read_genre(document)))
        if seen is not None:
            seen[annotations.doc] = ScoredText(file_digest(document_path), extraction.pipeline)
    if not report.documents:
        # scores over nothing would read as a perfect 1.00
        reasons = "; ".join(report.errors[:3]) or "no gold file matched a document"
        raise EvaluationError(str(docs), f"no document could be scored ({reasons})")
    return report


def to_json(report: Report, extra: dict[str, object] | None = None) -> str:
    """The report as indented JSON (with `extra` keys, e.g. the first-sight comparison)."""
    return json.dumps({**report.as_dict(), **(extra or {})}, indent=2, ensure_ascii=False)
