"""Running the ingest pipeline into a store: load, skip the unchanged, extract (on every
core for large batches), map to quads, write each document atomically, report.

One bad document never stops a batch: it becomes a `failed` result with its reason.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice
from multiprocessing import get_context, parent_process
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, parse

from tradegraph.graph.errors import GraphWriteError, StoreError
from tradegraph.graph.lifeline import Lifeline, end_without_teardown, hold, lifeline
from tradegraph.graph.loading.document_keys import (
    Placement,
    Placer,
    SourceClashError,
    ingest_roots,
    source_quads,
    with_source,
)
from tradegraph.graph.loading.document_parts import ROWS_PER_PART, write_in_parts
from tradegraph.graph.loading.results import DocumentResult, IngestReport, Outcome
from tradegraph.graph.store.protocol import DocumentState, GraphStore
from tradegraph.ingest.errors import ExtractionError, IngestError, LoadError
from tradegraph.ingest.extraction import Chunk, ExtractionPipeline, PipelineSettings, extract_parts
from tradegraph.ingest.loaders import discover, load_file
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.mapping import extraction_to_nquads
from tradegraph.ontology.models import Document, Extraction
from tradegraph.ontology.settings import Settings, settings, use_settings

__all__ = ["DocumentResult", "ExtractedGraph", "IngestReport", "Ingestor", "Outcome",
           "extract_graph"]  # DocumentResult, IngestReport, Outcome live in `results`

WINDOW = 512
"""Documents loaded, extracted and written per round: bounds memory on large corpora."""
BATCH_QUADS = 200_000
"""Quads per write of new document graphs (bulk loads cost less per quad in large batches)."""
PARALLEL_THRESHOLD = 64
"""Below this many documents to extract, worker processes cost more than they save."""
HERE_TOGETHER = 32
"""Documents one process extracts together (as a worker's chunk): the model reads them at once."""

UNCHANGED = "unchanged"
"""The reason of a document skipped because its stored version is the same: too common to say."""

ProgressCallback = Callable[[int, int, str], None]
"""Called as (documents done, documents in all, source just finished)."""


@dataclass
class ExtractedGraph:
    """A document's graph, ready to write, as N-Quads: what worker processes send back and
    what the store's bulk loader reads, with no Python object per quad on the way."""

    document: Document
    iri: str
    nquads: bytes
    actions: int
    warnings: list[str] = field(default_factory=list)
    lost: int = 0

    @cached_property
    def size(self) -> int:
        """Number of quads (N-Quads has one per line; newlines in literals are escaped)."""
        return self.nquads.count(b"\n")

    @property
    def quads(self) -> list[Quad]:
        """The quads, parsed."""
        return list(parse(self.nquads, format=RdfFormat.N_QUADS))


# ------------------------------------------------------------------ extraction (any process)

_worker_pipeline: ExtractionPipeline | None = None
_worker_minter: IriMinter | None = None


def _init_worker(base_iri: str, pipeline: PipelineSettings, line: Lifeline,
                 config: Settings | None = None) -> None:
    global _worker_pipeline, _worker_minter  # noqa: PLW0603 - one pipeline per worker process
    hold(line)  # a killed ingest must not leave its workers behind
    if config is not None:  # the parent's settings (size limits, ...), not a fresh reading
        use_settings(config)
    _worker_pipeline = pipeline.build()  # the parent's gazetteer, lexicon, merges: its fingerprint
    _worker_minter = IriMinter(base_iri)
    if parent_process() is not None:  # a worker, never a caller's own process (a test's)
        end_without_teardown()


def extract_graph(pipeline: ExtractionPipeline | Chunk, minter: IriMinter,
                  document: Document) -> ExtractedGraph:
    """Run the pipeline on a document and map its facts to the quads of its graph."""
    extraction = pipeline.extract(document)
    try:
        nquads = extraction_to_nquads(extraction, minter)
    except ValueError as error:  # e.g. a metadata URL that is not a valid IRI
        raise ExtractionError(document.source, f"cannot map to RDF ({error})") from error
    return ExtractedGraph(document, minter.document(document.key), nquads,
                          len(extraction.actions), extraction.warnings, extraction.lost)


WorkerResult = tuple[bytes, int, list[str], int] | str
"""A worker's result for one document: (N-Quads, actions, warnings, lost), or why it failed."""


def _extract_chunk(documents: list[Document]) -> list[WorkerResult]:
    """Worker side: each document's N-Quads, or why it failed (an IngestError won't pickle)."""
    assert _worker_pipeline is not None and _worker_minter is not None
    chunk = _worker_pipeline.read_together(documents)  # the model reads them at once (#28)
    out: list[WorkerResult] = []
    for document in documents:
        try:
            graph = extract_graph(chunk, _worker_minter, document)
            out.append((graph.nquads, graph.actions, graph.warnings, graph.lost))
        except IngestError as error:
            out.append(error.reason)
    return out


# ------------------------------------------------------------------ the ingestor


@dataclass
class _Window:
    """A window of documents on its way: the results known (by position), each document to
    extract by `id` (position, notes), those read in parts, and the others' extraction."""

    slots: list[DocumentResult | None]
    queued: dict[int, tuple[int, list[str]]]
    parts: list[tuple[Document, Iterator[Extraction]]]
    extracted: Iterator[tuple[Document, ExtractedGraph | IngestError]]


class Ingestor:
    """Ingests documents into one store with one pipeline."""

    def __init__(
        self,
        store: GraphStore,
        minter: IriMinter,
        pipeline: ExtractionPipeline | None = None,
        workers: int | None = None,
    ) -> None:
        self.store = store
        self.minter = minter
        self.pipeline = pipeline or ExtractionPipeline()
        self.workers = max(1, workers if workers is not None else min(os.cpu_count() or 1, 4))
        self._pool: ProcessPoolExecutor | None = None
        self.on_replace: Callable[[str], None] | None = None
        """Called with a document's IRI before its stored graph is replaced."""

    def ingest_paths(
        self, paths: Iterable[str | Path], *, force: bool = False,
        progress: ProgressCallback | None = None,
    ) -> IngestReport:
        """Ingest files, folders and globs."""
        paths = list(paths)
        found, roots = discover(paths), ingest_roots(paths)
        report = IngestReport([DocumentResult(e.source, Outcome.FAILED, reason=e.reason)
                               for e in found.errors])

        def loaded() -> Iterator[Document | LoadError]:
            for path in found.files:
                for item in load_file(path):
                    yield item if isinstance(item, LoadError) else with_source(item, path, roots)

        self._run(loaded(), report, force, progress, total=len(found.files))
        return report

    def ingest_documents(
        self, documents: Iterable[Document | LoadError], *, force: bool = False,
        progress: ProgressCallback | None = None, stored: bool = False,
    ) -> IngestReport:
        """Ingest documents that are already loaded (errors are reported as failures); a
        document's source is its URL, the file its `source` names, or else its content.
        `stored`: the documents were rebuilt from this store's graphs, sources and all."""
        items = [item if isinstance(item, LoadError) or stored else with_source(item)
                 for item in documents]
        report = IngestReport()
        self._run(iter(items), report, force, progress, total=len(items))
        return report

    def _run(
        self, items: Iterator[Document | LoadError], report: IngestReport, force: bool,
        progress: ProgressCallback | None, total: int,
    ) -> None:
        states = self.store.document_states()
        placer = Placer(states, self.minter, force=force)
        done = 0

        def advance(result: DocumentResult) -> None:
            nonlocal done
            done += 1
            if progress:
                progress(done, max(total, done), result.source)

        def start() -> _Window | None:
            window = list(islice(items, WINDOW))
            return self._start_window(window, placer, force, advance) if window else None

        try:
            # The next window is triaged and its extraction started before this one's
            # graphs are written, so the workers never wait for the writes (nor for the
            # reading of the next window); two windows at most are held.
            ahead = start()
            while ahead is not None:
                window, ahead = ahead, start()
                for document, result in self._write(window.parts, window.extracted, states):
                    index, notes = window.queued[id(document)]
                    result.notes.extend(notes)
                    window.slots[index] = result
                    advance(result)
                report.results.extend(result for result in window.slots if result is not None)
        finally:
            self.close()

    def _start_window(self, window: list[Document | LoadError], placer: Placer, force: bool,
                      advance: Callable[[DocumentResult], None]) -> _Window:
        """Triage a window (what needs no extraction gets its result now) and start the
        extraction of the rest."""
        # results arrive out of order (skips first, new graphs in batches): slots by position
        slots: list[DocumentResult | None] = [None] * len(window)
        queued: dict[int, tuple[int, list[str]]] = {}  # id -> (position, notes)
        parts: list[tuple[Document, Iterator[Extraction]]] = []
        whole: list[Document] = []
        for index, item in enumerate(window):
            triaged = self._triage(item, placer, force)
            if isinstance(triaged, DocumentResult):
                slots[index] = triaged
                advance(triaged)
                continue
            document = triaged.document
            queued[id(document)] = (index, triaged.notes)
            read = extract_parts(self.pipeline, document, ROWS_PER_PART)
            if read is None:
                whole.append(document)
            else:
                parts.append((document, read))
        return _Window(slots, queued, parts, self.extract(whole))

    def _triage(self, item: Document | LoadError, placer: Placer, force: bool
                ) -> DocumentResult | Placement:
        """A result for a document that needs no extraction, or its placement to extract."""
        if isinstance(item, LoadError):
            return DocumentResult(item.source, Outcome.FAILED, reason=item.reason)
        try:
            placement = placer.place(item)
        except SourceClashError as error:
            return DocumentResult(item.source, Outcome.FAILED, reason=str(error))
        document, state = placement.document, placement.state
        if placement.same_as is not None:
            return DocumentResult(item.source, Outcome.SKIPPED, placement.iri,
                                  reason=placement.same_as)
        unchanged = state is not None and state.content_hash == document.content_hash and (
            state.pipeline == self.pipeline.fingerprint_for(document)
        )
        if not unchanged or force:
            return placement
        if placement.record_source:  # stored by an older tradegraph: record its source
            try:
                self.store.replace_graph(placement.iri, [
                    *self.store.graph_quads(placement.iri),
                    *source_quads(placement.iri, document)])
            except StoreError as error:
                return DocumentResult(item.source, Outcome.FAILED, placement.iri,
                                      f"recording where it came from failed: {error}")
        return DocumentResult(item.source, Outcome.SKIPPED, placement.iri, reason=UNCHANGED,
                              notes=placement.notes, lost=state.lost if state else 0)

    def extract(
        self, documents: list[Document]
    ) -> Iterator[tuple[Document, ExtractedGraph | IngestError]]:
        """Each document with its graph or its error, in order; on every worker process for
        large batches, where the work starts at once (the iterator collects it). Writes
        nothing."""
        if self.workers > 1 and len(documents) >= PARALLEL_THRESHOLD:
            size = max(4, len(documents) // (self.workers * 8))
            chunks = [documents[start:start + size] for start in range(0, len(documents), size)]
            return self._collect(chunks, self._get_pool().map(_extract_chunk, chunks))
        return self._extract_here(documents)

    def _collect(self, chunks: list[list[Document]], results: Iterator[list[WorkerResult]]
                 ) -> Iterator[tuple[Document, ExtractedGraph | IngestError]]:
        for chunk, chunk_results in zip(chunks, results, strict=True):
            for document, result in zip(chunk, chunk_results, strict=True):
                if isinstance(result, str):
                    yield document, ExtractionError(document.source, result)
                else:
                    iri = self.minter.document(document.key)  # (N-Quads, actions, ...)
                    yield document, ExtractedGraph(document, iri, *result)

    def _extract_here(self, documents: list[Document]
                      ) -> Iterator[tuple[Document, ExtractedGraph | IngestError]]:
        for start in range(0, len(documents), HERE_TOGETHER):  # bounds what is held at once
            part = documents[start:start + HERE_TOGETHER]
            chunk = self.pipeline.read_together(part)  # the model reads them at once
            for document in part:
                try:
                    yield document, extract_graph(chunk, self.minter, document)
                except IngestError as error:
                    yield document, error

    def _write(
        self, parts: list[tuple[Document, Iterator[Extraction]]],
        extracted: Iterator[tuple[Document, ExtractedGraph | IngestError]],
        states: dict[str, DocumentState],
    ) -> Iterator[tuple[Document, DocumentResult]]:
        """Store the documents read in parts, then the extracted ones; each with its result,
        as soon as it is known."""
        for document, read in parts:
            iri = self.minter.document(document.key)
            try:
                if iri in states and self.on_replace is not None:  # before it goes
                    self.on_replace(iri)
            except StoreError as error:
                yield document, DocumentResult(document.source, Outcome.FAILED, iri,
                                               str(error))
                continue
            yield document, write_in_parts(self.store, self.minter, document, read,
                                           replacing=iri in states)
        batch: dict[str, ExtractedGraph] = {}
        batch_quads = 0
        for document, result in extracted:
            if isinstance(result, IngestError):
                yield document, DocumentResult(document.source, Outcome.FAILED,
                                               reason=result.reason)
                continue
            if result.iri in states:
                yield document, self._write_replacement(result)
                continue
            batch[result.iri] = result
            batch_quads += result.size
            if batch_quads >= BATCH_QUADS:
                yield from self._write_batch(batch)
                batch, batch_quads = {}, 0
        yield from self._write_batch(batch)

    def _write_replacement(self, graph: ExtractedGraph) -> DocumentResult:
        try:
            if self.on_replace is not None:  # e.g. what the old version said, to derive
                self.on_replace(graph.iri)
            self.store.replace_graph(graph.iri, graph.quads)
        except StoreError as error:
            return DocumentResult(graph.document.source, Outcome.FAILED, graph.iri, str(error))
        return DocumentResult(graph.document.source, Outcome.REPLACED, graph.iri, quads=graph.size,
                              actions=graph.actions, warnings=graph.warnings, lost=graph.lost)

    def _write_batch(
        self, batch: dict[str, ExtractedGraph]
    ) -> Iterator[tuple[Document, DocumentResult]]:
        if not batch:
            return
        failed: dict[str, str] = {}
        try:
            self.store.add_nquads(b"".join(graph.nquads for graph in batch.values()),
                                  list(batch))
        except GraphWriteError as error:  # a remote store writes graph by graph
            failed = error.failed
        except StoreError as error:
            failed = dict.fromkeys(batch, str(error))
        for graph in batch.values():
            if graph.iri in failed:
                yield graph.document, DocumentResult(
                    graph.document.source, Outcome.FAILED, graph.iri, failed[graph.iri])
                continue
            yield graph.document, DocumentResult(
                graph.document.source, Outcome.INGESTED, graph.iri,
                quads=graph.size, actions=graph.actions, warnings=graph.warnings,
                lost=graph.lost)

    def _get_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: the parent holds an open RocksDB store and its threads
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=get_context("spawn"),
                initializer=_init_worker,
                initargs=(self.minter.base, self.pipeline.settings(), lifeline(), settings()),
            )
        return self._pool

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._pool is not None:
            # not waiting: a worker's exit (its interpreter freeing the model) takes about a
            # second, which the derivations that follow an ingest need not wait for
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
