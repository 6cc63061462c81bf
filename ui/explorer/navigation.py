"""What every run of the explorer's script draws: the sidebar, and the page `?page=` in the
URL names. Every page keeps its own state in the URL too, so any view can be bookmarked
or shared."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from tradegraph.graph.errors import QueryError, StoreError
from tradegraph.ui.explorer.data import Store
from tradegraph.ui.explorer.layout import STYLE
from tradegraph.ui.explorer.pages import ABOUT_AN_ENTITY, PAGES, renderer, title
from tradegraph.ui.explorer.queries import BadParameterError


def _switch() -> None:
    # A new page starts from a clean URL, except the entity it is about.
    chosen = st.session_state["nav"]
    keep = st.query_params.get("iri") if chosen in ABOUT_AN_ENTITY else None
    st.query_params.clear()
    st.query_params["page"] = chosen
    if keep:
        st.query_params["iri"] = keep


def shown_location(location: str, home: Path | None = None) -> str:
    """A store location as the sidebar shows it: a path under the home folder starts with
    `~`, so a picture or a shared screen does not show the user's folder names.

    >>> shown_location("/home/ana/.local/share/tradegraph/store", Path("/home/ana"))
    '~/.local/share/tradegraph/store'
    >>> shown_location("http://127.0.0.1:8890/sparql", Path("/home/ana"))
    'http://127.0.0.1:8890/sparql'
    """
    home = home or Path.home()
    path = Path(location)
    if path.is_absolute() and path.is_relative_to(home) and path != home:
        return str(Path("~") / path.relative_to(home))
    return location


def run() -> None:
    """Draw the sidebar and the page the URL names."""
    st.set_page_config(page_title="tradegraph explorer", layout="wide")
    st.html(STYLE)
    page = st.query_params.get("page", "overview")
    if page not in PAGES:
        st.warning(f"there is no page {page!r}; showing the overview")
        page = "overview"
    st.session_state["nav"] = page
    st.sidebar.radio("tradegraph", list(PAGES), key="nav", on_change=_switch,
                     format_func=title)
    try:
        store = Store.current()
    except StoreError as error:
        st.error(str(error))
        st.stop()
    st.sidebar.caption(f"store: {shown_location(store.location)}")
    try:
        renderer(page)(store)
    except (BadParameterError, QueryError) as error:
        st.error(str(error))

