"""Errors of the ingest room: each names the input and the reason."""

from __future__ import annotations

from tradegraph.ontology.errors import TradegraphError


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
