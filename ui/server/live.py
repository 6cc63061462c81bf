"""The graph the server's own Python reads (status, deadlines, screening, reconciliation),
as opposed to the SPARQL that runs in the query workers.

A read-only `TradeGraph` in the server process, on a snapshot that is replaced by a fresh
one when the store changed (an embedded store's files are newer; checked at most every
`refresh_seconds`), so an `ingest` beside the server is seen as the SPARQL workers see it.
A SPARQL server keeps no snapshots: its graph is opened once. The screener moves from
snapshot to snapshot, so its index is rebuilt only when the documents changed (its own
fingerprint check), not on every write.

These calls run in the server's thread pool: status and deadline lookups in parallel,
screening one at a time (the screener builds its index on first use, and its worker
processes must not be forked from several threads at once). They read a handful of rows
per entity, so they run without the workers' time limit.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

from tradegraph.graph.facade import TradeGraph

T = TypeVar("T")


class _Snapshot:
    """One opened graph and how many requests are reading it."""

    def __init__(self, graph: TradeGraph, generation: float | None) -> None:
        self.graph = graph
        self.generation = generation
        self.readers = 0
        self.retired = False


class LiveGraph:
    """A read-only graph on the served store, kept fresh (see the module's documentation)."""

    def __init__(self, location: str, refresh_seconds: float = 1.0,
                 base_iri: str | None = None) -> None:
        self.location = location
        self.base_iri = base_iri
        self.refresh_seconds = refresh_seconds
        self._lock = threading.Lock()
        self._screening = threading.Lock()
        self._current = self._open()
        self._checked = time.monotonic()

    def _open(self) -> _Snapshot:
        generation = TradeGraph.last_change(self.location)
        return _Snapshot(TradeGraph.open(self.location, read_only=True,
                                         base_iri=self.base_iri),
                         generation)

    def _fresh(self) -> _Snapshot:
        """The current snapshot, replaced first if the store changed; its reader count
        is raised (release it with `_release`)."""
        with self._lock:
            now = time.monotonic()
            current = self._current
            if now - self._checked >= self.refresh_seconds:
                self._checked = now
                generation = TradeGraph.last_change(self.location)
                if generation is not None and generation != current.generation \
                        and self._screening.acquire(blocking=False):
                    try:  # (while a name is screened, the next request swaps instead)
                        current = self._replace(current)
                    finally:
                        self._screening.release()
            current.readers += 1
            return current

    def _replace(self, old: _Snapshot) -> _Snapshot:
        """A fresh snapshot in place of `old` (called holding both locks): the screener
        moves over, `old` is closed once its last reader is done."""
        new = self._open()
        new.graph.take_screener(old.graph)
        self._current = new
        old.retired = True
        if old.readers == 0:
            old.graph.close()
        return new

    def _release(self, snapshot: _Snapshot) -> None:
        with self._lock:
            snapshot.readers -= 1
            if snapshot.retired and snapshot.readers == 0:
                snapshot.graph.close()

    @contextlib.contextmanager
    def graph(self) -> Iterator[TradeGraph]:
        """The graph as it is now, for the length of one request."""
        snapshot = self._fresh()
        try:
            yield snapshot.graph
        finally:
            self._release(snapshot)

    def read(self, work: Callable[[TradeGraph], T]) -> T:
        """`work(graph)` on the current graph (parallel with other reads)."""
        with self.graph() as graph:
            return work(graph)

    def screen(self, work: Callable[[TradeGraph], T]) -> T:
        """`work(graph)` that screens names: one at a time."""
        with self.graph() as graph, self._screening:
            return work(graph)

    def close(self) -> None:
        """Close the current snapshot (when the server stops)."""
        with self._lock:
            self._current.retired = True
            if self._current.readers == 0:
                self._current.graph.close()
