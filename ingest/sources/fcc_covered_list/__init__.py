"""The FCC Covered List (equipment and services found to pose an unacceptable risk to U.S.
national security) as CSV: each entry a designation of the firms that produce or provide
the covered equipment or services, or of the class alone where the entry names no firm."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradegraph.ingest.errors import LoadError
from tradegraph.ingest.sources.base import DocumentExtractor
from tradegraph.ingest.sources.fcc_covered_list.loader import (
    FCC_COVERED_LIST,
    SUFFIXES,
    header_refusal,
    load_covered_list,
)
from tradegraph.ingest.sources.screening_list.loader import max_list_bytes
from tradegraph.ontology.models import Document

if TYPE_CHECKING:  # the prose engine loads spaCy: imported where it is built
    from tradegraph.ingest.pipeline import NewsPipeline


class CoveredListSource:
    """The Covered List's CSV, told from other CSV files by its header."""

    kind = FCC_COVERED_LIST
    structured = True
    suffixes = SUFFIXES

    def max_bytes(self) -> int:
        """The list limit (`$TRADEGRAPH_MAX_LIST_BYTES`, else 64 MiB)."""
        return max_list_bytes()

    def load(self, path: Path) -> list[Document | LoadError]:
        """A Covered List CSV."""
        return list(load_covered_list(path))

    def refusal(self, header: str) -> str | None:
        """Any header but the Covered List's two columns."""
        return header_refusal(header)

    def recognise(self, value: Any, source: str, key: str) -> list[Document | LoadError] | None:
        """The list comes as CSV only: None for any JSON."""
        return None

    def extractor(self, prose: NewsPipeline) -> DocumentExtractor:
        """One designation per entry; firms resolved with `prose`'s gazetteer."""
        from tradegraph.ingest.sources.fcc_covered_list.extractor import CoveredListExtractor

        return CoveredListExtractor(prose)
