"""Federal Register documents as the Federal Register API (v1) gives them: the JSON of one
document (`/api/v1/documents/{number}.json`) or a search response (`{"results": [...]}`).

Each document becomes a document of the legal record. Its stored text is its title, its
abstract and its body when the JSON carries one (`full_text`, `body_text` or `raw_text`:
`tradegraph fetch` adds the body from the API's `raw_text_url`); the fields the extractor
reads (agencies, type, dates, citation) are kept as the document's source record.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from tradegraph.ingest.citations import parse_citations
from tradegraph.ingest.errors import LoadError
from tradegraph.ontology.iris import slugify
from tradegraph.ontology.models import Document

FEDERAL_REGISTER = "federal-register"
"""`Document.structured` of Federal Register documents."""
BODY_FIELDS = ("full_text", "body_text", "raw_text")
"""Fields that may carry a document's body text."""


_RECORD_FIELDS = frozenset({"citation", "publication_date", "agencies", "type", "abstract",
                            "html_url", "raw_text_url", "effective_on", "start_page"})
"""Fields of an API document that news JSON does not have."""
_SEARCH_FIELDS = frozenset({"count", "total_pages", "next_page_url", "description"})
"""Fields of an API search response beside its `results`."""


def is_federal_register_record(value: Any) -> bool:
    """Whether a JSON value looks like a Federal Register API document: a document number
    and one more of its fields, or (a record that lost its number) several of its fields
    and no news `text`."""
    if not isinstance(value, dict):
        return False
    fields = _RECORD_FIELDS & value.keys()
    if "document_number" in value:
        return bool(fields)
    return "text" not in value and len(fields) >= 3


def federal_register_json(value: Any, source: str, key: str) -> list[Document | LoadError] | None:
    """The documents of a Federal Register API response; None if the JSON is no such one."""
    if is_federal_register_record(value):
        return [_document_or_error(value, source, "document")]
    results = value.get("results") if isinstance(value, dict) else None
    if not isinstance(results, list):
        return None
    if not any(is_federal_register_record(item) for item in results[:50]):
        if results or not _SEARCH_FIELDS & value.keys():
            return None
        return [LoadError(source, "the Federal Register search response holds no documents")]
    return [_document_or_error(item, source, f"result {index}")
            for index, item in enumerate(results, start=1)]


def _document_or_error(record: Any, source: str, where: str) -> Document | LoadError:
    try:
        return federal_register_document(record, source)
    except ValueError as error:
        number = record.get("document_number") if isinstance(record, dict) else None
        if isinstance(number, str) and number.strip() and where != "document":
            where += f" ({number.strip()})"  # the record named by its number too
        return LoadError(source, f"{where}: {error}")


def _text_field(record: dict[str, Any], name: str) -> str:
    value = record.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{name} must be text, not {type(value).__name__}")
    return value.strip()


def _date_field(record: dict[str, Any], name: str) -> dt.date | None:
    text = _text_field(record, name)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{name} {text!r} is not a date (YYYY-MM-DD)") from None


def federal_register_document(record: Any, source: str) -> Document:
    """One API document as a `Document` (ValueError naming the field that is wrong)."""
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, found {type(record).__name__}")
    number = _text_field(record, "document_number")
    if not number:
        raise ValueError("no document_number")
    title = _text_field(record, "title")
    if not title:
        raise ValueError("no title")
    published = _date_field(record, "publication_date")
    _date_field(record, "effective_on")  # checked here, read by the extractor
    agencies = record.get("agencies") or []
    if not isinstance(agencies, list) or not all(isinstance(a, dict) for a in agencies):
        raise ValueError("agencies must be a list of objects")
    body = next((text for name in BODY_FIELDS if (text := _text_field(record, name))), "")
    parts = [title, _text_field(record, "abstract"), body]
    kept = {name: value for name, value in record.items() if name not in BODY_FIELDS}
    citations = parse_citations(_text_field(record, "citation"))
    url = _text_field(record, "html_url")
    return Document(
        key=slugify(f"fr-{number}"), text="\n\n".join(part for part in parts if part),
        source=source, title=title, url=url if url.startswith("https://") else None,
        publisher="Federal Register", published=published,
        doc_type=f"Federal Register {_text_field(record, 'type').lower() or 'document'}",
        citation=citations[0] if citations else None, structured=FEDERAL_REGISTER,
        record=json.dumps(kept, ensure_ascii=False, sort_keys=True),
    )
