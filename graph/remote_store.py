"""The remote store: any SPARQL 1.1 server, reached over HTTP with standards only.

Selected by a store location that is an `http://` or `https://` URL: the server's SPARQL
query service (e.g. `http://127.0.0.1:8890/sparql` for Virtuoso). Credentials come from
`$TRADEGRAPH_STORE_USER` and `$TRADEGRAPH_STORE_PASSWORD` only; a URL holding a user or
password is refused, and no message ever shows either.

Writes replace one document's graph per request (a Graph Store Protocol PUT, or one
`DROP SILENT GRAPH ; INSERT DATA` update where the server has no Graph Store service), so a
request that fails - refused, cut off, timed out - leaves the server's previous version of
that graph in place; the failure is reported per graph. Differences between servers are
handled in `tradegraph.graph.dialects`.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import IO
from urllib.parse import urlsplit, urlunsplit

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

from tradegraph.graph.dialects import Dialect, TruncatedResultError, choose_dialect
from tradegraph.graph.errors import (
    GraphWriteError,
    QueryError,
    StoreError,
    describe_syntax_error,
)
from tradegraph.graph.store import (
    _DOCUMENT_STATES,
    DocumentState,
    QueryResult,
    solutions,
)
from tradegraph.ontology.terms import PREFIXES

USER_ENV = "TRADEGRAPH_STORE_USER"
PASSWORD_ENV = "TRADEGRAPH_STORE_PASSWORD"
TIMEOUT_ENV = "TRADEGRAPH_STORE_TIMEOUT"
RETRIES = 5
"""Attempts at one graph write that the server keeps rolling back."""

SPARQL_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"

_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_REMOTE_ACCESS = re.compile(r"\b(SERVICE|LOAD)\b", re.IGNORECASE)
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


class _RetryableError(Exception):
    """The server rolled a write back (e.g. to break a deadlock): it may be sent again."""


def is_remote(location: str) -> bool:
    """Whether a store location names a SPARQL server rather than a path."""
    return location.lower().startswith(("http://", "https://"))


def public_url(url: str) -> str:
    """The URL without user information, query or fragment: safe to show."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword outside strings and IRIs."""
    match = _FORM.search(_OPAQUE.sub(" ", sparql))
    return match.group(1).upper() if match else "SELECT"


def _reason(response: httpx.Response) -> str:
    """The server's explanation, without the query text some servers echo back."""
    text = response.text.strip()
    text = text.split("\nSPARQL query:")[0].split("\nSPARQL request:")[0].strip()
    if len(text) > 500:
        text = text[:500] + "..."
    return f"HTTP {response.status_code}" + (f": {text}" if text else "")


def _solutions_store(triples: Iterable[Triple]) -> QueryResult:
    """CONSTRUCT/DESCRIBE results as pyoxigraph query triples (via an in-memory store)."""
    memory = Store()
    memory.extend(Quad(t.subject, t.predicate, t.object) for t in triples)
    return memory.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")


class RemoteStore:
    """A `GraphStore` on a remote SPARQL 1.1 server."""

    def __init__(self, url: str, client: httpx.Client, dialect: Dialect, *,
                 read_only: bool, authenticated: bool) -> None:
        self.location = public_url(url)
        self.read_only = read_only
        self.dialect = dialect
        self.endpoints = dialect.endpoints(self.location, authenticated)
        self._client: httpx.Client | None = client
        self._system_graphs: list[str] = []

    # ---------------------------------------------------------------- opening

    @classmethod
    def open(cls, url: str, *, read_only: bool = False, timeout: float | None = None
             ) -> RemoteStore:
        """Connect to the server at `url` (its SPARQL query service) and check it answers."""
        parts = urlsplit(url)
        if parts.username or parts.password:
            raise StoreError(f"the store URL {public_url(url)} holds credentials; put them in "
                             f"${USER_ENV} and ${PASSWORD_ENV} instead")
        user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
        seconds = timeout or float(os.environ.get(TIMEOUT_ENV) or 60)
        client = httpx.Client(timeout=httpx.Timeout(seconds, connect=10.0),
                              follow_redirects=True)
        try:
            probe = client.get(url, params={"query": "ASK {}"},
                               headers={"Accept": SPARQL_JSON})
        except httpx.HTTPError as error:
            client.close()
            raise StoreError(f"cannot reach the SPARQL server at {public_url(url)}: "
                             f"{error or type(error).__name__}") from None
        if probe.status_code != 200:
            client.close()
            raise StoreError(f"the SPARQL server at {public_url(url)} does not answer "
                             f"queries: {_reason(probe)}")
        try:
            dialect = choose_dialect(probe.headers.get("server"))
        except ValueError as error:
            client.close()
            raise StoreError(str(error)) from None
        if user and password:
            client.auth = (httpx.DigestAuth(user, password) if dialect.auth == "digest"
                           else httpx.BasicAuth(user, password))
        store = cls(url, client, dialect, read_only=read_only,
                    authenticated=bool(user and password))
        store._system_graphs = [g for g in store._all_graphs() if dialect.is_system_graph(g)]
        return store

    @property
    def client(self) -> httpx.Client:
        """The open HTTP client."""
        if self._client is None:
            raise StoreError(f"the store at {self.location} is closed")
        return self._client

    def close(self) -> None:
        """Close the HTTP connections."""
        if self._client is not None:
            self._client.close()
            self._client = None

    # ---------------------------------------------------------------- HTTP

    def _send(self, method: str, url: str, what: str, **kwargs: object) -> httpx.Response:
        """One request; a StoreError naming the server and the reason if it cannot be made."""
        try:
            return self.client.request(method, url, **kwargs)  # type: ignore[arg-type]
        except httpx.TimeoutException:
            raise StoreError(f"{what} at {public_url(url)} timed out (raise "
                             f"${TIMEOUT_ENV}, now {self.client.timeout.read:g} s)") from None
        except httpx.HTTPError as error:
            raise StoreError(f"{what} at {public_url(url)} failed: the connection was lost "
                             f"or refused ({error or type(error).__name__})") from None

    def _refused(self, response: httpx.Response, what: str) -> StoreError:
        if response.status_code in (401, 403):
            return StoreError(f"{what} at {self.location} was refused ({response.status_code}):"
                              f" set ${USER_ENV} and ${PASSWORD_ENV} to an account that may "
                              "write")
        return StoreError(f"{what} at {self.location} failed: {_reason(response)}")

    # ---------------------------------------------------------------- queries

    def _prepared(self, sparql: str, base_iri: str | None = None) -> str:
        prefixes = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
        base = f"BASE <{base_iri}>\n" if base_iri else ""
        return base + prefixes + sparql

    def _explain_refusal(self, sparql: str, response: httpx.Response) -> str:
        """Why the server refused a query: for a syntax error, the same message the
        embedded store gives (pyoxigraph parses it locally); else the server's reason."""
        if response.status_code == 400 and not _REMOTE_ACCESS.search(_OPAQUE.sub(" ", sparql)):
            try:
                # An empty in-memory store: parsing fails before anything is evaluated.
                Store().query(sparql, prefixes=PREFIXES)
            except SyntaxError as error:
                return describe_syntax_error(sparql, error, PREFIXES)
            except (OSError, ValueError):
                pass
        reason = _reason(response)
        # The server counts lines from the start of the prefixes we put before the query.
        offset = len(PREFIXES)
        reason = re.sub(r"\bline (\d+)", lambda m: f"line {max(1, int(m[1]) - offset)}", reason)
        return f"the SPARQL server at {self.location} refused the query: {reason}"

    def raw_query(self, sparql: str, accept: str, *, base_iri: str | None = None,
                  default_graphs: Iterable[str] = (), named_graphs: Iterable[str] = ()
                  ) -> tuple[str, bytes]:
        """Run a query and return the server's (media type, body), checked to be complete."""
        form: dict[str, str | list[str]] = {"query": self._prepared(sparql, base_iri)}
        if default_graphs:
            form["default-graph-uri"] = list(default_graphs)
        if named_graphs:
            form["named-graph-uri"] = list(named_graphs)
        # A form POST: Virtuoso hangs on a direct application/sparql-query POST.
        response = self._send("POST", self.endpoints.query, "the query", data=form,
                              headers={"Accept": accept})
        if response.status_code != 200:
            raise QueryError(self._explain_refusal(sparql, response))
        try:
            self.dialect.check_complete(dict(response.headers))
        except TruncatedResultError as error:
            raise QueryError(f"{self.location}: {error}") from None
        media_type = response.headers.get("content-type", "").split(";")[0].strip()
        return media_type, self.dialect.decode(response.content)

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
        media_type, body = self.raw_query(
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
        media_type, body = self.raw_query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
            SPARQL_JSON)
        del media_type
        rows = parse_query_results(body, format=QueryResultsFormat.JSON)
        return [row["g"].value for row in solutions(rows) if isinstance(row["g"], NamedNode)]

    def named_graphs(self) -> list[str]:
        """IRIs of all named graphs except the server's own."""
        return sorted(g for g in self._all_graphs() if g not in self._system_graphs)

    def document_states(self) -> dict[str, DocumentState]:
        """Content hash and pipeline of every document graph, by graph IRI."""
        states = {}
        for row in solutions(self.query(_DOCUMENT_STATES)):
            iri = row["graph"].value
            pipeline = row["pipeline"]
            states[iri] = DocumentState(iri, row["hash"].value,
                                        pipeline.value if pipeline is not None else None)
        return states

    def _graph_triples(self, graph: str) -> list[Triple]:
        if self.endpoints.graph_store is None:
            result = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> "
                                f"{{ ?s ?p ?o }} }}")
            return [t for t in result if isinstance(t, Triple)]  # type: ignore[union-attr]
        response = self._send("GET", self.endpoints.graph_store, f"reading graph {graph}",
                              params={"graph": graph}, headers={"Accept": N_TRIPLES})
        if response.status_code == 404:
            return []
        if response.status_code != 200:
            raise self._refused(response, f"reading graph {graph}")
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

    def _put(self, graph: str, quads: list[Quad]) -> None:
        """Replace one graph in one request (the server keeps the old one if it fails);
        sent again if the server rolled it back to break a deadlock."""
        for attempt in range(RETRIES):
            try:
                self._put_once(graph, quads)
                return
            except _RetryableError as error:
                if attempt == RETRIES - 1:
                    raise StoreError(str(error)) from None
                time.sleep(0.05 * 2 ** attempt)

    def _put_once(self, graph: str, quads: list[Quad]) -> None:
        what = f"writing graph {graph}"
        data = serialize([q.triple for q in quads], format=RdfFormat.N_TRIPLES)
        body = self.dialect.encode(data or b"")
        if self.endpoints.graph_store is None:
            update = (f"DROP SILENT GRAPH <{graph}> ;\n"
                      f"INSERT DATA {{ GRAPH <{graph}> {{\n{body.decode()}}} }}")
            response = self._send("POST", self.endpoints.update, what,
                                  data={"update": update})
        elif not quads:  # an empty graph is no graph: remove it
            response = self._send("DELETE", self.endpoints.graph_store, what,
                                  params={"graph": graph})
            if response.status_code == 404:
                return
        else:
            # N-Triples is Turtle; text/turtle is the type every Graph Store server takes.
            response = self._send("PUT", self.endpoints.graph_store, what,
                                  params={"graph": graph}, content=body,
                                  headers={"Content-Type": "text/turtle"})
        if response.status_code not in (200, 201, 204):
            if self.dialect.should_retry(response.status_code, response.text):
                raise _RetryableError(f"{what} at {self.location} failed "
                                      f"{RETRIES} times: {_reason(response)}")
            raise self._refused(response, what)

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

    def replace_graph(self, graph: str, quads: list[Quad]) -> None:
        """Replace one graph's content in one request."""
        self._writable()
        self._put(graph, quads)

    def remove_graph(self, graph: str) -> bool:
        """Drop a graph; False if there was none."""
        self._writable()
        if self.endpoints.graph_store is None:
            if not self.query(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"):
                return False
            response = self._send("POST", self.endpoints.update, f"removing graph {graph}",
                                  data={"update": f"DROP GRAPH <{graph}>"})
        else:
            response = self._send("DELETE", self.endpoints.graph_store,
                                  f"removing graph {graph}", params={"graph": graph})
        if response.status_code == 404:
            return False
        if response.status_code not in (200, 204):
            raise self._refused(response, f"removing graph {graph}")
        return True
