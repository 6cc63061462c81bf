"""The derivations of time, run after every ingest, removal and re-extraction (and after the
user's action statements change), like corroboration and right after it: read what the
documents say about actions once (`action_facts`; a target named only in a quotation is
dropped, `quotations`), fold reports into real actions
(`action_identity`), trace their lifecycles (`lifecycles`), join each recall into the act it
recalls and trace again (`recalls`), and write the actions graph (`action_nodes`) and the
lifecycles graph, each in one write and only if it changed.

Cheap when little changed: seven flat queries over the actions, the folding and tracing in
memory, two look-ups (labels, evidence) and a read of each derived graph to compare.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Literal, Quad

from tradegraph.graph.loading.action_statements import read_statements
from tradegraph.graph.store.protocol import GraphStore, solutions
from tradegraph.graph.time.action_facts import ActionFacts, labels_of, load_action_facts
from tradegraph.graph.time.action_identity import Identity, fold
from tradegraph.graph.time.action_nodes import identity_quads
from tradegraph.graph.time.corroboration import configured_tolerance_days
from tradegraph.graph.time.lifecycles import Lifecycles, lifecycle_quads, trace
from tradegraph.graph.time.quotations import drop_quoted_targets
from tradegraph.graph.time.recalls import recall_pairs
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.terms import PREFIXES


@dataclass
class TimeDerivation:
    """What the derivation found: the real actions and their lifecycles."""

    facts: ActionFacts
    identity: Identity
    lifecycles: Lifecycles


def analyse_time(store: GraphStore, minter: IriMinter,
                 tolerance_days: int | None = None) -> TimeDerivation:
    """Fold and trace the store's actions without writing anything (validation reads this
    on a read-only store)."""
    tolerance = configured_tolerance_days() if tolerance_days is None else tolerance_days
    if tolerance < 0:
        raise ValueError(f"the date tolerance must be 0 days or more, not {tolerance}")
    statements = read_statements(store)
    facts = load_action_facts(store)
    drop_quoted_targets(store, facts)
    same, distinct = statements.pairs("same"), statements.pairs("distinct")
    identity = fold(facts, minter, tolerance, same, distinct)
    lifecycles = trace(identity, facts, tolerance)
    recalled = recall_pairs(identity, lifecycles, facts, tolerance)
    if recalled:  # each recall joins the act it recalls; then the lifecycles again
        identity = fold(facts, minter, tolerance, same, distinct, recalls=recalled)
        lifecycles = trace(identity, facts, tolerance)
    return TimeDerivation(facts, identity, lifecycles)


def derive_time(store: GraphStore, minter: IriMinter,
                tolerance_days: int | None = None) -> TimeDerivation:
    """Derive and write the actions graph and the lifecycles graph."""
    found = analyse_time(store, minter, tolerance_days)
    _write(store, minter.actions_graph,
           identity_quads(store, found.identity, found.facts, minter.actions_graph))
    parties = labels_of(store, {party for _, party in found.lifecycles.standings})
    _write(store, minter.lifecycles_graph,
           lifecycle_quads(found.lifecycles, found.identity, minter, parties,
                           minter.lifecycles_graph))
    return found


_BOOLEAN = PREFIXES["xsd"] + "boolean"
_CANONICAL_BOOLEANS = {"1": "true", "0": "false"}


def _canonical(quad: Quad) -> Quad:
    """The quad with a boolean in its canonical form: Virtuoso gives `true` back as `1`."""
    value = quad.object
    if isinstance(value, Literal) and value.datatype.value == _BOOLEAN and \
            value.value in _CANONICAL_BOOLEANS:
        value = Literal(_CANONICAL_BOOLEANS[value.value], datatype=value.datatype)
        return Quad(quad.subject, quad.predicate, value, quad.graph_name)
    return quad


def _size(store: GraphStore, graph: str) -> int:
    rows = solutions(store.query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"))
    return next((int(row["n"].value) for row in rows), 0)


def _write(store: GraphStore, graph: str, quads: list[Quad]) -> None:
    # a count first: after most ingests it differs, and reading the graph is not needed
    unique = set(quads)
    if _size(store, graph) == len(unique) and \
            {_canonical(q) for q in store.graph_quads(graph)} == unique:
        return
    if quads:
        store.replace_graph(graph, quads)
    else:
        store.remove_graph(graph)
