"""The remote store: any SPARQL 1.1 server, reached over HTTP with standards only.

Selected by a store location that is an `http://` or `https://` URL: the server's SPARQL
query service (e.g. `http://127.0.0.1:8890/sparql` for Virtuoso). The HTTP conversation
(connecting, credentials, complete answers) is `tradegraph.graph.store.sparql_client`.

Writes replace one document's graph per request (a Graph Store Protocol PUT, or one
`DROP SILENT GRAPH ; INSERT DATA` update where the server has no Graph Store service), so a
request that fails - refused, cut off, timed out - leaves the server's previous version of
that graph in place; the failure is reported per graph. Differences between servers are
handled in `tradegraph.graph.store.dialects`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import IO

import httpx
from pyoxigraph import (
    NamedNode,
    Quad,
    QueryResultsFormat,
    RdfFormat,
    Store,
    Triple,
    parse,
    parse_query_results,
    serialize,
)

from tradegraph.graph.errors import GraphWriteError, QueryError, StoreError
from tradegraph.graph.query.guard import query_form
from tradegraph.graph.store.dialects import Dialect, Endpoints, TruncatedResultError
from tradegraph.graph.store.protocol import (
    DOCUMENT_STATES,
    DocumentState,
    QueryResult,
    document_states_of,
    patch_update,
    solutions,
)
from tradegraph.graph.store.sparql_client import N_TRIPLES, SPARQL_JSON, SparqlClient, server_reason
from tradegraph.ontology.errors import TradegraphError
from tradegraph.ontology.terms import PREFIXES

RETRIES = 5
"""Attempts at one graph write that the server keeps rolling back."""


class _RetryableError(TradegraphError):
    """The server rolled a write back (e.g. to break a deadlock): it may be sent again."""


def is_remote(location: str) -> bool:
    """Whether a store location names a SPARQL server rather than a path."""
    return location.lower().startswith(("http://", "https://"))


def _solutions_store(triples: Iterable[Triple]) -> QueryResult:
    """CONSTRUCT/DESCRIBE results as pyoxigraph query triples (via an in-memory store)."""
    memory = Store()
    memory.extend(Quad(t.subject, t.predicate, t.object) for t in triples)
    return memory.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")


class RemoteStore:
    """A `GraphStore` on a remote SPARQL 1.1 server."""

    def __init__(self, server: SparqlClient, *, read_only: bool) -> None:
        self.server = server
        self.location = server.location
        self.read_only = read_only
        self._system_graphs: list[str] = []

    @classmethod
    def open(cls, url: str, *, read_only: bool = False, timeout: float | None = None
             ) -> RemoteStore:
        """Connect to the server at `url` (its SPARQL query service) and check it answers."""
        store = cls(SparqlClient.connect(url, timeout), read_only=read_only)
        store._system_graphs = [g for g in store._all_graphs()
                                if store.dialect.is_system_graph(g)]
        return store

    @property
    def client(self) -> httpx.Client:
        """The open HTTP client."""
        return self.server.client

    @property
    def dialect(self) -> Dialect:
        """How this server differs from the standards."""
        return self.server.dialect

    @property
    def endpoints(self) -> Endpoints:
        """The server's query, update and Graph Store services."""
        return self.server.endpoints

    def close(self) -> None:
        """Close the HTTP connections."""
        self.server.close()

    def flush(self) -> None:
        """Nothing to do: the server buffers its own writes."""

    def snapshot(self) -> RemoteStore:
        """The store itself: a SPARQL server keeps no snapshots to open."""
        return self

    # ---------------------------------------------------------------- queries

    def query(self, sparql: str, *, union: bool = True) -> QueryResult:
        """Run a SPARQL query on the server (usual prefixes predeclared).

        The server's default graph must be the union of the graphs (see the dialects); the
        `union` flag is accepted for the protocol's sake.
        """
        del union
        return self.query_dataset(sparql)

    def query_dataset(self, sparql: str, *, base_iri: str | None = None,
                      default_graphs: Iterable[str] = (), named_graphs: Iterable[str] = ()
                      ) -> QueryResult:
        """Run a query with an optional base IRI and explicit RDF dataset."""
        graph_form = query_form(sparql) in ("CONSTRUCT", "DESCRIBE")
        media_type, body = self.server.raw_query(
            sparql, N_TRIPLES if graph_form else SPARQL_JSON, base_iri=base_iri,
            default_graphs=default_graphs, named_graphs=named_graphs)
        try:
            if graph_form:
                return _solutions_store(parse(body, format=RdfFormat.N_TRIPLES))
            if media_type != SPARQL_JSON:
                raise QueryError(f"the SPARQL server at {self.location} answered with "
                                 f"{media_type or 'no media type'} instead of SPARQL JSON")
            return parse_query_results(body, format=QueryResultsFormat.JSON)
        except SyntaxError as error:
            raise QueryError(f"the SPARQL server at {self.location} sent a malformed "
                             f"answer: {error}") from None

    # ---------------------------------------------------------------- reads

    def _all_graphs(self) -> list[str]:
        # GROUP BY, not DISTINCT: Virtuoso 7.2 turns `SELECT DISTINCT ?g` into a graph
        # enumeration that spins for minutes once there are a hundred small graphs.
        media_type, body = self.server.raw_query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
            SPARQL_JSON)
        del media_type
        rows = parse_query_results(body, format=QueryResultsFormat.JSON)
        return [row["g"].value for row in solutions(rows) if isinstance(row["g"], NamedNode)]

    def named_graphs(self) -> list[str]:
        """IRIs of all named graphs except the server's own."""
        return sorted(g for g in self._all_graphs() if g not in self._system_graphs)

    def document_states(self) -> dict[str, DocumentState]:
        """Content hash, pipeline and sources of every document graph, by graph IRI."""
        return document_states_of(self.query(DOCUMENT_STATES))

    def _graph_triples(self, graph: str) -> list[Triple]:
        if self.endpoints.graph_store is None:
            result = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> "
                                f"{{ ?s ?p ?o }} }}")
            return [t for t in result if isinstance(t, Triple)]  # type: ignore[union-attr]
        response = self.server.send("GET", self.endpoints.graph_store, f"reading graph {graph}",
                              params={"graph": graph}, headers={"Accept": N_TRIPLES})
        if response.status_code == 404:
            return []
        if response.status_code != 200:
            raise self.server.refused(response, f"reading graph {graph}")
        try:
            self.dialect.check_complete(dict(response.headers))
            return list(parse(self.dialect.decode(response.content), format=RdfFormat.N_TRIPLES))
        except (TruncatedResultError, SyntaxError) as error:
            raise StoreError(f"reading graph {graph} from {self.location}: {error}") from None

    def graph_quads(self, graph: str) -> set[Quad]:
        """All quads of one graph."""
        name = NamedNode(graph)
        return {Quad(t.subject, t.predicate, t.object, name) for t in self._graph_triples(graph)}

    def quads(self, graph: str | None = None) -> Iterator[Quad]:
        """All quads, graph by graph, or those of one graph."""
        for name in [graph] if graph else self.named_graphs():
            node = NamedNode(name)
            for triple in self._graph_triples(name):
                yield Quad(triple.subject, triple.predicate, triple.object, node)

    def _ours(self, variable: str) -> str:
        """A FILTER keeping the graph in `variable` to tradegraph's graphs."""
        if not self._system_graphs:
            return ""
        names = ", ".join(f"<{g}>" for g in self._system_graphs)
        return f"FILTER ({variable} NOT IN ({names}))"

    def union_triples(self) -> Iterator[Triple]:
        """Each triple of the union of all graphs, once."""
        result = self.query("CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o "
                            f"WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._ours('?g')} }} }}")
        return (t for t in result if isinstance(t, Triple))  # type: ignore[union-attr]

    def dump(self, output: IO[bytes], rdf_format: RdfFormat, graph: str | None = None) -> None:
        """Serialise the whole dataset (or one graph, keeping its name), graph by graph."""
        serialize(self.quads(graph), output, rdf_format, prefixes=PREFIXES)

    def __len__(self) -> int:
        rows = solutions(self.query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"))
        return sum(int(row["n"].value) for row in rows
                   if row["g"].value not in self._system_graphs)

    # ---------------------------------------------------------------- writes

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store at {self.location} is open read-only")

    def _put(self, graph: str, quads: list[Quad], *, append: bool = False) -> None:
        """Replace one graph in one request (the server keeps the old one if it fails), or
        add to it (`append`); sent again if the server rolled it back to break a deadlock."""
        for attempt in range(RETRIES):
            try:
                self._put_once(graph, quads, append)
                return
            except _RetryableError as error:
                if attempt == RETRIES - 1:
                    raise StoreError(str(error)) from None
                time.sleep(0.05 * 2 ** attempt)

    def _put_once(self, graph: str, quads: list[Quad], append: bool = False) -> None:
        if append and not quads:
            return
        what = f"writing graph {graph}"
        data = serialize([q.triple for q in quads], format=RdfFormat.N_TRIPLES)
        body = self.dialect.encode(data or b"")
        if self.endpoints.graph_store is None:
            drop = "" if append else f"DROP SILENT GRAPH <{graph}> ;\n"
            update = f"{drop}INSERT DATA {{ GRAPH <{graph}> {{\n{body.decode()}}} }}"
            response = self.server.send("POST", self.endpoints.update, what,
                                  data={"update": update})
        elif not quads:  # an empty graph is no graph: remove it
            response = self.server.send("DELETE", self.endpoints.graph_store, what,
                                  params={"graph": graph})
            if response.status_code == 404:
                return
        else:
            # N-Triples is Turtle; text/turtle is the type every Graph Store server takes.
            # POST adds to the graph, PUT replaces it.
            response = self.server.send("POST" if append else "PUT",
                                        self.endpoints.graph_store, what,
                                  params={"graph": graph}, content=body,
                                  headers={"Content-Type": "text/turtle"})
        if response.status_code not in (200, 201, 204):
            if self.dialect.should_retry(response.status_code, response.text):
                raise _RetryableError(f"{what} at {self.location} failed "
                                      f"{RETRIES} times: {server_reason(response)}")
            raise self.server.refused(response, what)

    def add_graphs(self, graphs: dict[str, list[Quad]]) -> None:
        """Write new graphs, each in its own request (a few at a time if the server
        copes: see the dialect).

        GraphWriteError names the graphs that failed; the others were written.
        """
        self._writable()
        failed: dict[str, str] = {}

        def write(item: tuple[str, list[Quad]]) -> None:
            try:
                self._put(*item)
            except StoreError as error:
                failed[item[0]] = str(error)

        with ThreadPoolExecutor(max_workers=self.dialect.writers) as pool:
            list(pool.map(write, graphs.items()))
        if failed:
            raise GraphWriteError(failed)

    def add_nquads(self, nquads: bytes, graphs: list[str]) -> None:
        """Write new graphs given as one N-Quads payload: split by graph, one request each."""
        by_graph: dict[str, list[Quad]] = {name: [] for name in graphs}
        for quad in parse(nquads, format=RdfFormat.N_QUADS):
            name = quad.graph_name
            if isinstance(name, NamedNode):
                by_graph.setdefault(name.value, []).append(quad)
        self.add_graphs(by_graph)

    def append_nquads(self, nquads: bytes, graph: str) -> None:
        """Add the quads of one part of a graph, in one request."""
        self._writable()
        self._put(graph, list(parse(nquads, format=RdfFormat.N_QUADS)), append=True)

    def replace_graph(self, graph: str, quads: list[Quad]) -> None:
        """Replace one graph's content in one request."""
        self._writable()
        self._put(graph, quads)

    def patch_graph(self, graph: str, subjects: set[str], quads: list[Quad]) -> None:
        """Replace the subjects' quads of one graph by `quads`, in one update request (sent
        again if the server rolled it back to break a deadlock)."""
        self._writable()
        data = serialize([q.triple for q in quads], format=RdfFormat.N_TRIPLES) or b""
        update = patch_update(graph, subjects, self.dialect.encode(data).decode())
        if not update:
            return
        what = f"updating graph {graph}"
        for attempt in range(RETRIES):
            response = self.server.send("POST", self.endpoints.update, what,
                                        data={"update": update})
            if response.status_code in (200, 201, 204):
                return
            if not self.dialect.should_retry(response.status_code, response.text):
                raise self.server.refused(response, what)
            if attempt == RETRIES - 1:
                raise StoreError(f"{what} at {self.location} failed {RETRIES} times: "
                                 f"{server_reason(response)}")
            time.sleep(0.05 * 2 ** attempt)

    def remove_graph(self, graph: str) -> bool:
        """Drop a graph; False if there was none."""
        self._writable()
        if self.endpoints.graph_store is None:
            if not self.query(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"):
                return False
            response = self.server.send("POST", self.endpoints.update, f"removing graph {graph}",
                                  data={"update": f"DROP GRAPH <{graph}>"})
        else:
            response = self.server.send("DELETE", self.endpoints.graph_store,
                                  f"removing graph {graph}", params={"graph": graph})
        if response.status_code == 404:
            return False
        if response.status_code not in (200, 204):
            raise self.server.refused(response, f"removing graph {graph}")
        return True
