"""The derivations of time, run after every ingest, removal and re-extraction (and after the
user's action statements change), like corroboration and right after it: read what the
documents say about actions once (`action_facts`; a target named only in a quotation is
dropped, `quotations`), fold reports into real actions
(`action_identity`), trace their lifecycles (`lifecycles`), join each recall into the act it
recalls and trace again (`recalls`), and write the actions graph (`action_nodes`) and the
lifecycles graph, replacing only what changed.

Incremental after a change of documents: given the `Changes` (which documents, what their
earlier versions said), only the reports they touch are read, folded and traced, and only
their derived statements are replaced (`graph/time/scope.py` says why that gives what a
whole derivation would). Without changes (`TradeGraph.derive_time()`, a user's statements
about actions, a large batch such as a list of a million rows), the whole store, in closed
parts (`graph/time/partition.py`): each part derived and written as an incremental
derivation is, then what is left about no current report removed. So memory follows the
part (the `derivation_parties` setting), not the store, and time grows with the store. A
store of one part (most stores of news and rules), with derived graphs of a like size, is
read whole and each derived graph replaced if it changed: the same graphs, without working
out the parts.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Quad

from tradegraph.graph.loading.action_statements import ActionStatements, read_statements
from tradegraph.graph.store.protocol import GraphStore, solutions
from tradegraph.graph.time import partition
from tradegraph.graph.time.action_facts import CHUNK, ActionFacts, labels_of, load_action_facts
from tradegraph.graph.time.action_identity import Identity, fold
from tradegraph.graph.time.action_nodes import identity_quads
from tradegraph.graph.time.corroboration import configured_tolerance_days
from tradegraph.graph.time.lifecycles import Lifecycles, lifecycle_quads, trace
from tradegraph.graph.time.quotations import drop_quoted_targets
from tradegraph.graph.time.recalls import recall_pairs
from tradegraph.graph.time.scope import Changes, scope_of
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.settings import settings
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


@dataclass
class DerivedTime:
    """What a derivation wrote: how many real actions, standings and deadlines it derived
    (of the scope only, for an incremental derivation), in how many parts."""

    actions: int = 0
    standings: int = 0
    deadlines: int = 0
    parts: int = 0

    def add(self, found: TimeDerivation) -> None:
        """Count one part's derivation."""
        self.actions += len(found.identity.actions)
        self.standings += len(found.lifecycles.standings)
        self.deadlines += len(found.lifecycles.deadlines)
        self.parts += 1


DERIVED_QUADS_PER_PARTY = 50
"""A whole derivation reads the store at once only if its derived graphs hold at most this
many quads a party of a part (news: about 45): it reads them back to compare, so more (what
a large list just removed left) is derived in parts, whose memory follows the part."""


def derive_time(store: GraphStore, minter: IriMinter, tolerance_days: int | None = None,
                changes: Changes | None = None, *, parties: int | None = None) -> DerivedTime:
    """Derive and write the actions graph and the lifecycles graph: of the whole store, in
    closed parts of about `parties` parties (default: the `derivation_parties` setting;
    `graph/time/partition.py`) or, if it is one part, read at once (`_derive_whole`), or,
    given the `changes` of some documents, of the reports they touch only (the same graphs,
    `graph/time/scope.py`; the whole store where the scope says so)."""
    statements = read_statements(store)
    same = statements.pairs("same")
    scope = None if changes is None else scope_of(store, changes, minter.actions_graph, same)
    derived = DerivedTime()
    if scope is not None:
        derived.add(_derive_part(store, minter, tolerance_days, scope, statements))
        return derived
    limit = parties or settings().derivation_parties
    if partition.in_one_part(store, limit) and sum(
            _size(store, graph) for graph in (minter.actions_graph, minter.lifecycles_graph)
    ) <= limit * DERIVED_QUADS_PER_PARTY:
        derived.add(_derive_whole(store, minter, tolerance_days, statements))
        return derived
    for part in partition.parts(store, same, limit):
        derived.add(_derive_part(store, minter, tolerance_days, part, statements))
        store.flush()  # the store's write buffers would otherwise grow part after part
    if changes is None or changes.before.reports or changes.before.too_large:
        for graph in (minter.actions_graph, minter.lifecycles_graph):
            _remove_stale(store, minter, graph)
    # else only documents with no earlier reports changed (an ingest of new documents too
    # large to scope): every part replaced what was derived of its reports before, and no
    # report is gone, so nothing derived is about no report (3 s of 3,000 news documents)
    return derived


def _derive_part(store: GraphStore, minter: IriMinter, tolerance_days: int | None,
                 reports: set[str], statements: ActionStatements) -> TimeDerivation:
    """Derive the reports of a closed scope, and replace what was derived of them before."""
    found = analyse_time(store, minter, tolerance_days, reports=reports, statements=statements)
    actions = identity_quads(store, found.identity, found.facts, minter.actions_graph)
    parties = labels_of(store, {party for _, party in found.lifecycles.standings})
    lifecycles = lifecycle_quads(found.lifecycles, found.identity, minter, parties,
                                 minter.lifecycles_graph)
    subjects = _derived_subjects(store, minter, reports)
    for graph, quads in ((minter.actions_graph, actions),
                         (minter.lifecycles_graph, lifecycles)):
        _patch(store, graph, subjects | {q.subject.value for q in quads
                                         if isinstance(q.subject, NamedNode)}, quads)
    return found


def _derive_whole(store: GraphStore, minter: IriMinter, tolerance_days: int | None,
                  statements: ActionStatements) -> TimeDerivation:
    """Derive a store small enough to be one part, read whole, and replace each derived
    graph if it changed (which removes what is about no current report, too)."""
    found = analyse_time(store, minter, tolerance_days, statements=statements)
    actions = identity_quads(store, found.identity, found.facts, minter.actions_graph)
    parties = labels_of(store, {party for _, party in found.lifecycles.standings})
    lifecycles = lifecycle_quads(found.lifecycles, found.identity, minter, parties,
                                 minter.lifecycles_graph)
    for graph, quads in ((minter.actions_graph, actions),
                         (minter.lifecycles_graph, lifecycles)):
        old = {canonical(quad) for quad in store.graph_quads(graph)}
        if old == set(quads):
            continue
        if not quads:
            store.remove_graph(graph)
        elif not old:  # a first derivation: the bulk writer, not a parsed update
            store.add_graphs({graph: quads})
        else:
            store.replace_graph(graph, quads)
    return found


# After every part is derived, what is left of the derived graphs about no current report
# is stale (its documents were removed): a subject that is no report and no real action of
# one, then standings and deadlines no action has any more.
_STALE_ACTIONS = """SELECT ?s WHERE {{
  {{ SELECT DISTINCT ?s WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} }}
  FILTER NOT EXISTS {{ ?s tg:reportedIn ?d }}
  FILTER NOT EXISTS {{ GRAPH <{actions}> {{ ?m tg:sameActionAs ?s }} ?m tg:reportedIn ?e }}
  FILTER NOT EXISTS {{ GRAPH <{graph}> {{ ?s a ?kind }}
                      VALUES ?kind {{ tg:Standing tg:Deadline }} }} }}"""
_STALE_PARTS = """SELECT DISTINCT ?s WHERE {{ VALUES ?kind {{ tg:Standing tg:Deadline }}
  GRAPH <{graph}> {{ ?s a ?kind }}
  FILTER NOT EXISTS {{ GRAPH <{graph}> {{ ?action tg:standing|tg:deadline ?s }} }} }}"""


def _remove_stale(store: GraphStore, minter: IriMinter, graph: str) -> None:
    """Remove the stale statements of a derived graph (see above); a graph left empty is
    removed, as a derivation of a store with no actions leaves none."""
    for template in (_STALE_ACTIONS, _STALE_PARTS):
        stale = sorted({row["s"].value for row in solutions(store.query(
            template.format(graph=graph, actions=minter.actions_graph)))})
        for start in range(0, len(stale), CHUNK):
            store.patch_graph(graph, set(stale[start:start + CHUNK]), [])
    if not store.query(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"):
        store.remove_graph(graph)


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
