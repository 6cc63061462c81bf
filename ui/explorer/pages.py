"""The explorer's pages: URL name -> title and the module under `views/` that draws it, in
sidebar order. A page's module is imported when the page is first shown, so the first page
does not wait for the imports of all the others."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

PAGES: dict[str, tuple[str, str]] = {
    "overview": ("Overview", "overview"),
    "search": ("Search", "search"),
    "entity": ("Entity", "entity"),
    "network": ("Network", "network"),
    "timeline": ("Timeline", "timeline"),
    "documents": ("Documents", "documents"),
    "screen": ("Screen", "screen"),
    "sparql": ("SPARQL", "sparql"),
    "export": ("Export", "export"),
}

ABOUT_AN_ENTITY = ("entity", "network", "timeline", "export")
"""Pages that keep the entity (`iri`) when the sidebar switches to them."""


def title(page: str) -> str:
    """The page's name in the sidebar.

    >>> title("sparql")
    'SPARQL'
    """
    return PAGES[page][0]


def renderer(page: str) -> Callable[[Any], None]:
    """The `render(store)` function of a page, its module imported on first use."""
    module = importlib.import_module(f"tradegraph.ui.explorer.views.{PAGES[page][1]}")
    draw: Callable[[Any], None] = module.render
    return draw
