"""Reading the rows of a stored screening list, with the place of each in the text.

A list's stored text is a CSV or TSV table (header first) or one JSON record per line.
Each row comes back with its line number and character span, so a listing's evidence can
quote the row, and a malformed row can be reported by its line and skipped. A quote that
never closes would swallow every later line into one field: the lines it swallowed are read
again one by one, and the row that opened it is reported as an unclosed quote.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tradegraph.ingest.sources.screening_list.loader import normalize_header, table_delimiter

UNCLOSED_QUOTE = "unclosed quote"
_NEWLINE = re.compile("\n")


@dataclass
class Row:
    """One row of a list: its fields by column name (strings, or lists and objects in
    JSON), where it is, and what was wrong with it if it could not be read."""

    line: int
    start: int
    end: int
    fields: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None
    empty: bool = False
    """Every field is empty (e.g. `,,,,`): nothing to read, but worth a word."""

    @property
    def lost(self) -> bool:
        """Whether the row's extent is unknown (an unclosed quote): the file is broken, not
        just a value, so the rows around it may not be what the list says."""
        return self.problem == UNCLOSED_QUOTE

    @property
    def where(self) -> str:
        """`line 12`: where a user finds the row in the file."""
        return f"line {self.line}"


def read_rows(text: str) -> Iterator[Row]:
    """Every row of a stored list, in order (JSON Lines or a CSV/TSV table)."""
    if text.lstrip().startswith("{"):
        yield from _json_rows(text)
    else:
        yield from _table_rows(text)


def _line_starts(text: str) -> list[int]:
    return [0, *(match.end() for match in _NEWLINE.finditer(text))]


def _line_end(text: str, starts: list[int], line_index: int) -> int:
    """Offset of the end of a line (before its newline)."""
    if line_index + 1 < len(starts):
        return starts[line_index + 1] - 1
    return len(text)


def _json_rows(text: str) -> Iterator[Row]:
    starts = _line_starts(text)
    for index, start in enumerate(starts):
        end = _line_end(text, starts, index)
        line = text[start:end]
        if not line.strip():
            continue
        row = Row(line=index + 1, start=start, end=end)
        _judge_json(row, line)
        yield row


def _judge_json(row: Row, line: str) -> None:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        row.problem = f"malformed JSON ({error.msg})"
    else:
        if isinstance(value, dict):
            row.fields = {normalize_header(str(k)): v for k, v in value.items()}
        else:
            row.problem = f"a record must be a JSON object, not {type(value).__name__}"


def _table_rows(text: str) -> Iterator[Row]:
    starts = _line_starts(text)
    lines = text.split("\n")
    delimiter = table_delimiter(lines[0])
    header = [normalize_header(name) for name in _cells(lines[0], delimiter)]
    shape = _Shape(text, starts, header)
    index = 1
    while index < len(lines):
        broken: tuple[int, int] | None = None
        for cells, first, last in _records(lines, index, delimiter):
            if (last > first or last == len(lines) - 1) and _unclosed(
                    lines[first : last + 1], delimiter):
                broken = (first, last)
                break
            row = shape.row(cells, first, last)
            if row is not None:
                yield row
        if broken is None:
            return
        # the quote opened on `first` never closed where a row should end: read the lines
        # it swallowed one by one, so each is a row of its own again (or reported)
        first, last = broken
        for line in range(first, last + 1):
            cells = _cells(lines[line], delimiter)
            if cells and cells[-1].endswith("\n"):
                yield Row(line=line + 1, start=starts[line],
                          end=_line_end(text, starts, line), problem=UNCLOSED_QUOTE)
            else:
                row = shape.row(cells, line, line)
                if row is not None:
                    yield row
        index = last + 1


def _cells(line: str, delimiter: str) -> list[str]:
    """The cells of one line read on its own; a quote left open ends the last cell with
    a newline (the reader is lenient, and the line is all it is given)."""
    return next(csv.reader([line + "\n"], delimiter=delimiter), [])


def _records(lines: list[str], index: int,
             delimiter: str) -> Iterator[tuple[list[str], int, int]]:
    """Each record from `lines[index]` on, with the indexes of its first and last line."""
    consumed: list[int] = []

    def feed() -> Iterator[str]:
        for number in range(index, len(lines)):
            consumed.append(number)
            yield lines[number] + "\n"

    taken = 0
    for cells in csv.reader(feed(), delimiter=delimiter):
        yield cells, consumed[taken], consumed[-1]
        taken = len(consumed)


def _unclosed(record_lines: list[str], delimiter: str) -> bool:
    """Whether a record that spans lines (or ends the file) is held together by a quote
    that never properly closed. A field may hold newlines only inside clean quotes."""
    try:
        list(csv.reader((line + "\n" for line in record_lines), delimiter=delimiter,
                        strict=True))
    except csv.Error:
        return True
    return False


@dataclass
class _Shape:
    """The header of a table, to make rows of the records read under it."""

    text: str
    starts: list[int]
    header: list[str]
    named: int = field(init=False)
    """Fields up to the last named column: a row needs at least these."""

    def __post_init__(self) -> None:
        self.named = max((i + 1 for i, name in enumerate(self.header) if name), default=0)

    def row(self, cells: list[str], first: int, last: int) -> Row | None:
        """The row of a record on lines `first`..`last` (indexes); None for a blank line."""
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            return None  # a blank line is no row
        row = Row(line=first + 1, start=self.starts[first],
                  end=_line_end(self.text, self.starts, last))
        self.judge(row, cells)
        return row

    def judge(self, row: Row, cells: list[str]) -> None:
        """Fill in a row's fields from its cells, or say what is wrong with it."""
        if not "".join(cells).strip():
            row.empty = True
        elif len(cells) > len(self.header):
            row.problem = f"{len(cells)} fields where the header has {len(self.header)}"
        elif len(cells) < self.named:
            row.problem = f"{len(cells)} fields where the header names {self.named}"
        else:
            row.fields = {name: cell.strip()
                          for name, cell in zip(self.header, cells, strict=False) if name}


class RowRereader:
    """Reads one row of a stored list again, by its place: a list read in parts keeps the
    places of its rows, not the rows (`parts.py`)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.json = text.lstrip().startswith("{")
        first = text.split("\n", 1)[0]
        self.delimiter = table_delimiter(first)
        header = [] if self.json else [normalize_header(n) for n in _cells(first, self.delimiter)]
        self.shape = _Shape(text, [0], header)

    def row(self, line: int, start: int, end: int) -> Row:
        """The row on `line` (1-based) spanning `text[start:end]`, read as `read_rows` read
        it (a row whose place holds a whole record)."""
        row = Row(line=line, start=start, end=end)
        record = self.text[start:end]
        if self.json:
            _judge_json(row, record)
        else:
            cells = next(csv.reader(io.StringIO(record + "\n"), delimiter=self.delimiter), [])
            self.shape.judge(row, cells)
        return row
