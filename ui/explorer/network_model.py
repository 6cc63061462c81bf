"""The network around an entity as a drawing model: entities are nodes, real actions are
typed edges from their agent to their target (and beneficiary), parallel actions between
two entities are one bundle edge ("5 actions") until it is opened, sub-agencies sit inside
their parent agency, and only the best-connected `max_nodes` entities are shown, each with
the count of neighbours it hides until it is expanded.

Each real action is drawn once per party it is against: an action stated with both an
agency and its parent as agents ("BIS, of the Commerce Department") comes from the most
specific one. An action that names no agent is a loop on its target, not an edge from a
made-up node. Beyond the first hop the walk goes on through firms and people only (the
agencies and countries that act on everyone would bring in everyone), through agencies
too on request.

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
THROUGH = ("Firm", "Person")
"""The classes the walk goes on through after the first hop."""


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
         end: str | None, through_agencies: bool = False
         ) -> tuple[dict[str, Action], dict[str, int]]:
    """The real actions within `depth` hops of `center`, and each entity's hop distance;
    beyond the first hop only through firms and people (`THROUGH`), and agencies when
    `through_agencies`."""
    passable = (*THROUGH, "Agency") if through_agencies else THROUGH
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
        if hop < depth and fresh:
            kinds = store.classes(fresh)
            frontier = [n for n in fresh if kinds.get(n) in passable]
        else:
            frontier = fresh
    return actions, distance


def build(store: Store, center: str, depth: int, *, types: list[str], start: str | None,
          end: str | None, expanded: set[str], opened: set[str], max_nodes: int = MAX_NODES,
          group_agencies: bool = True, through_agencies: bool = False) -> Network:
    """The drawing model (see the module's documentation); `expanded`: nodes whose hidden
    neighbours are shown; `opened`: ids of bundles drawn as their single actions ("*":
    all of them)."""
    actions, distance = walk(store, center, depth, types=types, start=start, end=end,
                             through_agencies=through_agencies)
    network = Network(center, actions)
    ancestors = _ancestors(store, sorted({a for x in actions.values()
                                          for a in x.roles.get("agent", [])}))
    for action in actions.values():  # the most specific agents only
        agents = action.roles.get("agent", [])
        action.roles["agent"] = [a for a in agents
                                 if not any(a in ancestors.get(b, ()) for b in agents)]
    neighbours: dict[str, set[str]] = defaultdict(set)
    weight: Counter[str] = Counter()
    for action in actions.values():
        people = _parties(action)
        for node in people:
            weight[node] += 1
            neighbours[node].update(p for p in people if p != node)
    ranked = sorted((n for n in distance if n == center or weight[n]),
                    key=lambda n: (n != center, distance[n], -weight[n], n))
    shown = set(ranked[:max_nodes])
    for node in sorted(expanded & shown):
        shown.update(neighbours[node])
    network.truncated = len(shown) < len(ranked)
    groups = [p for n in sorted(shown) for p in ancestors.get(n, [])[:1]
              if group_agencies and p in distance and p not in shown]
    network.shown = [n for n in ranked if n in shown] + sorted(set(groups))
    shown.update(groups)
    network.hidden = {n: len(neighbours[n] - shown) for n in network.shown
                      if neighbours[n] - shown}
    network.labels = store.labels(network.shown)
    network.kinds = store.classes(network.shown)
    if group_agencies:  # a sub-agency inside its nearest parent that is drawn
        for child in network.shown:
            parent = next((p for p in ancestors.get(child, ()) if p in shown), None)
            if parent is not None and network.kinds.get(child) == "Agency":
                network.parents[child] = parent
    network.edges = _edges(network, shown, opened)
    return network


def _ancestors(store: Store, organisations: list[str]) -> dict[str, list[str]]:
    """Each organisation's parents, nearest first (`tg:parentOrganization`, followed up)."""
    parents: dict[str, str] = {}
    todo = organisations
    while todo:
        found = {r["child"] or "": r["parent"] or "" for r in
                 store.chunked(queries.parents_of, todo)}
        parents.update(found)
        todo = sorted(set(found.values()) - set(parents))
    chains: dict[str, list[str]] = {}
    for organisation in organisations:
        chain, current = [], parents.get(organisation)
        while current and current not in chain and current != organisation:
            chain.append(current)
            current = parents.get(current)
        chains[organisation] = chain
    return chains


def _parties(action: Action) -> list[str]:
    return [n for role in ("agent", "target", "beneficiary") for n in action.roles.get(role, [])]


def _edges(network: Network, shown: set[str], opened: set[str]) -> list[Edge]:
    """One edge per action and party it is against, from its (most specific) agent, or a
    loop on the party when it names no agent; bundled per pair unless opened."""
    pairs: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for action in sorted(network.actions.values(), key=lambda a: (a.date, a.iri)):
        agents = [a for a in action.roles.get("agent", []) if a in shown]
        for role in ("target", "beneficiary"):
            for target in action.roles.get(role, []):
                if target not in shown:
                    continue
                if not action.roles.get("agent"):
                    pairs[(target, target, role)].append(action.iri)
                elif agents:  # once, from the agent drawn first
                    source = min(agents, key=network.shown.index)
                    pairs[(source, target, role)].append(action.iri)
    edges = []
    for (source, target, role), members in pairs.items():
        bundle = short_id(source, target, role)
        if len(members) > 1 and bundle not in opened and "*" not in opened:
            edges.append(Edge(f"bundle:{bundle}", source, target, tuple(members), "bundle",
                              role))
            continue
        edges.extend(Edge(f"action:{short_id(source, target, a)}", source, target, (a,),
                          network.actions[a].cls, role) for a in members)
    return edges
