"""Which queue a query waits in: the quick lane, kept free for look-ups, or the general one.

Two queries that join everything with everything (`?a ?b ?c . ?d ?e ?f`) can keep every
worker busy for the whole time limit; a look-up should not wait behind them. A query is
*quick* when every triple pattern it holds is anchored: it names an IRI or a literal as its
subject or object (but a class, the object of `rdf:type`, which has many members), or
shares a variable with a pattern that is anchored (or with a `VALUES` block of constants),
so the store starts from a few known nodes instead of scanning.
`ASK {}`, `DESCRIBE <iri>`, an entity's statements and its labels are quick;
`SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }` is not. This is a guess from the shape, not a
promise: the pool moves a quick query that holds its worker too long to the general lane
(`worker_pool`).

>>> lane_of("SELECT ?p ?o WHERE { <https://w3id.org/tradegraph/id/firm/huawei> ?p ?o }")
<Lane.QUICK: 'quick'>
>>> lane_of("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }")
<Lane.GENERAL: 'general'>
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from rdflib.namespace import RDF
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import BNode, Variable

from tradegraph.graph.query.guard import (
    Operation,
    UnreadableSparqlError,
    parse_tree,
    tree_nodes,
)
from tradegraph.graph.query.text_cache import cached_for_short_texts
from tradegraph.ontology.terms import PREFIXES


class Lane(StrEnum):
    """The two queues of the query workers."""

    QUICK = "quick"
    """Look-ups: served first by the workers kept for them, and by any free worker."""
    GENERAL = "general"
    """Everything else: served by the general workers, a few per client at a time."""


@cached_for_short_texts
def lane_of(sparql: str) -> Lane:
    """The lane of a query text (an update, or a text that cannot be read, is general); kept
    for short texts. `translateQuery` rewrites the tree it is given: `parse_tree` gives a
    fresh one, shared with nobody."""
    try:
        operation, tree = parse_tree(sparql)
    except UnreadableSparqlError:
        return Lane.GENERAL
    if operation is not Operation.QUERY:
        return Lane.GENERAL
    try:
        algebra = translateQuery(tree, initNs=PREFIXES)
    except Exception:  # an unknown prefix, rdflib's own limits: the store will say
        return Lane.GENERAL
    return Lane.QUICK if anchored(algebra.algebra) else Lane.GENERAL


def _is_variable(term: Any) -> bool:
    return isinstance(term, Variable | BNode)


def anchored(algebra: CompValue) -> bool:
    """Whether every triple pattern of a query's algebra is anchored (see the module)."""
    patterns: list[tuple[Any, Any]] = []
    bound: set[Any] = set()
    for node in tree_nodes(algebra):
        if node.name == "BGP":
            patterns.extend((s, o if p != RDF.type else BNode())  # a class anchors nothing
                            for s, p, o in node["triples"])
        elif node.name == "values":
            rows = node["res"]
            for variable in {v for row in rows for v in row}:
                if all(row.get(variable) is not None and not _is_variable(row[variable])
                       for row in rows):
                    bound.add(variable)
    waiting = []
    for subject, obj in patterns:
        if not _is_variable(subject) or not _is_variable(obj):
            bound.update(term for term in (subject, obj) if _is_variable(term))
        else:
            waiting.append((subject, obj))
    progress = True
    while waiting and progress:
        progress = False
        for pattern in list(waiting):
            if pattern[0] in bound or pattern[1] in bound:
                bound.update(pattern)
                waiting.remove(pattern)
                progress = True
    return not waiting
