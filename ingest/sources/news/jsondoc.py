"""News JSON: an object with `text` (and optionally `title`, `url`, `published`,
`publisher`, `id`, `doc_type`), a list of such objects, or JSON Lines with one per line.

A `.json` file is parsed once by the loaders, which offer the value to the structured
kinds first; what none of them recognises is read here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tradegraph.ingest.errors import LoadError
from tradegraph.ingest.json_input import JsonInputError, read_json
from tradegraph.ingest.reading import decode_utf8, key_from_name, read_document_bytes
from tradegraph.ingest.sources.news.text import document_from_fields
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


def documents_from_value(value: Any, source: str, stem_key: str) -> list[Document | LoadError]:
    """The news documents of a parsed JSON value: an object, or a list of objects (each bad
    item becomes a `LoadError` naming it, so the good ones are still ingested)."""
    if isinstance(value, list):
        items = [(f"item {i}", item) for i, item in enumerate(value, start=1)]
    else:
        items = [("document", value)]
    return _documents(items, source, stem_key, lines=False)


def documents_from_lines(text: str, source: str, stem_key: str) -> list[Document | LoadError]:
    """The news documents of JSON Lines text, one object per line."""
    items = [(f"line {number}", line) for number, line in enumerate(text.split("\n"), start=1)
             if line.strip()]
    return _documents(items, source, stem_key, lines=True)


def _documents(values: list[tuple[str, Any]], source: str, stem_key: str,
               lines: bool) -> list[Document | LoadError]:
    if not values:
        raise LoadError(source, "JSON holds no documents")
    single = len(values) == 1 and not lines
    documents: list[Document | LoadError] = []
    for index, (where, value) in enumerate(values, start=1):
        try:
            parsed = parse_json(value, source, where) if lines else value
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


def parse_json(text: str, source: str, where: str = "") -> Any:
    """Parse JSON text within the depth limit; a LoadError naming the place where it is
    malformed, too deep, or holds a lone surrogate escape."""
    try:
        return read_json(text)
    except JsonInputError as error:
        # A JSON Lines record is one line: name the file's line, then the column in it.
        place = f"{where}, column {error.column}" if where else None
        raise LoadError(source, error.located(place) if place else str(error)) from None


def load_json_lines(path: Path) -> list[Document | LoadError]:
    """Load a `.jsonl` / `.ndjson` file of news documents."""
    source = str(path)
    text = decode_utf8(read_document_bytes(path), source)
    return documents_from_lines(text, source, key_from_name(path.name))
