"""Plain-text documents, optionally opening with a header block of `key: value` lines.

A header block is the run of lines before the first blank line when every one of them is a
lower-case `key: value` line and at least one key is a known metadata key (`title`, `url`,
`date`, ...). Anything else is body: a body that happens to open with `SUMMARY: ...` is not
mistaken for a header.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError

from tradegraph.ingest.errors import LoadError
from tradegraph.ingest.reading import (
    decode_utf8,
    key_from_name,
    parse_metadata_date,
    read_document_bytes,
)
from tradegraph.ontology.iris import slugify
from tradegraph.ontology.models import Document

_HEADER_LINE = re.compile(r"^([a-z][a-z0-9_-]*):[ \t]*(.*)$")
KNOWN_HEADER_KEYS = frozenset(
    {"title", "url", "date", "published", "publisher", "doc_type", "type", "license",
     "rights", "source", "author", "id", "language"}
)


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Split `text` into its header fields and its body (empty header if there is none)."""
    head, separator, body = text.partition("\n\n")
    if not separator:  # header lines alone are metadata without a body, not a body
        head, body = text.rstrip("\n"), ""
    fields: dict[str, str] = {}
    for line in head.split("\n"):
        match = _HEADER_LINE.match(line)
        if not match:
            return {}, text
        fields[match.group(1)] = match.group(2).strip()
    if not KNOWN_HEADER_KEYS & fields.keys():
        return {}, text
    return fields, body


_DATE_NOTE = re.compile(r"\b(?P<label>signed|adopted|effective)\s+(?:on\s+)?"
                        r"(?P<date>\d{4}-\d{2}-\d{2})\b", re.IGNORECASE)


def date_notes(date_text: str) -> dict[str, str]:
    """The dates a header's date field notes beside the publication date, by label:
    `2018-07-23 (order signed 2018-07-13)` gives `{"signed": "2018-07-13"}`. Only notes that
    date an official document's own act are kept: signed, adopted, effective."""
    return {match.group("label").lower(): match.group("date")
            for match in _DATE_NOTE.finditer(date_text)}


def document_from_fields(
    fields: dict[str, str], body: str, source: str, default_key: str
) -> Document:
    """Build a `Document` from header-style metadata fields and a body."""
    body = body.strip("\n").rstrip()
    if not body.strip():
        raise LoadError(source, "document has no body text")
    metadata = dict(fields)
    taken = {name: metadata.pop(name, None) for name in (
        "id", "title", "url", "publisher", "doc_type", "type", "license", "rights")}
    date_text = metadata.pop("date", None) or metadata.pop("published", None)
    published = parse_metadata_date(date_text)
    if date_text and published is None:
        metadata["date"] = date_text  # kept, so the hash still sees it
    metadata.update(date_notes(date_text or ""))
    try:
        return Document(
            key=slugify(taken["id"]) if taken["id"] else default_key,
            text=body,
            source=source,
            title=taken["title"] or None,
            url=taken["url"] or None,
            publisher=taken["publisher"] or None,
            published=published,
            doc_type=taken["doc_type"] or taken["type"] or None,
            rights=taken["license"] or taken["rights"] or None,
            metadata=metadata,
        )
    except ValidationError as error:
        raise LoadError(source, f"invalid document metadata: {error}") from None


def load_text(path: Path) -> list[Document]:
    """Load a UTF-8 text file as one document."""
    text = decode_utf8(read_document_bytes(path), str(path))
    fields, body = split_header(text)
    return [document_from_fields(fields, body, str(path), key_from_name(path.name))]
