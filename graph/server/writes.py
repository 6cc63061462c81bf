"""The server's writes, allowed only with the update token: SPARQL Update and Graph Store
Protocol PUT/POST/DELETE.

The store is opened for writing only for the length of one request, so that a
`tradegraph ingest` can run while the server is up; if one is running, the write is
refused with a clear message rather than waiting. Each write is one transaction.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, parse

from tradegraph.graph.errors import describe_syntax_error
from tradegraph.ontology.terms import PREFIXES


class WriteError(Exception):
    """A write that could not be done; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


_lock = threading.Lock()


@contextmanager
def writable(path: str) -> Iterator[Store]:
    """The store opened read-write for one request (one writer at a time in this server)."""
    with _lock:
        try:
            store = _open(path)
        except OSError as error:
            raise WriteError(503, f"the store at {path} is being written by another process "
                                  f"(e.g. tradegraph ingest); try again later ({error})") from None
        try:
            yield store
            store.flush()
        finally:
            del store


def _open(path: str) -> Store:
    try:
        return Store(path)
    except OSError:
        # A handle of ours may still wait for the garbage collector (held by a traceback).
        gc.collect()
        return Store(path)


def run_update(path: str, sparql: str, base_iri: str | None = None) -> None:
    """Apply a SPARQL update (all or nothing)."""
    problem = None
    with writable(path) as store:
        try:
            store.update(sparql, prefixes=PREFIXES, base_iri=base_iri)
        except SyntaxError as error:
            problem = describe_syntax_error(sparql, error, PREFIXES, update=True)
        except (OSError, ValueError) as error:
            problem = f"update failed: {error}"
        del store  # no exception may keep the write handle alive
    if problem:
        raise WriteError(400, problem)


def parse_graph(body: bytes, media_type: str, graph: str | None, rdf_format: RdfFormat
                ) -> list[Quad]:
    """The triples of a Graph Store Protocol body, placed in the target graph."""
    name = NamedNode(graph) if graph else DefaultGraph()
    try:
        triples = list(parse(body, format=rdf_format, base_iri=graph or None))
    except SyntaxError as error:
        raise WriteError(400, f"malformed {media_type} body: {error}") from None
    return [Quad(t.subject, t.predicate, t.object, name) for t in triples]


def put_graph(path: str, graph: str | None, quads: list[Quad]) -> bool:
    """Replace a graph's content in one transaction; True if the graph was new."""
    with writable(path) as store:
        created = graph is not None and not store.contains_named_graph(NamedNode(graph))
        drop = f"DROP SILENT GRAPH <{graph}>" if graph else "DROP SILENT DEFAULT"
        inserts = " ".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        target = f"GRAPH <{graph}> {{ {inserts} }}" if graph else inserts
        # One update request is one transaction: the old content stays if it fails.
        store.update(f"{drop} ; INSERT DATA {{ {target} }}")
        return created


def post_graph(path: str, graph: str | None, quads: list[Quad]) -> bool:
    """Add triples to a graph in one transaction; True if the graph was new."""
    with writable(path) as store:
        created = graph is not None and not store.contains_named_graph(NamedNode(graph))
        store.extend(quads)
        return created


def delete_graph(path: str, graph: str | None) -> bool:
    """Drop a graph; False if it did not exist."""
    with writable(path) as store:
        if graph is None:
            store.clear_graph(DefaultGraph())
            return True
        if not store.contains_named_graph(NamedNode(graph)):
            return False
        store.remove_graph(NamedNode(graph))
        return True
