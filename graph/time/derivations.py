"""The derivations of time, run after every ingest, removal and re-extraction (and after the
user's action statements change), like corroboration and right after it: read what the
documents say about actions once (`action_facts`; a target named only in a quotation is
dropped, `quotations`), fold reports into real actions
(`action_identity`), trace their lifecycles (`lifecycles`), join each recall into the act it
recalls and trace again (`recalls`), and write the actions graph (`action_nodes`) and the
lifecycles graph, each in one write and only if it changed.

Incremental after a change of documents: given the `Changes` (which documents, what their
earlier versions said), only the reports they touch are read, folded and traced, and only
their derived statements are replaced (`graph/time/scope.py` says why that gives what a
whole derivation would). Without changes (`TradeGraph.derive_time()`, a user's statements
about actions, a large batch), the whole store: seven flat queries over the actions, the
folding and tracing in memory, two look-ups (labels, evidence) and a read of each derived
graph to compare.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Quad

from tradegraph.graph.loading.action_statements import ActionStatements, read_statements
from tradegraph.graph.store.protocol import GraphStore, solutions
from tradegraph.graph.time.action_facts import CHUNK, ActionFacts, labels_of, load_action_facts
from tradegraph.graph.time.action_identity import Identity, fold
from tradegraph.graph.time.action_nodes import identity_quads
from tradegraph.graph.time.corroboration import configured_tolerance_days
from tradegraph.graph.time.lifecycles import Lifecycles, lifecycle_quads, trace
from tradegraph.graph.time.quotations import drop_quoted_targets
from tradegraph.graph.time.recalls import recall_pairs
from tradegraph.graph.time.scope import Changes, scope_of
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.terms import PREFIXES


@dataclass
class TimeDerivation:
    """What the derivation found: the real actions and their lifecycles (of the scope
    only, for an incremental derivation)."""

    facts: ActionFacts
    identity: Identity
    lifecycles: Lifecycles


def analyse_time(store: GraphStore, minter: IriMinter, tolerance_days: int | None = None, *,
                 reports: set[str] | None = None,
                 statements: ActionStatements | None = None) -> TimeDerivation:
    """Fold and trace the store's actions (or only `reports`, a closed scope:
    `graph/time/scope.py`) without writing anything (validation reads this on a
    read-only store)."""
    tolerance = configured_tolerance_days() if tolerance_days is None else tolerance_days
    if tolerance < 0:
        raise ValueError(f"the date tolerance must be 0 days or more, not {tolerance}")
    if statements is None:
        statements = read_statements(store)
    facts = load_action_facts(store, reports)
    drop_quoted_targets(store, facts)
    same, distinct = statements.pairs("same"), statements.pairs("distinct")
    identity = fold(facts, minter, tolerance, same, distinct)
    lifecycles = trace(identity, facts, tolerance)
    recalled = recall_pairs(identity, lifecycles, facts, tolerance)
    if recalled:  # each recall joins the act it recalls; then the lifecycles again
        identity = fold(facts, minter, tolerance, same, distinct, recalls=recalled)
        lifecycles = trace(identity, facts, tolerance)
    return TimeDerivation(facts, identity, lifecycles)


def derive_time(store: GraphStore, minter: IriMinter, tolerance_days: int | None = None,
                changes: Changes | None = None) -> TimeDerivation:
    """Derive and write the actions graph and the lifecycles graph: of the whole store,
    or, given the `changes` of some documents, of the reports they touch only (the same
    graphs, `graph/time/scope.py`; the whole store where the scope says so)."""
    statements = read_statements(store)
    scope = None if changes is None else scope_of(
        store, changes, minter.actions_graph, statements.pairs("same"))
    found = analyse_time(store, minter, tolerance_days, reports=scope, statements=statements)
    actions = identity_quads(store, found.identity, found.facts, minter.actions_graph)
    parties = labels_of(store, {party for _, party in found.lifecycles.standings})
    lifecycles = lifecycle_quads(found.lifecycles, found.identity, minter, parties,
                                 minter.lifecycles_graph)
    if scope is None:
        _write(store, minter.actions_graph, actions)
        _write(store, minter.lifecycles_graph, lifecycles)
        return found
    subjects = _derived_subjects(store, minter, scope)
    for graph, quads in ((minter.actions_graph, actions),
                         (minter.lifecycles_graph, lifecycles)):
        _patch(store, graph, subjects | {q.subject.value for q in quads
                                         if isinstance(q.subject, NamedNode)}, quads)
    return found


_REAL_OF = ("SELECT ?o WHERE {{ VALUES ?s {{ {values} }} "
            "GRAPH <{graph}> {{ ?s tg:sameActionAs ?o }} }}")
_PARTS_OF = ("SELECT ?o WHERE {{ VALUES ?s {{ {values} }} "
             "GRAPH <{graph}> {{ ?s tg:standing|tg:deadline ?o }} }}")
_QUADS_OF = "SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} GRAPH <{graph}> {{ ?s ?p ?o }} }}"


def _blocks(iris: set[str]) -> list[str]:
    ordered = sorted(iris)
    return [" ".join(f"<{iri}>" for iri in ordered[i:i + CHUNK])
            for i in range(0, len(ordered), CHUNK)]


def _objects(store: GraphStore, template: str, graph: str, subjects: set[str]) -> set[str]:
    return {row["o"].value for values in _blocks(subjects)
            for row in solutions(store.query(template.format(values=values, graph=graph)))}


def _derived_subjects(store: GraphStore, minter: IriMinter, reports: set[str]) -> set[str]:
    """Every subject of a derived statement about the scope as it was derived before: its
    reports, their real actions, and those actions' standings and deadlines."""
    actions = reports | _objects(store, _REAL_OF, minter.actions_graph, reports)
    return actions | _objects(store, _PARTS_OF, minter.lifecycles_graph, actions)


def _patch(store: GraphStore, graph: str, subjects: set[str], quads: list[Quad]) -> None:
    """Replace the subjects' statements of a derived graph by `quads`, only if they changed
    (a graph left empty is removed, as a whole derivation leaves none)."""
    name = NamedNode(graph)
    old = {canonical(Quad(row["s"], row["p"], row["o"], name))
           for values in _blocks(subjects)
           for row in solutions(store.query(_QUADS_OF.format(values=values, graph=graph)))}
    if old == set(quads):
        return
    store.patch_graph(graph, subjects, quads)
    if not quads and not _size(store, graph):
        store.remove_graph(graph)


_BOOLEAN = PREFIXES["xsd"] + "boolean"
_CANONICAL_BOOLEANS = {"1": "true", "0": "false"}


def canonical(quad: Quad) -> Quad:
    """The quad with a boolean in its canonical form: Virtuoso gives `true` back as `1`.

    >>> from pyoxigraph import NamedNode
    >>> x = NamedNode("https://example.org/x")
    >>> canonical(Quad(x, x, Literal("1", datatype=NamedNode(_BOOLEAN)), x)).object.value
    'true'
    """
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
            {canonical(q) for q in store.graph_quads(graph)} == unique:
        return
    if quads:
        store.replace_graph(graph, quads)
    else:
        store.remove_graph(graph)
