"""The network drawing (st-cytoscape) made to fill the first screen, fitted into it, with
the whole name of a node or an edge shown while the pointer is on it.

st-cytoscape takes a fixed height and draws Cytoscape.js's labels only; `network_canvas.js`
does the rest from the page: it sizes the component's frame to the window, fits the
drawing into it, and gives the element under the pointer the class `hover`, whose style
(`HOVER_STYLE`) shows the element's `name` (a node) or `title` (an edge) in full. The
frame is marked `data-tg-ready` once that is done (with its number of edges in
`data-tg-edges`, which tells a new drawing from the last), and the frame's body holds the id of
the element under the pointer in `data-tg-hover`, for the end-to-end tests."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import streamlit as st

SCRIPT = Path(__file__).with_name("network_canvas.js")

HOVER_STYLE: list[dict[str, Any]] = [
    {"selector": "node.hover", "style": {
        "label": "data(name)", "text-max-width": 420, "z-index": 999, "font-weight": "bold",
        "text-background-opacity": 1, "text-border-width": 1, "text-border-opacity": 1,
        "text-border-color": "#9ca3af", "text-background-padding": 3}},
    {"selector": "edge.hover", "style": {
        "label": "data(title)", "z-index": 999, "font-size": 11, "font-weight": "bold",
        "text-background-opacity": 1, "width": 4}},
]
"""Cytoscape.js style of the element under the pointer."""


@cache
def _script() -> str:
    return f"<script>{SCRIPT.read_text(encoding='utf-8')}</script>"


def install() -> None:
    """Put the script in the page (it runs once per page load and finds each drawing)."""
    st.html(_script(), unsafe_allow_javascript=True)
