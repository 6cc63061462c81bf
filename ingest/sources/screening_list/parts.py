"""A large screening list read in parts, so that memory follows the part, not the list.

Read whole, a list's facts cost about 50 KB a row on the way to the store (the models, the
quads, their N-Quads text): a million rows would not fit. Read in parts, each part's facts
are written before the next part is read. But the facts of one party must be read
together: a list may name a party on several rows (the older layout repeats a listing per
address and alternate name), and its entity and listings are merged from all of them, the
first row deciding its label and country (`ListFacts`). So the list is read twice:

1. Every row is read once to find whom it lists, keeping only its place in the text (line,
   start, end: 24 bytes) and a number for its party (rows that cannot be read keep their
   `Row`, to be reported as before).
2. Parties are taken in the order they first appear; their rows, read again from their
   places, make a part once it holds `rows_per_part` rows or more.

Each part's extraction holds its parties' entities, mentions and listings. The document's
own part comes last: no facts, every warning (by line, as `extract` gives them), the rows
lost to a broken quote; written last, it is what makes the document known to the store.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from typing import Protocol

from tradegraph.ingest.sources.list_facts import ListFacts
from tradegraph.ingest.sources.screening_list.fields import ListingFields
from tradegraph.ingest.sources.screening_list.rows import Row, RowRereader, read_rows
from tradegraph.ontology.models import Document, EntityRef, Extraction


class ListReader(Protocol):
    """What reading in parts needs of the list's extractor (`ScreeningListExtractor`)."""

    def party_of(self, fields: ListingFields) -> tuple[EntityRef, str, list[str]]:
        """Whom a row lists (ValueError if the row names none)."""
        ...

    def read(self, document: Document, rows: Iterable[Row], facts: ListFacts,
             unknown_lists: set[str]) -> None:
        """Read rows into `facts`."""
        ...

    def finish(self, document: Document, facts: ListFacts) -> Extraction:
        """The extraction of what `facts` holds."""
        ...


def unknown_list_warnings(unknown_lists: set[str]) -> list[str]:
    """What to say of lists tradegraph does not know."""
    return [f"list {name!r} is not one tradegraph knows: its rows are read as designations"
            for name in sorted(unknown_lists)]


class _RowIndex:
    """Where each row of a list is, and whose party's it is (see the module)."""

    def __init__(self) -> None:
        self.places = array("q")
        """line, start, end of each row, one after another."""
        self.groups = array("q")
        """The party number of each row (a row that names no party has one of its own)."""
        self.kept: dict[int, Row] = {}
        """Rows that cannot be read again from their place (empty, broken), by number."""
        self._parties: dict[str, int] = {}
        self._next = 0

    def add(self, row: Row, party: str | None) -> None:
        number = len(self.groups)
        self.places.extend((row.line, row.start, row.end))
        if row.empty or row.problem is not None:
            self.kept[number] = row
        # numbers in the order of first appearance; a row of no party gets one of its own
        group = self._next if party is None else self._parties.setdefault(party, self._next)
        if group == self._next:
            self._next += 1
        self.groups.append(group)

    def order(self) -> list[int]:
        """Row numbers, party by party in the order parties first appear, each party's
        rows in list order (a row of no party where it stands among them)."""
        return sorted(range(len(self.groups)), key=self.groups.__getitem__)  # stable


def read_in_parts(extractor: ListReader, document: Document,
                  rows_per_part: int) -> Iterator[Extraction]:
    """The extractions of a list's parts, then the document's own (see the module)."""
    index = _RowIndex()
    for row in read_rows(document.text):
        index.add(row, _party_key(extractor, row))
    rereader = RowRereader(document.text)
    warnings: list[tuple[int, str]] = []
    unknown_lists: set[str] = set()
    lost = 0
    chunk: list[int] = []
    order = index.order()
    for position, number in enumerate(order):
        chunk.append(number)
        ends_party = (position + 1 == len(order)
                      or index.groups[order[position + 1]] != index.groups[number])
        if (len(chunk) >= rows_per_part and ends_party) or position + 1 == len(order):
            facts = ListFacts()
            rows = [index.kept.get(n) or rereader.row(*index.places[3 * n:3 * n + 3])
                    for n in chunk]
            extractor.read(document, rows, facts, unknown_lists)
            warnings += [(_line_of(warning), warning) for warning in facts.warnings]
            lost += facts.lost
            facts.warnings, facts.lost = [], 0
            chunk = []
            yield extractor.finish(document, facts)
    own = ListFacts(lost=lost)
    own.warnings = [w for _, w in sorted(warnings, key=lambda item: item[0])]
    own.warnings += unknown_list_warnings(unknown_lists)
    yield extractor.finish(document, own)


def _party_key(extractor: ListReader, row: Row) -> str | None:
    """The identity of the party a row lists, as text; None for a row that lists none
    (it is reported when read again)."""
    if row.empty or row.problem is not None:
        return None
    try:
        ref, _, _ = extractor.party_of(ListingFields(row.fields))
    except ValueError:
        return None
    return f"{ref.type.value}/{ref.key}"


def _line_of(warning: str) -> int:
    """The line a row's warning names (`line 12: ...`, as `Row.where` says it)."""
    head = warning.split(":", 1)[0].removeprefix("line ")
    return int(head) if head.isdigit() else 0
