"""Documents read together (#28): a worker's chunk goes through the pipeline stage by stage,
and the trained model reads the chosen sentences of all its documents in one call per kind.
The results must be those of reading each document alone. Every text is one we wrote."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from tradegraph.graph.loading import ingestion
from tradegraph.graph.loading.ingestion import _extract_chunk
from tradegraph.ingest import pipeline as pipeline_module
from tradegraph.ingest.errors import ExtractionError, IngestError
from tradegraph.ingest.extraction import ExtractionPipeline, PipelineSettings
from tradegraph.ingest.loaders import load_file
from tradegraph.ingest.merges import MergeRules
from tradegraph.ingest.nlp import trained_english
from tradegraph.ingest.pipeline import NewsPipeline
from tradegraph.ingest.stages.reading import Reader, ReadRequest
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.models import Document, Extraction

PUBLISHED = dt.date(2021, 3, 4)

WRITTEN = [
    # names no gazetteer lists (the recogniser reads them), and sentences whose structure
    # matters (two triggers, a clause cue: the parser reads them)
    "Northwind Traders Ltd. said on Tuesday that the Commerce Department added Brightwater "
    "Optics and Lumen Fabrication to the Entity List, while the Treasury Department "
    "sanctioned Harbor Crest Shipping. Maria Delgado, a spokeswoman, declined to comment.",
    "The Bureau of Industry and Security removed Polaris Avionics from the Entity List after "
    "the firm agreed to an audit, officials at Kestrel Analytics told reporters in Geneva.",
    "Canada imposed tariffs on steel from Veltria on Monday. Ottawa said the duties, which "
    "take effect in June, answer the countervailing duties Veltria imposed in January.",
    "Senator Alan Brooks welcomed the decision. Quillon Robotics, which makes industrial arms, "
    "said it had not been told why it was listed and that it would appeal the order.",
]
"""Documents written for these tests: names nobody listed, sentences the parser reads."""


def written(index: int, text: str) -> Document:
    return Document(key=f"written-{index}", text=text, source=f"written-{index}.txt",
                    published=PUBLISHED)


def fixture_documents(fixtures: Path) -> list[Document]:
    """Our fixture documents: plain text, a header, HTML, JSON lines, a Federal Register
    rule (a structured document, read by its own extractor), the evaluation notes."""
    paths = [fixtures / "plain.txt", fixtures / "with_header.txt", fixtures / "article.html",
             fixtures / "items.jsonl", fixtures / "federal_register" / "2019-10616.json",
             *sorted((fixtures / "eval" / "docs").iterdir())]
    documents = [d for path in paths for d in load_file(path) if isinstance(d, Document)]
    assert any(d.structured for d in documents) and len(documents) >= 8
    return documents


def dumped(results: Iterable[Extraction | IngestError]) -> list[Any]:
    return [str(r) if isinstance(r, IngestError) else r.model_dump(mode="json")
            for r in results]


class CountingReader(Reader):
    """The real reader, counting the model's `nlp.pipe` calls and the readings asked for."""

    def __init__(self, nlp: Language, *, failing_word: str | None = None) -> None:
        super().__init__(nlp)
        self.pipe_calls: list[int] = []
        """Docs given to each `nlp.pipe` call."""
        self.kinds: list[str] = []
        self.failing_word = failing_word

    def read(self, requests: Sequence[ReadRequest]) -> None:
        """Count, then read (or fail on a sentence holding the failing word, as a model
        that cannot read one document would)."""
        self.kinds += [request.kind for request in requests]
        for request in requests:
            for sentence in request.sentences:
                words = request.analysis.doc[sentence.token_start:sentence.token_end]
                if self.failing_word in {token.text for token in words}:
                    raise RuntimeError(f"cannot read {self.failing_word!r}")
        super().read(requests)

    @contextmanager
    def counting(self) -> Iterator[None]:
        pipe = self.nlp.pipe

        def counted(docs: Any, **options: Any) -> Any:
            docs = list(docs)
            self.pipe_calls.append(len(docs))
            return pipe(docs, **options)

        self.nlp.pipe = counted  # type: ignore[method-assign]
        try:
            yield
        finally:
            del self.nlp.pipe  # the instance attribute goes: the method shows again


@pytest.fixture
def counting() -> Iterator[CountingReader]:
    reader = CountingReader(trained_english())
    with reader.counting():
        yield reader


def test_a_chunk_read_together_gives_what_each_document_read_alone_gives(
        pipeline: ExtractionPipeline, fixtures: Path) -> None:
    documents = fixture_documents(fixtures) + [written(i, t) for i, t in enumerate(WRITTEN)]
    alone = [pipeline.extract(document) for document in documents]
    together = pipeline.extract_many(documents)
    assert dumped(together) == dumped(alone)
    assert sum(len(e.actions) for e in alone) >= 8  # the documents state facts to compare
    # and the same again in another order: no document's reading depends on another's
    assert dumped(pipeline.extract_many(documents[::-1])) == dumped(alone[::-1])


def test_the_model_reads_a_whole_chunk_in_one_call_per_kind(
        counting: CountingReader) -> None:
    prose = NewsPipeline(reader=counting)
    documents = [written(i, text) for i, text in enumerate(WRITTEN)]
    analyses = [prose.analyze(document) for document in documents]
    alone_calls = len(counting.pipe_calls)
    # each document alone: one call per kind it needs, so at least one per document
    assert alone_calls >= len(documents)
    assert any(r.parsed for a in analyses for r in a.readings.values())
    counting.pipe_calls.clear()
    together = prose.analyze_many(documents)
    assert len(counting.pipe_calls) == 2  # named entities, then trees: for all documents
    assert counting.pipe_calls[0] + counting.pipe_calls[1] >= alone_calls
    for one, other in zip(analyses, together, strict=True):
        assert not isinstance(other, ExtractionError)
        assert sorted(one.readings) == sorted(other.readings)
        assert [(m.surface, m.ref, m.method) for m in one.mentions] == [
            (m.surface, m.ref, m.method) for m in other.mentions]
        assert one.actions == other.actions


def test_a_document_that_fails_fails_alone_and_the_others_are_read() -> None:
    reader = CountingReader(trained_english(), failing_word="Polaris")
    prose = NewsPipeline(reader=reader)
    documents = [written(i, text) for i, text in enumerate(WRITTEN)]
    results = prose.extract_many(documents)
    with pytest.raises(ExtractionError) as alone:
        prose.extract(documents[1])
    failed = results[1]
    assert isinstance(failed, ExtractionError) and str(failed) == str(alone.value)
    assert failed.reason == "extraction failed (RuntimeError: cannot read 'Polaris')"
    others = [prose.extract(d) for i, d in enumerate(documents) if i != 1]
    assert dumped(r for i, r in enumerate(results) if i != 1) == dumped(others)


def test_a_worker_s_chunk_keeps_its_contract_one_result_per_document_in_order(
        fixtures: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    documents = [written(i, text) for i, text in enumerate(WRITTEN)]
    unknown = Document(key="odd", text="A text.", source="odd.json", structured="no-such-kind")
    chunk = [documents[0], unknown, *documents[1:]]
    # the state `_init_worker` gives a worker process (not called here: it also ends the
    # process it runs in without teardown, which would end pytest with exit status 0)
    monkeypatch.setattr(ingestion, "_worker_pipeline",
                        PipelineSettings(MergeRules().model_dump_json()).build())
    monkeypatch.setattr(ingestion, "_worker_minter", IriMinter("https://w3id.org/tradegraph/id/"))
    results = _extract_chunk(chunk)
    assert len(results) == len(chunk)
    assert isinstance(results[1], str) and "no extractor for 'no-such-kind'" in results[1]
    alone = [_extract_chunk([document])[0] for document in documents]
    assert [r for i, r in enumerate(results) if i != 1] == alone
    assert all(not isinstance(r, str) and r[1] >= 1 for r in alone)  # each states an act


def test_a_batch_holds_at_most_together_chars_of_text_with_the_same_results(
        counting: CountingReader, monkeypatch: pytest.MonkeyPatch) -> None:
    prose = NewsPipeline(reader=counting)
    documents = [written(i, text) for i, text in enumerate(WRITTEN)]
    alone = [prose.extract(document) for document in documents]
    # a batch holds at most TOGETHER_CHARS of text: here two of these documents
    monkeypatch.setattr(pipeline_module, "TOGETHER_CHARS", 2 * max(map(len, WRITTEN)))
    counting.pipe_calls.clear()
    assert dumped(prose.extract_many(documents)) == dumped(alone)
    assert counting.pipe_calls == [2, 2, 2, 2]  # names, trees; names, trees
