"""People an official document names by its structure rather than in a sentence: a
report's authors (its header's `author` field, or the names its title lists after the
report number), and the contact person of a Federal Register document."""

from __future__ import annotations

import re

from tradegraph.ingest.genres import Genre
from tradegraph.ingest.layout import Layout
from tradegraph.ontology.models import Document

_NAME = r"[A-Z][a-z]+(?:\s[A-Z]\.)?(?:\s[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
_NAME_LIST = re.compile(rf"(?P<name>{_NAME})(?=\s*(?:,|\band\b|\)|$))")
_PARENTHETICAL = re.compile(r"\(([^()]*)\)")
_CONTACT = re.compile(rf"(?:\bcontact|CONTACT:)\s+(?P<name>{_NAME}),")
_AUTHOR_FIELDS = ("author", "authors", "byline")


def header_people(document: Document, genre: Genre) -> list[str]:
    """Names of people the header gives: its author field, and for a report the names
    its title lists in parentheses ("(CRS Report R1, Jane Roe and John Doe)")."""
    sources = [document.metadata.get(field, "") for field in _AUTHOR_FIELDS]
    if genre is Genre.REPORT and document.title:
        sources += _PARENTHETICAL.findall(document.title)
    names = [match.group("name") for source in sources for match in _NAME_LIST.finditer(source)]
    return list(dict.fromkeys(names))


def contact_people(text: str, layout: Layout) -> list[tuple[int, int]]:
    """Spans of the person a Federal Register document names as its contact."""
    section = layout.sections.get("contact")
    if section is None:
        return []
    return [match.span("name") for match in _CONTACT.finditer(text, *section)]


def people_spans(document: Document, text: str, layout: Layout) -> list[tuple[int, int]]:
    """Spans of the normalised text naming the document's authors or contact person."""
    spans = contact_people(text, layout)
    for name in header_people(document, layout.genre):
        spans += [match.span() for match in re.finditer(rf"\b{re.escape(name)}\b", text)]
    return spans
