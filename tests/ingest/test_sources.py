"""The registry of source kinds: one `Source` protocol, kinds found by suffix or JSON
shape, each document read by its kind's extractor; the prose engine knows no kind."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tradegraph.ingest.errors import ExtractionError, LoadError
from tradegraph.ingest.extraction import ExtractionPipeline
from tradegraph.ingest.loaders import discover, known_suffixes, load_file
from tradegraph.ingest.pipeline import NewsPipeline
from tradegraph.ingest.sources import kind_of, registry, source_named, sources
from tradegraph.ingest.sources.base import DocumentExtractor, Source
from tradegraph.ontology.models import Document, Extraction

NOTE = "memo"


class MemoExtractor:
    """Reads a memo: its prose, nothing else (enough to see it is called)."""

    name = NOTE
    version = "1"

    def __init__(self, prose: NewsPipeline) -> None:
        self.prose = prose

    def extract(self, document: Document) -> Extraction:
        facts = self.prose.extract(document.model_copy(update={"structured": None}))
        return facts.model_copy(update={"document": document, "extractor": "memo"})


class MemoSource:
    """A kind we invent: `.memo` files, and JSON objects with a `memo` field."""

    kind = NOTE
    structured = True
    suffixes = frozenset({".memo"})

    def max_bytes(self) -> int:
        return 10_000

    def load(self, path: Path) -> list[Document | LoadError]:
        return [self._document(path.read_text("utf-8"), str(path), path.stem)]

    def refusal(self, header: str) -> str | None:
        return None

    def recognise(self, value: Any, source: str, key: str) -> list[Document | LoadError] | None:
        if isinstance(value, dict) and isinstance(value.get("memo"), str):
            return [self._document(value["memo"], source, key)]
        return None

    def extractor(self, prose: NewsPipeline) -> DocumentExtractor:
        return MemoExtractor(prose)

    def _document(self, text: str, source: str, key: str) -> Document:
        return Document(key=key, text=text, source=source, structured=NOTE)


@pytest.fixture
def with_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry with one more kind, before the news kind (which reads any JSON)."""
    memo: Source = MemoSource()
    monkeypatch.setattr(registry, "SOURCES", (*registry.SOURCES[:-1], memo,
                                              registry.SOURCES[-1]))


def test_the_registered_kinds() -> None:
    assert [s.kind for s in sources()] == ["federal-register", "screening-list",
                                          "fcc-covered-list", "news"]
    assert {".txt", ".html", ".csv", ".tsv", ".json", ".jsonl"} <= known_suffixes()


@pytest.mark.usefixtures("with_memo")
def test_a_new_kind_is_one_registry_line(tmp_path: Path) -> None:
    memo = tmp_path / "a.memo"
    memo.write_text("The Commerce Department added Huawei to the Entity List.", "utf-8")
    as_json = tmp_path / "b.json"
    as_json.write_text(json.dumps({"memo": "Nothing happened."}), "utf-8")
    news = tmp_path / "c.json"
    news.write_text(json.dumps({"text": "The Commerce Department met."}), "utf-8")
    assert set(discover([tmp_path]).files) == {memo, as_json, news}
    [document] = load_file(memo)
    assert isinstance(document, Document) and kind_of(document) == NOTE
    [other] = load_file(as_json)
    assert isinstance(other, Document) and other.structured == NOTE
    [prose] = load_file(news)
    assert isinstance(prose, Document) and kind_of(prose) == "news"
    pipeline = ExtractionPipeline()
    facts = pipeline.extract(document)
    assert facts.extractor == "memo"
    assert [a.type.value for a in facts.actions] == ["EntityListAddition"]
    assert pipeline.fingerprint_for(document).endswith("+memo/1")
    assert pipeline.fingerprint_for(prose) == pipeline.fingerprint


def test_an_unknown_kind_is_an_error_naming_the_document() -> None:
    document = Document(key="x", text="Some text.", source="odd.txt", structured="tablet")
    with pytest.raises(ExtractionError, match=r"odd\.txt: no extractor for 'tablet'.*known: "):
        ExtractionPipeline().extract(document)
    with pytest.raises(ExtractionError, match="known: federal-register"):
        source_named("tablet")


def test_the_prose_engine_refuses_a_structured_document() -> None:
    document = Document(key="x", text="a,b", source="list.csv", structured="screening-list")
    with pytest.raises(ExtractionError, match="read by its own extractor"):
        NewsPipeline().extract(document)


def test_a_json_file_of_no_kind_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "numbers.json"
    path.write_text("[1, 2, 3]", "utf-8")
    errors = load_file(path)
    assert [str(e) for e in errors] == [
        f"{path}: item {n}: expected a JSON object, found int" for n in (1, 2, 3)]
    assert all(isinstance(e, LoadError) for e in errors)


@pytest.mark.parametrize("first", ["tradegraph.ingest.pipeline", "tradegraph.ingest.sources",
                                   "tradegraph.ingest.sources.federal_register.extractor",
                                   "tradegraph.ingest.loaders.common",
                                   "tradegraph.ingest.extraction"])
def test_no_import_circle(first: str) -> None:
    """Each module imports on its own, first; the prose engine imports no source kind."""
    code = (f"import sys, {first}\n"
            "import tradegraph.ingest.pipeline\n"
            "bad = [m for m in sys.modules if m.startswith('tradegraph.ingest.sources')]\n"
            f"print('ok' if {first!r} != 'tradegraph.ingest.pipeline' or not bad else bad)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "ok"
