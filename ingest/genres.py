"""The genre of a document: what kind of text it is, read before any sentence is.

Official documents are structured by their genre (a Federal Register rule's header
sections, a press release's dateline, an order's caption, a report's authors), so the
genre decides which document-level rules apply. It is read from the header's `doc_type`
first (or what the loader put there), else from the text's own markers: a Federal Register
document's AGENCY and ACTION lines, a press release's dateline, an order's caption.
"""

from __future__ import annotations

import re
from enum import StrEnum

from tradegraph.ontology.models import Document


class Genre(StrEnum):
    """The kinds of document the extraction tells apart."""

    NEWS = "news"
    PRESS_RELEASE = "press-release"
    FEDERAL_REGISTER = "federal-register"
    ORDER = "order"
    PRESIDENTIAL = "presidential-document"
    REPORT = "report"
    FOREIGN_REGULATION = "foreign-regulation"
    UNKNOWN = "unknown"


# Checked in order: "Federal Register notice (BIS order)" is an order, "Executive Order
# (Federal Register presidential document)" a presidential document.
_DOC_TYPE_PATTERNS: tuple[tuple[Genre, re.Pattern[str]], ...] = tuple(
    (genre, re.compile(pattern, re.IGNORECASE)) for genre, pattern in (
        (Genre.PRESIDENTIAL, r"\b(executive order|presidential|proclamation)\b"),
        (Genre.ORDER, r"\b(order|decision and order|settlement)\b"),
        (Genre.FOREIGN_REGULATION, r"\b(ministry|provisions|foreign (government|regulation))\b"),
        (Genre.FEDERAL_REGISTER, r"\bfederal register\b|\b(final|interim|proposed) rule\b"),
        (Genre.PRESS_RELEASE, r"\bpress release|\bnews release|\bstatement\b"),
        (Genre.REPORT, r"\breport\b|\bCRS\b|\bGAO\b"),
        (Genre.NEWS, r"\bnews\b|\barticle\b"),
    ))


OFFICIAL_GENRES = frozenset({Genre.PRESS_RELEASE, Genre.FEDERAL_REGISTER, Genre.ORDER,
                             Genre.PRESIDENTIAL, Genre.FOREIGN_REGULATION})
"""Genres whose documents perform acts of their own, dated by the document."""

# The text's own markers, checked in order, in the first part of the text.
_TEXT_MARKERS: tuple[tuple[Genre, re.Pattern[str]], ...] = tuple(
    (genre, re.compile(pattern, re.MULTILINE)) for genre, pattern in (
        (Genre.PRESIDENTIAL, r"\bExecutive Order \d+|\bby the authority vested in me as "
                             r"President|^\s*(?:Proclamation|Memorandum) (?:No\.|for)"),
        (Genre.ORDER, r"^\s*(?:ORDER|Order) (?:[A-Z][a-z]+ing|DENYING|TERMINATING|ACTIVATING)\b"
                      r"|^\s*In the Matter of:?\s"),
        (Genre.FOREIGN_REGULATION, r"\b(?:Ministry of Commerce|MOFCOM|Ministry of Foreign "
                                   r"Affairs)\b[^\n]{0,200}\b(?:Provisions|Order No\.|"
                                   r"Announcement No\.|Decree)"),
        (Genre.FEDERAL_REGISTER, r"^\s*AGENCY:(?:.|\n){0,400}^\s*ACTION:"
                                 r"|\bFederal Register\s*/\s*Vol\.|\[FR Doc"),
        (Genre.PRESS_RELEASE, r"^\s*[A-Z][A-Z .]{2,30}\s?[–—-]{1,2}\s|\bFOR IMMEDIATE RELEASE\b"),
        (Genre.REPORT, r"\bCongressional Research Service\b|\bCRS Report\b"),
    ))
_MARKER_REACH = 3000
"""Characters from the start of the text in which genre markers are looked for."""


def genre_from_text(text: str) -> Genre:
    """The genre the text's own markers show, or UNKNOWN."""
    head = text[:_MARKER_REACH]
    for genre, pattern in _TEXT_MARKERS:
        if pattern.search(head):
            return genre
    return Genre.UNKNOWN


def genre_from_doc_type(doc_type: str | None) -> Genre:
    """The genre a header's `doc_type` names, or UNKNOWN."""
    if doc_type:
        for genre, pattern in _DOC_TYPE_PATTERNS:
            if pattern.search(doc_type):
                return genre
    return Genre.UNKNOWN


def read_genre(document: Document, text: str | None = None) -> Genre:
    """The genre of a loaded document: its `doc_type`'s, else its text's (`text`, the
    normalised text if given, else the stored one)."""
    genre = genre_from_doc_type(document.doc_type)
    if genre is Genre.UNKNOWN:
        genre = genre_from_text(text if text is not None else document.text)
    return genre
