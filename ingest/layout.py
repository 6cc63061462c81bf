"""The layout of an official document: its genre, title, header sections, lead and the date
its own action carries. Read once, before any sentence is, from the text and its header.

Official documents are structured: a Federal Register document has AGENCY, ACTION,
SUMMARY and DATES sections; a press release a headline, a dateline and a lede; an order a
caption; a report its authors and summary. The document's own action (what the rule,
release or order itself does) is stated in its title and lead and is dated by the document:
the earliest of its signing, adoption, effective and publication dates.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from tradegraph.ingest.genres import OFFICIAL_GENRES, Genre, read_genre
from tradegraph.ingest.issuance import issuance_date, stated_dates
from tradegraph.ingest.reading import parse_metadata_date
from tradegraph.ontology.models import DatePrecision, Document, PartialDate

Span = tuple[int, int]

SECTION_NAMES = {
    "agency": "agency", "action": "action", "summary": "summary", "abstract": "summary",
    "dates": "dates", "addresses": "addresses", "for further information contact": "contact",
    "supplementary information": "supplementary",
}
"""Section headings of Federal Register documents (and their API abstracts), by the name
the layout gives them."""
_HEADING = re.compile(r"^(?P<name>" + "|".join(sorted(SECTION_NAMES, key=len, reverse=True))
                      + r")(?::|\s*$)", re.IGNORECASE)
_DOCUMENT_DATE_LABELS = ("signed", "adopted", "effective")
"""Header date notes that date the document's own action: `2018-07-23 (order signed ...)`."""
_MIN_TITLE_WORDS = 4
"""Fewest leading words of a header title the body must repeat to be quoted as the title."""
_TITLE_NOISE = re.compile(r"\s*(?:\((?:[^()]|\([^()]*\))*\)|\s[—–-]\s.*)$")
"""A trailing parenthetical or dash note of a header title: "(84 FR 43493, FR Doc. ...)"."""
_TITLE_PREFIX = re.compile(r"^\s*\([^)]*\)\s*")
_PARAGRAPH_WORDS = 6
"""Fewest words of a block that is a paragraph rather than a heading or a line."""


@dataclass
class Layout:
    """What the document's structure says, in offsets of the normalised text."""

    genre: Genre = Genre.UNKNOWN
    title: Span | None = None
    """Where the body states the document's title (or the legible start of it)."""
    sections: dict[str, Span] = field(default_factory=dict)
    """Federal Register sections by name ("agency", "action", "summary", "dates", ...)."""
    lead: list[Span] = field(default_factory=list)
    """The title, the first paragraph and the summary: where the own action is stated."""
    own_date: PartialDate | None = None
    """The date of the document's own action (None for news, reports and unknown text)."""

    @property
    def official(self) -> bool:
        """Whether the document is an official act (rule, release, order...)."""
        return self.genre in OFFICIAL_GENRES

    def section_of(self, position: int) -> str | None:
        """The name of the section a position of the text lies in, if any."""
        for name, (start, end) in self.sections.items():
            if start <= position < end:
                return name
        return None

    def in_lead(self, position: int) -> bool:
        """Whether a position lies in the title, the first paragraph or the summary."""
        return any(start <= position < end for start, end in self.lead)


def read_layout(document: Document, text: str, block_starts: list[int]) -> Layout:
    """The layout of a document whose normalised text is `text` (blocks at `block_starts`)."""
    genre = read_genre(document, text)
    layout = Layout(genre=genre)
    blocks = _blocks(text, block_starts)
    layout.sections = _sections(text, blocks)
    layout.title = _title(document, text, blocks)
    layout.lead = _lead(layout, text, blocks)
    if layout.official:
        layout.own_date = own_date(document, text, _signed_in_heading(layout, text, blocks))
    return layout


_SIGNED_TITLE = re.compile(r"\b(?:Executive Order|Proclamation|Memorandum)\s+(?:No\.\s*)?\d+"
                           r"\s+of\s+(?P<date>\w+\.?\s+\d{1,2},\s+\d{4})")


def _signed_in_heading(layout: Layout, text: str, blocks: list[Span]) -> list[dt.date]:
    """The signing date a heading states: "Executive Order 13999 of May 1, 2031", or an
    order's date standing alone on the line after its caption."""
    found: list[dt.date] = []
    if layout.title is None:
        return found
    title = text[layout.title[0]:layout.title[1]]
    match = _SIGNED_TITLE.search(title) if layout.genre is Genre.PRESIDENTIAL else None
    candidates = [match.group("date")] if match else []
    if layout.genre is Genre.ORDER:
        after = [block for block in blocks if block[0] >= layout.title[1]][:1]
        candidates += [text[a:b] for a, b in after if _DATE_LINE.match(text[a:b])]
    for candidate in candidates:
        date = parse_metadata_date(candidate)
        if date is not None:
            found.append(date)
    return found


_DATE_LINE = re.compile(r"^\s*\w+\.?\s+\d{1,2},\s+\d{4}\s*$")


def _blocks(text: str, starts: list[int]) -> list[Span]:
    ends = [start - 1 for start in starts[1:]] + [len(text)]
    return list(zip(starts, ends, strict=True))


def _sections(text: str, blocks: list[Span]) -> dict[str, Span]:
    """Each section from its heading to the next heading (the first of a name wins)."""
    headings = []
    for start, end in blocks:
        match = _HEADING.match(text[start:end])
        if match:
            headings.append((SECTION_NAMES[match.group("name").lower()], start))
    sections: dict[str, Span] = {}
    for index, (name, start) in enumerate(headings):
        end = headings[index + 1][1] if index + 1 < len(headings) else len(text)
        sections.setdefault(name, (start, end))
    return sections


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’'.-]+", text.lower())


def _title(document: Document, text: str, blocks: list[Span]) -> Span | None:
    """The body's statement of the title: where the header title (without its notes)
    is repeated, or its longest legible start of at least four words; else a first block
    that reads as a heading."""
    if document.title:
        wanted = _TITLE_NOISE.sub("", _TITLE_PREFIX.sub("", document.title)).strip()
        found = _find_words(text, _words(wanted))
        if found is not None:
            return found
    if blocks:
        start, end = blocks[0]
        first = text[start:end]
        if _reads_as_heading(first):
            return (start, end)
    return None


def _find_words(text: str, words: list[str]) -> Span | None:
    """The span of the longest prefix (four words or more) of `words` that the text
    holds, matched word by word across any spacing and punctuation (a longer prefix is
    found only where a shorter one is, so the length is searched by halves)."""
    def find(size: int) -> Span | None:
        pattern = r"[\W_]+".join(re.escape(word) for word in words[:size])
        match = re.search(rf"(?<!\w){pattern}(?!\w)", text, re.IGNORECASE)
        return (match.start(), match.end()) if match else None

    if len(words) < _MIN_TITLE_WORDS:
        return None
    best = find(_MIN_TITLE_WORDS)
    low, high = _MIN_TITLE_WORDS + 1, len(words)
    while best is not None and low <= high:
        middle = (low + high) // 2
        found = find(middle)
        if found is None:
            high = middle - 1
        else:
            best, low = found, middle + 1
    return best


def _reads_as_heading(line: str) -> bool:
    """A short line without a final period whose words are mostly capitalised."""
    words = line.split()
    if not 3 <= len(words) <= 30 or _ends_sentence(words[-1]):
        return False
    words = [w for w in words if w[:1].isalpha()]  # "No. 9 of 2031": numbers say nothing
    capitalised = [w for w in words if w[:1].isupper()]
    return len(capitalised) >= 0.6 * len(words)


def _ends_sentence(last_word: str) -> bool:
    """Whether a line's last word ends a sentence: a period after a word, not after a
    short abbreviation ("Acme Corp.", "Beta Ltd.")."""
    if not last_word.endswith("."):
        return False
    word = last_word.rstrip(".")
    return word.islower() or len(word) >= _ABBREVIATION or word.isdigit()


_ABBREVIATION = 5
"""Letters from which a capitalised word before a period is no abbreviation."""


def _lead(layout: Layout, text: str, blocks: list[Span]) -> list[Span]:
    """The title, the first paragraph after it (not a section heading), and the summary."""
    lead = [layout.title] if layout.title else []
    after = layout.title[1] if layout.title else 0
    for start, end in blocks:
        block = text[start:end]
        if start >= after and not _HEADING.match(block) and not _reads_as_heading(block) \
                and len(block.split()) >= _PARAGRAPH_WORDS:
            lead.append((start, end))
            break
    if "summary" in layout.sections:
        lead.append(layout.sections["summary"])
    return lead


def own_date(document: Document, text: str,
             signed: list[dt.date] | None = None) -> PartialDate | None:
    """The day an official document's own action dates from (see `issuance_date`), with
    the signing, adoption or effective dates its header notes and the signing date its
    heading states (`signed`); without a publication date, the earliest date it gives for
    itself, if any."""
    noted = [date for label in _DOCUMENT_DATE_LABELS
             if (date := _header_date(document, label)) is not None]
    noted += signed or []
    if document.published is not None:
        return issuance_date(text, document.published, noted)
    candidates = noted + stated_dates(text, None)
    return PartialDate.of(min(candidates), DatePrecision.DAY) if candidates else None


def _header_date(document: Document, label: str) -> dt.date | None:
    value = document.metadata.get(label)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
