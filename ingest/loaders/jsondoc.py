"""JSON documents: an object with `text` (and optionally `title`, `url`, `published`,
`publisher`, `id`, `doc_type`), a list of such objects, or JSON Lines with one per line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tradegraph.ingest.errors import LoadError
from tradegraph.ingest.loaders.common import (
    decode_utf8,
    human_size,
    key_from_name,
    max_document_bytes,
    read_document_bytes,
)
from tradegraph.ingest.loaders.screening_list import max_list_bytes
from tradegraph.ingest.loaders.structured import structured_json
from tradegraph.ingest.loaders.text import document_from_fields
from tradegraph.ontology.models import Document


class JsonDocument(BaseModel):
    """The accepted fields of a JSON document; unknown fields are kept as metadata."""

    model_config = ConfigDict(extra="allow")

    text: str = Field(min_length=1)
    title: str | None = None
    url: str | None = None
    published: str | None = None
    date: str | None = None
    publisher: str | None = None
    id: str | int | None = None
    doc_type: str | None = None
    license: str | None = None


def _fields(record: JsonDocument) -> dict[str, str]:
    fields = {
        "title": record.title,
        "url": record.url,
        "date": record.published or record.date,
        "publisher": record.publisher,
        "id": str(record.id) if record.id is not None else None,
        "doc_type": record.doc_type,
        "license": record.license,
    }
    for name, value in (record.model_extra or {}).items():
        if isinstance(value, str | int | float | bool):
            fields[name] = str(value)
    return {name: value for name, value in fields.items() if value}


def _record(value: Any, source: str, where: str) -> JsonDocument:
    if not isinstance(value, dict):
        raise LoadError(source, f"{where}: expected a JSON object, found {type(value).__name__}")
    try:
        return JsonDocument.model_validate(value)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'document'}: {e['msg']}"
            for e in error.errors()
        )
        raise LoadError(source, f"{where}: {problems}") from None


def documents_from_json(
    text: str, source: str, stem_key: str, lines: bool
) -> list[Document | LoadError]:
    """Parse JSON (or JSON Lines) text into documents; a bad item is returned as its error.

    A file that is not JSON at all raises `LoadError`; in a list or JSON Lines file, each
    bad item becomes a `LoadError` naming the item, so the good ones are still ingested.
    """
    values: list[tuple[str, Any]] = []
    if lines:
        for number, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                values.append((f"line {number}", line))
    else:
        parsed = _parse(text, source, "")
        structured = structured_json(parsed, source, stem_key)
        if structured is not None:
            return structured
        if isinstance(parsed, list):
            values = [(f"item {i}", item) for i, item in enumerate(parsed, start=1)]
        else:
            values = [("document", parsed)]
    if not values:
        raise LoadError(source, "JSON holds no documents")
    single = len(values) == 1 and not lines
    documents: list[Document | LoadError] = []
    for index, (where, value) in enumerate(values, start=1):
        try:
            parsed = _parse(value, source, where) if lines else value
            record = _record(parsed, source, where)
            default_key = stem_key if single else f"{stem_key}-{index}"
            documents.append(
                document_from_fields(_fields(record), record.text, source, default_key)
            )
        except LoadError as error:
            if single:
                raise
            documents.append(error)
    return documents


def _parse(text: str, source: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        # A JSON Lines record is one line: name the file's line, then the column in it.
        position = (f"{where}, column {error.colno}" if where
                    else f"line {error.lineno} column {error.colno}")
        raise LoadError(source, f"malformed JSON ({position}: {error.msg})") from None


def load_json(path: Path) -> list[Document | LoadError]:
    """Load a `.json` file (object or list) or a `.jsonl` / `.ndjson` file."""
    source = str(path)
    # a screening list may be larger than a news document may be: read up to the larger
    # limit, and hold anything else to the document limit once its kind is known
    data = read_document_bytes(path, max(max_document_bytes(), max_list_bytes()))
    text = decode_utf8(data, source)
    lines = path.suffix.lower() in {".jsonl", ".ndjson"}
    documents = documents_from_json(text, source, key_from_name(path.name), lines)
    structured = all(isinstance(d, Document) and d.structured for d in documents)
    if len(data) > max_document_bytes() and not structured:
        raise LoadError(source, f"file is {human_size(len(data))}, over the "
                                f"{human_size(max_document_bytes())} limit")
    return documents
