"""The RDF dataset a query runs on, as SPARQL 1.1 defines it.

A query names its dataset with `FROM` (graphs merged into the default graph) and
`FROM NAMED` (the graphs `GRAPH ?g` may match); a SPARQL Protocol request may name one with
`default-graph-uri` and `named-graph-uri`, which then replaces the query's entirely
(Protocol, section 2.1.4). With only `FROM`, no named graph is visible; with only
`FROM NAMED`, the default graph is empty (Query, section 13.2). A query that names no
dataset runs on tradegraph's own: the union of all graphs as the default graph, and every
named graph.

The dataset clauses are found in the text itself (pyoxigraph exposes no query parser):
`FROM` may only stand at the top level of a query, between its form and its `WHERE`, so a
`FROM` keyword outside strings, IRIs, comments and braces is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tradegraph.graph.query.guard import OPAQUE

_CLAUSE = re.compile(
    r"(?<![\w?$:.\-])FROM\s+(?P<named>NAMED\s+)?"
    r"(?P<graph><[^<>\"{}|^`\\\s]*>|(?:[A-Za-z][\w.\-]*)?:(?:[\w\-:%]|\\.|\.(?=[\w\-:%]))*)",
    re.IGNORECASE,
)
"""One dataset clause with its graph (an IRI or a prefixed name)."""

EMPTY_GRAPH = "urn:tradegraph:no-graph"
"""A graph name no store holds: naming it as the only named graph leaves none visible, for
servers that would otherwise show every named graph."""


@dataclass(frozen=True)
class DatasetClauses:
    """The `FROM` and `FROM NAMED` clauses of a query, and where they stand in its text."""

    default: bool = False
    """Whether the query has a `FROM` clause."""
    named: bool = False
    """Whether the query has a `FROM NAMED` clause."""
    spans: tuple[tuple[int, int], ...] = ()

    @property
    def any(self) -> bool:
        """Whether the query names its own dataset."""
        return self.default or self.named


def _masked(sparql: str) -> str:
    """The text with strings, IRIs and comments (where a `FROM` or a brace is data, not
    syntax) replaced by filler of the same length; an IRI keeps its angle brackets, so a
    clause's graph is still found where it is."""
    def fill(match: re.Match[str]) -> str:
        text = match.group(0)
        if text.startswith("<"):
            return "<" + "x" * (len(text) - 2) + ">"
        return " " * len(text)

    return OPAQUE.sub(fill, sparql)


def dataset_clauses(sparql: str) -> DatasetClauses:
    """The dataset clauses of a query (none for a query that names no dataset)."""
    if "from" not in sparql.lower():  # the common case, at no cost
        return DatasetClauses()
    masked = _masked(sparql)
    default = named = False
    spans = []
    for match in _CLAUSE.finditer(masked):
        before = masked[:match.start()]
        if before.count("{") != before.count("}"):
            continue  # inside a group: not a dataset clause (and not valid SPARQL)
        if match.group("named"):
            named = True
        else:
            default = True
        spans.append(match.span())
    return DatasetClauses(default, named, tuple(spans))


def without_dataset_clauses(sparql: str, clauses: DatasetClauses | None = None) -> str:
    """The query with its `FROM` and `FROM NAMED` clauses cut out (blanked, so that line
    and column numbers in errors stay right)."""
    found = clauses or dataset_clauses(sparql)
    text = sparql
    for start, end in reversed(found.spans):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


@dataclass(frozen=True)
class ProtocolDataset:
    """The dataset to ask a SPARQL server for: the query text to send, and the
    `default-graph-uri` / `named-graph-uri` parameters."""

    sparql: str
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]


def spelled_out(sparql: str, default_graphs: tuple[str, ...], named_graphs: tuple[str, ...]
                ) -> ProtocolDataset:
    """The request that gives a server which merges the request's dataset with the query's
    (instead of replacing it), and shows every named graph beside a default graph named
    alone, the dataset SPARQL 1.1 defines: the query's clauses cut out when the request
    names a dataset, and a graph that does not exist as the only named graph where none is
    named (a clause of the query's own when it names a default graph only)."""
    clauses = dataset_clauses(sparql)
    if default_graphs or named_graphs:
        if clauses.any:
            sparql = without_dataset_clauses(sparql, clauses)
        if default_graphs and not named_graphs:
            named_graphs = (EMPTY_GRAPH,)
        return ProtocolDataset(sparql, default_graphs, named_graphs)
    if clauses.default and not clauses.named:
        end = clauses.spans[-1][1]
        sparql = f"{sparql[:end]} FROM NAMED <{EMPTY_GRAPH}>{sparql[end:]}"
    return ProtocolDataset(sparql, (), ())
