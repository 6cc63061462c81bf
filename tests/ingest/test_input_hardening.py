"""Input that used to stop or fool the ingest (issue #26): JSON nested a thousand deep, a
lone surrogate escape, a named pipe with a `.csv` name, and invisible characters inside a
firm's name. Each gets a clear error naming the file, or is read as a reader would."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tradegraph.graph.screening.customers import CustomerListError, read_customers
from tradegraph.graph.screening.names import analyze
from tradegraph.ingest.errors import LoadError
from tradegraph.ingest.extraction import ExtractionPipeline
from tradegraph.ingest.loaders import load_file
from tradegraph.ingest.text import normalize, printable
from tradegraph.ontology.models import Document

DEEP = '{"text": "x", "extra": ' + "[" * 1000 + "]" * 1000 + "}"
ZW_NAME = "Hua\u200bwei Technologies Co., Ltd."
LIST_HEADER = "source,type,name,federal_register_notice,start_date\n"
EL = "Entity List (EL) - Bureau of Industry and Security"


def errors(path: Path) -> list[LoadError]:
    return [item for item in load_file(path) if isinstance(item, LoadError)]


def test_json_nested_a_thousand_deep_is_refused_with_its_file_and_place(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(DEEP, encoding="utf-8")
    [error] = errors(path)
    assert error.source == str(path)
    assert "nested deeper than 64 levels (line 1 column" in error.reason
    assert "TRADEGRAPH_MAX_JSON_DEPTH" in error.reason


def test_the_depth_limit_is_a_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "nested.json"
    path.write_text('{"text": "Officials spoke.", "extra": [[[[1]]]]}', encoding="utf-8")
    assert not errors(path)
    monkeypatch.setenv("TRADEGRAPH_MAX_JSON_DEPTH", "3")
    [error] = errors(path)
    assert "deeper than 3 levels" in error.reason


def test_one_deep_json_line_is_one_error_and_the_other_lines_are_read(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    path.write_text('{"text": "First item."}\n' + DEEP + '\n{"text": "Third item."}\n',
                    encoding="utf-8")
    loaded = load_file(path)
    assert [type(item).__name__ for item in loaded] == ["Document", "LoadError", "Document"]
    assert "line 2, column" in loaded[1].reason  # type: ignore[union-attr]


def test_a_lone_surrogate_escape_is_refused_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "surrogate.json"
    path.write_text('{"title": "t",\n "text": "Hua\\ud800wei was added."}', encoding="utf-8")
    [error] = errors(path)
    assert "lone surrogate escape (\\ud800)" in error.reason and "line 2" in error.reason
    pair = tmp_path / "pair.json"  # a pair of escapes is one character, and fine
    pair.write_text('{"text": "A smile \\ud83d\\ude00 in the text."}', encoding="utf-8")
    [document] = load_file(pair)
    assert isinstance(document, Document) and "\U0001f600" in document.text


@pytest.fixture
def pipe(tmp_path: Path) -> Iterator[Path]:
    """A named pipe with a `.csv` name (nothing ever writes to it)."""
    path = tmp_path / "list.csv"
    os.mkfifo(path)
    yield path
    # a reader blocked on the pipe (the bug) is released by a writer coming and going
    with contextlib.suppress(OSError):
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))


def finishes(work: object) -> object:
    """Run `work()` in a thread; its result, or a failure if it is still blocked after
    10 s (a read of a named pipe waits for a writer that never comes)."""
    result: list[object] = []

    def run() -> None:
        try:
            result.append(work())  # type: ignore[operator]
        except Exception as error:
            result.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(10)
    assert result, "still blocked on the named pipe"
    return result[0]


def test_a_named_pipe_is_refused_before_anything_reads_it(pipe: Path) -> None:
    loaded = finishes(lambda: load_file(pipe))
    assert isinstance(loaded, list)
    [error] = loaded
    assert isinstance(error, LoadError) and error.source == str(pipe)
    assert "not a regular file (a named pipe)" in error.reason


def test_screening_refuses_a_named_pipe(pipe: Path) -> None:
    outcome = finishes(lambda: read_customers(pipe))
    assert isinstance(outcome, CustomerListError)
    assert "named pipe" in str(outcome)


def test_invisible_characters_do_not_split_a_name_and_offsets_stay_right() -> None:
    text = f"The Commerce Department added {ZW_NAME} to the Entity List on May 16, 2019.\n"
    document = Document(key="zw", text=text, source="zw.txt", title="zw")
    extraction = ExtractionPipeline().extract(document)
    firms = {entity.key for entity in extraction.entities if entity.type.value == "Firm"}
    assert firms == {"huawei"}
    mention = next(m for m in extraction.mentions if m.entity.key == "huawei")
    assert text[mention.evidence.start:mention.evidence.end] == ZW_NAME
    assert mention.evidence.quote == ZW_NAME


def test_normalised_text_drops_invisible_characters_and_maps_back() -> None:
    text = "Added \u202eZTE\u202c and Hua\u00adwei\u200b  today."
    normalized = normalize(text)
    assert normalized.text == "Added ZTE and Huawei today."
    start = normalized.text.index("Huawei")
    assert text[slice(*normalized.to_original(start, start + 6))] == "Hua\u00adwei"


def test_a_list_row_with_invisible_characters_names_the_known_firm(tmp_path: Path) -> None:
    path = tmp_path / "el.csv"
    path.write_text(f'{LIST_HEADER}{EL},Entity,"{ZW_NAME}",84 FR 22961,2019-05-16\n',
                    encoding="utf-8")
    [document] = load_file(path)
    assert isinstance(document, Document)
    extraction = ExtractionPipeline().extract(document)
    assert [action.targets[0].key for action in extraction.actions] == ["huawei"]


def test_matching_reads_a_name_without_its_invisible_characters() -> None:
    assert analyze(ZW_NAME).text == "Huawei Technologies Co., Ltd."
    assert analyze(ZW_NAME).tokens == analyze("Huawei Technologies Co., Ltd.").tokens


def test_names_are_printed_with_control_and_invisible_characters_escaped() -> None:
    assert printable("list\n[ok] all good\u202e.csv\x1b[2J") == (
        "list\\n[ok] all good\\u202e.csv\\x1b[2J")
