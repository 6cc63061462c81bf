"""The network around an entity as a drawing model: entities are nodes, real actions are
typed edges from their agent to their target (and beneficiary), parallel actions between
two entities are one bundle edge ("5 actions") until it is opened, sub-agencies sit inside
their parent agency, and only the best-connected `max_nodes` entities are shown, each with
the count of neighbours it hides until it is expanded.

Pure data: `views/network.py` draws it with Cytoscape.js (st-cytoscape)."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from tradegraph.ui.explorer import queries
from tradegraph.ui.explorer.data import Store
from tradegraph.ui.explorer.tables import local_name

MAX_NODES = 40
"""Entities drawn before the rest wait behind "+N" on their neighbours: more than this and
the labels cannot be read on a laptop screen."""
NO_AGENT = "agent not named"


def short_id(*parts: str) -> str:
    """A short stable id for a pair or bundle (URL-friendly)."""
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:10]


@dataclass
class Action:
    """One real action of the view."""

    iri: str
    cls: str
    date: str
    roles: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Edge:
    """A drawn edge: one action, or a bundle of several between the same two nodes."""

    id: str
    source: str
    target: str
    actions: tuple[str, ...]
    cls: str
    """The action class (local name); "bundle" for a closed bundle of several."""
    role: str = "target"
    """"target", or "beneficiary" for an edge to a beneficiary."""


@dataclass
class Network:
    """What the view draws."""

    center: str
    actions: dict[str, Action] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)
    """Sub-agency -> its parent, both shown."""
    shown: list[str] = field(default_factory=list)
    hidden: dict[str, int] = field(default_factory=dict)
    """Shown node -> how many of its neighbours are not shown."""
    edges: list[Edge] = field(default_factory=list)
    truncated: bool = False

    def type_counts(self) -> Counter[str]:
        """Actions drawn, per class."""
        drawn = {a for e in self.edges for a in e.actions}
        return Counter(self.actions[a].cls for a in drawn)


def walk(store: Store, center: str, depth: int, *, types: list[str], start: str | None,
         end: str | None) -> tuple[dict[str, Action], dict[str, int]]:
    """The real actions within `depth` hops of `center`, and each entity's hop distance."""
    actions: dict[str, Action] = {}
    distance = {center: 0}
    frontier = [center]
    for hop in range(1, depth + 1):
        if not frontier:
            break
        rows = store.select(queries.network_step(frontier[:200], types, start, end))
        fresh = []
        for row in rows:
            iri, node, role = row["action"] or "", row["node"] or "", row["role"] or ""
            action = actions.setdefault(iri, Action(iri, local_name(row["class"]),
                                                    row["date"] or ""))
            if node not in action.roles.setdefault(role, []):
                action.roles[role].append(node)
            if role != "product" and node not in distance:
                distance[node] = hop
                fresh.append(node)
        frontier = fresh
    return actions, distance


def build(store: Store, center: str, depth: int, *, types: list[str], start: str | None,
          end: str | None, expanded: set[str], opened: set[str], max_nodes: int = MAX_NODES,
          group_agencies: bool = True) -> Network:
    """The drawing model (see the module's documentation); `expanded`: nodes whose hidden
    neighbours are shown; `opened`: ids of bundles drawn as their single actions."""
    actions, distance = walk(store, center, depth, types=types, start=start, end=end)
    network = Network(center, actions)
    neighbours: dict[str, set[str]] = defaultdict(set)
    weight: Counter[str] = Counter()
    for action in actions.values():
        people = _parties(action)
        for node in people:
            weight[node] += 1
            neighbours[node].update(p for p in people if p != node)
    ranked = sorted(distance, key=lambda n: (n != center, distance[n], -weight[n], n))
    shown = set(ranked[:max_nodes])
    for node in sorted(expanded & shown):
        shown.update(neighbours[node])
    network.truncated = len(shown) < len(ranked)
    network.shown = [n for n in ranked if n in shown]
    network.hidden = {n: len(neighbours[n] - shown) for n in network.shown
                      if neighbours[n] - shown}
    network.labels = store.labels(network.shown)
    network.kinds = store.classes(network.shown)
    if group_agencies:
        agencies = [n for n in network.shown if network.kinds.get(n) == "Agency"]
        for row in store.select(queries.parents_of(agencies)) if agencies else []:
            if row["parent"] in shown:
                network.parents[row["child"] or ""] = row["parent"] or ""
    network.edges = _edges(network, shown, opened)
    return network


def _parties(action: Action) -> list[str]:
    return [n for role in ("agent", "target", "beneficiary") for n in action.roles.get(role, [])]


def _edges(network: Network, shown: set[str], opened: set[str]) -> list[Edge]:
    """One edge per (agent, target) pair and action, bundled per pair unless opened."""
    pairs: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for action in sorted(network.actions.values(), key=lambda a: (a.date, a.iri)):
        agents = action.roles.get("agent") or [NO_AGENT]
        for role in ("target", "beneficiary"):
            for target in action.roles.get(role, []):
                for agent in agents:
                    source = agent if agent != NO_AGENT else f"{NO_AGENT}|{target}"
                    if target in shown and (agent in shown or agent == NO_AGENT):
                        pairs[(source, target, role)].append(action.iri)
    edges = []
    for (source, target, role), members in pairs.items():
        bundle = short_id(source, target, role)
        if len(members) > 1 and bundle not in opened:
            edges.append(Edge(f"bundle:{bundle}", source, target, tuple(members), "bundle",
                              role))
            continue
        edges.extend(Edge(f"action:{short_id(source, target, a)}", source, target, (a,),
                          network.actions[a].cls, role) for a in members)
    return edges
