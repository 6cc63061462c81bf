"""Links out of the explorer: only http(s) URLs become links. A document's `url`, an
`owl:sameAs` or a `schema:url` comes from the documents ingested; a `javascript:` or `data:`
URL there must show as text, never as something to click (`ontology.links` decides)."""

from __future__ import annotations

from html import escape

from tradegraph.ontology.links import safe_http_url


def external_link(url: str | None, text: str | None = None) -> str:
    """HTML: a link opening `url` in a new tab if it is http(s); else `text` or the value,
    escaped, as plain text."""
    safe = safe_http_url(url)
    shown = escape(text or url or "")
    if safe is None:
        return shown
    return f'<a href="{escape(safe)}" target="_blank" rel="noopener noreferrer">{shown}</a>'
