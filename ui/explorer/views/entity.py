"""Entity page: what a resource is, what it did and what was done to it, who else is
involved, and the sentences that say so, each linking to its place in the document."""

from __future__ import annotations

from html import escape

import streamlit as st

from tradegraph.ui.explorer import queries, state
from tradegraph.ui.explorer.data import Store, construct
from tradegraph.ui.explorer.record import record_cells
from tradegraph.ui.explorer.tables import STYLE, local_name, table, value_cell

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
_SAME = "http://www.w3.org/2002/07/owl#sameAs"
_PARENT = "https://w3id.org/tradegraph/ontology#parentOrganization"
_COUNTRY = "https://w3id.org/tradegraph/ontology#country"
_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"


def render(store: Store) -> None:
    """Draw the page."""
    iri = state.param("iri")
    if not iri:
        st.info("No entity chosen: find one on the Search page.")
        return
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
    types = ", ".join(local_name(o) for o, _ in values.get(_TYPE_KEY, []))
    st.caption(f"{types} · {iri}")
    _summary(values, store, iri)
    _links(iri)
    _actions(store, iri)
    _related(store, iri)
    _evidence(store, iri)
    with st.expander(f"All statements ({len(facts)})"):
        table(["direction", "property", "value"],
              [[r["direction"] or "", escape(r["plabel"] or local_name(r["p"])),
                value_cell(r["o"]) if not r["olabel"] else state.entity_link(r["o"] or "",
                                                                           r["olabel"])]
               for r in facts])
    _downloads(store, iri)


_TYPE_KEY = _RDF_TYPE


def _summary(values: dict[str, list[tuple[str, str | None]]], store: Store, iri: str) -> None:
    lines = []
    aliases = sorted({o for o, _ in values.get(_ALT, [])})
    if aliases:
        lines.append("<b>Also known as:</b> " + ", ".join(escape(a) for a in aliases))
    same = values.get(_SAME, [])
    if same:
        lines.append("<b>External identifiers:</b> " + ", ".join(
            f'<a href="{escape(o)}">{escape(o)}</a>' for o, _ in same))
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
        state.link("SPARQL about it", "sparql",
                   q=f"SELECT ?p ?o WHERE {{\n  <{iri}> ?p ?o\n}} LIMIT 200"),
    ]), unsafe_allow_html=True)


def _actions(store: Store, iri: str) -> None:
    rows = store.select(queries.entity_actions(iri))
    actions = sorted({r["action"] or "" for r in rows})
    others: dict[str, dict[str, list[str]]] = {}
    for r in store.select(queries.participants(actions)) if actions else []:
        if r["node"] != iri:
            roles = others.setdefault(r["action"] or "", {})
            roles.setdefault(r["role"] or "", []).append(r["node"] or "")
    names = store.labels([n for roles in others.values() for ns in roles.values() for n in ns])
    record = record_cells(store, actions) if actions else {}

    def named(action: str, *roles: str) -> str:
        found = sorted({names.get(n, local_name(n)) for role in roles
                        for n in others.get(action, {}).get(role, [])})
        return escape("; ".join(found))

    for role, heading in (("agent", "Actions as agent"), ("target", "Actions as target"),
                          ("beneficiary", "Actions as beneficiary"),
                          ("product", "Actions covering it")):
        mine = [r for r in rows if r["role"] == role]
        if not mine and role in ("beneficiary", "product"):
            continue
        st.subheader(f"{heading} ({len(mine)})")
        table(["type", "date", "status", "counterpart", "products", "legal record", "action"],
              [[escape(r["type"] or ""), escape(r["date"] or "undated"),
                escape(r["status"] or ""),
                named(r["action"] or "", "agent", "target", "beneficiary"),
                named(r["action"] or "", "product"), record.get(r["action"] or "", ""),
                state.link("open", "entity", iri=r["action"])]
               for r in mine], empty="none recorded")


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


def _downloads(store: Store, iri: str) -> None:
    name = local_name(iri) or "resource"
    left, right = st.columns(2)
    describe = queries.describe(iri)
    left.download_button("Download as Turtle", construct(store, describe, "turtle"),
                         file_name=f"{name}.ttl", mime="text/turtle", key="dl-ttl")
    right.download_button("Download as JSON-LD", construct(store, describe, "jsonld"),
                          file_name=f"{name}.jsonld", mime="application/ld+json", key="dl-jsonld")
