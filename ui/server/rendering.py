"""HTML from templates: Jinja2 (the templating FastAPI suggests) with autoescaping, so
that every value a page shows (labels, quotes, IRIs from any source) is escaped, and a link
is made only from an address the page gathered as safe (`Link`).

The templates are package data (`ui/server/templates/*.html`); the one stylesheet is
served at `/style.css` (`ui/server/static/style.css`), so that the pages' Content Security
Policy can forbid inline styles and every script.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from tradegraph.ontology.links import safe_http_url

PAGE_POLICY = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
               "base-uri 'none'; frame-ancestors 'none'")
"""The Content Security Policy of the endpoint's pages: no script at all, styles from the
stylesheet only, forms submitted to this server only, not framed."""


class Link(NamedTuple):
    """Something a page shows, and where it links to: `href` is None (plain text) unless
    it is an absolute http(s) URL a browser reads as written (`safe_http_url`)."""

    text: str
    href: str | None = None
    rel: str | None = None
    media_type: str | None = None
    new_window: bool = False
    bold: bool = False

    @classmethod
    def to(cls, text: str, href: str | None, **options: Any) -> Link:
        """A link to `href` if it is a safe http(s) URL; else `text` alone."""
        return cls(text, safe_http_url(href) if href else None, **options)


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("tradegraph.ui.server", "templates"),
                       autoescape=select_autoescape(("html",), default=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)


def render(template: str, **context: Any) -> str:
    """A page from its template (`ui/server/templates/<template>`), values escaped."""
    return _environment().get_template(template).render(**context)


@cache
def stylesheet() -> bytes:
    """The stylesheet every page links to."""
    return resources.files(__package__).joinpath("static", "style.css").read_bytes()


def inline_style_policy(style: str) -> str:
    """A Content Security Policy that allows exactly one inline stylesheet (by its hash) and
    may be framed by any site: for the reconciliation preview, which clients show in an
    iframe of the size the manifest gives."""
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    return f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'"
