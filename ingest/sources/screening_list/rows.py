"""Reading the rows of a stored screening list, with the place of each in the text.

A list's stored text is a CSV or TSV table (header first) or one JSON record per line.
Each row comes back with its line number and character span, so a listing's evidence can
quote the row, and a malformed row can be reported by its line and skipped.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tradegraph.ingest.sources.screening_list.loader import normalize_header, table_delimiter


@dataclass
class Row:
    """One row of a list: its fields by column name (strings, or lists and objects in
    JSON), where it is, and what was wrong with it if it could not be read."""

    line: int
    start: int
    end: int
    fields: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None

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
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
    return starts


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
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            row.problem = f"malformed JSON ({error.msg})"
        else:
            if isinstance(value, dict):
                row.fields = {normalize_header(str(k)): v for k, v in value.items()}
            else:
                row.problem = f"a record must be a JSON object, not {type(value).__name__}"
        yield row


def _table_rows(text: str) -> Iterator[Row]:
    starts = _line_starts(text)
    lines = text.split("\n")
    consumed: list[int] = []

    def feed() -> Iterator[str]:
        for index, line in enumerate(lines):
            consumed.append(index)
            yield line + "\n"

    reader = csv.reader(feed(), delimiter=table_delimiter(lines[0]))
    header = [normalize_header(name) for name in next(reader)]
    named = max((i + 1 for i, name in enumerate(header) if name), default=0)
    taken = len(consumed)
    for cells in reader:
        first, last = consumed[taken], consumed[-1]
        taken = len(consumed)
        start, end = starts[first], _line_end(text, starts, last)
        if not "".join(cells).strip():
            continue  # a blank line
        row = Row(line=first + 1, start=start, end=end)
        if len(cells) > len(header):
            row.problem = f"{len(cells)} fields where the header has {len(header)}"
        elif len(cells) < named:
            row.problem = f"{len(cells)} fields where the header names {named}"
        else:
            row.fields = {name: cell.strip() for name, cell in zip(header, cells, strict=False)
                          if name}
        yield row
