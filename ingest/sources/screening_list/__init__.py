"""Screening lists (the Consolidated Screening List as CSV, TSV or JSON): each row a listed
party and its listing; fetched from trade.gov."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradegraph.ingest.errors import LoadError
from tradegraph.ingest.sources.base import DocumentExtractor
from tradegraph.ingest.sources.screening_list.loader import (
    SCREENING_LIST,
    TABLE_SUFFIXES,
    header_refusal,
    load_screening_list,
    max_list_bytes,
    screening_list_json,
)
from tradegraph.ontology.models import Document

if TYPE_CHECKING:  # the prose engine loads spaCy: imported where it is built
    from tradegraph.ingest.pipeline import NewsPipeline


class ScreeningListSource:
    """Screening-list tables and JSON downloads."""

    kind = SCREENING_LIST
    structured = True
    suffixes = TABLE_SUFFIXES

    def max_bytes(self) -> int:
        """The list limit (`$TRADEGRAPH_MAX_LIST_BYTES`, else 64 MiB)."""
        return max_list_bytes()

    def load(self, path: Path) -> list[Document | LoadError]:
        """A `.csv` or `.tsv` list."""
        return load_screening_list(path)

    def refusal(self, header: str) -> str | None:
        """A table without `name` and `source` columns is not a screening list."""
        return header_refusal(header)

    def recognise(self, value: Any, source: str, key: str) -> list[Document | LoadError] | None:
        """A CSL JSON download; None for other JSON."""
        return screening_list_json(value, source, key)

    def extractor(self, prose: NewsPipeline) -> DocumentExtractor:
        """One listing per row; names resolved with `prose`'s gazetteer."""
        from tradegraph.ingest.sources.screening_list.extractor import ScreeningListExtractor

        return ScreeningListExtractor(prose)
