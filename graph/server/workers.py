"""Queries run in worker processes, so that one past its time limit can be killed.

pyoxigraph has no query timeout or cancellation: the only way to stop a runaway query is
to stop the process running it. Each worker opens the store read-only (a snapshot beside
any writer, such as a running `tradegraph ingest`) - or connects to the remote SPARQL
server the store URL names - runs one query at a time, serialises
the answer in the negotiated format and sends the bytes back. A worker that misses its
deadline is killed and replaced; the other requests keep being served by the others.

Snapshots are reopened when they are older than `refresh_seconds`, or at once after the
server itself has written (the pool's generation number changes).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import IO, Literal, cast

from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions, QueryTriples, Store

from tradegraph.graph.errors import QueryError, StoreError, describe_syntax_error
from tradegraph.graph.remote_store import RemoteStore, is_remote
from tradegraph.graph.server.negotiation import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    graph_media_type,
    result_media_type,
)
from tradegraph.graph.store import open_snapshot
from tradegraph.ontology.terms import PREFIXES


@dataclass(frozen=True)
class QueryJob:
    """One query as the worker needs it."""

    sparql: str
    accept: str | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_bytes: int = 50_000_000
    generation: int = 0
    base_iri: str | None = None


@dataclass(frozen=True)
class QueryReply:
    """A worker's answer: the serialised result, or an HTTP status and a message."""

    status: int
    media_type: str = "text/plain; charset=utf-8"
    body: bytes = b""
    kind: Literal["results", "graph", "error"] = "error"
    headers: dict[str, str] = field(default_factory=dict)


class QueryTimeoutError(Exception):
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


class _TooLargeError(Exception):
    pass


def execute_remote(store: RemoteStore, job: QueryJob) -> QueryReply:
    """Run one query on a remote SPARQL server and serialise its answer like `execute`."""
    try:
        result = store.query_dataset(job.sparql, base_iri=job.base_iri,
                                     default_graphs=job.default_graphs,
                                     named_graphs=job.named_graphs)
    except QueryError as error:
        return QueryReply(400, body=str(error).encode())
    except StoreError as error:
        return QueryReply(503, body=str(error).encode())
    return serialise(result, job)


def execute(store: Store, job: QueryJob) -> QueryReply:
    """Run one query on a store and serialise its answer; errors become replies."""
    dataset: dict[str, object]
    if job.default_graphs or job.named_graphs:
        # An explicit RDF dataset from the protocol's default-graph-uri / named-graph-uri.
        dataset = {
            "default_graph": [NamedNode(iri) for iri in job.default_graphs] or None,
            "named_graphs": [NamedNode(iri) for iri in job.named_graphs] or None,
        }
    else:
        dataset = {"use_default_graph_as_union": True}
    try:
        result = store.query(job.sparql, prefixes=PREFIXES, base_iri=job.base_iri,
                             **dataset)  # type: ignore[arg-type]
    except SyntaxError as error:
        return QueryReply(400, body=describe_syntax_error(job.sparql, error, PREFIXES).encode())
    except (OSError, ValueError) as error:
        return QueryReply(400, body=f"query failed: {error}".encode())
    return serialise(result, job)


def serialise(result: QuerySolutions | QueryBoolean | QueryTriples, job: QueryJob
              ) -> QueryReply:
    """A query result in the format the job's Accept header asks for (406 if none)."""
    is_results = isinstance(result, (QuerySolutions, QueryBoolean))
    media_type = result_media_type(job.accept) if is_results else graph_media_type(job.accept)
    if media_type is None:
        offered = ", ".join(RESULT_FORMATS if is_results else GRAPH_FORMATS)
        return QueryReply(406, body=f"no acceptable format for this result; offered: {offered}"
                          .encode())
    output = _LimitedBuffer(job.max_bytes)
    sink = cast(IO[bytes], output)  # pyoxigraph only calls write()
    try:
        if isinstance(result, QueryTriples):
            result.serialize(sink, GRAPH_FORMATS[media_type])
        else:
            result.serialize(sink, RESULT_FORMATS[media_type])
    except _TooLargeError:
        return QueryReply(
            400, body=(f"the result is larger than this endpoint's limit of {job.max_bytes:,} "
                       "bytes; add a LIMIT or narrow the query").encode())
    except (OSError, ValueError) as error:
        return QueryReply(500, body=f"query failed while reading results: {error}".encode())
    charset = "; charset=utf-8" if not media_type.endswith("xml") else ""
    return QueryReply(200, media_type + charset, b"".join(output.chunks),
                      "results" if is_results else "graph")


READY = "ready"
"""What a worker sends once, when it is ready for jobs."""


def _serve(path: str, conn: Connection, refresh_seconds: float) -> None:
    """A worker's loop: answer jobs until the pipe closes."""
    if is_remote(path):
        _serve_remote(path, conn)
        return
    store: Store | None = None
    opened_at = 0.0
    generation = -1
    conn.send(READY)  # imports done: from here on, time is the query's
    while True:
        try:
            job: QueryJob = conn.recv()
        except (EOFError, OSError):
            return
        now = time.monotonic()
        try:
            if store is None or job.generation != generation or now - opened_at > refresh_seconds:
                store = None  # release the old snapshot first
                store = open_snapshot(path)
                opened_at, generation = now, job.generation
            reply = execute(store, job)
        except OSError as error:
            reply = QueryReply(503, body=f"the store at {path} cannot be read: {error}".encode())
        conn.send(reply)


def _serve_remote(url: str, conn: Connection) -> None:
    """A worker's loop over a remote SPARQL server (which keeps no snapshot to refresh)."""
    store: RemoteStore | None = None
    with contextlib.suppress(StoreError):  # if the server is down now, retry per query
        store = RemoteStore.open(url, read_only=True)
    conn.send(READY)
    while True:
        try:
            job: QueryJob = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if store is None:
                store = RemoteStore.open(url, read_only=True)
            reply = execute_remote(store, job)
        except StoreError as error:
            store = None
            reply = QueryReply(503, body=str(error).encode())
        conn.send(reply)


class _Worker:
    def __init__(self, context: multiprocessing.context.SpawnContext, path: str,
                 refresh_seconds: float) -> None:
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=_serve, args=(path, child, refresh_seconds), daemon=True,
            name="tradegraph-query-worker")
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, seconds: float) -> bool:
        """Wait until the process has started (a fresh worker takes a moment to import)."""
        if not self.ready:
            if not self.conn.poll(seconds):
                return False
            self.ready = self.conn.recv() == READY
        return self.ready

    def stop(self) -> None:
        self.conn.close()
        self.process.kill()
        self.process.join(5)


class QueryPool:
    """A fixed number of query workers over one on-disk store, with a time limit per query."""

    def __init__(self, path: str, *, size: int, timeout: float, refresh_seconds: float = 1.0,
                 wait_seconds: float = 30.0) -> None:
        self.path = path
        self.timeout = timeout
        self.wait_seconds = wait_seconds
        self.refresh_seconds = refresh_seconds
        self.generation = 0
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(max(1, size)):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        worker = _Worker(self._context, self.path, self.refresh_seconds)
        with self._lock:
            self._all.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.stop()

    def store_changed(self) -> None:
        """Make every worker reopen its snapshot before its next query."""
        self.generation += 1

    def run(self, job: QueryJob) -> QueryReply:
        """Run a job on a free worker; QueryTimeoutError if it takes longer than the limit."""
        try:
            worker = self._idle.get(timeout=self.wait_seconds)
        except queue.Empty:
            return QueryReply(503, body=b"all query workers are busy; try again shortly")
        job = QueryJob(**{**job.__dict__, "generation": self.generation})
        try:
            # a worker replacing a stopped one may still be starting: that time is not
            # the query's
            if not worker.wait_ready(self.wait_seconds):
                raise OSError("the query worker did not start")
            worker.conn.send(job)
            if not worker.conn.poll(self.timeout):
                self._retire(worker)
                worker = self._spawn()
                raise QueryTimeoutError(f"the query ran longer than this endpoint's limit of "
                                   f"{self.timeout:g} s and was stopped")
            reply: QueryReply = worker.conn.recv()
            return reply
        except (EOFError, OSError, BrokenPipeError):
            self._retire(worker)
            worker = self._spawn()
            return QueryReply(500, body=b"the query worker stopped unexpectedly; "
                                        b"the query was not answered")
        finally:
            if self._closed:
                self._retire(worker)
            else:
                self._idle.put(worker)

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            self._retire(worker)
