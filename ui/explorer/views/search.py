"""Search: type-ahead over labels and aliases, with class filters."""

from __future__ import annotations

import streamlit as st

from tradegraph.ui.explorer import queries, state
from tradegraph.ui.explorer.data import Store
from tradegraph.ui.explorer.tables import local_name, table


def render(store: Store) -> None:
    """Draw the page."""
    st.title("Search")
    classes = state.multiselect("Classes", "cls", queries.ENTITY_CLASSES,
                                placeholder="all classes")
    names = sorted(store.select(queries.names(classes)),
                   key=lambda r: ((r["name"] or "").lower(), r["entity"] or ""))
    choices = {f"{r['name']} · {local_name(r['class'])}": r["entity"] or "" for r in names}
    picked = st.selectbox("Go to (type to filter)", list(choices), index=None,
                          placeholder="start typing a name or alias", key="typeahead")
    if picked:
        state.go("entity", iri=choices[picked])
    text = state.text_input("Search labels and aliases", "q", placeholder="e.g. Huawei")
    if not text:
        st.caption("Type part of a name; press Enter to list every match.")
        return
    rows = store.select(queries.search(text, classes))
    st.caption(f"{len(rows)} match{'es' if len(rows) != 1 else ''} for “{text}”")
    table(["entity", "class", "matched name"],
          [[state.entity_link(r["entity"] or "", r["label"]), local_name(r["class"]),
            r["matched"] or ""] for r in rows], empty="no entity matches")
