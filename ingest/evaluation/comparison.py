"""First-sight beside current scores, per document and for groups of documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from tradegraph.ingest.evaluation.first_sight import (
    FirstSightRecord,
    changed_since_first_sight,
    first_sight_report,
    load_record,
    record_first_sights,
    save_record,
)
from tradegraph.ingest.evaluation.report import Report, ScoredText, Tally, evaluate
from tradegraph.ingest.extraction import ExtractionPipeline

UNSEEN = "unseen at first sight"
DEVELOPED_BESIDE = "developed beside"


@dataclass
class GroupComparison:
    """One group's first-sight and current tallies, over the same documents."""

    group: str
    first: Tally
    current: Tally
    single: bool = False
    """True for a group of one named document."""

    def as_dict(self) -> dict[str, object]:
        """Both tallies, for JSON output."""
        return {"group": self.group, "first_sight": self.first.as_dict(),
                "current": self.current.as_dict()}


def compare(record: FirstSightRecord, current: Report) -> list[GroupComparison]:
    """Groups: all documents with a first sight, each genre, the unseen ones, the others,
    then each document on its own."""
    first = first_sight_report(record, current)
    scored = {d.doc for d in first.documents}
    # entries recorded before Statements were scored apart count them among the actions
    now = [d if record.documents[d.doc].statements is not None else d.with_statements()
           for d in current.documents if d.doc in scored]
    then = {d.doc: d for d in first.documents}

    def group(name: str, docs: set[str], single: bool = False) -> GroupComparison | None:
        if not docs:
            return None
        return GroupComparison(name, Tally.of(then[d] for d in sorted(docs)),
                               Tally.of(d for d in now if d.doc in docs), single)

    unseen = {d for d in scored if record.documents[d].unseen}
    groups = [group("all", scored)]
    groups += [group(f"genre {genre}", {d.doc for d in now if d.genre == genre})
               for genre in sorted({d.genre for d in now})]
    groups += [group(UNSEEN, unseen), group(DEVELOPED_BESIDE, scored - unseen)]
    groups += [group(doc, {doc}, single=True) for doc in sorted(scored)]
    return [g for g in groups if g is not None]


@dataclass
class FirstSightRun:
    """An evaluation run against the first-sight record."""

    report: Report
    groups: list[GroupComparison]
    added: list[str]
    """Documents scored for the first time in this run (now in the record)."""
    changed: list[str]
    """Documents whose text is not the text first scored."""

    def as_dict(self) -> dict[str, object]:
        """The comparison, for JSON output (beside the report's own keys)."""
        return {"first_sight": {"added": self.added, "changed": self.changed,
                                "groups": [g.as_dict() for g in self.groups]}}


def evaluate_with_first_sight(docs: Path, gold: Path, record_path: Path,
                              pipeline: ExtractionPipeline | None = None,
                              on: dt.date | None = None) -> FirstSightRun:
    """Score the documents, add those scored for the first time to the record at
    `record_path` (written only when something was added), and compare."""
    record = load_record(record_path)
    seen: dict[str, ScoredText] = {}
    report = evaluate(docs, gold, pipeline, seen)
    added = record_first_sights(record, report, seen, on)
    if added:
        save_record(record_path, record)
    return FirstSightRun(report, compare(record, report), added,
                         changed_since_first_sight(record, seen))
