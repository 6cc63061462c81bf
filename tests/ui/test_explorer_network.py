"""The network view on the demo corpus (both backends): entities as nodes, real actions as
typed edges from agent to target, parallel actions bundled until opened, sub-agencies
inside their parent, the node limit and its expansion, the legend, the filters."""

from __future__ import annotations

from typing import Any

BASE = "https://w3id.org/tradegraph/id/"
HUAWEI = BASE + "firm/huawei"
COMMERCE = BASE + "agency/commerce-department"
BIS = BASE + "agency/bis"
ENTITY_LIST_DOC = BASE + "doc/03-huawei-entity-list-2019"


def drawing(app: Any, pages: Any) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """(nodes by id, edges) of the Cytoscape drawing on the page."""
    [args] = [c for c in pages.components(app) if "elements" in c]
    nodes = {e["data"]["id"]: e for e in args["elements"] if "source" not in e["data"]}
    edges = [e for e in args["elements"] if "source" in e["data"]]
    return nodes, edges


def test_entities_are_nodes_and_actions_typed_edges_with_a_legend(explorer: Any,
                                                                  pages: Any) -> None:
    app = explorer(page="network", iri=HUAWEI)
    pages.ok(app)
    nodes, edges = drawing(app, pages)
    assert HUAWEI in nodes and "center" in nodes[HUAWEI]["classes"]
    assert not any("/action/" in n for n in nodes)  # actions are edges, not nodes
    assert all(e["data"]["source"] in nodes and e["data"]["target"] in nodes for e in edges)
    typed = [e for e in edges if "bundle" not in e["classes"]]
    assert typed and all(e["data"]["colour"].startswith("#") for e in typed)
    legend = next(str(m.value) for m in app.markdown if "network-legend" in str(m.value))
    for kind in ("Entity List addition", "temporary general license".capitalize(), "Firm",
                 "Agency", "N actions"):
        assert kind.lower() in legend.lower(), kind
    # the legend's colour of a type is the colour of its edges
    from tradegraph.ui.explorer.palette import action_colour

    assert f"background:{action_colour('EntityListAddition')}" in legend


def test_parallel_actions_are_one_edge_until_opened(explorer: Any, pages: Any) -> None:
    closed = explorer(page="network", iri=HUAWEI)
    _, edges = drawing(closed, pages)
    bundles = [e for e in edges if "bundle" in e["classes"]]
    assert bundles, "no bundle of parallel actions around Huawei"
    commerce = next(b for b in bundles if b["data"]["source"] == COMMERCE
                    and b["data"]["target"] == HUAWEI)
    count = int(commerce["data"]["label"].split()[0])
    assert count >= 5 and commerce["data"]["label"] == f"{count} actions"
    opened = explorer(page="network", iri=HUAWEI, open=commerce["data"]["id"].split(":", 1)[1])
    pages.ok(opened)
    _, after = drawing(opened, pages)
    between = [e for e in after if e["data"]["source"] == COMMERCE
               and e["data"]["target"] == HUAWEI]
    assert len(between) == count and not any("bundle" in e["classes"] for e in between)
    assert len({e["classes"].split()[0] for e in between}) >= 3  # several action types
    assert len(after) == len(edges) - 1 + count


def test_sub_agencies_are_drawn_inside_their_parent(explorer: Any, pages: Any) -> None:
    grouped = explorer(page="network", iri=HUAWEI)
    nodes, edges = drawing(grouped, pages)
    assert nodes[BIS]["data"]["parent"] == COMMERCE
    assert "group" in nodes[COMMERCE]["classes"]
    # the parent's own edges curve aside from its sub-agencies' straight ones
    own = [e for e in edges if e["data"]["source"] == COMMERCE]
    assert own and all("fromgroup" in e["classes"].split() for e in own)
    assert all("fromgroup" not in e["classes"].split()
               for e in edges if e["data"]["source"] == BIS)
    apart = explorer(page="network", iri=HUAWEI, agencies="separate")
    nodes, _ = drawing(apart, pages)
    assert "parent" not in nodes[BIS]["data"]


def test_the_node_limit_hides_neighbours_behind_a_count_and_expands(explorer: Any,
                                                                    pages: Any) -> None:
    from tradegraph.ui.explorer.data import Store
    from tradegraph.ui.explorer.network_model import build

    explorer(page="network", iri=HUAWEI)  # points the explorer at the demo store
    store = Store.current()
    full = build(store, HUAWEI, 2, types=[], start=None, end=None, expanded=set(),
                 opened=set(), through_agencies=True)
    small = build(store, HUAWEI, 2, types=[], start=None, end=None, expanded=set(),
                  opened=set(), max_nodes=4, through_agencies=True)
    assert len(full.shown) > 4 and not full.truncated
    assert len(small.shown) == 4 and small.truncated
    assert small.shown[0] == HUAWEI
    hiding = next(n for n, hidden in small.hidden.items() if hidden)
    grown = build(store, HUAWEI, 2, types=[], start=None, end=None, expanded={hiding},
                  opened=set(), max_nodes=4, through_agencies=True)
    assert _neighbours(full, hiding) <= set(grown.shown)
    assert len(grown.shown) == 4 + small.hidden[hiding]
    assert hiding not in grown.hidden
    # in the page: the count is in the label, and ?expand= brings the neighbours in
    page = explorer(page="network", iri=HUAWEI, depth="2", via="all", expand=hiding)
    pages.ok(page)
    nodes, _ = drawing(page, pages)
    assert _neighbours(full, hiding) <= set(nodes)


def _neighbours(network: Any, node: str) -> set[str]:
    found = set()
    for action in network.actions.values():
        people = [n for role in ("agent", "target", "beneficiary")
                  for n in action.roles.get(role, [])]
        if node in people:
            found.update(people)
    return found - {node}


def test_labels_stay_short_and_two_hops_stay_within_the_limit(explorer: Any,
                                                               pages: Any) -> None:
    from tradegraph.ui.explorer.network_model import MAX_NODES
    from tradegraph.ui.explorer.views.network import LABEL_CHARS

    app = explorer(page="network", iri=HUAWEI, depth="2", via="all")
    pages.ok(app)
    nodes, _ = drawing(app, pages)
    entities = list(nodes.values())
    assert len(entities) <= MAX_NODES
    assert all(len(n["data"]["label"].split("  +")[0]) <= LABEL_CHARS for n in entities)
    assert any(n["data"]["name"] == "Semiconductor Manufacturing International Corporation"
               for n in entities)


def test_filters_and_the_evidence_of_the_actions_shown(explorer: Any, pages: Any) -> None:
    app = explorer(page="network", iri=HUAWEI)
    doc_links = [q for _, q in pages.links(app) if q["page"] == ["documents"]]
    assert [ENTITY_LIST_DOC] in [q["doc"] for q in doc_links]
    narrowed = explorer(page="network", iri=HUAWEI, type="EntityListAddition", depth="2")
    pages.ok(narrowed)
    _, edges = drawing(narrowed, pages)
    kinds = {e["classes"].split()[0] for e in edges}
    assert kinds <= {"EntityListAddition", "bundle"} and kinds
    dated = explorer(page="network", iri=HUAWEI, **{"from": "2030-01-01"})
    assert "no actions within these filters" in [c.value for c in dated.caption]
    none = explorer(page="network")
    assert "Choose an entity first" in none.info[0].value


ZTE = BASE + "firm/zte"


def test_each_real_action_is_drawn_once_and_no_agent_is_made_up(explorer: Any,
                                                               pages: Any) -> None:
    from tradegraph.ui.explorer.data import Store
    from tradegraph.ui.explorer.network_model import build

    app = explorer(page="network", iri=ZTE)
    pages.ok(app)
    store = Store.current()
    network = build(store, ZTE, 1, types=[], start=None, end=None, expanded=set(),
                    opened={"*"})
    drawn = [(a, e.target) for e in network.edges for a in e.actions]
    assert len(drawn) == len(set(drawn))  # once per action and party
    # the denial order of 2018 names BIS and its parent, Commerce: drawn from BIS only
    both = [a for a in network.actions.values() if a.cls == "DenialOrder"
            and any(e.source == BIS and a.iri in e.actions for e in network.edges)]
    assert both and not any(e.source == COMMERCE and both[0].iri in e.actions
                            for e in network.edges)
    nodes, edges = drawing(explorer(page="network", iri=HUAWEI), pages)
    assert not [n for n in nodes if "not named" in n or "not named" in nodes[n]["data"]["label"]]
    loops = [e for e in edges if e["data"]["source"] == e["data"]["target"]]
    assert loops and all("noagent" in e["classes"] for e in loops)  # no agent: a loop


def test_two_hops_go_through_firms_and_people_and_agencies_on_request(explorer: Any,
                                                                    pages: Any) -> None:
    parties, _ = drawing(explorer(page="network", iri=ZTE, depth="2"), pages)
    everyone, _ = drawing(explorer(page="network", iri=ZTE, depth="2", via="all"), pages)
    assert set(parties) < set(everyone)
    assert HUAWEI not in parties and HUAWEI in everyone  # reached only through BIS


def test_parallel_edges_lose_their_labels_and_every_element_names_itself(
        explorer: Any, pages: Any) -> None:
    from tradegraph.ui.explorer.views.network import LABEL_CHARS, PARALLEL_LABELS_UP_TO

    closed = explorer(page="network", iri=HUAWEI)
    _, edges = drawing(closed, pages)
    bundle = next(b for b in edges if "bundle" in b["classes"])
    opened = explorer(page="network", iri=HUAWEI, open=bundle["data"]["id"].split(":", 1)[1])
    _, after = drawing(opened, pages)
    between = [e for e in after if (e["data"]["source"], e["data"]["target"])
               == (bundle["data"]["source"], bundle["data"]["target"])]
    assert len(between) > PARALLEL_LABELS_UP_TO
    assert all(e["data"]["label"] == "" for e in between)  # they would overlap
    assert all(e["data"]["title"] for e in between)  # shown under the pointer instead
    alone = [e for e in after if "bundle" not in e["classes"] and e not in between]
    assert any(e["data"]["label"] for e in alone)
    two_hops, _ = drawing(explorer(page="network", iri=HUAWEI, depth="2", via="all"), pages)
    cut = [n for n in two_hops.values() if len(n["data"]["name"]) > LABEL_CHARS]
    assert cut and all(n["data"]["label"].startswith(n["data"]["name"][:LABEL_CHARS - 1])
                       for n in cut)
    from tradegraph.ui.explorer.views.network import stylesheet

    hover = {s["selector"]: s["style"] for s in stylesheet()}
    assert hover["node.hover"]["label"] == "data(name)"
    assert hover["edge.hover"]["label"] == "data(title)"
