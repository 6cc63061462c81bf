"""The embedded store: pyoxigraph on disk (or in memory), one named graph per document.

Writes are transactions: a batch of new document graphs goes in with one `extend` (all or
nothing), and a changed document's graph is replaced by one SPARQL update that drops and
re-inserts it. A crash therefore leaves every document as it was before, or fully written.
Queries see the union of all named graphs as their default graph, unless they name their
own dataset (`tradegraph.graph.store.datasets`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import IO

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    NamedNode,
    Quad,
    QueryTriples,
    RdfFormat,
    Store,
    Triple,
)

from tradegraph.graph.errors import QueryError, StoreError, describe_syntax_error
from tradegraph.graph.store.datasets import dataset_clauses
from tradegraph.graph.store.location import MEMORY
from tradegraph.graph.store.protocol import (
    DOCUMENT_STATES,
    DocumentState,
    QueryResult,
    document_states_of,
    patch_update,
)
from tradegraph.ontology.terms import PREFIXES

_UNION_TRIPLES = """
CONSTRUCT { ?s ?p ?o } WHERE {
  SELECT DISTINCT ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }
}"""


SNAPSHOT_ATTEMPTS = 5
DELETE_BATCH = 200_000
"""Quads deleted per transaction when a large graph is removed."""
_DELETE_BATCH = f"""DELETE {{ GRAPH $GRAPH {{ ?s ?p ?o }} }}
WHERE {{ {{ SELECT ?s ?p ?o WHERE {{ GRAPH $GRAPH {{ ?s ?p ?o }} }} LIMIT {DELETE_BATCH} }} }}"""


def open_snapshot(path: str | Path) -> Store:
    """A read-only snapshot of a store that a writer may be compacting right now.

    RocksDB's read-only open reads the file list first and the files after; when the writer
    deletes a compacted file in between, the open fails with "Corruption ... No such file".
    The store is fine: a new attempt reads the new file list."""
    for attempt in range(SNAPSHOT_ATTEMPTS):
        try:
            return Store.read_only(str(path))
        except RuntimeError as error:
            if "No such file" not in str(error) or attempt == SNAPSHOT_ATTEMPTS - 1:
                raise OSError(f"read-only open failed: {error}") from None
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


class OxigraphStore:
    """A `GraphStore` over an embedded pyoxigraph store."""

    def __init__(self, store: Store, location: str, read_only: bool) -> None:
        self._handle: Store | None = store
        self.location = location
        self.read_only = read_only

    @property
    def _store(self) -> Store:
        if self._handle is None:
            raise StoreError(f"the store at {self.location} is closed")
        return self._handle

    @classmethod
    def open(cls, location: str, *, read_only: bool = False) -> OxigraphStore:
        """Open (or create, unless read-only) the store at a path, or `:memory:`."""
        if location == MEMORY:
            return cls(Store(), MEMORY, read_only=False)
        path = Path(location).expanduser()
        try:
            if read_only:
                if not (path / "CURRENT").exists():
                    raise StoreError(
                        f"no tradegraph store at {path}: run `tradegraph ingest` or "
                        "`tradegraph demo` first, or point --store / $TRADEGRAPH_STORE at one"
                    )
                return cls(open_snapshot(path), str(path), read_only=True)
            if path.exists() and not path.is_dir():
                raise StoreError(f"store path {path} exists and is not a directory")
            path.mkdir(parents=True, exist_ok=True)
            return cls(Store(str(path)), str(path), read_only=False)
        except OSError as error:
            message = str(error)
            if "current process" in message:
                message = "this process has the store open already; " + message
            elif "lock" in message.lower():
                message = "another tradegraph process is writing to this store; " + message
            raise StoreError(f"cannot open store at {path}: {message}") from None

    # ---------------------------------------------------------------- documents

    def document_states(self) -> dict[str, DocumentState]:
        """Content hash, pipeline and sources of every document graph, by graph IRI."""
        return document_states_of(self.query(DOCUMENT_STATES, union=False))

    # ---------------------------------------------------------------- writes

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store at {self.location} is open read-only")

    def add_graphs(self, graphs: dict[str, list[Quad]]) -> None:
        """Write graphs that do not exist yet, all at once.

        Uses pyoxigraph's bulk writer: it builds the batch's files aside and adds them to
        the store in one step (all or nothing, also under `kill -9`, measured), at about
        twice the speed of a transactional `extend`."""
        self._writable()
        try:
            self._store.bulk_extend(quad for quads in graphs.values() for quad in quads)
        except OSError as error:
            raise StoreError(
                f"writing {len(graphs)} graph(s) to {self.location} failed: {error}"
            ) from None

    def add_nquads(self, nquads: bytes, graphs: list[str]) -> None:
        """Write graphs that do not exist yet, given as one N-Quads payload, all at once.

        The ingest path: worker processes hand back N-Quads, and the bulk loader parses them
        in Rust, so no Python object is made per quad."""
        self._writable()
        try:
            self._store.bulk_load(nquads, format=RdfFormat.N_QUADS)
        except (OSError, SyntaxError) as error:
            raise StoreError(
                f"writing {len(graphs)} graph(s) to {self.location} failed: {error}"
            ) from None

    def append_nquads(self, nquads: bytes, graph: str) -> None:
        """Add the quads of one part of a graph (the bulk loader: all or nothing)."""
        self.add_nquads(nquads, [graph])

    def replace_graph(self, graph: str, quads: list[Quad]) -> None:
        """Replace one graph's content in one transaction (a single SPARQL update)."""
        self._writable()
        name = NamedNode(graph)
        body = " .\n".join(str(quad.triple) for quad in quads)
        update = f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{body} }} }}"
        try:
            self._store.update(update)
        except (OSError, SyntaxError) as error:
            raise StoreError(
                f"replacing graph {graph} in {self.location} failed: {error}"
            ) from None

    def patch_graph(self, graph: str, subjects: set[str], quads: list[Quad]) -> None:
        """Replace the subjects' quads of one graph by `quads`, in one transaction."""
        self._writable()
        update = patch_update(graph, subjects, " .\n".join(str(q.triple) for q in quads))
        if not update:
            return
        try:
            self._store.update(update)
        except (OSError, SyntaxError) as error:
            raise StoreError(f"updating graph {graph} in {self.location} failed: {error}"
                             ) from None

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Apply a SPARQL update in one transaction (the usual prefixes predeclared)."""
        self._writable()
        try:
            self._store.update(sparql, prefixes=PREFIXES, base_iri=base_iri)
        except SyntaxError as error:
            raise QueryError(describe_syntax_error(sparql, error, PREFIXES, update=True)
                             ) from None
        except (OSError, ValueError) as error:
            raise QueryError(f"update failed: {error}") from None

    def remove_graph(self, graph: str) -> bool:
        """Drop a graph; False if there was none. A transaction holds all it deletes in
        memory, so a graph larger than `DELETE_BATCH` quads (a list of a million rows) is
        emptied in transactions of that many first."""
        self._writable()
        name = NamedNode(graph)
        if not self._store.contains_named_graph(name):
            return False
        batch = _DELETE_BATCH.replace("$GRAPH", str(name))
        while sum(1 for _ in islice(self._store.quads_for_pattern(None, None, None, name),
                                    DELETE_BATCH + 1)) > DELETE_BATCH:
            self._store.update(batch)
        self._store.remove_graph(name)  # what is left, in one last transaction
        return True

    # ---------------------------------------------------------------- reads

    def graph_quads(self, graph: str) -> set[Quad]:
        """All quads of one graph."""
        return set(self._store.quads_for_pattern(None, None, None, NamedNode(graph)))

    def has_graph(self, graph: str) -> bool:
        """Whether the store holds a named graph of that name."""
        return bool(self._store.contains_named_graph(NamedNode(graph)))

    def quads(self, graph: str | None = None) -> Iterator[Quad]:
        """All quads, or those of one graph."""
        name = NamedNode(graph) if graph else None
        return iter(self._store.quads_for_pattern(None, None, None, name))

    def named_graphs(self) -> list[str]:
        """IRIs of all named graphs."""
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, NamedNode))

    def union_triples(self) -> Iterator[Triple]:
        """Each triple of the union of all graphs (and the default graph), once."""
        result = self.query(_UNION_TRIPLES, union=False)
        assert isinstance(result, QueryTriples)
        return iter(result)

    def query(self, sparql: str, *, union: bool = True) -> QueryResult:
        """Run a SPARQL query; the default graph is the union of all graphs if `union`,
        unless the query names its own dataset (`FROM`, `FROM NAMED`).

        The usual prefixes (tg, rdfs, skos, oa, ...) are predeclared.
        """
        return self.query_dataset(sparql) if union else self._run(sparql)

    def query_dataset(self, sparql: str, *, base_iri: str | None = None,
                      default_graphs: Iterable[str] = (), named_graphs: Iterable[str] = ()
                      ) -> QueryResult:
        """Run a query with an optional base IRI and explicit RDF dataset (see `GraphStore`):
        the graphs named replace the query's `FROM` / `FROM NAMED` clauses, and the query's
        clauses replace the union of all graphs."""
        defaults, named = tuple(default_graphs), tuple(named_graphs)
        if defaults or named:
            # pyoxigraph replaces only the part of the query's dataset it is given: give both
            return self._run(sparql, base_iri, default=[NamedNode(iri) for iri in defaults],
                             named=[NamedNode(iri) for iri in named])
        # a query's own clauses are read by pyoxigraph as SPARQL 1.1 says
        return self._run(sparql, base_iri, union=not dataset_clauses(sparql).any)

    def _run(self, sparql: str, base_iri: str | None = None, *, union: bool = False,
             default: list[NamedNode | BlankNode | DefaultGraph] | None = None,
             named: list[NamedNode | BlankNode] | None = None) -> QueryResult:
        try:
            return self._store.query(sparql, prefixes=PREFIXES, base_iri=base_iri,
                                     use_default_graph_as_union=union,
                                     default_graph=default, named_graphs=named)
        except SyntaxError as error:
            raise QueryError(describe_syntax_error(sparql, error, PREFIXES)) from None
        except (OSError, ValueError) as error:
            raise QueryError(f"query failed: {error}") from None

    def flush(self) -> None:
        """Write the store's memory buffers (RocksDB's memtables) to disk; nothing to do
        for a store in memory or a read-only one."""
        if self._handle is not None and not self.read_only and self.location != MEMORY:
            self._handle.flush()

    def snapshot(self) -> OxigraphStore:
        """A fresh read-only snapshot of the store on disk (itself, for a store in memory)."""
        if self.location == MEMORY:
            return self
        try:
            return OxigraphStore(open_snapshot(self.location), self.location, read_only=True)
        except OSError as error:
            raise StoreError(f"cannot open store at {self.location}: {error}") from None

    def dump(self, output: IO[bytes], rdf_format: RdfFormat, graph: str | None = None) -> None:
        """Serialise the whole dataset (or one graph, keeping its name) in a dataset format."""
        if graph is None:
            self._store.dump(output, rdf_format, prefixes=PREFIXES)
        else:
            from pyoxigraph import serialize

            serialize(self.quads(graph), output, rdf_format, prefixes=PREFIXES)

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        """Flush pending writes to disk and release the store (and its lock).

        pyoxigraph has no explicit close: the store closes when its last reference goes.
        """
        if self._handle is None:
            return
        if not self.read_only and self.location != MEMORY:
            self._handle.flush()
        self._handle = None

