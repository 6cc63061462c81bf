"""What tradegraph needs from a store, whatever holds it: the `GraphStore` protocol that the
embedded store (`tradegraph.graph.store.embedded`) and the remote one
(`tradegraph.graph.store.remote`) implement, and the per-document state both report.

Everything above the store package works on this protocol; only
`tradegraph.graph.store.backends` reads a store location and picks an implementation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Protocol

from pyoxigraph import Quad, QueryBoolean, QuerySolutions, QueryTriples, RdfFormat, Triple

from tradegraph.graph.errors import QueryError
from tradegraph.ontology.terms import TG

QueryResult = QuerySolutions | QueryBoolean | QueryTriples

DOCUMENT_STATES = f"""
SELECT ?graph ?hash ?pipeline ?sourceKey ?sourcePath ?lost WHERE {{
  GRAPH ?graph {{
    ?graph <{TG.contentHash}> ?hash . OPTIONAL {{ ?graph <{TG.pipeline}> ?pipeline }}
    OPTIONAL {{ ?graph <{TG.sourceKey}> ?sourceKey }}
    OPTIONAL {{ ?graph <{TG.sourcePath}> ?sourcePath }}
    OPTIONAL {{ ?graph <{TG.lostParts}> ?lost }}
  }}
}}"""

def patch_update(graph: str, subjects: set[str], body: str) -> str:
    """The SPARQL update of `GraphStore.patch_graph`: delete the subjects' quads of the
    graph, then insert `body` (N-Triples) into it; portable (Virtuoso runs it too)."""
    values = " ".join(f"<{subject}>" for subject in sorted(subjects))
    update = (f"DELETE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} WHERE {{ VALUES ?s {{ {values} }} "
              f"GRAPH <{graph}> {{ ?s ?p ?o }} }}") if subjects else ""
    if body.strip():
        update += f"{' ;' if update else ''}\nINSERT DATA {{ GRAPH <{graph}> {{\n{body} }} }}"
    return update


def solutions(result: QueryResult) -> QuerySolutions:
    """The rows of a SELECT result; a QueryError for ASK or CONSTRUCT results."""
    if not isinstance(result, QuerySolutions):
        raise QueryError("expected a SELECT query, got an ASK or CONSTRUCT/DESCRIBE query")
    return result


@dataclass(frozen=True)
class DocumentState:
    """What the store knows about a document's graph: enough to skip unchanged documents
    and to tell whose document it is."""

    iri: str
    content_hash: str
    pipeline: str | None
    source_key: str | None = None
    """The source it was read from (None for a graph written before sources were kept)."""
    source_path: str | None = None
    lost: int = 0
    """Parts its broken file lost when it was read (`tg:lostParts`)."""


def document_states_of(result: QueryResult) -> dict[str, DocumentState]:
    """The states read by `DOCUMENT_STATES`, by graph IRI."""
    states = {}
    for row in solutions(result):
        pipeline, key, path = row["pipeline"], row["sourceKey"], row["sourcePath"]
        lost = row["lost"]
        states[row["graph"].value] = DocumentState(
            row["graph"].value, row["hash"].value,
            pipeline.value if pipeline is not None else None,
            key.value if key is not None else None, path.value if path is not None else None,
            int(lost.value) if lost is not None and lost.value.isdigit() else 0)
    return states


class GraphStore(Protocol):
    """What the rest of tradegraph needs from a store backend."""

    location: str
    read_only: bool

    def document_states(self) -> dict[str, DocumentState]:
        """Content hash, pipeline and sources of every document graph, by graph IRI."""

    def add_graphs(self, graphs: dict[str, list[Quad]]) -> None:
        """Write graphs that do not exist yet, all in one transaction."""

    def add_nquads(self, nquads: bytes, graphs: list[str]) -> None:
        """Write graphs that do not exist yet, given as one N-Quads payload, all at once."""

    def append_nquads(self, nquads: bytes, graph: str) -> None:
        """Add quads (N-Quads of one graph) to a graph, keeping what it holds: one part of
        a document written in parts, atomically."""

    def replace_graph(self, graph: str, quads: list[Quad]) -> None:
        """Replace one graph's content atomically."""

    def remove_graph(self, graph: str) -> bool:
        """Drop a graph; False if there was none. (A graph too large for one transaction
        is dropped in several.)"""

    def patch_graph(self, graph: str, subjects: set[str], quads: list[Quad]) -> None:
        """In one graph, replace every quad whose subject is one of `subjects` by `quads`,
        atomically: what an incremental derivation writes."""

    def graph_quads(self, graph: str) -> set[Quad]:
        """All quads of one graph."""

    def query(self, sparql: str, *, union: bool = True) -> QueryResult:
        """Run a SPARQL query; the default graph is the union of all graphs if `union`."""

    def query_dataset(self, sparql: str, *, base_iri: str | None = None,
                      default_graphs: Iterable[str] = (), named_graphs: Iterable[str] = ()
                      ) -> QueryResult:
        """Run a query as the SPARQL Protocol asks: relative IRIs resolved against
        `base_iri`, and the RDF dataset made of the graphs named (none named: the union of
        all graphs is the default graph). QueryError if the query is at fault."""

    def flush(self) -> None:
        """Write what the store buffers in memory to disk: a long run of writes (a
        derivation in parts) calls it between them, so the buffers do not grow with the
        run (a SPARQL server buffers nothing here)."""

    def snapshot(self) -> GraphStore:
        """A read-only view of the store as it is now: for the embedded store on disk a
        fresh snapshot beside any writer (close it when done); a store in memory or on a
        SPARQL server, which keeps no snapshots, returns itself."""

    def dump(self, output: IO[bytes], rdf_format: RdfFormat, graph: str | None = None) -> None:
        """Serialise the whole dataset (or one graph) in a dataset format."""

    def quads(self, graph: str | None = None) -> Iterator[Quad]:
        """All quads, or those of one graph."""

    def named_graphs(self) -> list[str]:
        """IRIs of all named graphs."""

    def union_triples(self) -> Iterator[Triple]:
        """Each triple of the union of all graphs, once."""

    def __len__(self) -> int:
        """Number of quads."""

    def close(self) -> None:
        """Flush and release the store."""
