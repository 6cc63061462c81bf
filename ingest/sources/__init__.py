"""Extractors of structured sources: documents whose facts are fields of records (a
screening list's rows, a Federal Register API response) rather than sentences.

A loader marks such a document with `Document.structured` (the extractor's name); the
pipeline hands it to that extractor instead of the sentence stages. Every extractor quotes
its evidence from the document's stored text, so the legal record has the same provenance
as the news.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from tradegraph.ontology.gazetteer import Gazetteer
from tradegraph.ontology.models import Document, Extraction

if TYPE_CHECKING:
    from tradegraph.ingest.pipeline import NewsPipeline


class StructuredExtractor(Protocol):
    """Reads the facts of one kind of structured document."""

    name: str
    """The value of `Document.structured` this extractor reads."""
    version: str
    """Changes whenever the extractor's output changes, so documents are extracted again."""

    def extract(self, document: Document, pipeline: NewsPipeline) -> Extraction:
        """The facts of `document`; `pipeline` reads any prose it holds."""
        ...


def structured_extractors(gazetteer: Gazetteer) -> dict[str, StructuredExtractor]:
    """Every structured extractor, by name."""
    from tradegraph.ingest.sources.federal_register import FederalRegisterExtractor
    from tradegraph.ingest.sources.screening_list import ScreeningListExtractor

    extractors: list[StructuredExtractor] = [
        ScreeningListExtractor(gazetteer), FederalRegisterExtractor(gazetteer)]
    return {extractor.name: extractor for extractor in extractors}
