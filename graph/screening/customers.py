"""Reading a customer (or supplier) list to screen: a CSV or TSV file with a column of names
and, optionally, country and address columns.

Lists come from spreadsheets and CRMs, so the reader is forgiving about what varies and
exact about what went wrong: it finds the header by its names ("Company", "Customer
name", "Country", ...) or reads a list without one; it tells the delimiter from the text;
it decodes UTF-8, text with a byte-order mark (Excel's UTF-16 exports) or, failing those,
the encoding charset-normalizer (made for this) recognises, and says which it used. A row
whose quotes never close, or that is no CSV, is reported by its line and skipped; the rows
after it are read as usual.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

from tradegraph.graph.screening.results import CustomerRow, RowError
from tradegraph.ingest.reading import not_regular
from tradegraph.ingest.text import printable
from tradegraph.ontology.errors import TradegraphError

MAX_CUSTOMER_BYTES = 64 * 1024 * 1024
MAX_RECORD_LINES = 20
"""A quoted field may hold line breaks (an address), up to this many lines: a quote still
open after them is a broken quote, not a long address."""

NAME_HEADERS = ("name", "company", "company name", "customer", "customer name", "supplier",
                "supplier name", "party", "party name", "entity", "entity name", "firm",
                "organisation", "organization", "legal name", "counterparty", "full name",
                "business name", "vendor", "vendor name")
COUNTRY_HEADERS = ("country", "country code", "country name", "iso country", "nation",
                   "jurisdiction", "country of incorporation")
ADDRESS_HEADERS = ("address", "addresses", "street address", "full address",
                   "postal address", "location")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


_LEGACY_ENCODINGS = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1256", "gb18030",
                     "big5", "shift_jis", "euc_kr", "koi8_r", "mac_roman")
"""The encodings spreadsheets write lists in when not in Unicode; charset-normalizer picks
among these only (on a short list, unrestricted, it finds Baltic code pages in French)."""


class CustomerListError(TradegraphError, ValueError):
    """A customer list that cannot be read at all; the message names the file and why."""


Column = str | int | None
"""A column by header name (any case) or by number (1 is the first); None: find it."""


@dataclass
class CustomerList:
    """A decoded customer list: how it was read, and its rows (read as iterated)."""

    source: str
    encoding: str
    delimiter: str
    header: list[str] | None
    name_column: int
    country_column: int | None
    address_column: int | None
    text: str = field(repr=False)
    header_line: int = 0
    """The header's line (0: no header)."""

    def rows(self) -> Iterator[CustomerRow | RowError]:
        """Each data row as a `CustomerRow`, or a `RowError` with its line; empty rows
        are left out."""
        records = _records(self.text, self.delimiter)
        named = {index: title for index, title in enumerate(self.header or [])
                 if index not in (self.name_column, self.country_column,
                                  self.address_column) and title}
        column_title = (self.header[self.name_column] if self.header
                        else f"column {self.name_column + 1}")
        for line, fields in records:
            if line <= self.header_line:
                continue
            if isinstance(fields, str):
                yield RowError(line, fields, self.source)
                continue
            if not any(cell.strip() for cell in fields):
                continue
            name = _cell(fields, self.name_column)
            if name is None:
                yield RowError(line, f"no name in {column_title!r}", self.source)
                continue
            yield CustomerRow(
                line, name, _cell(fields, self.country_column),
                _cell(fields, self.address_column),
                {title: fields[index].strip() for index, title in named.items()
                 if index < len(fields)})


def _cell(fields: list[str], column: int | None) -> str | None:
    if column is None or column >= len(fields):
        return None
    return " ".join(fields[column].split()) or None


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str] | str]]:
    """(line, fields) per record, or (line, reason) for a record that is no CSV."""
    lines = text.splitlines(keepends=True)
    start = 0
    while start < len(lines):
        end = start + 1
        while True:
            chunk = "".join(lines[start:end])
            try:
                parsed = list(csv.reader(io.StringIO(chunk), delimiter=delimiter,
                                         strict=True))
            except csv.Error as error:
                if "unexpected end of data" in str(error):
                    if end < len(lines) and end - start < MAX_RECORD_LINES:
                        end += 1
                        continue
                    yield start + 1, "a quoted field is never closed (broken quotes)"
                elif end > start + 1:  # the quote opened here closed lines later, wrongly
                    yield start + 1, "a quoted field is not closed on its line (broken quotes)"
                elif "expected after" in str(error):
                    yield start + 1, "text after a field's closing quote (broken quotes)"
                else:
                    yield start + 1, f"not valid CSV ({error})"
                end = start + 1  # go on with the next line, as if the broken one were not
                break
            yield start + 1, parsed[0] if parsed else []
            break
        start = end


def _decode(data: bytes, source: str, encoding: str | None) -> tuple[str, str]:
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError) as error:
            raise CustomerListError(f"{source}: cannot be read as {encoding}: {error}"
                                    ) from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as error:
                raise CustomerListError(f"{source}: starts as {name} but is not: {error}"
                                        ) from None
    if b"\x00" in data[:8192]:
        raise CustomerListError(f"{source}: binary data, not a CSV text file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        best = from_bytes(data, cp_isolation=list(_LEGACY_ENCODINGS)).best()
        if best is None:
            raise CustomerListError(
                f"{source}: not UTF-8, and its encoding could not be recognised; "
                "give it (e.g. encoding='cp1252')") from None
        return str(best), str(best.encoding)


_DELIMITERS = ",;\t|"


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        # no delimiter at all: one column of names; one used unevenly: a comma is likeliest
        return "," if any(d in sample for d in _DELIMITERS) else "\t"


def _normal(title: str) -> str:
    return " ".join(title.replace("_", " ").replace("-", " ").casefold().split())


def _find(header: list[str], wanted: tuple[str, ...]) -> int | None:
    normal = [_normal(title) for title in header]
    return next((normal.index(w) for w in wanted if w in normal), None)


def names_a_column(line: str) -> bool:
    """Whether a line reads as a list's header: one of its cells (split on any delimiter a
    list may use) names a name, country or address column.

    >>> names_a_column("Company;Country"), names_a_column("Huawei Technologies Co., Ltd.")
    (True, False)
    """
    cells = re.split(f"[{re.escape(_DELIMITERS)}]", line)
    return _find(cells, NAME_HEADERS + COUNTRY_HEADERS + ADDRESS_HEADERS) is not None


def _column(header: list[str] | None, width: int, column: Column, what: str, source: str
            ) -> int | None:
    if column is None:
        return None
    if isinstance(column, int):
        if column < 1 or column > width:
            raise CustomerListError(f"{source}: there is no column {column} for the {what}")
        return column - 1
    if header is None:
        raise CustomerListError(f"{source}: has no header, so the {what} column must be "
                                f"given by number, not as {column!r}")
    found = _find(header, (_normal(column),))
    if found is None:
        raise CustomerListError(f"{source}: no column {column!r} for the {what}; the "
                                f"header has {', '.join(repr(h) for h in header)}")
    return found


def _read(source: Path | str | bytes, source_name: str | None) -> tuple[bytes, str]:
    """The list's bytes and the name to call it by."""
    if isinstance(source, bytes):
        data, label = source, source_name or "(customer list)"
    else:
        path = Path(source)
        label = source_name or printable(str(path))
        try:
            status = path.stat()
            kind = not_regular(status.st_mode)
            if kind is not None and kind != "a directory":  # a pipe would wait for a writer
                raise CustomerListError(f"{label}: not a regular file ({kind}); screening "
                                        "reads files only")
            size = status.st_size
            if size > MAX_CUSTOMER_BYTES:
                raise CustomerListError(f"{label}: {size} bytes, more than the "
                                        f"{MAX_CUSTOMER_BYTES} a customer list may have")
            data = path.read_bytes()
        except FileNotFoundError:
            raise CustomerListError(f"{label}: no such file") from None
        except IsADirectoryError:
            raise CustomerListError(f"{label}: is a folder, not a file") from None
        except OSError as error:
            raise CustomerListError(f"{label}: cannot be read: {error.strerror}") from None
    if len(data) > MAX_CUSTOMER_BYTES:
        raise CustomerListError(f"{label}: more than {MAX_CUSTOMER_BYTES} bytes")
    return data, label


def read_customers(source: Path | str | bytes, *, name_column: Column = None,
                   country_column: Column = None, address_column: Column = None,
                   encoding: str | None = None, has_header: bool | None = None,
                   source_name: str | None = None) -> CustomerList:
    """Open a customer list (a path, or the file's bytes) for screening.

    Without `has_header`, the first row is a header if it names a known column, or if a
    column is asked for by name. Without `name_column`, the name is the column headed like a name
    ("Name", "Company", ...), else the first. A `CustomerListError` for a file that is
    missing, empty, too large, binary or undecodable, or has no such column."""
    data, label = _read(source, source_name)
    text, used = _decode(data, label, encoding)
    if not text.strip():
        raise CustomerListError(f"{label}: is empty")
    delimiter = _delimiter(text)
    first_line, first = next(
        ((line, fields) for line, fields in _records(text, delimiter)
         if not isinstance(fields, str) and any(c.strip() for c in fields)), (0, []))
    if has_header is None:  # a column asked for by name says there is a header
        has_header = any(isinstance(c, str) for c in (name_column, country_column,
                                                        address_column)) or _find(
            first, NAME_HEADERS + COUNTRY_HEADERS + ADDRESS_HEADERS) is not None
    header = [title.strip() for title in first] if has_header else None
    name = _column(header, len(first), name_column, "name", label)
    if name is None:
        name = _find(header, NAME_HEADERS) if header is not None else 0
        if name is None:
            raise CustomerListError(f"{label}: no name column in the header "
                                    f"({', '.join(repr(h) for h in first)}); name it")
    country = _column(header, len(first), country_column, "country", label)
    if country is None and country_column is None and header is not None:
        country = _find(header, COUNTRY_HEADERS)
    address = _column(header, len(first), address_column, "address", label)
    if address is None and address_column is None and header is not None:
        address = _find(header, ADDRESS_HEADERS)
    return CustomerList(label, used, delimiter, header, name, country, address, text,
                        first_line if has_header else 0)
