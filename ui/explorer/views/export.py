"""Export: the whole graph, one document's graph, an entity's description or a filtered set
of actions, in every RDF format the store writes (named as people say them: Turtle,
JSON-LD). The entity is the one on screen when the page is opened from it (URL `iri`), or
one found by name; nobody has to paste an IRI."""

from __future__ import annotations

import io

import streamlit as st

from tradegraph.graph.query.exports import ExportFormat
from tradegraph.ui.explorer import queries, state
from tradegraph.ui.explorer.data import Store, construct
from tradegraph.ui.explorer.names import action_type, entity_class, export_format, local_name

_SCOPES = {"all": "the whole graph", "document": "one document's graph",
           "entity": "an entity's description", "actions": "actions by type and date"}


@st.cache_data(max_entries=20, show_spinner="writing the export…")
def _whole(location: str, generation: float, fmt: str, graph: str | None) -> bytes:
    buffer = io.BytesIO()
    Store(location, generation).graph().export(buffer, ExportFormat(fmt), graph)
    return buffer.getvalue()


def render(store: Store) -> None:
    """Draw the page."""
    st.title("Export")
    formats = [f.value for f in ExportFormat]
    fmt = ExportFormat(state.selectbox("Format", "format", formats, "turtle",
                                       format_func=export_format))
    st.caption("N-Quads, TriG and JSON-LD keep the named graphs (one per document); Turtle, "
               "N-Triples and RDF/XML hold their union.")
    scope = state.selectbox("What", "scope", list(_SCOPES),
                            "entity" if state.param("iri") else "all",
                            format_func=lambda s: _SCOPES[s])
    name = "tradegraph"
    if scope == "document":
        docs = store.select(queries.documents(limit=5000))
        choices = [r["doc"] or "" for r in docs]
        if not choices:
            st.caption("no documents yet")
            return
        titles = {r["doc"]: r["title"] or r["doc"] for r in docs}
        doc = state.selectbox("Document", "doc", choices, choices[0],
                              format_func=lambda d: str(titles.get(d, d)))
        name = local_name(doc)
        prepare = st.button("Prepare the file")
        data = _whole(store.location, store.generation, fmt.value, doc) if prepare else None
    elif scope == "entity":
        iri = entity_choice(store)
        if not iri:
            return
        name = local_name(iri)
        try:
            data = construct(store, queries.describe(iri), fmt.value)
        except queries.BadParameterError as error:
            st.error(str(error))
            return
    elif scope == "actions":
        types = state.multiselect("Action types", "type",
                                  [local_name(r["class"])
                                   for r in store.select(queries.action_types())],
                                  format_func=action_type, placeholder="all types")
        start = state.text_input("From (YYYY[-MM[-DD]])", "from")
        end = state.text_input("To", "to")
        name = "actions"
        chosen = [r["action"] or "" for r in
                  store.select(queries.filtered_actions(types, start or None, end or None))]
        st.caption(f"{len(chosen)} actions" + (" (the first 5000)" if len(chosen) == 5000
                                               else ""))
        if not chosen:
            return
        # built on request, like the other files: the page itself stays fast on any store
        prepare = st.button("Prepare the file")
        data = construct(store, queries.actions_graph(chosen), fmt.value) if prepare else None
    else:
        st.caption("The whole store is written when you ask for it (large stores take a "
                   "while; `tradegraph export` streams to a file instead).")
        prepare = st.button("Prepare the file")
        data = _whole(store.location, store.generation, fmt.value, None) if prepare else None
    if data is None:
        return
    st.download_button(f"Download {name}.{fmt.extension} ({export_format(fmt)}, "
                       f"{len(data):,} bytes)", data,
                       file_name=f"{name}.{fmt.extension}", mime=fmt.media_type,
                       key="download", on_click="ignore")
    with st.expander("Preview"):
        st.code(data[:5000].decode("utf-8", "replace"))


def entity_choice(store: Store) -> str | None:
    """The entity to export: the one the page was opened from (URL `iri`), else one found
    by name; its choice goes into the URL."""
    current = state.param("iri")
    if current:
        label = store.labels([current]).get(current) or local_name(current)
        kind = store.classes([current]).get(current)
        st.markdown(f"The description of **{state.entity_link(current, label)}**"
                    + (f" ({entity_class(kind)})" if kind else "")
                    + f" · {state.link('choose another', 'export', scope='entity')}",
                    unsafe_allow_html=True)
        return current
    text = state.text_input("Find the entity by name or alias", "q",
                            placeholder="e.g. Huawei, then Enter")
    if not text:
        st.caption("Or open Export from an entity's page: it offers that entity.")
        return None
    found = store.select(queries.search(text, []))
    if not found:
        st.caption(f"no entity matches “{text}”")
        return None
    choices = {r["entity"] or "": f"{r['label'] or local_name(r['entity'])} "
                                  f"({entity_class(r['class'] or '')})" for r in found}
    picked = st.selectbox("Entity", list(choices), format_func=choices.__getitem__)
    return str(picked) if picked else None
