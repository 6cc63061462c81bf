"""Reading an official document's layout: genre from its markers, Federal Register
sections, the title in the body, the lead, and the date its own act carries. Every text
here is written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from tradegraph.ingest.genres import Genre, genre_from_text
from tradegraph.ingest.layout import own_date, read_layout
from tradegraph.ingest.sources.news.text import date_notes, document_from_fields
from tradegraph.ingest.text import normalize
from tradegraph.ontology.models import Document

RULE = """Addition of Sample Entities to the Entity List

AGENCY: Bureau of Industry and Security, Commerce.

ACTION: Final rule.

SUMMARY: This rule adds two entities to the Entity List. They are located in Freedonia.

DATES: This rule is effective March 3, 2021.

FOR FURTHER INFORMATION CONTACT: Jane Roe, Office of Examples, phone 555-0100.
"""


def layout_of(text: str, **fields: object) -> tuple[Document, object]:
    document = Document(key="d", text=text, source="t", **fields)  # type: ignore[arg-type]
    normalized = normalize(text)
    return document, read_layout(document, normalized.text, normalized.block_starts)


@pytest.mark.parametrize(("text", "genre"), [
    (RULE, Genre.FEDERAL_REGISTER),
    ("WASHINGTON – Today, the agency added two firms to a list.", Genre.PRESS_RELEASE),
    ("Order Denying Export Privileges\n\nIn the Matter of: Acme Widgets", Genre.ORDER),
    ("Executive Order 99999 of May 1, 2031\n\nBy the authority vested in me as President",
     Genre.PRESIDENTIAL),
    ("A Congressional Research Service report on export controls.", Genre.REPORT),
    ("Ministry of Commerce Order No. 1 of 2031: Provisions on Sample Lists",
     Genre.FOREIGN_REGULATION),
    ("Markets rose on Tuesday as traders shrugged off the news.", Genre.UNKNOWN),
    # a word in capitals with a dash inside a sentence is no dateline
    ("The firm said the NEW RULES – as it called them – were unclear.", Genre.UNKNOWN),
])
def test_genre_from_the_texts_own_markers(text: str, genre: Genre) -> None:
    assert genre_from_text(text) is genre


def test_a_doc_type_wins_over_markers() -> None:
    document = Document(key="d", text=RULE, source="t", doc_type="news article")
    normalized = normalize(RULE)
    assert read_layout(document, normalized.text, normalized.block_starts).genre is Genre.NEWS


def test_federal_register_sections_title_and_lead() -> None:
    _, layout = layout_of(RULE, published=dt.date(2021, 3, 5))
    text = normalize(RULE).text
    assert set(layout.sections) >= {"agency", "action", "summary", "dates", "contact"}
    start, end = layout.sections["summary"]
    assert text[start:end].startswith("SUMMARY: This rule adds")
    assert layout.title is not None
    assert text[layout.title[0]:layout.title[1]] == "Addition of Sample Entities to the Entity List"
    assert layout.in_lead(text.index("This rule adds"))
    assert not layout.in_lead(text.index("Jane Roe"))
    assert layout.section_of(text.index("Jane Roe")) == "contact"
    # effective two days before publication: the rule's own act dates from then
    assert str(layout.own_date) == "2021-03-03"


def test_a_header_title_found_in_the_body_by_its_legible_start() -> None:
    text = "Vol. 9 Rules 100 Addition of Sample Entities to the 200 lines of other columns."
    document, layout = layout_of(text, title="Addition of Sample Entities to the Entity List "
                                             "(9 FR 100)", doc_type="Federal Register rule")
    normalized = normalize(text).text
    assert layout.title is not None
    assert normalized[layout.title[0]:layout.title[1]] == "Addition of Sample Entities to the"
    assert document.title


def test_news_has_no_own_date() -> None:
    _, layout = layout_of("The agency added two firms to the list on Monday.",
                          published=dt.date(2021, 3, 5), doc_type="news article")
    assert layout.own_date is None and not layout.official


@pytest.mark.parametrize(("note", "expected"), [
    ("2021-03-10 (order signed 2021-03-01)", "2021-03-01"),
    ("2021-03-10 (effective 2021-03-08)", "2021-03-08"),
    ("2021-03-10 (published 2021-03-12)", "2021-03-10"),  # no note of the act's own date
    ("2021-03-10 (signed 2019-01-01)", "2021-03-10"),  # over a year before: not its own
])
def test_header_date_notes_date_the_own_act(note: str, expected: str) -> None:
    document = document_from_fields({"date": note, "doc_type": "BIS order"},
                                    "Order Denying Export Privileges to Acme.", "t", "d")
    assert str(own_date(document, document.text)) == expected


def test_date_notes_keep_only_labels_of_the_own_act() -> None:
    assert date_notes("2021-03-10 (order signed 2021-03-01; effective 2021-03-02)") == {
        "signed": "2021-03-01", "effective": "2021-03-02"}
    assert date_notes("2021-03-10 (Example Wire dated 2021-03-11)") == {}
