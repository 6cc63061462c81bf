"""Which stored values may become links in a page: absolute `http://` and `https://` URLs
only.

Any loader, a Graph Store write or a remote server can put an IRI such as
`javascript:alert(1)` or `data:text/html,...` into the graph (both are valid IRIs), and a
page that made it a link would run it in the reader's browser. Browsers also drop tabs and
newlines inside a URL and ignore leading spaces and control characters, so
`"java\\nscript:..."` must not pass a check of the first letters: a value holding any of them
is no link either. Pure, so that every floor can use it (the endpoint's pages, the
explorer).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\\]")
"""Whitespace, control characters and backslashes: what browsers strip or rewrite."""
MAX_LINK_LENGTH = 8192


def safe_http_url(value: object) -> str | None:
    """`value` itself if it is an absolute http(s) URL with a host that a browser reads as
    written; None otherwise (render such a value as text, escaped)."""
    if not isinstance(value, str) or not value or len(value) > MAX_LINK_LENGTH:
        return None
    if _UNSAFE.search(value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. a malformed IPv6 host
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return value
