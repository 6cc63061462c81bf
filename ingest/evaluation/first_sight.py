"""The first-sight record: each document's score the first time it was scored.

Rules written after a document was read fit that document; only its first score says how
the extraction does on text it has never seen. The record is a JSON file kept in the
repository (`first_sight.json` beside this module). `tradegraph eval --first-sight` adds
every document it scores for the first time and shows first-sight beside current figures.
An entry is never overwritten. Entries marked `unseen: false` were first scored after rules
had already been developed beside them, so their first sight flatters the extraction.
Entries without `statements` were scored before Statements were counted apart from the core
actions (#28): their `actions` include them, and comparisons add the current Statement
score back for those documents.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections import Counter
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from tradegraph.ingest.evaluation.gold import EvaluationError
from tradegraph.ingest.evaluation.report import Report, ScoredText
from tradegraph.ingest.evaluation.scoring import DocumentScore, Score

DEFAULT_RECORD = Path(__file__).with_name("first_sight.json")
ABOUT = ("Each document's score the first time it was scored, before any rule change made "
         "for it. Entries are added by `tradegraph eval --first-sight` and never changed. "
         "unseen=false: the rules had been developed beside the document before this record "
         "existed, so its first sight is not a test on unseen text. Entries without "
         "'statements' count Statements among their actions (scored before #28).")


class Counts(BaseModel):
    """True positives, false positives and false negatives."""

    tp: int = Field(ge=0)
    fp: int = Field(ge=0)
    fn: int = Field(ge=0)


class DateCounts(BaseModel):
    """Dates of matched actions: right, scored, wrong and missing."""

    right: int = Field(ge=0)
    scored: int = Field(ge=0)
    wrong: int = Field(ge=0)
    missing: int = Field(ge=0)


class FirstSight(BaseModel):
    """One document's first score."""

    doc: str
    scored_on: dt.date
    pipeline: str = Field(description="fingerprint of the pipeline that scored it")
    genre: str
    content_hash: str
    unseen: bool = Field(description="false when the rules were developed beside it")
    entities: dict[str, Counts]
    actions: Counts
    statements: Counts | None = Field(
        default=None, description="Statements, scored apart from the actions (None: "
        "recorded before #28, when `actions` counted them too)")
    dates: DateCounts
    missed_actions: dict[str, int] = Field(default_factory=dict)
    missed_entities: dict[str, int] = Field(default_factory=dict)

    def score(self, genre: str | None = None) -> DocumentScore:
        """As a document score (the lists of misses are not kept), under `genre` if given."""
        return DocumentScore(
            self.doc, genre or self.genre,
            entities={t: Score(c.tp, c.fp, c.fn) for t, c in self.entities.items()},
            actions=Score(self.actions.tp, self.actions.fp, self.actions.fn),
            statements=(Score() if self.statements is None else
                        Score(self.statements.tp, self.statements.fp, self.statements.fn)),
            dates_right=self.dates.right, dates_scored=self.dates.scored,
            missing_dates=self.dates.missing, missed_actions=Counter(self.missed_actions),
            missed_entities=Counter(self.missed_entities))


class FirstSightRecord(BaseModel):
    """The whole record, by document file name."""

    about: str = ABOUT
    documents: dict[str, FirstSight] = Field(default_factory=dict)


def first_sight_of(score: DocumentScore, scored: ScoredText, on: dt.date,
                   unseen: bool = True) -> FirstSight:
    """The record entry for a document scored now."""
    return FirstSight(
        doc=score.doc, scored_on=on, pipeline=scored.pipeline, genre=score.genre,
        content_hash=scored.content_hash, unseen=unseen,
        entities={t: Counts(tp=s.tp, fp=s.fp, fn=s.fn) for t, s in score.entities.items()},
        actions=Counts(tp=score.actions.tp, fp=score.actions.fp, fn=score.actions.fn),
        statements=Counts(tp=score.statements.tp, fp=score.statements.fp,
                          fn=score.statements.fn),
        dates=DateCounts(right=score.dates_right, scored=score.dates_scored,
                         wrong=score.wrong_dates, missing=score.missing_dates),
        missed_actions=dict(sorted(score.missed_actions.items())),
        missed_entities=dict(sorted(score.missed_entities.items())))


def load_record(path: Path) -> FirstSightRecord:
    """Read a record; a file that does not exist yet is an empty record."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return FirstSightRecord()
    except OSError as error:
        raise EvaluationError(str(path), f"cannot read first-sight record: {error.strerror}"
                              ) from None
    try:
        return FirstSightRecord.model_validate_json(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise EvaluationError(str(path), f"malformed first-sight record ({where}: "
                                         f"{first['msg']})") from None


def save_record(path: Path, record: FirstSightRecord) -> None:
    """Write a record atomically (a crash leaves the old file whole)."""
    text = record.model_dump_json(indent=2) + "\n"
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        Path(temporary).replace(path)
    except OSError as error:
        raise EvaluationError(str(path), f"cannot write first-sight record: "
                                         f"{error.strerror or error}") from None


def record_first_sights(record: FirstSightRecord, report: Report,
                        seen: dict[str, ScoredText], on: dt.date | None = None) -> list[str]:
    """Add every scored document the record does not hold yet; return their names."""
    added = []
    for score in report.documents:
        if score.doc not in record.documents and score.doc in seen:
            record.documents[score.doc] = first_sight_of(score, seen[score.doc],
                                                         on or dt.date.today())
            added.append(score.doc)
    return added


def changed_since_first_sight(record: FirstSightRecord,
                              seen: dict[str, ScoredText]) -> list[str]:
    """Documents whose text differs from the one first scored (their comparison is moot)."""
    return sorted(doc for doc, scored in seen.items()
                  if doc in record.documents
                  and record.documents[doc].content_hash != scored.content_hash)


def first_sight_report(record: FirstSightRecord, current: Report) -> Report:
    """The first-sight scores of the documents in `current`, grouped by their current genre
    so the two reports' groups line up."""
    return Report([record.documents[d.doc].score(d.genre) for d in current.documents
                   if d.doc in record.documents])
