"""Every difference between SPARQL servers that tradegraph's remote backend knows of, in one
place.

The remote backend (`tradegraph.graph.store.remote`) speaks only standards: SPARQL 1.1 Query
and Update over the SPARQL 1.1 Protocol, and the Graph Store HTTP Protocol. What differs from
server to server, and is handled here, is:

- **Where** the query, update and Graph Store services live, relative to the query URL the
  user gives (`--store http://host:8890/sparql`).
- **How** to authenticate (HTTP Digest or Basic; credentials come from the environment only).
- **Which graphs are the server's own.** Virtuoso's default graph is the union of all graphs,
  including its system graphs (`virtrdf#`, `ldp#`, `http://HOST/sparql`, `http://HOST/DAV/`,
  about 2,500 triples on a fresh database). tradegraph leaves them out of everything it lists,
  counts, dumps and exports; queries over the default graph still see them, which changes
  nothing for queries about tradegraph's vocabulary but does for `?s ?p ?o` counts. (Virtuoso's
  `DEFINE input:default-graph-exclude` / `input:named-graph-exclude` pragmas would hide them,
  but with either one Virtuoso 7.2 misses triples of other patterns: measured, so not used.)
- **Results the server cuts short but answers with HTTP 200.** Virtuoso cuts results at
  `ResultSetMaxRows` (header `X-SPARQL-MaxRows`) and returns partial results when a query runs
  out of time (header `X-SQL-State: S1TAT`); both become errors, never silently short answers.
- **Literals the server rewrites.** Virtuoso stores `xsd:duration` values as a number of
  seconds (`"P90D"` comes back as `"7.776e+06"`, and months cannot be recovered). Such
  literals are written under a private alias datatype, which the server keeps verbatim, and
  the alias is turned back into the standard datatype in everything read back.
  Virtuoso also returns numbers in canonical form (`"007"` -> `"7"`) and language tags in
  lower case; tradegraph writes canonical forms, so its own data is unaffected.
- **Concurrent writes.** Virtuoso answers concurrent Graph Store PUTs that replace graphs
  with HTTP 500 "SR172: Transaction deadlocked" now and then (measured: 8 of 100 with 4
  writers), and 4 writers were no faster than 1 (measured: 35-45 vs. 48-75 graphs/s of 330
  triples). So Virtuoso gets one write at a time; a deadlock answer is retried after a
  short pause anyway, since the server rolled that write back.
- **Slow spots.** Virtuoso 7.2 runs `SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }`
  through a graph enumeration that spins for minutes once there are ~100 small graphs
  (measured); graphs are listed with `GROUP BY ?g` instead, which takes milliseconds.
- **Datasets.** Virtuoso merges a request's `default-graph-uri` / `named-graph-uri` with the
  query's `FROM` / `FROM NAMED` instead of letting the request's replace them, and lets
  `GRAPH ?g` see every named graph when only a default graph is named (measured). So the
  request is spelled out for it (`tradegraph.graph.store.datasets.spelled_out`): the query's
  clauses cut out when the request names a dataset, and a graph that does not exist named
  as the only named graph where none is.
- **Request size.** Virtuoso's SPARQL compiler gives up on `INSERT DATA` of a few thousand
  triples, so Virtuoso writes always go through the Graph Store Protocol (one PUT per
  document graph, which replaces the graph in one request).

Servers without a dialect of their own use `GENERIC`: updates go to the query URL (or
`$TRADEGRAPH_STORE_UPDATE_URL`), Graph Store requests to `$TRADEGRAPH_STORE_GSP_URL` if set,
else writes are single `DROP SILENT GRAPH ; INSERT DATA` updates. Such servers must present
the union of the named graphs as their default graph (see docs/pages/how-to/sparql-server.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from tradegraph.graph.store.datasets import ProtocolDataset, spelled_out
from tradegraph.ontology.errors import TradegraphError
from tradegraph.ontology.settings import env_name, settings

DIALECT_ENV = env_name("store_dialect")
"""Force a dialect (`virtuoso` or `generic`) instead of recognising the server."""
UPDATE_URL_ENV = env_name("store_update_url")
GSP_URL_ENV = env_name("store_gsp_url")

XSD = "http://www.w3.org/2001/XMLSchema#"
ALIAS_PREFIX = "urn:tradegraph:verbatim:"
"""Alias datatypes are this prefix followed by the standard datatype's IRI."""


class TruncatedResultError(TradegraphError):
    """The server answered 200 but with less than the whole result; the message says why."""


@dataclass(frozen=True)
class Endpoints:
    """The URLs of one server's services."""

    query: str
    update: str
    graph_store: str | None
    """Graph Store Protocol service (indirect identification, `?graph=`); None: none."""


@dataclass(frozen=True)
class Dialect:
    """How one kind of SPARQL server differs from the standards' common ground."""

    name: str
    auth: str = "basic"
    """HTTP authentication scheme for credentials: "basic" or "digest"."""
    system_graph: re.Pattern[str] | None = None
    """Names of the server's own graphs, hidden from tradegraph's queries."""
    rewritten_datatypes: tuple[str, ...] = ()
    """Datatypes whose lexical form the server does not keep: written under an alias."""
    max_rows_header: str | None = None
    state_header: str | None = None
    timeout_states: tuple[str, ...] = ()
    writers: int = 4
    """Graph writes sent at once during a batch."""
    retry_markers: tuple[str, ...] = ()
    """Text of a 5xx answer that means "rolled back, try again" (a deadlock)."""
    graph_store_paths: tuple[str, str] | None = None
    """(read, write) Graph Store paths on the query URL's host, if the server has fixed ones."""
    update_path: tuple[str, str] | None = None
    """(anonymous, authenticated) update paths on the query URL's host, if fixed."""
    merges_datasets: bool = False
    """Whether the server merges a request's dataset with the query's, rather than
    replacing it, and shows every named graph beside a default graph named alone."""

    # ------------------------------------------------------------------ endpoints

    def endpoints(self, query_url: str, authenticated: bool) -> Endpoints:
        """Where to send queries, updates and Graph Store requests."""
        parts = urlsplit(query_url)

        def on_host(path: str) -> str:
            return urlunsplit((parts.scheme, parts.netloc, path, "", ""))

        update = settings().store_update_url or (
            on_host(self.update_path[authenticated]) if self.update_path else query_url)
        gsp = settings().store_gsp_url or (
            on_host(self.graph_store_paths[authenticated]) if self.graph_store_paths else None)
        return Endpoints(query_url, update, gsp)

    # ------------------------------------------------------------------ queries

    def is_system_graph(self, iri: str) -> bool:
        """Whether a graph is the server's own rather than data."""
        return bool(self.system_graph and self.system_graph.match(iri))

    def check_complete(self, headers: dict[str, str]) -> None:
        """Raise TruncatedResultError if a 200 answer holds only part of the result."""
        lowered = {key.lower(): value for key, value in headers.items()}
        if self.max_rows_header and self.max_rows_header in lowered:
            raise TruncatedResultError(
                f"the server cut the result at {lowered[self.max_rows_header]} rows (its "
                "ResultSetMaxRows setting); raise that limit or narrow the query with LIMIT")
        if self.state_header and lowered.get(self.state_header) in self.timeout_states:
            raise TruncatedResultError(
                "the query ran out of the server's time limit and only partial results "
                "came back (MaxQueryExecutionTime); narrow the query or raise the limit")

    def dataset_request(self, sparql: str, default_graphs: tuple[str, ...],
                        named_graphs: tuple[str, ...]) -> ProtocolDataset:
        """The query text and dataset parameters that give this server's answer the RDF
        dataset SPARQL 1.1 defines."""
        if self.merges_datasets:
            return spelled_out(sparql, default_graphs, named_graphs)
        return ProtocolDataset(sparql, default_graphs, named_graphs)

    def should_retry(self, status: int, text: str) -> bool:
        """Whether a failed write was rolled back by the server and may simply be resent."""
        return status >= 500 and any(marker in text for marker in self.retry_markers)

    # ------------------------------------------------------------------ literals

    def encode(self, data: bytes) -> bytes:
        """N-Triples/N-Quads about to be written, with rewritten datatypes aliased."""
        for datatype in self.rewritten_datatypes:
            data = data.replace(f"^^<{datatype}>".encode(),
                                f"^^<{ALIAS_PREFIX}{datatype}>".encode())
        return data

    def decode(self, data: bytes) -> bytes:
        """Any answer from the server, with aliased datatypes turned back to the standard."""
        for datatype in self.rewritten_datatypes:
            data = data.replace(f"{ALIAS_PREFIX}{datatype}".encode(), datatype.encode())
        return data


VIRTUOSO = Dialect(
    name="virtuoso",
    auth="digest",
    system_graph=re.compile(
        r"^(?:http://www\.openlinksw\.com/schemas/virtrdf#|http://www\.w3\.org/ns/ldp#"
        r"|urn:activitystreams-owl:map|https?://[^/]+/(?:sparql|DAV/))$"),
    rewritten_datatypes=(XSD + "duration",),
    writers=1,
    retry_markers=("SR172", "Transaction deadlocked"),
    max_rows_header="x-sparql-maxrows",
    state_header="x-sql-state",
    timeout_states=("S1TAT",),
    graph_store_paths=("/sparql-graph-crud", "/sparql-graph-crud-auth"),
    update_path=("/sparql", "/sparql-auth"),
    merges_datasets=True,
)
"""OpenLink Virtuoso 7 (Debian's virtuoso-opensource)."""

GENERIC = Dialect(name="generic")
"""Any other SPARQL 1.1 server (Fuseki, GraphDB, Neptune, QLever, ...)."""

DIALECTS = {dialect.name: dialect for dialect in (VIRTUOSO, GENERIC)}


def choose_dialect(server_header: str | None) -> Dialect:
    """The dialect named by `$TRADEGRAPH_STORE_DIALECT`, else the one recognised from the
    server's `Server` response header, else `GENERIC`."""
    forced = settings().store_dialect
    if forced:
        try:
            return DIALECTS[forced.strip().lower()]
        except KeyError:
            raise ValueError(f"${DIALECT_ENV} is {forced!r}; choose one of "
                             f"{', '.join(DIALECTS)}") from None
    if server_header and "virtuoso" in server_header.lower():
        return VIRTUOSO
    return GENERIC
