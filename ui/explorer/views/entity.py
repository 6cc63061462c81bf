"""Entity page: what a resource is, what it did and what was done to it, who else is
involved, and the sentences that say so, each linking to its place in the document."""

from __future__ import annotations

from html import escape

import streamlit as st

from tradegraph.ui.explorer import queries, real_actions, state
from tradegraph.ui.explorer.data import Store, construct
from tradegraph.ui.explorer.tables import STYLE, local_name, table, value_cell
from tradegraph.ui.explorer.views import entity_actions, status_panel
from tradegraph.ui.explorer.weblinks import external_link

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
_SAME = "http://www.w3.org/2002/07/owl#sameAs"
_PARENT = "https://w3id.org/tradegraph/ontology#parentOrganization"
_COUNTRY = "https://w3id.org/tradegraph/ontology#country"
_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
_URL = "https://schema.org/url"


def render(store: Store) -> None:
    """Draw the page: what matters first (status on a day, names), then the actions with
    their evidence, related entities, every statement and the downloads. Each part is
    drawn as soon as its queries answer."""
    iri = state.param("iri")
    if not iri:
        st.info("No entity chosen: find one on the Search page.")
        return
    with st.spinner("reading the entity…"):
        header = store.select(queries.entity_header(iri))
        facts = store.select(queries.entity_facts(iri))
    if not header and not facts:
        st.error(f"tradegraph knows nothing about {iri}")
        return
    values: dict[str, list[tuple[str, str | None]]] = {}
    for row in header:
        pairs = values.setdefault(row["p"] or "", [])
        if (row["o"] or "", row["olabel"]) not in pairs:
            pairs.append((row["o"] or "", row["olabel"]))
    label = next((o for o, _ in values.get(_LABEL, [])), None) or local_name(iri)
    st.title(label)
    kinds = [local_name(o) for o, _ in values.get(_RDF_TYPE, [])]
    st.caption(f"{', '.join(kinds)} · {iri}")
    status = status_panel.render(store, iri, kinds)
    standings = entity_actions.standings_of(status)
    _summary(values, store, iri)
    _links(iri)
    with st.spinner("reading the actions and their evidence…"):
        actions = real_actions.gather(store, iri)
    if actions or not _is_action(kinds):
        entity_actions.render(actions, standings)
    else:
        _evidence(store, iri)
    with st.spinner("reading related entities…"):
        _related(store, iri)
    with st.expander(f"All statements ({len(facts)})"):
        table(["direction", "property", "value"],
              [[r["direction"] or "", escape(r["plabel"] or local_name(r["p"])),
                value_cell(r["o"]) if not r["olabel"] else state.entity_link(r["o"] or "",
                                                                           r["olabel"])]
               for r in facts])
    _downloads(store, iri, actions, standings)


def _is_action(kinds: list[str]) -> bool:
    return not any(k in queries.ENTITY_CLASSES for k in kinds)


def _summary(values: dict[str, list[tuple[str, str | None]]], store: Store, iri: str) -> None:
    lines = []
    aliases = sorted({o for o, _ in values.get(_ALT, [])})
    if aliases:
        lines.append("<b>Also known as:</b> " + ", ".join(escape(a) for a in aliases))
    same = values.get(_SAME, [])
    if same:
        lines.append("<b>External identifiers:</b> " + ", ".join(
            external_link(o) for o, _ in same))
    if values.get(_URL):
        lines.append("<b>Web:</b> " + ", ".join(external_link(o) for o, _ in values[_URL]))
    for key, name in ((_PARENT, "Parent organisation"), (_COUNTRY, "Country")):
        if values.get(key):
            lines.append(f"<b>{name}:</b> " + ", ".join(
                state.entity_link(o, lbl) for o, lbl in values[key]))
    children = store.select(queries.entity_children(iri))
    if children:
        lines.append("<b>Sub-organisations:</b> " + ", ".join(
            state.entity_link(r["child"] or "", r["label"]) for r in children))
    for comment, _ in values.get(_COMMENT, [])[:1]:
        lines.append(f"<i>{escape(comment)}</i>")
    if lines:
        st.markdown("<br>".join(lines), unsafe_allow_html=True)


def _links(iri: str) -> None:
    st.markdown(" · ".join([
        state.link("Network", "network", iri=iri),
        state.link("Timeline", "timeline", iri=iri),
        state.link("Export", "export", iri=iri, scope="entity"),
        state.link("SPARQL about it", "sparql",
                   q=f"SELECT ?p ?o WHERE {{\n  <{iri}> ?p ?o\n}} LIMIT 200"),
    ]), unsafe_allow_html=True)


def _related(store: Store, iri: str) -> None:
    rows = store.select(queries.related_entities(iri))
    if rows:
        others = [r["other"] or "" for r in rows]
        names, kinds = store.labels(others), store.classes(others)
        st.subheader("Related entities")
        table(["entity", "class", "shared actions"],
              [[state.entity_link(o, names.get(o)), kinds.get(o, ""), r["shared"] or ""]
               for o, r in zip(others, rows, strict=True)])


def _evidence(store: Store, iri: str) -> None:
    rows = store.select(queries.evidence(iri))
    st.subheader(f"Evidence ({len(rows)})")
    if not rows:
        st.caption("no evidence quotes recorded")
        return
    items = []
    for r in rows:
        doc_link = state.link(r["docTitle"] or r["doc"] or "document", "documents",
                              doc=r["doc"], start=r["start"], end=r["end"])
        items.append(f"<li>{state.entity_link(r['about'] or '', r['aboutLabel'])}"
                     f'<blockquote class="tg">{escape(r["quote"] or "")}</blockquote>'
                     f"source: {doc_link}</li>")
    st.markdown(f"{STYLE}<ul>{''.join(items)}</ul>", unsafe_allow_html=True)


def _downloads(store: Store, iri: str, actions: list[real_actions.RealAction],
               standings: dict[str, str]) -> None:
    name = local_name(iri) or "resource"
    st.subheader("Download this page")
    left, middle, right = st.columns(3)
    describe = queries.describe(iri)
    left.download_button("Download as JSON-LD", construct(store, describe, "jsonld"),
                         file_name=f"{name}.jsonld", mime="application/ld+json", key="dl-jsonld",
                         on_click="ignore")
    middle.download_button("Download as Turtle", construct(store, describe, "turtle"),
                           file_name=f"{name}.ttl", mime="text/turtle", key="dl-ttl",
                           on_click="ignore")
    right.download_button("Download the actions as CSV",
                          entity_actions.to_csv(actions, standings),
                          file_name=f"{name}-actions.csv", mime="text/csv", key="dl-csv",
                          on_click="ignore")
