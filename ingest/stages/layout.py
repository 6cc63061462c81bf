"""Layout reading: the genre, title, sections and own date of the document, before any
sentence is read for facts (see `tradegraph.ingest.layout`)."""

from __future__ import annotations

from tradegraph.ingest.analysis import Analysis
from tradegraph.ingest.layout import read_layout


class LayoutReader:
    """Set `analysis.layout`."""

    name = "layout"
    version = "1"

    def __call__(self, analysis: Analysis) -> None:
        """Read the document's layout from its normalised text and header."""
        normalized = analysis.normalized
        analysis.layout = read_layout(analysis.document, normalized.text,
                                      normalized.block_starts)
