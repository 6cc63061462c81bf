"""One query worker: a process that opens the store read-only and answers jobs, one at a
time, and the handle the pool keeps of it.

pyoxigraph has no query timeout or cancellation: the only way to stop a runaway query is to
stop the process running it (`QueryWorker.stop`). Each worker opens the store through the
backend choice (for the embedded store, a snapshot beside any writer such as a running
`tradegraph ingest`; for a SPARQL server, a connection) and takes a fresh snapshot when its
own is older than `refresh_seconds`, or at once when the pool says the store changed (the
generation number sent with each job changes).

A job is any picklable object with a `run(store)` method (`WorkerJob`): a SPARQL Protocol
query (`execution.QueryJob`), or all a linked-data page needs in one trip
(`page_jobs.ResourceJob`); what `run` returns is sent back as it is, without a text format
in between.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Protocol

from tradegraph.graph.errors import StoreError
from tradegraph.graph.lifeline import Lifeline, hold, lifeline
from tradegraph.graph.query.execution import QueryReply
from tradegraph.graph.store.backends import open_store
from tradegraph.graph.store.protocol import GraphStore
from tradegraph.ontology.settings import Settings, settings, use_settings

READY = "ready"
"""What a worker sends once, when it is ready for jobs."""


class WorkerJob(Protocol):
    """Work for a query worker: run on its store, the result sent back pickled."""

    def run(self, store: GraphStore) -> Any:
        """The answer, computed on `store` (a store that fails: StoreError)."""
        ...


@dataclass(frozen=True)
class WorkerStart:
    """What a worker process is started with."""

    location: str
    refresh_seconds: float
    line: Lifeline
    config: Settings
    """The parent's settings (a server's account, ...)."""
    generation: int
    """The pool's generation when it started the worker: a job of a later one means the
    store changed since."""
    niceness: int = 0
    """How much less CPU the worker asks for than the server (`os.nice`)."""


def serve_jobs(start: WorkerStart, conn: Connection) -> None:
    """A worker's loop: answer `(generation, job)` messages until the pipe closes (or the
    parent dies, even in the middle of a query)."""
    hold(start.line)
    use_settings(start.config)
    if start.niceness:
        with contextlib.suppress(OSError):
            os.nice(start.niceness)
    location, refresh_seconds, generation = (start.location, start.refresh_seconds,
                                             start.generation)
    store: GraphStore | None = None
    with contextlib.suppress(StoreError):  # if the store cannot be opened now, retry per job
        store = open_store(location, read_only=True)
    opened_at = time.monotonic()
    conn.send(READY)  # imports done: from here on, time is the job's
    while True:
        try:
            message: tuple[int, WorkerJob] = conn.recv()
        except (EOFError, OSError):
            return
        wanted, job = message
        now = time.monotonic()
        reply: Any
        try:
            if store is None:
                store = open_store(location, read_only=True)
                opened_at, generation = now, wanted
            if wanted != generation or now - opened_at > refresh_seconds:
                fresh = store.snapshot()
                if fresh is not store:
                    store.close()
                store, opened_at, generation = fresh, now, wanted
            reply = job.run(store)
        except StoreError as error:
            store = None
            reply = QueryReply(503, body=str(error).encode())
        conn.send(reply)


class QueryWorker:
    """The pool's handle of one worker process."""

    def __init__(self, location: str, refresh_seconds: float, generation: int = 0,
                 niceness: int = 0) -> None:
        context = multiprocessing.get_context("spawn")  # the parent holds RocksDB and threads
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=serve_jobs,
            args=(WorkerStart(location, refresh_seconds, lifeline(), settings(), generation,
                              niceness), child),
            daemon=True, name="tradegraph-query-worker")
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

    def lower_priority(self, niceness: int) -> None:
        """Ask the system to give the worker less CPU when others want it (a process may
        always be made nicer, never less nice)."""
        with contextlib.suppress(OSError, TypeError):  # (TypeError: not started)
            pid = self.process.pid
            if pid is not None:
                os.setpriority(os.PRIO_PROCESS, pid, niceness)

    def send(self, generation: int, job: WorkerJob) -> None:
        """Hand the worker a job (OSError if it is gone)."""
        self.conn.send((generation, job))

    def stop(self) -> None:
        """Stop the process, whatever it is doing."""
        self.conn.close()
        self.process.kill()
        self.process.join(5)
