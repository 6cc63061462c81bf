"""Screening lists: the Consolidated Screening List (trade.gov) as CSV, TSV or JSON.

A list file becomes one document of the legal record. Its stored text is the table itself
(CSV and TSV as published; JSON as one record per line), so every listing's evidence quotes
its own row and the list can be extracted again from the store. The rows are read by
`tradegraph.ingest.sources.screening_list`; here the file is only checked to be a list.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from tradegraph.ingest.errors import LoadError
from tradegraph.ingest.reading import decode_utf8, key_from_name, read_document_bytes
from tradegraph.ontology.models import Document
from tradegraph.ontology.settings import env_name, settings

SCREENING_LIST = "screening-list"
"""`Document.structured` of screening lists."""
TABLE_SUFFIXES = frozenset({".csv", ".tsv"})

MAX_LIST_BYTES_ENV = env_name("max_list_bytes")
_REQUIRED_COLUMNS = ("name", "source")


def max_list_bytes() -> int:
    """Largest accepted list file: `$TRADEGRAPH_MAX_LIST_BYTES` or 64 MiB (the whole
    Consolidated Screening List is a few MiB in any of its formats)."""
    return settings().max_list_bytes


def normalize_header(name: str) -> str:
    """`State/Province` -> `state_province`; `Source List` -> `source_list`."""
    cleaned = "".join(c if c.isalnum() else "_" for c in name.strip().lower())
    return "_".join(part for part in cleaned.split("_") if part) or ""


def table_delimiter(header_line: str) -> str:
    """Tab if the header line has tabs, else comma."""
    return "\t" if "\t" in header_line else ","


def header_refusal(header_line: str) -> str | None:
    """Why a table whose first line is `header_line` is not a screening list (no `name` or
    no `source` column); None if it may be one."""
    delimiter = table_delimiter(header_line)
    names = {normalize_header(cell.strip().strip('"')) for cell in header_line.split(delimiter)}
    names |= {"source"} if "source_list" in names else set()
    missing = [column for column in _REQUIRED_COLUMNS if column not in names]
    if not missing:
        return None
    return (f"not a screening list: the header line has no "
            f"{' or '.join(repr(c) for c in missing)} column")


def _check_table_header(text: str, source: str) -> None:
    reason = header_refusal(text.split("\n", 1)[0])
    if reason is not None:
        raise LoadError(source, reason)


def list_date(source: str) -> dt.date | None:
    """The date of a list file: the day it was written (downloaded). A listing whose end
    date lies before it has ended; the list gives no date of its own."""
    try:
        return dt.datetime.fromtimestamp(Path(source).stat().st_mtime, tz=dt.UTC).date()
    except (OSError, ValueError):
        return None


def screening_list_document(
    text: str, source: str, key: str, *, title: str | None = None, url: str | None = None,
) -> Document:
    """The document of one list whose text is the table (or one JSON record per line)."""
    return Document(
        key=key, text=text, source=source, title=title or f"Screening list {key}",
        url=url, published=list_date(source), doc_type="screening list",
        structured=SCREENING_LIST,
    )


def load_screening_list(path: Path) -> list[Document | LoadError]:
    """Load a `.csv` or `.tsv` screening list as one document."""
    source = str(path)
    text = decode_utf8(read_document_bytes(path, max_list_bytes()), source).strip("\n")
    _check_table_header(text, source)
    return [screening_list_document(text, source, key_from_name(path.name))]


def is_list_record(value: Any) -> bool:
    """Whether a JSON value is a screening-list record (it has a name and a source)."""
    return isinstance(value, dict) and "name" in value and "source" in value


def screening_list_json(value: Any, source: str, key: str) -> list[Document | LoadError] | None:
    """The list in a CSL JSON download (`{"results": [...]}`, a bare list of records or
    one record); None if the JSON is something else. Records are kept one per line."""
    records = value.get("results") if isinstance(value, dict) else value
    if is_list_record(value):
        records = [value]
    if not isinstance(records, list) or not records:
        return None
    if not any(is_list_record(record) for record in records[:50]):
        return None
    text = "\n".join(json.dumps(record, ensure_ascii=False) for record in records)
    return [screening_list_document(text, source, key)]
