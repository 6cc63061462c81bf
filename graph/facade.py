"""The Python face of tradegraph: one object that opens a store and offers ingest, query,
export, statistics, validation, removal and conversion to rdflib.

    >>> from tradegraph.graph.facade import TradeGraph
    >>> with TradeGraph.open(":memory:") as tg:          # doctest: +SKIP
    ...     tg.ingest(["articles/"])
    ...     rows = tg.select("SELECT ?a WHERE { ?a a tg:LicenseApproval }")
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO

from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions
from rdflib import Dataset

from tradegraph.graph.backends import open_store
from tradegraph.graph.corroboration import (
    Corroboration,
    confirmations_query,
    corroborate,
    tolerance_from_env,
)
from tradegraph.graph.errors import QueryError, StoreError
from tradegraph.graph.exports import ExportFormat, export
from tradegraph.graph.ingestion import (
    DocumentResult,
    Ingestor,
    IngestReport,
    Outcome,
    ProgressCallback,
)
from tradegraph.graph.merging import read_merges, stored_documents
from tradegraph.graph.settings import resolve_store_location
from tradegraph.graph.store import GraphStore, QueryResult
from tradegraph.graph.validation import ValidationReport, validate_store
from tradegraph.ingest.errors import LoadError
from tradegraph.ingest.extraction import ExtractionPipeline
from tradegraph.ontology.gazetteer import load_gazetteer
from tradegraph.ontology.iris import IriMinter, slugify
from tradegraph.ontology.mapping import gazetteer_to_quads, ontology_to_quads
from tradegraph.ontology.models import Document
from tradegraph.ontology.terms import ONTOLOGY_IRI

Row = dict[str, str | None]
CORROBORATION_SOURCE = "(corroboration)"
"""The `source` of an ingest result that reports a failed corroboration run."""


@dataclass
class Stats:
    """What the store holds."""

    quads: int
    graphs: int
    documents: int
    entities: dict[str, int] = field(default_factory=dict)
    actions: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentInfo:
    """One ingested document."""

    iri: str
    title: str | None
    published: str | None
    doc_type: str | None
    quads: int


_STATS_ENTITIES = """
SELECT ?class (COUNT(DISTINCT ?entity) AS ?n) WHERE {
  ?document tg:mentions ?entity . ?entity a ?class .
  VALUES ?class { tg:Agency tg:Firm tg:Organization tg:Person tg:Country tg:Product }
} GROUP BY ?class ORDER BY ?class"""

_STATS_ACTIONS = """
SELECT ?class (COUNT(DISTINCT ?action) AS ?n) WHERE {
  ?action a ?class . ?class rdfs:subClassOf tg:Action .
} GROUP BY ?class ORDER BY ?class"""

_DOCUMENTS = """
SELECT ?document ?title ?published ?type (COUNT(*) AS ?quads) WHERE {
  GRAPH ?document {
    ?document a tg:Document .
    ?s ?p ?o .
    OPTIONAL { ?document dcterms:title ?title }
    OPTIONAL { ?document dcterms:issued ?published }
    OPTIONAL { ?document tg:documentType ?type }
  }
} GROUP BY ?document ?title ?published ?type ORDER BY ?document"""


def term_text(term: object) -> str | None:
    """Plain text of a query-result term (IRI, literal value or blank node id)."""
    if term is None:
        return None
    if isinstance(term, NamedNode | Literal):
        return term.value
    return str(term)


class TradeGraph:
    """A tradegraph knowledge graph on one store."""

    def __init__(self, store: GraphStore, minter: IriMinter | None = None) -> None:
        self.store = store
        self.minter = minter or IriMinter()
        self._pipeline: ExtractionPipeline | None = None

    @classmethod
    def open(
        cls, location: str | None = None, *, read_only: bool = False, base_iri: str | None = None
    ) -> TradeGraph:
        """Open the store at `location` (a path, `:memory:` or a SPARQL server's URL;
        default: settings).

        A writable store gets the current ontology and gazetteer graphs on opening.
        """
        if not read_only:
            try:  # a bad setting stops before anything is written, not after an ingest
                tolerance_from_env()
            except ValueError as error:
                raise StoreError(str(error)) from None
        store = open_store(resolve_store_location(location), read_only=read_only)
        graph = cls(store, IriMinter(base_iri))
        if not read_only:
            graph.refresh_reference_graphs()
        return graph

    def __enter__(self) -> TradeGraph:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Flush and release the store."""
        self.store.close()

    @property
    def pipeline(self) -> ExtractionPipeline:
        """The extraction pipeline (built on first use: loading it takes a moment)."""
        if self._pipeline is None:
            self._pipeline = ExtractionPipeline(merges=read_merges(self.store))
        return self._pipeline

    def reextract(self, progress: ProgressCallback | None = None) -> IngestReport:
        """Extract again, from the stored text, every document an older pipeline (or older
        merge statements) extracted; the others are left as they are."""
        self._pipeline = None  # merge statements may have changed since it was built
        states = self.store.document_states()
        stale = [document for document in stored_documents(self.store)
                 if states[self.minter.document(document.key)].pipeline
                 != self.pipeline.fingerprint_for(document)]
        return self.ingest_documents(stale, force=True, progress=progress)

    # ---------------------------------------------------------------- reference graphs

    def refresh_reference_graphs(self) -> bool:
        """Write the ontology and gazetteer graphs if they differ from the packaged ones.

        Returns True if anything was written.
        """
        wanted: dict[str, list[Quad]] = {
            ONTOLOGY_IRI: list(ontology_to_quads()),
            self.minter.gazetteer_graph: gazetteer_to_quads(load_gazetteer(), self.minter),
        }
        changed = False
        for graph, quads in wanted.items():
            if self.store.graph_quads(graph) != set(quads):
                self.store.replace_graph(graph, quads)
                changed = True
        return changed

    # ---------------------------------------------------------------- ingest

    def ingest(
        self, paths: Iterable[str | Path], *, force: bool = False, workers: int | None = None,
        progress: ProgressCallback | None = None,
    ) -> IngestReport:
        """Ingest files, folders and globs; unchanged documents are skipped unless `force`."""
        ingestor = Ingestor(self.store, self.minter, self.pipeline, workers)
        return self._corroborated(ingestor.ingest_paths(paths, force=force, progress=progress))

    def ingest_documents(
        self, documents: Iterable[Document | LoadError], *, force: bool = False,
        progress: ProgressCallback | None = None,
    ) -> IngestReport:
        """Ingest documents already loaded (e.g. from an upload)."""
        ingestor = Ingestor(self.store, self.minter, self.pipeline, workers=1)
        return self._corroborated(
            ingestor.ingest_documents(documents, force=force, progress=progress))

    def remove(self, identifier: str) -> str | None:
        """Remove a document by IRI, key or file name; its IRI, or None if not found."""
        if identifier.startswith(("http://", "https://")):
            iri = identifier
        else:
            name = Path(identifier).name
            key = slugify(Path(name).stem if Path(name).suffix else name)
            iri = self.minter.document(key)
        if iri not in self.store.document_states():
            return None  # not a document (the ontology and gazetteer graphs stay)
        if not self.store.remove_graph(iri):
            return None
        self.corroborate()
        return iri

    # ---------------------------------------------------------------- corroboration

    def corroborate(self, tolerance_days: int | None = None) -> Corroboration:
        """Link reported actions to the legal-record actions that confirm them, and actions
        to the documents that published them, in the corroboration graph (see
        `tradegraph.graph.corroboration`; run after every ingest and removal)."""
        return corroborate(self.store, self.minter, tolerance_days)

    def confirmations(self, which: str = "all") -> list[Row]:
        """Reported actions with `status` "confirmed" (and `confirmedBy`, its `citation`
        and `sourceList`) or "reported only"; `which`: all, confirmed or reported-only."""
        return self.select(confirmations_query(which))

    def _corroborated(self, report: IngestReport) -> IngestReport:
        # Run after every ingest, even one that changed nothing: it writes only what
        # changed, and so an earlier run that failed is made good by the next one. A store
        # that fails now (a server gone mid-batch) must not cost the report of what was
        # written: the failure is one more line of it.
        try:
            self.corroborate()
        except StoreError as error:
            report.results.append(DocumentResult(
                CORROBORATION_SOURCE, Outcome.FAILED, self.minter.corroboration_graph,
                f"linking reported actions to the legal record failed: {error}"))
        return report

    # ---------------------------------------------------------------- read

    def query(self, sparql: str) -> QueryResult:
        """Run SPARQL over the union of all graphs (the usual prefixes are predeclared)."""
        return self.store.query(sparql)

    def select(self, sparql: str) -> list[Row]:
        """Run a SELECT query and return its rows as dicts of plain strings."""
        result = self.query(sparql)
        if not isinstance(result, QuerySolutions):
            raise QueryError("select() needs a SELECT query")
        names = [variable.value for variable in result.variables]
        return [{name: term_text(row[name]) for name in names} for row in result]

    def export(self, output: IO[bytes], fmt: ExportFormat, graph: str | None = None) -> None:
        """Write the graph (or one named graph) in an RDF format."""
        export(self.store, output, fmt, graph)

    def to_dataset(self) -> Dataset:
        """The whole store as an rdflib `Dataset` (named graphs kept; default graph = union)."""
        buffer = io.BytesIO()
        self.export(buffer, ExportFormat.NQUADS)
        dataset = Dataset(default_union=True)
        dataset.parse(data=buffer.getvalue(), format="nquads")
        return dataset

    def stats(self) -> Stats:
        """Counts of quads, graphs, documents, mentioned entities and actions."""
        documents = self.select("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a tg:Document }")
        return Stats(
            quads=len(self.store),
            graphs=len(self.store.named_graphs()),
            documents=int(documents[0]["n"] or 0),
            entities={_local(r["class"]): int(r["n"] or 0) for r in self.select(_STATS_ENTITIES)},
            actions={_local(r["class"]): int(r["n"] or 0) for r in self.select(_STATS_ACTIONS)},
        )

    def documents(self) -> list[DocumentInfo]:
        """Every ingested document, by IRI."""
        return [
            DocumentInfo(iri=row["document"] or "", title=row["title"],
                         published=row["published"], doc_type=row["type"],
                         quads=int(row["quads"] or 0))
            for row in self.select(_DOCUMENTS)
        ]

    def validate(self) -> ValidationReport:
        """SHACL validation of the union of all graphs."""
        return validate_store(self.store)


def _local(iri: str | None) -> str:
    return (iri or "").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
