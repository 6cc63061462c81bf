"""Relationships: the network of agencies, actions, firms and products around an entity,
with hop depth, action-type and date filters; clicking a node opens its page."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

import streamlit as st
from streamlit_agraph import Config, Edge, Node, agraph

from tradegraph.ui.explorer import queries, state
from tradegraph.ui.explorer.data import Store
from tradegraph.ui.explorer.tables import STYLE, local_name

MAX_NODES = 150
"""More nodes than this make the drawing unreadable; the view says when it stopped."""

_COLOURS = {"Agency": "#2563eb", "Firm": "#dc2626", "Organization": "#7c3aed",
            "Person": "#0d9488", "Country": "#65a30d", "Product": "#ca8a04"}
_ACTION_COLOUR = "#f97316"


@dataclass
class Network:
    """Nodes (IRI -> (label, group)) and edges (action, role, node) found so far."""

    nodes: dict[str, tuple[str, str]] = field(default_factory=dict)
    edges: set[tuple[str, str, str]] = field(default_factory=set)
    actions: dict[str, tuple[str, str]] = field(default_factory=dict)  # label, date
    truncated: bool = False


def build(store: Store, center: str, depth: int, *, types: list[str], start: str | None,
          end: str | None) -> Network:
    """Walk `depth` hops out from `center` through actions, within the filters."""
    network = Network()
    frontier, seen = [center], {center}
    for _ in range(depth):
        if not frontier:
            break
        rows = store.select(queries.network_step(frontier[:200], types, start, end))
        fresh = [r["node"] or "" for r in rows] + [r["action"] or "" for r in rows]
        names, kinds = store.labels(fresh), store.classes(fresh)
        next_frontier = []
        for r in rows:
            action, node = r["action"] or "", r["node"] or ""
            network.actions[action] = (names.get(action, local_name(action)), r["date"] or "")
            network.nodes.setdefault(action, (local_name(r["class"]), "action"))
            network.nodes.setdefault(node, (names.get(node, local_name(node)),
                                            kinds.get(node, "Other")))
            network.edges.add((action, r["role"] or "", node))
            if node not in seen:
                seen.add(node)
                next_frontier.append(node)
            if len(network.nodes) >= MAX_NODES:
                network.truncated = True
                return network
        frontier = next_frontier
    return network


def render(store: Store) -> None:
    """Draw the page."""
    st.title("Relationships")
    center = state.param("iri")
    if not center:
        st.info("Choose an entity first: search for it, then follow “Network” on its page.")
        return
    type_rows = store.select(queries.action_types())
    type_names = [local_name(r["class"]) for r in type_rows]
    hops, *filters = st.columns([1, 3, 1, 1])
    with hops:
        depth = int(state.selectbox("Hops", "depth", ["1", "2", "3"], "1"))
    types, start, end = state.action_filters(type_names, filters)
    network = build(store, center, depth, types=types, start=start or None, end=end or None)
    label = network.nodes.get(center, (local_name(center), ""))[0]
    st.markdown(f"Around {state.entity_link(center, label)}: {len(network.actions)} actions, "
                f"{len(network.nodes) - len(network.actions)} entities"
                + (" (stopped at the node limit)" if network.truncated else ""),
                unsafe_allow_html=True)
    if not network.actions:
        st.caption("no actions within these filters")
        return
    nodes = [Node(id=iri, label=name[:40], title=name,
                  color=_ACTION_COLOUR if group == "action" else _COLOURS.get(group, "#6b7280"),
                  shape="box" if group == "action" else "dot",
                  size=25 if iri == center else 15)
             for iri, (name, group) in network.nodes.items()]
    edges = [Edge(source=a, target=n, label=role) for a, role, n in sorted(network.edges)]
    clicked = agraph(nodes=nodes, edges=edges,
                     config=Config(width="100%", height=560, directed=True, physics=True))
    if clicked and clicked != center and clicked in network.nodes:
        state.go("entity", iri=clicked)
    _evidence_list(store, network)


def _evidence_list(store: Store, network: Network) -> None:
    st.subheader("Actions in this view")
    actions = sorted(network.actions, key=lambda a: network.actions[a][1])[:100]
    quotes: dict[str, list[dict[str, str | None]]] = {}
    for row in store.select(queries.actions_evidence(actions)):
        quotes.setdefault(row["action"] or "", []).append(row)
    items = []
    for action in actions:
        name, date = network.actions[action]
        sources = "".join(
            f'<blockquote class="tg">{escape(q["quote"] or "")}</blockquote>source: '
            + state.link(q["docTitle"] or q["doc"] or "document", "documents", doc=q["doc"],
                         start=q["start"], end=q["end"])
            for q in quotes.get(action, [])[:3])
        items.append(f"<li>{escape(date)} {state.entity_link(action, name)}{sources}</li>")
    st.markdown(f"{STYLE}<ul>{''.join(items)}</ul>", unsafe_allow_html=True)
