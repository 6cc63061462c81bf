"""Loaders on bad input: every failure is one `LoadError` naming the input and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradegraph.ingest.errors import IngestError, LoadError
from tradegraph.ingest.loaders import load_file
from tradegraph.ingest.reading import MAX_BYTES_ENV, max_document_bytes


def load_error(path: Path) -> LoadError:
    results = load_file(path)
    assert len(results) == 1, results
    error = results[0]
    assert isinstance(error, LoadError), error
    assert error.source == str(path)
    assert str(error) == f"{path}: {error.reason}"
    return error


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_load_error_is_an_ingest_error() -> None:
    error = LoadError("a.txt", "file is empty")
    assert isinstance(error, IngestError)
    assert str(error) == "a.txt: file is empty"


@pytest.mark.parametrize("name", ["empty.txt", "empty.html", "empty.json"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    assert load_error(write(tmp_path, name, b"")).reason == "file is empty"


def test_whitespace_only_file(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "blank.txt", b"  \n\t\r\n  \n"))
    assert error.reason == "file holds only whitespace"


def test_nul_bytes_are_binary(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "nul.txt", b"Commerce added\x00\x00 Huawei"))
    assert "binary content" in error.reason


def test_png_header_is_named(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "picture.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(64))))
    assert error.reason.startswith("binary content (a PNG image)")


def test_pdf_with_text_extension(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "rule.txt", b"%PDF-1.7\n%binary\n1 0 obj"))
    assert "a PDF file" in error.reason


def test_invalid_utf8_names_byte_offset_and_line(tmp_path: Path) -> None:
    data = b"The Commerce Department\nadded caf\xe9 owners"
    error = load_error(write(tmp_path, "latin1.txt", data))
    assert "not valid UTF-8" in error.reason
    assert "0xe9" in error.reason
    bad = data.index(b"\xe9")
    assert f"offset {bad}," in error.reason
    assert "line 2" in error.reason


def test_invalid_utf8_after_a_bom_names_the_right_byte(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbfTitle\nbad \xff byte"
    error = load_error(write(tmp_path, "bom.txt", data))
    bad = data.index(b"\xff")
    assert f"byte 0xff at offset {bad}, line 2" in error.reason


def test_oversized_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MAX_BYTES_ENV, "100")
    assert max_document_bytes() == 100
    error = load_error(write(tmp_path, "long.txt", b"The Commerce Department acted. " * 10))
    assert "over the 100 bytes limit" in error.reason
    assert "file is 310 bytes" in error.reason


def test_size_limit_ignores_garbage_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MAX_BYTES_ENV, "ten megabytes")
    assert max_document_bytes() == 10 * 1024 * 1024


def test_file_at_the_limit_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"The Commerce Department acted."
    monkeypatch.setenv(MAX_BYTES_ENV, str(len(data)))
    results = load_file(write(tmp_path, "fits.txt", data))
    assert not isinstance(results[0], LoadError)


def test_missing_file(tmp_path: Path) -> None:
    assert load_error(tmp_path / "nowhere.txt").reason == "no such file"


def test_directory_is_not_a_document(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert load_error(folder).reason == "not a regular file"


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "secret.txt", b"The Commerce Department acted.")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert load_error(path).reason == "permission denied"


def test_header_without_body(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "header.txt", b"title: Only a title\n\n\n"))
    assert error.reason == "document has no body text"


def test_header_only_file_has_no_body(tmp_path: Path) -> None:
    # a file of header lines and no blank line is metadata without an article, not an article
    data = b"title: Only a title\npublished: 2019-05-16\n"
    error = load_error(write(tmp_path, "header-only.txt", data))
    assert error.reason == "document has no body text"


# ------------------------------------------------------------------ HTML


def test_html_without_tags(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "plain.html", b"Just a sentence, no markup at all."))
    assert error.reason == "malformed HTML: no HTML tags found"


def test_html_without_extractable_text(fixtures: Path) -> None:
    error = load_error(fixtures / "no_article.html")
    assert "no main text could be extracted" in error.reason


def test_html_with_unknown_charset(tmp_path: Path) -> None:
    data = b'<html><head><meta charset="klingon-8"></head><body><p>Text.</p></body></html>'
    error = load_error(write(tmp_path, "odd.html", data))
    assert "unknown charset 'klingon-8'" in error.reason


# ------------------------------------------------------------------ JSON


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "broken.json", b'{\n  "text": "Huawei",\n  "title": }\n'))
    assert error.reason.startswith("malformed JSON")
    assert "line 3 column 12" in error.reason


def test_malformed_jsonl_names_the_file_line(tmp_path: Path) -> None:
    path = write(tmp_path, "feed.jsonl", b'{"text": "Huawei"}\n\n{"text": }\n')
    errors = [r for r in load_file(path) if isinstance(r, LoadError)]
    assert len(errors) == 1
    assert "line 3, column 10" in errors[0].reason
    assert "line 1" not in errors[0].reason


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_text_is_named_as_such(tmp_path: Path, encoding: str) -> None:
    data = "Huawei was added.".encode(encoding)
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = b"\xfe\xff" + data
    error = load_error(write(tmp_path, "wide.txt", data))
    assert error.reason.startswith("UTF-16 text")
    assert "convert the file to UTF-8" in error.reason


def test_json_without_text(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "untitled.json", b'{"title": "No body"}'))
    assert error.reason == "document: text: Field required"


def test_json_with_empty_text(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "blank.json", b'{"text": ""}'))
    assert "text" in error.reason
    assert "at least 1 character" in error.reason


def test_json_of_wrong_shape(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "number.json", b'"just a string"'))
    assert error.reason == "document: expected a JSON object, found str"


def test_json_empty_list(tmp_path: Path) -> None:
    assert load_error(write(tmp_path, "none.json", b"[]")).reason == "JSON holds no documents"


def test_json_list_each_bad_item_named(tmp_path: Path) -> None:
    data = b'[{"text": "Good."}, 7, {"title": "no text"}, {"text": "Also good."}]'
    results = load_file(write(tmp_path, "mixed.json", data))
    reasons = [r.reason if isinstance(r, LoadError) else None for r in results]
    assert reasons == [
        None,
        "item 2: expected a JSON object, found int",
        "item 3: text: Field required",
        None,
    ]
