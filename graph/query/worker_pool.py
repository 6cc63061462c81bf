"""Queries run in worker processes, so that one past its time limit can be stopped.

pyoxigraph has no query timeout or cancellation: the only way to stop a runaway query is
to stop the process running it. Each worker opens the store read-only through the backend
choice (for the embedded store, a snapshot beside any writer such as a running
`tradegraph ingest`; for a SPARQL server, a connection), answers one query at a time with
`tradegraph.graph.query.execution.answer` and sends the bytes back. A worker that misses its
deadline is killed and replaced; the other requests keep being served by the others.

A worker takes a fresh snapshot (`GraphStore.snapshot`) when its own is older than
`refresh_seconds`, or at once after the pool was told that the store changed (its generation
number changes).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import threading
import time
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from tradegraph.graph.errors import StoreError
from tradegraph.graph.lifeline import Lifeline, hold, lifeline
from tradegraph.graph.query.execution import QueryJob, QueryReply, QueryTimeoutError, answer
from tradegraph.graph.store.backends import open_store
from tradegraph.graph.store.protocol import GraphStore
from tradegraph.ontology.settings import Settings, settings, use_settings

READY = "ready"
"""What a worker sends once, when it is ready for jobs."""


def _serve(location: str, conn: Connection, refresh_seconds: float, line: Lifeline,
           config: Settings) -> None:
    """A worker's loop: answer jobs until the pipe closes (or the parent dies, even in the
    middle of a query)."""
    hold(line)
    use_settings(config)  # the parent's settings (a server's account, ...)
    store: GraphStore | None = None
    with contextlib.suppress(StoreError):  # if the store cannot be opened now, retry per query
        store = open_store(location, read_only=True)
    opened_at = time.monotonic()
    generation: int | None = None
    conn.send(READY)  # imports done: from here on, time is the query's
    while True:
        try:
            job: QueryJob = conn.recv()
        except (EOFError, OSError):
            return
        now = time.monotonic()
        try:
            if store is None:
                store = open_store(location, read_only=True)
                opened_at, generation = now, job.generation
            elif generation is None:
                generation = job.generation
            if job.generation != generation or now - opened_at > refresh_seconds:
                fresh = store.snapshot()
                if fresh is not store:
                    store.close()
                store, opened_at, generation = fresh, now, job.generation
            reply = answer(store, job)
        except StoreError as error:
            store = None
            reply = QueryReply(503, body=str(error).encode())
        conn.send(reply)


class _Worker:
    def __init__(self, context: multiprocessing.context.SpawnContext, location: str,
                 refresh_seconds: float) -> None:
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=_serve, args=(location, child, refresh_seconds, lifeline(), settings()),
            daemon=True,
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
    """A fixed number of query workers over one store, with a time limit per query."""

    def __init__(self, location: str, *, size: int, timeout: float,
                 refresh_seconds: float = 1.0, wait_seconds: float = 30.0) -> None:
        self.location = location
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
        worker = _Worker(self._context, self.location, self.refresh_seconds)
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
