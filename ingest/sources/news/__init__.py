"""Prose: articles, press releases, rule and order texts, reports, as plain text (with an
optional `key: value` header), HTML or news JSON. Read by the prose engine alone.

The genre of a prose document (press release, Federal Register text, order, report...)
is read by the prose engine itself (`tradegraph.ingest.genres`), not by its loader.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradegraph.ingest.errors import ExtractionError, LoadError, attempted
from tradegraph.ingest.reading import max_document_bytes
from tradegraph.ingest.sources.base import DocumentExtractor
from tradegraph.ingest.sources.news.html import load_html
from tradegraph.ingest.sources.news.jsondoc import documents_from_value, load_json_lines
from tradegraph.ingest.sources.news.text import load_text
from tradegraph.ontology.models import Document, Extraction

if TYPE_CHECKING:  # the prose engine loads spaCy: imported where it is built
    from tradegraph.ingest.pipeline import NewsPipeline

NEWS = "news"
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_LINES_SUFFIXES = frozenset({".jsonl", ".ndjson"})


class ProseExtractor:
    """The prose engine as the extractor of the news kind."""

    name = NEWS

    def __init__(self, prose: NewsPipeline) -> None:
        self.prose = prose
        self.version = prose.version

    def extract(self, document: Document) -> Extraction:
        """The facts the sentences of `document` state (a long text read in sections)."""
        from tradegraph.ingest.long_documents import extract_in_sections, is_long, joined

        if is_long(document) and not document.structured:
            return joined(extract_in_sections(self.prose, document))
        return self.prose.extract(document)

    def extract_many(self, documents: Sequence[Document]) -> list[Extraction | ExtractionError]:
        """`extract` of each document, the short ones read together
        (`NewsPipeline.extract_many`), an error in the place of one that fails."""
        from tradegraph.ingest.long_documents import is_long

        long = [is_long(d) and not d.structured for d in documents]
        read = iter(self.prose.extract_many(
            [d for d, in_sections in zip(documents, long, strict=True) if not in_sections]))
        results: list[Extraction | ExtractionError] = []
        for document, in_sections in zip(documents, long, strict=True):
            if not in_sections:
                results.append(next(read))
                continue
            results.append(attempted(document, partial(self.extract, document)))
        return results

    def reads_in_parts(self, document: Document, rows_per_part: int) -> bool:
        """A long text is read, and written, a section at a time."""
        from tradegraph.ingest.long_documents import is_long

        return is_long(document) and not document.structured

    def extract_parts(self, document: Document, rows_per_part: int) -> Iterator[Extraction]:
        """A part per section of a long text, the document's actions in the last one
        (`tradegraph.ingest.long_documents`)."""
        from tradegraph.ingest.long_documents import extract_in_sections

        return extract_in_sections(self.prose, document)


class NewsSource:
    """Prose documents; registered last, it reads the JSON no other kind recognises."""

    kind = NEWS
    structured = False
    suffixes = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_LINES_SUFFIXES

    def max_bytes(self) -> int:
        """The document limit (`$TRADEGRAPH_MAX_DOCUMENT_BYTES`, else 10 MiB)."""
        return max_document_bytes()

    def load(self, path: Path) -> list[Document | LoadError]:
        """A text, HTML or JSON Lines file."""
        suffix = path.suffix.lower()
        if suffix in HTML_SUFFIXES:
            return list(load_html(path))
        if suffix in JSON_LINES_SUFFIXES:
            return load_json_lines(path)
        return list(load_text(path))

    def refusal(self, header: str) -> str | None:
        """Prose has no header to refuse."""
        return None

    def recognise(self, value: Any, source: str, key: str) -> list[Document | LoadError] | None:
        """News JSON: any object or list (its items are checked to be news documents)."""
        return documents_from_value(value, source, key)

    def extractor(self, prose: NewsPipeline) -> DocumentExtractor:
        """The prose engine itself."""
        return ProseExtractor(prose)


__all__ = ["HTML_SUFFIXES", "NEWS", "TEXT_SUFFIXES", "NewsSource", "ProseExtractor"]
