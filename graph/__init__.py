"""tradegraph's Python API, the front door: `TradeGraph` opens a store (a folder, `:memory:`
or a SPARQL server's URL) and offers ingest, SPARQL, exports, validation, time (status as of
a date, deadlines) and screening; everything a caller meets on the way (reports, results,
errors) is importable from here too. Every error of ours derives from `TradegraphError`.

    >>> from tradegraph.graph import TradeGraph
    >>> with TradeGraph.open(":memory:") as tg:   # or a folder, or a SPARQL server's URL
    ...     tg.stats().documents
    0

`tradegraph.graph.facade` shows a whole round: ingest, SPARQL, status as of a date.
The rooms behind it (`store/`, `query/`, `loading/`, `time/`, `screening/`) are the
implementation; their modules may change where this list does not.

Names load on first use (PEP 562), so a process that needs one sub-module (a query worker,
say) does not import the facade and the extraction pipeline behind it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tradegraph.graph.errors import (
        AmbiguousDocumentError,
        GraphWriteError,
        QueryError,
        StoreError,
    )
    from tradegraph.graph.facade import TradeGraph
    from tradegraph.graph.loading.action_statements import ActionStatement, ActionStatementError
    from tradegraph.graph.loading.ingestion import (
        DocumentResult,
        IngestReport,
        Outcome,
        ProgressCallback,
    )
    from tradegraph.graph.loading.validation import ValidationIssue, ValidationReport
    from tradegraph.graph.query.execution import QueryJob, QueryReply, QueryTimeoutError
    from tradegraph.graph.query.formats import ExportFormat, ResultFormat
    from tradegraph.graph.query.inventory import Counts, DocumentInfo, Row, Stats
    from tradegraph.graph.query.lookup import (
        AmbiguousEntityError,
        DateFormatError,
        GraphEntity,
        InputError,
        UnknownEntityError,
    )
    from tradegraph.graph.query.worker_pool import QueryPool
    from tradegraph.graph.screening.customers import (
        CustomerList,
        CustomerListError,
        read_customers,
    )
    from tradegraph.graph.screening.name_search import ScreeningError
    from tradegraph.graph.screening.results import (
        Candidate,
        CustomerRow,
        Evidence,
        Feature,
        Listing,
        MatchResult,
        RowError,
        ScreenedRow,
    )
    from tradegraph.graph.screening.writers import write_csv as write_screening_csv
    from tradegraph.graph.screening.writers import write_json as write_screening_json
    from tradegraph.graph.store.protocol import QueryResult
    from tradegraph.graph.time.corroboration import Corroboration
    from tradegraph.graph.time.deadlines import DeadlineStatus
    from tradegraph.graph.time.derivations import DerivedTime, TimeDerivation
    from tradegraph.graph.time.status import EntityStatus
    from tradegraph.graph.time.status_lines import HistoryItem, RegimeLine, StandingStatus
    from tradegraph.graph.time.status_reading import ActionDetails
    from tradegraph.ingest.merges import DistinctName, SameEntity
    from tradegraph.ontology.errors import TradegraphError

_HOMES: dict[str, tuple[str, str]] = {
    # the facade
    "TradeGraph": ("tradegraph.graph.facade", "TradeGraph"),
    # ingest and what it reports
    "IngestReport": ("tradegraph.graph.loading.ingestion", "IngestReport"),
    "DocumentResult": ("tradegraph.graph.loading.ingestion", "DocumentResult"),
    "Outcome": ("tradegraph.graph.loading.ingestion", "Outcome"),
    "ProgressCallback": ("tradegraph.graph.loading.ingestion", "ProgressCallback"),
    "ValidationReport": ("tradegraph.graph.loading.validation", "ValidationReport"),
    "ValidationIssue": ("tradegraph.graph.loading.validation", "ValidationIssue"),
    "SameEntity": ("tradegraph.ingest.merges", "SameEntity"),
    "DistinctName": ("tradegraph.ingest.merges", "DistinctName"),
    "ActionStatement": ("tradegraph.graph.loading.action_statements", "ActionStatement"),
    # queries and their results
    "QueryResult": ("tradegraph.graph.store.protocol", "QueryResult"),
    "Row": ("tradegraph.graph.query.inventory", "Row"),
    "Stats": ("tradegraph.graph.query.inventory", "Stats"),
    "Counts": ("tradegraph.graph.query.inventory", "Counts"),
    "DocumentInfo": ("tradegraph.graph.query.inventory", "DocumentInfo"),
    "ExportFormat": ("tradegraph.graph.query.formats", "ExportFormat"),
    "ResultFormat": ("tradegraph.graph.query.formats", "ResultFormat"),
    "QueryPool": ("tradegraph.graph.query.worker_pool", "QueryPool"),
    "QueryJob": ("tradegraph.graph.query.execution", "QueryJob"),
    "QueryReply": ("tradegraph.graph.query.execution", "QueryReply"),
    # time: status, deadlines, the derivations
    "GraphEntity": ("tradegraph.graph.query.lookup", "GraphEntity"),
    "EntityStatus": ("tradegraph.graph.time.status", "EntityStatus"),
    "StandingStatus": ("tradegraph.graph.time.status_lines", "StandingStatus"),
    "ActionDetails": ("tradegraph.graph.time.status_reading", "ActionDetails"),
    "RegimeLine": ("tradegraph.graph.time.status_lines", "RegimeLine"),
    "HistoryItem": ("tradegraph.graph.time.status_lines", "HistoryItem"),
    "DeadlineStatus": ("tradegraph.graph.time.deadlines", "DeadlineStatus"),
    "Corroboration": ("tradegraph.graph.time.corroboration", "Corroboration"),
    "DerivedTime": ("tradegraph.graph.time.derivations", "DerivedTime"),
    "TimeDerivation": ("tradegraph.graph.time.derivations", "TimeDerivation"),
    # screening
    "MatchResult": ("tradegraph.graph.screening.results", "MatchResult"),
    "Candidate": ("tradegraph.graph.screening.results", "Candidate"),
    "Feature": ("tradegraph.graph.screening.results", "Feature"),
    "Listing": ("tradegraph.graph.screening.results", "Listing"),
    "Evidence": ("tradegraph.graph.screening.results", "Evidence"),
    "CustomerRow": ("tradegraph.graph.screening.results", "CustomerRow"),
    "RowError": ("tradegraph.graph.screening.results", "RowError"),
    "ScreenedRow": ("tradegraph.graph.screening.results", "ScreenedRow"),
    "CustomerList": ("tradegraph.graph.screening.customers", "CustomerList"),
    "read_customers": ("tradegraph.graph.screening.customers", "read_customers"),
    "write_screening_csv": ("tradegraph.graph.screening.writers", "write_csv"),
    "write_screening_json": ("tradegraph.graph.screening.writers", "write_json"),
    # errors: every one derives from TradegraphError
    "TradegraphError": ("tradegraph.ontology.errors", "TradegraphError"),
    "StoreError": ("tradegraph.graph.errors", "StoreError"),
    "GraphWriteError": ("tradegraph.graph.errors", "GraphWriteError"),
    "QueryError": ("tradegraph.graph.errors", "QueryError"),
    "AmbiguousDocumentError": ("tradegraph.graph.errors", "AmbiguousDocumentError"),
    "QueryTimeoutError": ("tradegraph.graph.query.execution", "QueryTimeoutError"),
    "InputError": ("tradegraph.graph.query.lookup", "InputError"),
    "DateFormatError": ("tradegraph.graph.query.lookup", "DateFormatError"),
    "UnknownEntityError": ("tradegraph.graph.query.lookup", "UnknownEntityError"),
    "AmbiguousEntityError": ("tradegraph.graph.query.lookup", "AmbiguousEntityError"),
    "ActionStatementError": ("tradegraph.graph.loading.action_statements",
                             "ActionStatementError"),
    "ScreeningError": ("tradegraph.graph.screening.name_search", "ScreeningError"),
    "CustomerListError": ("tradegraph.graph.screening.customers", "CustomerListError"),
}
"""Each name of the front door: the module that defines it, and its name there."""

__all__ = [
    "ActionDetails",
    "ActionStatement",
    "ActionStatementError",
    "AmbiguousDocumentError",
    "AmbiguousEntityError",
    "Candidate",
    "Corroboration",
    "Counts",
    "CustomerList",
    "CustomerListError",
    "CustomerRow",
    "DateFormatError",
    "DeadlineStatus",
    "DerivedTime",
    "DistinctName",
    "DocumentInfo",
    "DocumentResult",
    "EntityStatus",
    "Evidence",
    "ExportFormat",
    "Feature",
    "GraphEntity",
    "GraphWriteError",
    "HistoryItem",
    "IngestReport",
    "InputError",
    "Listing",
    "MatchResult",
    "Outcome",
    "ProgressCallback",
    "QueryError",
    "QueryJob",
    "QueryPool",
    "QueryReply",
    "QueryResult",
    "QueryTimeoutError",
    "RegimeLine",
    "ResultFormat",
    "Row",
    "RowError",
    "SameEntity",
    "ScreenedRow",
    "ScreeningError",
    "StandingStatus",
    "Stats",
    "StoreError",
    "TimeDerivation",
    "TradeGraph",
    "TradegraphError",
    "UnknownEntityError",
    "ValidationIssue",
    "ValidationReport",
    "read_customers",
    "write_screening_csv",
    "write_screening_json",
]


def __getattr__(name: str) -> Any:
    """Load a name of the front door from its module on first use."""
    try:
        module, attribute = _HOMES[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
