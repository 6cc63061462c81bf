"""The whole extraction: each document to the extractor of its source kind.

`ExtractionPipeline` builds the prose engine (`NewsPipeline`) once, and from it every
registered kind's extractor. Its settings (gazetteer, lexicon, merge statements, the parties
the store knows) can be sent to worker processes, which build the same pipeline from them.
`extract_many` reads a batch of documents (a worker's chunk): prose documents together, so
that the trained model reads all their sentences at once (`NewsPipeline.extract_many`),
the others one by one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from tradegraph.ingest.errors import ExtractionError, IngestError, guarded
from tradegraph.ingest.known_parties import KnownParties
from tradegraph.ingest.lexicon import ActionLexicon, load_action_lexicon
from tradegraph.ingest.merges import MergeRules
from tradegraph.ingest.sources import DocumentExtractor, kind_of, source_named, sources
from tradegraph.ingest.sources.base import structured_fingerprint
from tradegraph.ontology.gazetteer import Gazetteer, load_gazetteer
from tradegraph.ontology.models import Document, Extraction

if TYPE_CHECKING:
    from tradegraph.ingest.pipeline import NewsPipeline


@dataclass(frozen=True)
class PipelineSettings:
    """What a pipeline is built from, in a form a worker process can receive (pickled).

    `gazetteer` and `lexicon` are None when they are the packaged ones, so workers load
    their own copy instead of receiving it."""

    merges: str
    gazetteer: Gazetteer | None = None
    lexicon: ActionLexicon | None = None
    known: KnownParties | None = None
    """The parties the store knows, recognised in prose like gazetteer names."""

    def build(self) -> ExtractionPipeline:
        """The pipeline these settings describe."""
        return ExtractionPipeline(self.gazetteer, self.lexicon,
                                  MergeRules.model_validate_json(self.merges), self.known)


class ExtractionPipeline:
    """Extraction of any loaded document, by the extractor of its kind."""

    def __init__(
        self, gazetteer: Gazetteer | None = None, lexicon: ActionLexicon | None = None,
        merges: MergeRules | None = None, known: KnownParties | None = None,
    ) -> None:
        # imported here: the prose engine loads spaCy, which commands that only read the
        # store (query, explore, serve) should not wait for
        from tradegraph.ingest.pipeline import NewsPipeline

        self.prose: NewsPipeline = NewsPipeline(gazetteer, lexicon, merges, known)
        self.extractors: dict[str, DocumentExtractor] = {
            source.kind: source.extractor(self.prose) for source in sources()}

    @property
    def merges(self) -> MergeRules:
        """The user's merge statements the prose engine applies."""
        return self.prose.merges

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer names are resolved with."""
        return self.prose.gazetteer

    @property
    def fingerprint(self) -> str:
        """The prose engine's fingerprint (that of every prose document)."""
        return self.prose.fingerprint

    @property
    def version(self) -> str:
        """The installed version of tradegraph."""
        return self.prose.version

    def settings(self) -> PipelineSettings:
        """How to build this pipeline again in another process."""
        gazetteer = self.prose.gazetteer
        lexicon = self.prose.lexicon
        return PipelineSettings(
            self.merges.model_dump_json(),
            None if gazetteer is load_gazetteer() else gazetteer,
            None if lexicon is load_action_lexicon() else lexicon,
            self.prose.known if len(self.prose.known) else None)

    def extractor_for(self, document: Document) -> DocumentExtractor:
        """The extractor of the document's kind (ExtractionError if none is registered)."""
        kind = kind_of(document)
        extractor = self.extractors.get(kind)
        if extractor is None:
            source_named(kind, document.source)  # raises, naming the known kinds
        assert extractor is not None
        return extractor

    def fingerprint_for(self, document: Document) -> str:
        """The fingerprint of what extracts `document`: the prose engine, and for a
        structured document also its extractor."""
        extractor = self.extractors.get(kind_of(document))
        if extractor is None or not document.structured:
            return self.prose.fingerprint
        return structured_fingerprint(self.prose, extractor)

    def extract(self, document: Document) -> Extraction:
        """The facts of one document, ready for the mapping to RDF."""
        extractor = self.extractor_for(document)
        return guarded(document, lambda: extractor.extract(document))

    def extract_many(self, documents: Sequence[Document]) -> list[Extraction | IngestError]:
        """`extract` of each document, in order: the error `extract` would raise in the
        place of a document that fails, the others extracted all the same. Documents
        whose extractor reads several at once (prose) are given to it together."""
        results: dict[int, Extraction | IngestError] = {}
        batches: dict[str, tuple[ManyExtractor, list[int]]] = {}
        for index, document in enumerate(documents):
            try:
                extractor = self.extractor_for(document)
                if isinstance(extractor, ManyExtractor):
                    batches.setdefault(extractor.name, (extractor, []))[1].append(index)
                else:
                    results[index] = self.extract(document)
            except IngestError as error:
                results[index] = error
        for many, indexes in batches.values():
            found = many.extract_many([documents[index] for index in indexes])
            for index, result in zip(indexes, found, strict=True):
                results[index] = result
        return [results[index] for index in range(len(documents))]

    def read_together(self, documents: Sequence[Document]) -> Chunk:
        """The documents extracted together (`extract_many`), to be taken one by one as
        from `extract`."""
        return Chunk(self, documents)


class Chunk:
    """Documents extracted together (a worker's chunk), given back one by one as
    `ExtractionPipeline.extract` gives them: the extraction, or the error raised. Where
    documents are extracted one at a time (`extract_graph`), a chunk stands in for the
    pipeline."""

    def __init__(self, pipeline: ExtractionPipeline, documents: Sequence[Document]) -> None:
        self.pipeline = pipeline
        self.documents = list(documents)  # kept: the results are found by identity
        self._results = {id(document): result for document, result in zip(
            self.documents, pipeline.extract_many(self.documents), strict=True)}

    def extract(self, document: Document) -> Extraction:
        """The document's extraction (read now if it was not in the chunk)."""
        result = self._results.get(id(document))
        if result is None:
            return self.pipeline.extract(document)
        if isinstance(result, IngestError):
            raise result
        return result


@runtime_checkable
class ManyExtractor(Protocol):
    """An extractor that reads several documents at once faster than one by one."""

    name: str

    def extract_many(self, documents: Sequence[Document]) -> list[Extraction | ExtractionError]:
        """`extract` of each document, in order, an error in the place of one that fails."""
        ...


@runtime_checkable
class PartExtractor(Protocol):
    """An extractor that can read a large document in parts (a screening list)."""

    def reads_in_parts(self, document: Document, rows_per_part: int) -> bool:
        """Whether this document is large enough to be read in parts."""
        ...

    def extract_parts(self, document: Document, rows_per_part: int) -> Iterator[Extraction]:
        """The document's facts in parts, its own statements in the last part."""
        ...


def extract_parts(pipeline: ExtractionPipeline, document: Document,
                  rows_per_part: int) -> Iterator[Extraction] | None:
    """A document's facts in parts (of about `rows_per_part` rows for a list; a section each
    for a long text), if its kind reads in parts and the document is large enough; else
    None (extract it whole). A failure becomes an ExtractionError naming the document, as
    `extract` makes it."""
    extractor = pipeline.extractor_for(document)
    if not isinstance(extractor, PartExtractor) or not extractor.reads_in_parts(
            document, rows_per_part):
        return None
    return _guarded_parts(document, extractor.extract_parts(document, rows_per_part))


def _guarded_parts(document: Document, parts: Iterator[Extraction]) -> Iterator[Extraction]:
    while True:
        part = guarded(document, lambda: next(parts, None))
        if part is None:
            return
        yield part
