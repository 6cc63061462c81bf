"""Source kinds: one package per kind (its recogniser, loader, extractor, lexicon and
fetcher), one `Source` protocol (`base.py`) and one registry (`registry.py`).

`sources()` lists the kinds in the order they are offered a file; `source_of(document)`
is the kind that reads a loaded document (`Document.structured`, else prose).
"""

from __future__ import annotations

from tradegraph.ingest.errors import ExtractionError
from tradegraph.ingest.sources.base import DocumentExtractor, Source
from tradegraph.ingest.sources.news import NEWS
from tradegraph.ontology.models import Document


def sources() -> tuple[Source, ...]:
    """Every registered kind, in the order they are offered a file."""
    from tradegraph.ingest.sources.registry import SOURCES

    return SOURCES


def kind_of(document: Document) -> str:
    """The kind whose extractor reads `document`."""
    return document.structured or NEWS


def source_named(kind: str, source: str = "-") -> Source:
    """The registered kind called `kind` (ExtractionError naming `source` if none is)."""
    for candidate in sources():
        if candidate.kind == kind:
            return candidate
    known = ", ".join(s.kind for s in sources())
    raise ExtractionError(source, f"no extractor for {kind!r} documents (known: {known})")


__all__ = ["DocumentExtractor", "Source", "kind_of", "source_named", "sources"]
