"""The Python face of tradegraph: one object that opens a store and offers ingest, query
(also within time and size limits, in worker processes), export, statistics, validation,
removal, merge statements and conversion to rdflib. The CLI, the explorer and the endpoint
reach the store through it.

    >>> import tempfile
    >>> from pathlib import Path
    >>> from tradegraph.graph import Outcome, TradeGraph
    >>> with tempfile.TemporaryDirectory() as folder, TradeGraph.open(":memory:") as tg:
    ...     _ = Path(folder, "huawei.txt").write_text(
    ...         "On May 16, 2019, the Commerce Department added Huawei Technologies Co., Ltd. "
    ...         "to the Entity List.")
    ...     report = tg.ingest([folder])                   # files, folders or globs
    ...     rows = tg.select("SELECT DISTINCT ?label ?date WHERE { ?a a tg:EntityListAddition ;"
    ...                      " tg:target/rdfs:label ?label ; tg:date ?date }")
    ...     status = tg.status("Huawei", "2019-06-01")     # a name, alias or IRI; a day
    >>> report.count(Outcome.INGESTED)
    1
    >>> rows
    [{'label': 'Huawei Technologies Co., Ltd.', 'date': '2019-05-16'}]
    >>> status.regimes_in_force
    ['Entity List']
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING

from pyoxigraph import Quad
from rdflib import Dataset

from tradegraph.graph.errors import AmbiguousDocumentError, StoreError
from tradegraph.graph.facade_upkeep import CORROBORATION_SOURCE, TIME_SOURCE, Upkeep
from tradegraph.graph.loading.document_keys import matching_documents
from tradegraph.graph.loading.ingestion import (
    Ingestor,
    IngestReport,
    ProgressCallback,
)
from tradegraph.graph.loading.known_parties import PartyCache, known_parties
from tradegraph.graph.loading.merge_statements import (
    list_statements,
    read_merges,
    state_distinct,
    state_merge,
    stored_documents,
    withdraw,
)
from tradegraph.graph.loading.validation import ValidationReport, validate_store
from tradegraph.graph.query.exports import ExportFormat, export
from tradegraph.graph.query.inventory import Counts, DocumentInfo, Row, Stats, rows
from tradegraph.graph.query.inventory import counts as store_counts
from tradegraph.graph.query.inventory import documents as store_documents
from tradegraph.graph.query.inventory import stats as store_stats
from tradegraph.graph.query.worker_pool import GENERAL_NICENESS, QueryPool
from tradegraph.graph.screening.defaults import DEFAULT_LIMIT, DEFAULT_THRESHOLD
from tradegraph.graph.screening.results import (
    CustomerRow,
    MatchResult,
    RowError,
    ScreenedRow,
    ScreenProgress,
)
from tradegraph.graph.store.backends import last_change, open_store
from tradegraph.graph.store.location import MEMORY, resolve_store_location
from tradegraph.graph.store.protocol import GraphStore, QueryResult
from tradegraph.graph.time.corroboration import confirmations_query
from tradegraph.graph.time.pending import PendingDerivation
from tradegraph.ingest.errors import LoadError
from tradegraph.ingest.extraction import ExtractionPipeline
from tradegraph.ingest.merges import DistinctName, SameEntity
from tradegraph.ontology.gazetteer import load_gazetteer
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.mapping import gazetteer_to_quads, ontology_to_quads
from tradegraph.ontology.models import Document
from tradegraph.ontology.settings import SettingsError, settings
from tradegraph.ontology.terms import ONTOLOGY_IRI

if TYPE_CHECKING:  # the matching libraries load when a name is first screened
    from tradegraph.graph.screening.customers import CustomerList
    from tradegraph.graph.screening.screener import Screener

__all__ = ["CORROBORATION_SOURCE", "TIME_SOURCE", "DocumentInfo", "Row", "Stats", "TradeGraph"]


class TradeGraph(Upkeep):
    """A tradegraph knowledge graph on one store."""

    def __init__(self, store: GraphStore, minter: IriMinter | None = None) -> None:
        self.store = store
        self.minter = minter or IriMinter()
        self._pipeline: ExtractionPipeline | None = None
        self._pending = PendingDerivation(store.location)  # see `Upkeep`
        self._party_cache = PartyCache(store.location)

    @classmethod
    def open(
        cls, location: str | None = None, *, read_only: bool = False, base_iri: str | None = None
    ) -> TradeGraph:
        """Open the store at `location` (a path, `:memory:` or a SPARQL server's URL;
        default: settings).

        A writable store gets the current ontology and gazetteer graphs on opening.
        """
        try:  # a bad setting stops before anything is written, not after an ingest
            settings()
        except SettingsError as error:
            raise StoreError(str(error)) from None
        store = open_store(resolve_store_location(location), read_only=read_only)
        graph = cls(store, IriMinter(base_iri))
        if not read_only:
            graph.refresh_reference_graphs()
        return graph

    @staticmethod
    def last_change(location: str | None = None) -> float | None:
        """When the store at `location` (default: settings) last changed, in seconds since
        the epoch, told without opening it; None where that cannot be told (a SPARQL server,
        a store in memory, no store yet). A cache keyed on it is fresh after every write."""
        return last_change(resolve_store_location(location))

    @property
    def location(self) -> str:
        """Where the store is: its folder, `:memory:`, or the SPARQL server's URL."""
        return self.store.location

    def snapshot(self) -> TradeGraph:
        """A read-only TradeGraph on the store as it is now (an embedded store on disk: a
        fresh snapshot, beside any writer; close it when done). In memory or on a SPARQL
        server, which keep no snapshots, it is this graph itself."""
        store = self.store.snapshot()
        return self if store is self.store else TradeGraph(store, self.minter)

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
            self._pipeline = ExtractionPipeline(
                merges=read_merges(self.store),
                known=known_parties(self.store, self.minter, self._party_cache))
        return self._pipeline

    def reextract(self, progress: ProgressCallback | None = None) -> IngestReport:
        """Extract again, from the stored text, every document an older pipeline (or older
        merge statements) extracted; the others are left as they are."""
        self._pipeline = None  # merge statements may have changed since it was built
        states = self.store.document_states()
        stale = [document for document in stored_documents(self.store)
                 if states[self.minter.document(document.key)].pipeline
                 != self.pipeline.fingerprint_for(document)]
        ingestor = Ingestor(self.store, self.minter, self.pipeline, workers=1)
        return self._derived(ingestor, lambda: ingestor.ingest_documents(
            stale, force=True, progress=progress, stored=True))

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
        report = self._derived(ingestor, lambda: ingestor.ingest_paths(
            paths, force=force, progress=progress))
        self._pipeline = None  # the parties the store knows may have changed
        return report

    def ingest_documents(
        self, documents: Iterable[Document | LoadError], *, force: bool = False,
        progress: ProgressCallback | None = None,
    ) -> IngestReport:
        """Ingest documents already loaded (e.g. from an upload)."""
        ingestor = Ingestor(self.store, self.minter, self.pipeline, workers=1)
        return self._derived(ingestor, lambda: ingestor.ingest_documents(
            documents, force=force, progress=progress))

    def remove(self, identifier: str) -> str | None:
        """Remove a document by IRI, key, the path of its file, or a file name (or the end
        of its path) as ingested; its IRI, or None if not found. AmbiguousDocumentError,
        removing nothing, if the name fits several documents."""
        states = self.store.document_states()
        found = matching_documents(identifier, states, self.minter)
        if not found:
            return None  # not a document (the ontology and gazetteer graphs stay)
        if len(found) > 1:
            raise AmbiguousDocumentError(identifier,
                                         [(iri, states[iri].source_path) for iri in found])
        (iri,) = found
        return iri if self._removed(iri) else None

    # ---------------------------------------------------------------- corroboration

    def confirmations(self, which: str = "all") -> list[Row]:
        """Reported actions with `status` "confirmed" (and `confirmedBy`, its `citation`
        and `sourceList`) or "reported only"; `which`: all, confirmed or reported-only."""
        return self.select(confirmations_query(which))

    # ---------------------------------------------------------------- merge statements

    def state_merge(self, entity: str, into: str) -> SameEntity:
        """Record that `entity` is the same as `into` (both `type/key`); `reextract` then
        applies it to the stored documents."""
        return state_merge(self.store, entity, into)

    def state_distinct(self, name: str, entity: str) -> DistinctName:
        """Record that the name `name`, resolved to `entity`, is an entity of its own."""
        return state_distinct(self.store, name, entity)

    def withdraw_merge(self, number: int) -> SameEntity | DistinctName:
        """Withdraw merge statement `number` (1-based, as `merge_statements` lists them)."""
        return withdraw(self.store, number)

    def merge_statements(self) -> list[SameEntity | DistinctName]:
        """Every merge statement of the store, `same` ones first."""
        return list_statements(self.store)

    # ---------------------------------------------------------------- screening

    @property
    def screener(self) -> Screener:
        """Name screening on this store (its index is built on first use and rebuilt
        when the stored documents change)."""
        if self._screener is None:
            from tradegraph.graph.screening.screener import Screener

            self._screener = Screener(self.store)
        return self._screener

    def take_screener(self, other: TradeGraph) -> None:
        """Screen with `other`'s screener from now on (this graph being a fresh snapshot
        of the same store, replacing `other`): its index is kept while the documents are
        the same, and is rebuilt when they changed."""
        if other._screener is not None:
            other._screener.rebind(self.store)
            self._screener, other._screener = other._screener, None

    def match(self, name: str, *, country: str | None = None, address: str | None = None,
              limit: int = DEFAULT_LIMIT, threshold: float = DEFAULT_THRESHOLD,
              as_of: dt.date | None = None) -> MatchResult:
        """Screen one name: the firms, organisations, agencies and persons it may be, best
        first, each with its score, the features that made it and its listing actions (in
        force as of `as_of`, default today). `country` is an ISO code or a country name.
        A `ScreeningError` for a name that cannot be screened (empty, no letters, too long)
        or a limit or threshold out of range."""
        return self.screener.match(name, country=country, address=address, limit=limit,
                                   threshold=threshold, as_of=as_of)

    def screen(self, rows: CustomerList | Iterable[CustomerRow | RowError | str], *,
               limit: int = DEFAULT_LIMIT, threshold: float = DEFAULT_THRESHOLD,
               as_of: dt.date | None = None, progress: ScreenProgress | None = None,
               workers: int | None = None) -> Iterator[ScreenedRow]:
        """Screen a customer list (`read_customers(...)`), its rows, or plain names: one
        `ScreenedRow` per row, in order; a row that cannot be screened comes with its
        line and the reason, and the others go on. Long lists are searched by `workers`
        processes (default: one per core, at most four)."""
        from tradegraph.graph.screening.customers import CustomerList

        items = rows.rows() if isinstance(rows, CustomerList) else rows
        return self.screener.screen(items, limit=limit, threshold=threshold, as_of=as_of,
                                    progress=progress, workers=workers)

    # ---------------------------------------------------------------- read

    def query(self, sparql: str) -> QueryResult:
        """Run SPARQL over the union of all graphs (the usual prefixes are predeclared)."""
        return self.store.query(sparql)

    def query_dataset(self, sparql: str, *, base_iri: str | None = None,
                      default_graphs: Iterable[str] = (), named_graphs: Iterable[str] = ()
                      ) -> QueryResult:
        """Run SPARQL as the SPARQL Protocol asks: relative IRIs against `base_iri`, and the
        RDF dataset of the graphs named (none named: the union of all graphs)."""
        return self.store.query_dataset(sparql, base_iri=base_iri,
                                        default_graphs=default_graphs,
                                        named_graphs=named_graphs)

    def query_pool(self, *, size: int = 1, timeout: float = 30.0,
                   refresh_seconds: float = 1.0, quick_workers: int = 0,
                   quick_seconds: float = 2.0, client_limit: int | None = None,
                   niceness: int = GENERAL_NICENESS) -> QueryPool:
        """Worker processes that answer `QueryJob`s on this store, each within `timeout`
        seconds and the job's result-size limit (`tradegraph.graph.query.execution`): pyoxigraph
        cannot cancel a query, so one past its limit is stopped with its worker. Each worker
        reads a snapshot no older than `refresh_seconds`. `quick_workers` more are kept for
        look-ups, and each client runs at most `client_limit` other queries at once
        (`tradegraph.graph.query.worker_pool`) at CPU `niceness`. Close the pool when done."""
        if self.location == MEMORY:
            raise StoreError("query workers need a store on disk or a SPARQL server: "
                             "they cannot see a store in this process's memory")
        return QueryPool(self.location, size=size, timeout=timeout,
                         refresh_seconds=refresh_seconds, quick_workers=quick_workers,
                         quick_seconds=quick_seconds, client_limit=client_limit,
                         niceness=niceness)

    def select(self, sparql: str) -> list[Row]:
        """Run a SELECT query and return its rows as dicts of plain strings."""
        return rows(self.query(sparql))

    def named_graphs(self) -> list[str]:
        """IRIs of every named graph: the documents', the ontology's, the gazetteer's, ..."""
        return self.store.named_graphs()

    def query_confirmations(self, which: str = "all") -> QueryResult:
        """`confirmations` as a query result, to write in a W3C results format."""
        return self.query(confirmations_query(which))

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
        """Counts of quads, graphs, documents, mentioned entities and real actions."""
        return store_stats(self.store)

    def counts(self) -> Counts:
        """The counts of `stats` without the store's quads and graphs (which a large store
        takes a while to count): documents, the entities they mention and the real actions,
        by class. The explorer's overview shows these."""
        return store_counts(self.store)

    def documents(self) -> list[DocumentInfo]:
        """Every ingested document, by IRI."""
        return store_documents(self.store)

    def validate(self) -> ValidationReport:
        """SHACL validation of the union of all graphs, evidence quotes against their
        documents, and contradictions between lifecycle records (a removal before any
        addition)."""
        return validate_store(self.store, self.minter)

