"""Federal Register API documents: recognised by their JSON fields, read as the rule's own
action plus what its prose says, fetched from the Federal Register API.

Federal Register texts that arrive as prose (a GPO text or HTML page) are the news kind:
the prose engine reads their genre from their header and their own sections.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradegraph.ingest.errors import LoadError
from tradegraph.ingest.reading import (
    decode_utf8,
    key_from_name,
    max_document_bytes,
    read_document_bytes,
)
from tradegraph.ingest.sources.base import DocumentExtractor
from tradegraph.ingest.sources.federal_register.loader import (
    FEDERAL_REGISTER,
    federal_register_json,
)
from tradegraph.ingest.sources.news.jsondoc import parse_json
from tradegraph.ontology.models import Document

if TYPE_CHECKING:  # the prose engine loads spaCy: imported where it is built
    from tradegraph.ingest.pipeline import NewsPipeline


class FederalRegisterSource:
    """Documents of the Federal Register API (`/api/v1/documents/...json`, search results)."""

    kind = FEDERAL_REGISTER
    structured = True
    suffixes: frozenset[str] = frozenset()  # JSON: recognised by its fields

    def max_bytes(self) -> int:
        """The document limit."""
        return max_document_bytes()

    def load(self, path: Path) -> list[Document | LoadError]:
        """A file that must hold an API response."""
        source = str(path)
        value = parse_json(decode_utf8(read_document_bytes(path), source), source)
        found = self.recognise(value, source, key_from_name(path.name))
        if found is None:
            raise LoadError(source, "not a Federal Register API document")
        return found

    def refusal(self, header: str) -> str | None:
        """It claims no extension (its JSON is recognised by its fields)."""
        return None

    def recognise(self, value: Any, source: str, key: str) -> list[Document | LoadError] | None:
        """The documents of an API response; None for other JSON."""
        return federal_register_json(value, source, key)

    def extractor(self, prose: NewsPipeline) -> DocumentExtractor:
        """The rule's action from its fields, and its prose through `prose`."""
        from tradegraph.ingest.sources.federal_register.extractor import (
            FederalRegisterExtractor,
        )

        return FederalRegisterExtractor(prose)
