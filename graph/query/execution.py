"""Answering one query on any `GraphStore`, within a result-size limit: the query as the
SPARQL Protocol gives it (text, Accept header, RDF dataset, base IRI) in, the serialised
answer or an HTTP status with a message out.

The time limit is not here: pyoxigraph cannot cancel a query, so
`tradegraph.graph.query.worker_pool` runs `answer` in a worker process that is stopped when a
query runs too long.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Literal, cast

from pyoxigraph import QueryBoolean, QuerySolutions, QueryTriples

from tradegraph.graph.errors import QueryError, StoreError
from tradegraph.graph.query.formats import (
    GRAPH_MEDIA_TYPES,
    RESULT_MEDIA_TYPES,
    ExportFormat,
    ResultFormat,
)
from tradegraph.graph.query.negotiation import graph_media_type, result_media_type
from tradegraph.graph.store.protocol import GraphStore, QueryResult
from tradegraph.ontology.errors import TradegraphError

DEFAULT_MAX_RESULT_BYTES = 50_000_000


@dataclass(frozen=True)
class QueryJob:
    """One query, as a worker needs it."""

    sparql: str
    accept: str | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_bytes: int = DEFAULT_MAX_RESULT_BYTES
    generation: int = 0
    """Unused: the pool sends its generation with each job (kept for older callers)."""
    base_iri: str | None = None

    def run(self, store: GraphStore) -> QueryReply:
        """The answer on `store` (what a query worker does with this job)."""
        return answer(store, self)


@dataclass(frozen=True)
class QueryReply:
    """The answer: the serialised result, or an HTTP status and a message."""

    status: int
    media_type: str = "text/plain; charset=utf-8"
    body: bytes = b""
    kind: Literal["results", "graph", "error"] = "error"
    headers: dict[str, str] = field(default_factory=dict)


class QueryTimeoutError(TradegraphError):
    """A query ran past the time limit and its worker was stopped."""


class _LimitedBuffer:
    """A write-only buffer that refuses to grow past a limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.chunks: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _TooLargeError
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the bytes stay in memory until sent."""


class _TooLargeError(TradegraphError):
    pass


def answer(store: GraphStore, job: QueryJob) -> QueryReply:
    """Run one query on a store and serialise its answer; errors become replies (400 for a
    query at fault, 503 for a store that cannot answer)."""
    try:
        result = store.query_dataset(job.sparql, base_iri=job.base_iri,
                                     default_graphs=job.default_graphs,
                                     named_graphs=job.named_graphs)
    except QueryError as error:
        return QueryReply(400, body=str(error).encode())
    except StoreError as error:
        return QueryReply(503, body=str(error).encode())
    return serialise(result, job)


def serialise(result: QueryResult, job: QueryJob) -> QueryReply:
    """A query result in the format the job's Accept header asks for (406 if none)."""
    is_results = isinstance(result, QuerySolutions | QueryBoolean)
    media_type = result_media_type(job.accept) if is_results else graph_media_type(job.accept)
    if media_type is None:
        offered = ", ".join(RESULT_MEDIA_TYPES if is_results else GRAPH_MEDIA_TYPES)
        return QueryReply(406, body=f"no acceptable format for this result; offered: {offered}"
                          .encode())
    output = _LimitedBuffer(job.max_bytes)
    sink = cast(IO[bytes], output)  # pyoxigraph only calls write()
    try:
        if isinstance(result, QueryTriples):
            rdf = ExportFormat.from_media_type(media_type)
            assert rdf is not None  # negotiated among the registry's media types
            result.serialize(sink, rdf.rdf_format)
        else:
            results = ResultFormat.from_media_type(media_type)
            assert results is not None
            result.serialize(sink, results.results_format)
    except _TooLargeError:
        return QueryReply(
            400, body=(f"the result is larger than this endpoint's limit of {job.max_bytes:,} "
                       "bytes; add a LIMIT or narrow the query").encode())
    except (OSError, ValueError) as error:
        return QueryReply(500, body=f"query failed while reading results: {error}".encode())
    charset = "; charset=utf-8" if not media_type.endswith("xml") else ""
    return QueryReply(200, media_type + charset, b"".join(output.chunks),
                      "results" if is_results else "graph")
