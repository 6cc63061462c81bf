"""HTML articles: main text and metadata extracted with trafilatura.

trafilatura is made for this job: it separates an article's text from navigation, ads and
comment forms, and reads the title, date, site name and canonical URL from the markup.
"""

from __future__ import annotations

import re
from pathlib import Path

from tradegraph.ingest.errors import LoadError
from tradegraph.ingest.reading import (
    decode_utf8,
    key_from_name,
    parse_metadata_date,
    read_document_bytes,
)
from tradegraph.ingest.sources.news.text import document_from_fields
from tradegraph.ontology.models import Document

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*[\s>/]")


def decode_html(data: bytes, source: str) -> str:
    """Decode HTML as UTF-8, or in the charset its `<meta>` declares."""
    declared = _DECLARED_CHARSET.search(data[:4096])
    if declared:
        charset = declared.group(1).decode("ascii").lower()
        if charset not in {"utf-8", "utf8"}:
            try:
                return data.decode(charset)
            except LookupError:
                raise LoadError(source, f"unknown charset {charset!r} declared in <meta>") from None
            except UnicodeDecodeError as error:
                raise LoadError(
                    source, f"not valid {charset} (the charset its <meta> declares): {error.reason}"
                ) from None
    return decode_utf8(data, source)


def document_from_html(html: str, source: str, default_key: str) -> Document:
    """Extract the article of an HTML page as a `Document`."""
    import trafilatura  # imported here: it loads its models on import

    if not _TAG.search(html):
        raise LoadError(source, "malformed HTML: no HTML tags found")
    try:
        extracted = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False,
            favor_precision=True,
        )
    except Exception as error:  # trafilatura raises assorted lxml errors on broken markup
        raise LoadError(source, f"malformed HTML: {error}") from None
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise LoadError(source, "malformed HTML or no article: no main text could be extracted")
    fields = {
        "title": getattr(extracted, "title", None) or "",
        "url": getattr(extracted, "url", None) or "",
        "publisher": getattr(extracted, "sitename", None) or "",
        "doc_type": "web article",
    }
    date_text = getattr(extracted, "date", None)
    if date_text and parse_metadata_date(date_text):
        fields["date"] = date_text
    # trafilatura separates paragraphs by one newline; a blank line marks them for segmentation
    body = "\n\n".join(line.strip() for line in text.split("\n") if line.strip())
    return document_from_fields({k: v for k, v in fields.items() if v}, body, source, default_key)


def load_html(path: Path) -> list[Document]:
    """Load an HTML file as one document."""
    source = str(path)
    html = decode_html(read_document_bytes(path), source)
    return [document_from_html(html, source, key_from_name(path.name))]
