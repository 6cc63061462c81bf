"""Links out of the explorer: only http(s) URLs become links. A document's `url`, an
`owl:sameAs` or a `schema:url` comes from the documents ingested; a `javascript:` or `data:`
URL there must show as text, never as something to click."""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

WEB_SCHEMES = frozenset({"http", "https"})


def web_url(value: str | None) -> str | None:
    """`value` if it is an absolute http(s) URL with a host, else None."""
    if not value:
        return None
    text = value.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.netloc:
        return None
    if any(ord(c) < 0x21 for c in text):  # control characters and spaces hide schemes
        return None
    return text


def external_link(url: str | None, text: str | None = None) -> str:
    """HTML: a link opening `url` in a new tab if it is http(s); else `text` or the value,
    escaped, as plain text."""
    safe = web_url(url)
    shown = escape(text or url or "")
    if safe is None:
        return shown
    return f'<a href="{escape(safe)}" target="_blank" rel="noopener noreferrer">{shown}</a>'
