"""Network: entities as nodes and real actions as typed, coloured edges from agent to target,
drawn with Cytoscape.js (st-cytoscape, which reports clicks on nodes *and* edges) in a
drawing that fills the first screen (`network_canvas`), the whole name of a node or edge
shown under the pointer. Parallel actions between two entities are one edge ("5 actions")
that opens into its actions when clicked, whose type names are left to their colours and
the legend when there are too many to read; sub-agencies are drawn inside their parent
agency; past the node limit, a node shows "+N" and clicking it brings its neighbours in.
Clicking an action edge opens the action with its evidence; clicking a node offers its
page. Two hops go through firms and people, through agencies too on request."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from html import escape
from typing import Any

import streamlit as st
from st_cytoscape import cytoscape

from tradegraph.ui.explorer import queries, state
from tradegraph.ui.explorer.data import Store
from tradegraph.ui.explorer.names import action_type, entity_class, local_name
from tradegraph.ui.explorer.network_model import Network, build
from tradegraph.ui.explorer.palette import (
    ACTION_COLOURS,
    BUNDLE,
    ENTITY_COLOURS,
    OTHER_ENTITY,
    action_colour,
)
from tradegraph.ui.explorer.tables import STYLE
from tradegraph.ui.explorer.views import action_card, network_canvas

LABEL_CHARS = 34
"""Longer node labels are cut (the whole label shows under the pointer)."""
EDGE_LABELS_UP_TO = 24
"""Single-action edges are labelled with their type while the view has at most this many
edges; beyond, the colour and the legend say it."""
BEND, BEND_STEP = 60, 24
"""Pixels by which an edge leaving a parent agency's box curves aside from the straight line
its sub-agencies' edges take, and how much further each parallel one curves."""
PARALLEL_LABELS_UP_TO = 1
"""Parallel edges between two entities are labelled while there are at most this many of
them (the labels of more overlap); beyond, the colour says the type, the pointer the rest."""
VIA = {"parties": "firms and people", "all": "firms, people and agencies"}
"""What two or more hops go through (URL `via`)."""


def render(store: Store) -> None:
    """Draw the page: filters in one row, the summary, the drawing filling the rest of the
    first screen; the legend, what was clicked and the actions below it."""
    st.title("Network")
    center = state.param("iri")
    if not center:
        st.info("Choose an entity first: search for it, then follow “Network” on its page.")
        return
    type_names = [local_name(r["class"]) for r in store.select(queries.action_types())]
    hops, via, grouping, *filters = st.columns([0.8, 2.1, 1.3, 2.6, 1.3, 1.3])
    with hops:
        depth = int(state.selectbox("Hops", "depth", ["1", "2", "3"], "1"))
    with via:
        through = state.selectbox("Beyond one hop, through", "via", list(VIA), "parties",
                                  format_func=VIA.__getitem__, disabled=depth == 1)
    with grouping:
        agencies = state.selectbox("Agencies", "agencies", ["grouped", "separate"], "grouped",
                                   help="grouped: sub-agencies are drawn inside their parent")
    types, start, end = state.action_filters(type_names, filters)
    with st.spinner("walking the network…"):
        network = build(store, center, depth, types=types, start=start or None,
                        end=end or None, expanded=set(state.params("expand")),
                        opened=set(state.params("open")),
                        group_agencies=agencies == "grouped", through_agencies=through == "all")
    _summary(network)
    if not network.actions:
        st.caption("no actions within these filters")
        return
    network_canvas.install()
    elements = elements_of(network)
    digest = hashlib.sha1(json.dumps(elements, sort_keys=True).encode()).hexdigest()[:12]
    chosen = cytoscape(elements, stylesheet(), height="560px",
                       layout={"name": "fcose", "animate": False, "nodeRepulsion": 45000,
                               "idealEdgeLength": 150, "nodeSeparation": 130,
                               "padding": 30, "nestingFactor": 0.6, "numIter": 5000},
                       selection_type="single", max_zoom=1.6, min_zoom=0.2,
                       key=f"network-{digest}")
    st.markdown(legend(network), unsafe_allow_html=True)
    _clicked(store, network, chosen or {})
    _actions_list(store, network)


def _summary(network: Network) -> None:
    label = network.labels.get(network.center, local_name(network.center))
    bundles = sum(1 for e in network.edges if e.cls == "bundle")
    st.markdown(
        f"Around {state.entity_link(network.center, label)}: {len(network.actions)} actions, "
        f"{len(network.shown)} entities shown"
        + (", one bundle of parallel actions (click it to open it)" if bundles == 1 else
           f", {bundles} bundles of parallel actions (click one to open it)" if bundles else "")
        + (" · the node limit hides some: a node marked +N brings its neighbours in when "
           "clicked" if network.truncated else "")
        + f" · {state.link('reset the view', 'network', iri=network.center)}",
        unsafe_allow_html=True)


def _clicked(store: Store, network: Network, chosen: dict[str, list[str]]) -> None:
    """Act on a click: open a bundle, expand a node, or show what was clicked."""
    edges = {e.id: e for e in network.edges}
    for edge_id in chosen.get("edges", []):
        edge = edges.get(edge_id)
        if edge is None:
            continue
        if edge.cls == "bundle":
            _add_param("open", edge_id.split(":", 1)[1])
        st.subheader("The action you chose")
        action_card.render(store, edge.actions[0])
        return
    for node in chosen.get("nodes", []):
        if node in network.hidden:
            _add_param("expand", node)
        if node in network.labels or node in network.shown:
            name = network.labels.get(node, local_name(node))
            kind = entity_class(network.kinds.get(node, "entity"))
            st.markdown(f"**{escape(name)}** ({escape(kind)}) · "
                        + state.entity_link(node, "open its page") + " · "
                        + state.link("centre the network here", "network", iri=node),
                        unsafe_allow_html=True)
        return


def _add_param(name: str, value: str) -> None:
    values = state.params(name)
    if value not in values:
        state.set_param(name, [*values, value])
        st.rerun()


def legend(network: Network) -> str:
    """HTML: the edge colours of the action types drawn, the node colours, the marks."""
    counts = network.type_counts()
    edges = "".join(
        f'<span class="tg-key"><i style="background:{action_colour(cls)}"></i>'
        f"{escape(action_type(cls))} ({n})</span>"
        for cls, n in sorted(counts.items(), key=lambda x: action_type(x[0])))
    kinds = sorted({network.kinds.get(n, "Other") for n in network.shown})
    nodes = "".join(f'<span class="tg-key"><b style="background:'
                    f'{ENTITY_COLOURS.get(k, OTHER_ENTITY)}"></b>{escape(entity_class(k))}</span>'
                    for k in kinds)
    marks = (f'<span class="tg-key"><i style="background:{BUNDLE};height:5px"></i>'
             "N actions: parallel actions, click to open</span>"
             '<span class="tg-key"><i style="border-top:2px dashed #6b7280;background:none">'
             "</i>for the benefit of</span>"
             '<span class="tg-key"><i style="border-top:2px dotted #6b7280;background:none">'
             "</i>a loop: the agent is not named</span>"
             '<span class="tg-key"><b style="background:#fff;border:2px dashed #6b7280">'
             "</b>+N: hidden neighbours, click to bring in</span>")
    return ("<style>.tg-legend{font-size:.85rem;line-height:1.9}.tg-key{margin-right:1rem;"
            "white-space:nowrap}.tg-key i{display:inline-block;width:22px;height:3px;"
            "vertical-align:middle;margin-right:.3rem}.tg-key b{display:inline-block;"
            "width:11px;height:11px;border-radius:50%;vertical-align:middle;"
            "margin-right:.3rem}</style>"
            f'<div class="tg-legend" data-testid="network-legend"><b>Actions (agent → target):'
            f"</b> {edges}<br><b>Entities:</b> {nodes} {marks}</div>")


def elements_of(network: Network) -> list[dict[str, Any]]:
    """The Cytoscape.js elements: nodes (sub-agencies inside parents) and edges; a node's
    `name` and an edge's `title` are what the pointer shows in full."""
    elements: list[dict[str, Any]] = []
    parents = set(network.parents.values())
    for node in network.shown:
        name = network.labels.get(node, local_name(node))
        short = name if len(name) <= LABEL_CHARS else name[:LABEL_CHARS - 1] + "…"
        more = network.hidden.get(node, 0)
        data = {"id": node, "label": short + (f"  +{more}" if more else ""), "name": name,
                "colour": ENTITY_COLOURS.get(network.kinds.get(node, ""), OTHER_ENTITY)}
        if node in network.parents:
            data["parent"] = network.parents[node]
        classes = [network.kinds.get(node, "Other")]
        classes += ["center"] * (node == network.center) + ["more"] * bool(more)
        classes += ["group"] * (node in parents)
        elements.append({"data": data, "classes": " ".join(classes)})
    parallel = Counter((e.source, e.target) for e in network.edges)
    bends: Counter[tuple[str, str]] = Counter()
    few = len(network.edges) <= EDGE_LABELS_UP_TO
    for edge in network.edges:
        count = len(edge.actions)
        if edge.cls == "bundle":
            label = f"{count} actions" if few else str(count)
            title = f"{count} actions: click to open"
        else:
            action = network.actions[edge.actions[0]]
            title = f"{action_type(edge.cls)} {action.date}".strip()
            label = action_type(edge.cls) \
                if few and parallel[(edge.source, edge.target)] <= PARALLEL_LABELS_UP_TO else ""
        loop = " noagent" if edge.source == edge.target else ""
        drawn: dict[str, str | int] = {
            "id": edge.id, "source": edge.source, "target": edge.target, "label": label,
            "title": title, "weight": min(count, 10),
            "colour": BUNDLE if edge.cls == "bundle" else ACTION_COLOURS.get(edge.cls, "#6b7280")}
        group = ""
        if edge.source in parents and not loop:
            # an agency's own edges leave its box beside its sub-agencies' straight ones:
            # they curve aside, each of several parallel ones further than the one before
            drawn["bend"] = BEND + BEND_STEP * bends[(edge.source, edge.target)]
            bends[(edge.source, edge.target)] += 1
            group = " fromgroup"
        elements.append({"data": drawn, "classes": f"{edge.cls} {edge.role}{loop}{group}"})
    return elements


def stylesheet() -> list[dict[str, Any]]:
    """The Cytoscape.js style: readable labels on a white halo, coloured by data."""
    return [
        {"selector": "node", "style": {
            "label": "data(label)", "background-color": "data(colour)", "width": 20,
            "height": 20, "font-size": 11, "text-valign": "bottom", "text-margin-y": 4,
            "text-wrap": "wrap", "text-max-width": 140, "text-background-color": "#ffffff",
            "text-background-opacity": 0.85, "text-background-padding": 2, "color": "#111827",
            "min-zoomed-font-size": 6}},
        {"selector": "node.center", "style": {"width": 32, "height": 32, "font-size": 13,
                                              "font-weight": "bold", "border-width": 3,
                                              "border-color": "#111827"}},
        {"selector": "node.more", "style": {"border-width": 3, "border-style": "dashed",
                                            "border-color": "#6b7280"}},
        {"selector": ":parent", "style": {
            "background-color": "#eff6ff", "background-opacity": 0.6, "border-color": "#1d4ed8",
            "border-width": 1, "shape": "round-rectangle", "padding": 14,
            "text-valign": "top", "text-halign": "center", "font-weight": "bold",
            "text-max-width": 260, "text-margin-y": -3}},
        {"selector": "edge", "style": {
            "width": 2.5, "curve-style": "bezier", "line-color": "data(colour)",
            "target-arrow-color": "data(colour)", "target-arrow-shape": "triangle",
            "arrow-scale": 0.9, "label": "data(label)", "font-size": 9,
            "text-rotation": "autorotate", "text-background-color": "#ffffff",
            "text-background-opacity": 0.9, "text-background-padding": 1, "color": "#374151",
            "min-zoomed-font-size": 7}},
        {"selector": "edge.bundle", "style": {
            "width": "mapData(weight, 2, 10, 3.5, 8)", "font-size": 11, "font-weight": "bold",
            "text-background-shape": "round-rectangle", "text-background-padding": 2}},
        {"selector": "edge.beneficiary", "style": {"line-style": "dashed"}},
        {"selector": "edge.fromgroup", "style": {
            "curve-style": "unbundled-bezier", "control-point-distances": "data(bend)",
            "control-point-weights": 0.5}},
        {"selector": "edge.noagent", "style": {
            "line-style": "dotted", "loop-direction": "-45deg", "loop-sweep": "-50deg",
            "control-point-step-size": 60}},
        {"selector": ":selected", "style": {"overlay-color": "#f59e0b",
                                            "overlay-opacity": 0.35}},
        *network_canvas.HOVER_STYLE,
    ]


def _actions_list(store: Store, network: Network) -> None:
    st.subheader("Actions in this view")
    drawn = sorted({a for e in network.edges for a in e.actions},
                   key=lambda a: (network.actions[a].date, a))[:100]
    quotes: dict[str, list[dict[str, str | None]]] = {}
    for row in store.select(queries.actions_evidence(drawn)) if drawn else []:
        quotes.setdefault(row["action"] or "", []).append(row)
    labels = store.labels(drawn)
    items = []
    for iri in drawn:
        action = network.actions[iri]
        sources = "".join(
            f'<blockquote class="tg">{escape(q["quote"] or "")}</blockquote>source: '
            + state.link(q["docTitle"] or q["doc"] or "document", "documents", doc=q["doc"],
                         start=q["start"], end=q["end"])
            for q in quotes.get(iri, [])[:3])
        name = labels.get(iri) or action_type(action.cls)
        items.append(f"<li>{escape(action.date)} {state.entity_link(iri, name)}{sources}</li>")
    st.markdown(f"{STYLE}<ul>{''.join(items)}</ul>", unsafe_allow_html=True)
