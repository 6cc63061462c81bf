"""Loaders on good input: plain text (with and without a header block), HTML, JSON, JSONL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tradegraph.ingest.errors import LoadError
from tradegraph.ingest.loaders import load_file, loader_for
from tradegraph.ingest.sources.news.text import split_header
from tradegraph.ontology.models import Document


def load_one(path: Path) -> Document:
    results = load_file(path)
    assert len(results) == 1, results
    document = results[0]
    assert isinstance(document, Document), document
    return document


# ------------------------------------------------------------------ plain text


def test_header_block_gives_metadata_and_body(fixtures: Path) -> None:
    document = load_one(fixtures / "with_header.txt")
    assert document.key == "with-header"
    assert document.source == str(fixtures / "with_header.txt")
    assert document.title == "Commerce adds Huawei to the Entity List"
    assert document.url == "https://example.org/news/huawei-entity-list"
    assert document.published == dt.date(2019, 5, 16)
    assert document.publisher == "Example Trade Desk"
    assert document.metadata == {"author": "Test Writer"}


def test_body_excludes_header_so_offsets_count_from_the_body(fixtures: Path) -> None:
    document = load_one(fixtures / "with_header.txt")
    raw = (fixtures / "with_header.txt").read_text("utf-8")
    body_start = raw.index("The Commerce Department")
    assert document.text.startswith("The Commerce Department added Huawei")
    assert "title:" not in document.text
    assert document.text == raw[body_start:].rstrip()
    assert document.text.index("Huawei said") == raw.index("Huawei said") - body_start


def test_text_without_header_is_all_body(fixtures: Path) -> None:
    # "SUMMARY:" is upper case and not a known key: the line is body, not header
    document = load_one(fixtures / "plain.txt")
    assert document.key == "plain"
    assert document.text.startswith("SUMMARY: The Commerce Department")
    assert document.title is None
    assert document.published is None


def test_header_needs_a_known_key() -> None:
    text = "note: keep this\nmood: calm\n\nBody text."
    assert split_header(text) == ({}, text)


def test_header_line_that_is_not_key_value_makes_it_body() -> None:
    text = "title: A title\nThis line is prose, not a field.\n\nBody text."
    assert split_header(text) == ({}, text)


def test_header_with_crlf_and_free_form_date(tmp_path: Path) -> None:
    path = tmp_path / "Windows File.txt"
    path.write_bytes(
        b"title: Licenses approved\r\npublished: Nov. 20, 2019\r\nid: Licenses 2019\r\n\r\n"
        b"The Commerce Department approved some licenses.\r\nMore text.\r\n"
    )
    document = load_one(path)
    assert document.key == "licenses-2019"  # from `id`, slugified
    assert document.published == dt.date(2019, 11, 20)
    assert document.text == "The Commerce Department approved some licenses.\nMore text."


def test_unreadable_date_is_kept_as_metadata(tmp_path: Path) -> None:
    path = tmp_path / "undated.txt"
    path.write_text("title: Undated\ndate: some day soon\n\nBody text.\n", "utf-8")
    document = load_one(path)
    assert document.published is None
    assert document.metadata == {"date": "some day soon"}


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufefftitle: With BOM\n\nBody text.".encode())
    document = load_one(path)
    assert document.title == "With BOM"
    assert document.text == "Body text."


# ------------------------------------------------------------------ HTML


def test_html_article_title_metadata_and_body(fixtures: Path) -> None:
    document = load_one(fixtures / "article.html")
    assert document.key == "article"
    assert document.title == "Commerce adds Huawei to Entity List"
    assert document.url == "https://example.org/news/huawei-entity-list"
    assert document.publisher == "Example Trade Desk"
    assert document.published == dt.date(2019, 5, 16)
    assert document.doc_type == "web article"
    assert "added Huawei Technologies Co. to the Entity List on Wednesday" in document.text
    assert "executive order signed by President Donald Trump" in document.text


def test_html_drops_navigation_and_footer(fixtures: Path) -> None:
    text = load_one(fixtures / "article.html").text
    for furniture in ("Home page", "Markets and economy", "Navigation menu",
                      "All rights reserved", "Privacy policy", "<p>"):
        assert furniture not in text


def test_html_paragraphs_are_separated_by_blank_lines(fixtures: Path) -> None:
    text = load_one(fixtures / "article.html").text
    paragraphs = text.split("\n\n")
    assert any(p.startswith("The Commerce Department added") for p in paragraphs)
    assert any(p.startswith("Huawei said in a statement") for p in paragraphs)


def test_html_in_declared_legacy_charset(tmp_path: Path) -> None:
    html = (
        '<html><head><meta charset="windows-1252"><title>Caf\xe9 rule</title></head><body>'
        "<article><p>The Commerce Department added Huawei to the Entity List on Wednesday, "
        "and the caf\xe9 owners in the story said nothing about it at all.</p>"
        "<p>Huawei said it would look at its options in the weeks to come and respond.</p>"
        "</article></body></html>"
    )
    path = tmp_path / "legacy.htm"
    path.write_bytes(html.encode("windows-1252"))
    assert "café owners" in load_one(path).text


# ------------------------------------------------------------------ JSON


def test_json_object(fixtures: Path) -> None:
    document = load_one(fixtures / "single.json")
    assert document.key == "smic-2020"
    assert document.title == "SMIC joins the Entity List"
    assert document.url == "https://example.org/news/smic"
    assert document.published == dt.date(2020, 12, 18)
    assert document.publisher == "Example Trade Desk"
    assert document.metadata == {"section": "technology"}
    assert document.text.startswith("The Commerce Department added Semiconductor")


def test_json_list_loads_each_item(fixtures: Path) -> None:
    results = load_file(fixtures / "list.json")
    assert len(results) == 3
    first, _, third = results
    assert isinstance(first, Document)
    assert isinstance(third, Document)
    assert (first.key, first.published) == ("list-1", dt.date(2018, 4, 16))
    assert (third.key, third.published) == ("list-3", dt.date(2018, 7, 13))
    assert third.title == "ZTE order lifted"


def test_json_list_bad_item_fails_alone(fixtures: Path) -> None:
    second = load_file(fixtures / "list.json")[1]
    assert isinstance(second, LoadError)
    assert second.source == str(fixtures / "list.json")
    assert "item 2" in second.reason
    assert "text" in second.reason


def test_jsonl_one_document_per_line(fixtures: Path) -> None:
    results = load_file(fixtures / "items.jsonl")
    assert all(isinstance(result, Document) for result in results)
    titles = [result.title for result in results if isinstance(result, Document)]
    assert titles == ["Hikvision listed", "Dahua listed"]
    keys = [result.key for result in results if isinstance(result, Document)]
    assert len(set(keys)) == 2


def test_jsonl_bad_line_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "mixed.ndjson"
    path.write_text('{"text": "First."}\n{"text": oops}\n{"text": "Third."}\n', "utf-8")
    results = load_file(path)
    assert [type(result) for result in results] == [Document, LoadError, Document]
    error = results[1]
    assert isinstance(error, LoadError)
    assert "line 2" in error.reason
    assert "malformed JSON" in error.reason


# ------------------------------------------------------------------ choice of loader


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    as_json = tmp_path / "story.data"
    as_json.write_text('{"text": "The Commerce Department acted.", "title": "Sniffed"}', "utf-8")
    as_html = tmp_path / "page.data"
    as_html.write_bytes((Path(__file__).parent / "fixtures" / "article.html").read_bytes())
    as_text = tmp_path / "note.data"
    as_text.write_text("title: Plain\n\nJust words.", "utf-8")
    assert load_one(as_json).title == "Sniffed"
    assert load_one(as_html).publisher == "Example Trade Desk"
    assert load_one(as_text).text == "Just words."


def test_loader_by_extension_ignores_content(tmp_path: Path) -> None:
    path = tmp_path / "looks-like-json.txt"
    path.write_text('{"text": "not parsed as JSON"}', "utf-8")
    document = load_one(path)
    assert document.text == '{"text": "not parsed as JSON"}'
    assert loader_for(path)(path) == [document]
