"""The registry of source kinds: adding a kind is one folder and one line here.

Order matters where kinds compete for a file: a parsed JSON value goes to the first kind
that recognises it, so the news kind, which reads any JSON object, comes last; a `.csv`
file to the first kind that does not refuse its header (the screening list wants `name`
and `source` columns, the FCC Covered List its own two).
"""

from __future__ import annotations

from tradegraph.ingest.sources.base import Source
from tradegraph.ingest.sources.fcc_covered_list import CoveredListSource
from tradegraph.ingest.sources.federal_register import FederalRegisterSource
from tradegraph.ingest.sources.news import NewsSource
from tradegraph.ingest.sources.screening_list import ScreeningListSource

SOURCES: tuple[Source, ...] = (
    FederalRegisterSource(),
    ScreeningListSource(),
    CoveredListSource(),
    NewsSource(),
)
