"""The store's reports in closed parts of bounded size: how a whole derivation of time runs
in memory that follows the part, not the store.

What the derivations derive for a report depends only on the reports connected to it by
shared targets and the user's "same action" statements (`graph/time/scope.py` says why;
the agency hierarchy, read whole, is small). So the parties of the store fall into
*components*: two parties are in one component when some report names both as targets, or
a "same action" statement joins reports of both. A part is a run of whole components, about
`parties` parties (a component larger than that is one part of its own), and its reports
are every report of its parties, with the reports that name no target (each a component of
its own, unless a statement joins it to others).

Only what joins parties is held for the whole store: reports of several targets and the
statements (a few per cent of a screening list's rows); every other party is listed in a
temporary file by one streamed query, and read back a part at a time.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator

from tradegraph.graph.store.protocol import GraphStore, solutions
from tradegraph.graph.time.scope import REPORTS_OF, TARGETS_OF, column

# parties two targets of one report join (each pair once, in one order)
_JOINED = """SELECT DISTINCT ?a ?b WHERE { ?report tg:reportedIn ?doc ; tg:target ?a, ?b .
  FILTER (STR(?a) < STR(?b)) }"""
_PARTIES = "SELECT DISTINCT ?target WHERE { ?report tg:reportedIn ?doc ; tg:target ?target }"
_UNTARGETED = """SELECT DISTINCT ?report WHERE { ?report tg:reportedIn ?doc
  FILTER NOT EXISTS { ?report tg:target ?any } }"""


class _Joins:
    """Union-find over the IRIs (parties, and reports a statement names) that something
    joins."""

    def __init__(self) -> None:
        self.root: dict[str, str] = {}
        self.reports: set[str] = set()
        """The reports among them (named by a statement)."""

    def find(self, iri: str) -> str:
        root = self.root.setdefault(iri, iri)
        while root != self.root[root]:
            root = self.root[root]
        while iri != root:  # path compression
            self.root[iri], iri = root, self.root[iri]
        return root

    def join(self, first: str, second: str) -> None:
        a, b = self.find(first), self.find(second)
        if a != b:
            low, high = sorted((a, b))
            self.root[high] = low

    def components(self) -> Iterator[set[str]]:
        groups: dict[str, set[str]] = defaultdict(set)
        for iri in list(self.root):
            groups[self.find(iri)].add(iri)
        for root in sorted(groups):
            yield groups.pop(root)


def _joins(store: GraphStore, same: Iterable[tuple[str, str]]) -> _Joins:
    joins = _Joins()
    for row in solutions(store.query(_JOINED)):
        joins.join(row["a"].value, row["b"].value)
    for first, second in same:
        joins.join(first, second)
        joins.reports |= {first, second}
    for report in sorted(joins.reports):
        for target in column(store, TARGETS_OF, {report}, "target"):
            joins.join(report, target)
    return joins


class _Part:
    """The part being gathered: parties, and reports that name none (or a statement
    names)."""

    def __init__(self) -> None:
        self.parties: set[str] = set()
        self.reports: set[str] = set()

    @property
    def size(self) -> int:
        return len(self.parties) + len(self.reports)

    def read(self, store: GraphStore) -> set[str]:
        """Its reports: those of its parties, and its own."""
        return column(store, REPORTS_OF, self.parties, "action") | self.reports


def in_one_part(store: GraphStore, parties: int) -> bool:
    """Whether the whole store is one part of at most `parties` parties: then `parts` would
    yield every report at once, and a derivation can read the store whole without working
    out the components (most of a small store's derivation time). Streamed, it stops at
    the first party past the bound."""
    seen = 0
    for query in (_PARTIES, _UNTARGETED):
        for _ in solutions(store.query(f"{query} LIMIT {parties + 1 - seen}")):
            seen += 1
            if seen > parties:
                return False
    return True


def parts(store: GraphStore, same: Iterable[tuple[str, str]], parties: int
          ) -> Iterator[set[str]]:
    """The reports of the store, in closed parts of about `parties` parties each (see the
    module's documentation); every report is in exactly one part."""
    if parties < 1:
        raise ValueError(f"a part holds 1 party or more, not {parties}")
    joins = _joins(store, same)
    part = _Part()
    for component in joins.components():
        part.reports |= component & joins.reports
        part.parties |= component - joins.reports
        if part.size >= parties:
            yield part.read(store)
            part = _Part()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as listed:
        # Listed first, read back after: no query stays open (holding a snapshot of the
        # store) while the parts are written.
        for query, name, kind in ((_PARTIES, "target", "p"), (_UNTARGETED, "report", "r")):
            for row in solutions(store.query(query)):
                if (iri := row[name].value) not in joins.root:
                    listed.write(f"{kind}{iri}\n")
        listed.seek(0)
        for line in listed:
            (part.parties if line[0] == "p" else part.reports).add(line[1:-1])
            if part.size >= parties:
                yield part.read(store)
                part = _Part()
    if part.size:
        yield part.read(store)
