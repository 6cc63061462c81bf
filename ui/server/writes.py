"""The endpoint's writes, allowed only with the update token: SPARQL Update and Graph Store
Protocol PUT/POST/DELETE, on the embedded store in its folder.

The store is opened for writing only for the length of one request, so that a
`tradegraph ingest` can run while the server is up; if one is running, the write is
refused with a clear message rather than waiting. Each write is one transaction.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, parse

from tradegraph.graph.errors import QueryError, StoreError
from tradegraph.graph.facade_upkeep import changed_outside_ingest
from tradegraph.graph.store.embedded import OxigraphStore
from tradegraph.ontology.errors import TradegraphError


class WriteError(TradegraphError):
    """A write that could not be done; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


_lock = threading.Lock()


@contextmanager
def writable(folder: Path) -> Iterator[OxigraphStore]:
    """The store opened read-write for one request (one writer at a time in this server)."""
    with _lock:
        try:
            store = _open(folder)
        except StoreError as error:
            raise WriteError(503, f"the store at {folder} is being written by another process "
                                  f"(e.g. tradegraph ingest); try again later ({error})") from None
        changed_outside_ingest(str(folder))
        try:
            yield store
        finally:
            store.close()  # flushed and released: no exception may keep the write lock


def _open(folder: Path) -> OxigraphStore:
    try:
        return OxigraphStore.open(str(folder))
    except StoreError:
        # A handle of ours may still wait for the garbage collector (held by a traceback).
        gc.collect()
        return OxigraphStore.open(str(folder))


def run_update(folder: Path, sparql: str, base_iri: str | None = None) -> None:
    """Apply a SPARQL update (all or nothing)."""
    with writable(folder) as store:
        try:
            store.update(sparql, base_iri=base_iri)
        except QueryError as error:
            raise WriteError(400, str(error)) from None


def parse_graph(body: bytes, media_type: str, graph: str | None, rdf_format: RdfFormat
                ) -> list[Quad]:
    """The triples of a Graph Store Protocol body, placed in the target graph."""
    name = NamedNode(graph) if graph else DefaultGraph()
    try:
        triples = list(parse(body, format=rdf_format, base_iri=graph or None))
    except SyntaxError as error:
        raise WriteError(400, f"malformed {media_type} body: {error}") from None
    return [Quad(t.subject, t.predicate, t.object, name) for t in triples]


def _insert_data(graph: str | None, quads: list[Quad]) -> str:
    triples = " ".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    return f"INSERT DATA {{ GRAPH <{graph}> {{ {triples} }} }}" if graph else \
        f"INSERT DATA {{ {triples} }}"


def put_graph(folder: Path, graph: str | None, quads: list[Quad]) -> bool:
    """Replace a graph's content in one transaction; True if the graph was new."""
    with writable(folder) as store:
        created = graph is not None and not store.has_graph(graph)
        drop = f"DROP SILENT GRAPH <{graph}>" if graph else "DROP SILENT DEFAULT"
        # One update request is one transaction: the old content stays if it fails.
        store.update(f"{drop} ; {_insert_data(graph, quads)}")
        return created


def post_graph(folder: Path, graph: str | None, quads: list[Quad]) -> bool:
    """Add triples to a graph in one transaction; True if the graph was new."""
    with writable(folder) as store:
        created = graph is not None and not store.has_graph(graph)
        store.update(_insert_data(graph, quads))
        return created


def delete_graph(folder: Path, graph: str | None) -> bool:
    """Drop a graph (or empty the default graph); False if the graph did not exist."""
    with writable(folder) as store:
        if graph is None:
            store.update("CLEAR DEFAULT")
            return True
        return store.remove_graph(graph)
