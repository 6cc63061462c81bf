"""What an ingest run reports: each document's outcome (ingested, replaced, skipped,
failed), its counts and warnings, in input order."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Outcome(StrEnum):
    """What happened to one document."""

    INGESTED = "ingested"
    REPLACED = "replaced"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass
class DocumentResult:
    """The result of ingesting one document (or one input that failed to load)."""

    source: str
    outcome: Outcome
    document: str | None = None
    reason: str | None = None
    quads: int = 0
    actions: int = 0
    warnings: list[str] = field(default_factory=list)
    """Parts of the document that were skipped (e.g. malformed rows of a list), and why."""
    lost: int = 0
    """Parts lost because the file is broken (an unclosed quote in a list): a failed run."""
    notes: list[str] = field(default_factory=list)
    """What the user should know, e.g. that its name belongs to another source."""


@dataclass
class IngestReport:
    """The results of one ingest run, in input order."""

    results: list[DocumentResult] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        """How many documents had this outcome."""
        return sum(1 for result in self.results if result.outcome is outcome)

    @property
    def failures(self) -> list[DocumentResult]:
        """The documents that failed, with their reasons."""
        return [result for result in self.results if result.outcome is Outcome.FAILED]

    @property
    def incomplete(self) -> list[DocumentResult]:
        """The documents stored without parts their broken file lost (`lost` > 0)."""
        return [result for result in self.results if result.lost]

    @property
    def ok(self) -> bool:
        """True when nothing failed and no document lost parts to a broken file."""
        return not self.failures and not self.incomplete
