"""The genre of a document: what kind of text it is, read before any sentence is.

Official documents are structured by their genre (a Federal Register rule's header
sections, a press release's dateline, an order's caption, a report's authors), so the
genre decides which document-level rules apply. It is read from the header's `doc_type`
first; documents without one are prose of unknown genre.
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


def genre_from_doc_type(doc_type: str | None) -> Genre:
    """The genre a header's `doc_type` names, or UNKNOWN."""
    if doc_type:
        for genre, pattern in _DOC_TYPE_PATTERNS:
            if pattern.search(doc_type):
                return genre
    return Genre.UNKNOWN


def read_genre(document: Document) -> Genre:
    """The genre of a loaded document."""
    return genre_from_doc_type(document.doc_type)
