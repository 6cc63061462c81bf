"""Errors of the ingest room: each names the input and the reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from tradegraph.ontology.errors import TradegraphError

if TYPE_CHECKING:
    from tradegraph.ontology.models import Document

T = TypeVar("T")


class IngestError(TradegraphError):
    """A document could not be ingested. `str()` gives `source: reason`."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class LoadError(IngestError):
    """A file could not be read as a document (missing, empty, binary, malformed...)."""


class ExtractionError(IngestError):
    """The pipeline failed on a document that loaded."""


def guarded(document: Document, run: Callable[[], T]) -> T:
    """Run an extraction (or a step of one); an unexpected failure becomes an
    ExtractionError naming the document (a bug must not pass silently, nor stop the batch)."""
    try:
        return run()
    except ExtractionError:
        raise
    except Exception as error:
        raise ExtractionError(
            document.source, f"extraction failed ({type(error).__name__}: {error})"
        ) from error


def attempted(document: Document, run: Callable[[], T]) -> T | ExtractionError:
    """`guarded`, with the ExtractionError returned rather than raised: a batch keeps it in
    the place of the document that failed and goes on with the others."""
    try:
        return guarded(document, run)
    except ExtractionError as error:
        return error
