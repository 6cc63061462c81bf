"""What the documents say about every action, read from a store in a few flat queries: the
input of the derivations of time (`action_identity`, `lifecycles`).

A *report* is an action node as the documents state it: the node a document's extraction
wrote, with `tg:reportedIn` that document (the IRI comes from the action's type, agents,
targets and date, so two documents that agree describe one report). The derived real-action
nodes of `graph/time/action_identity.py` carry no `tg:reportedIn`, so they are never read as
reports.

The queries are portable SPARQL (the embedded store and Virtuoso run the same text) and
deliberately simple, one pattern each: joining them in one query multiplies the rows (every
target times every agent times every date), and the joins are cheap in Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from pyoxigraph import QuerySolution

from tradegraph.graph.store.protocol import GraphStore, solutions
from tradegraph.graph.time.corroboration import Interval, date_interval
from tradegraph.ontology.schema import schema
from tradegraph.ontology.terms import TG

LIST_FORMATS = frozenset({"screening-list", "fcc-covered-list"})
"""Structured sources whose records are list entries (`tg:sourceFormat`)."""
ENDING_STATUSES = frozenset({"Terminated", "Suspended"})
"""Statuses that make a report of an order, license or sanction a report of its end."""
INTENDED_STATUSES = frozenset({"Intended", "Proposed"})
"""Statuses of something stated but not done: an intent-to-deny letter, a proposed rule."""

_REPORTS = "SELECT ?action ?doc WHERE { ?action tg:reportedIn ?doc }"
# Three small queries rather than one with OPTIONALs: four times faster on the union graph.
_ISSUED = "SELECT ?doc ?issued WHERE { ?doc a tg:Document ; dcterms:issued ?issued }"
_LEGAL = "SELECT ?doc WHERE { ?doc a tg:LegalRecord }"
_FORMATS = "SELECT ?doc ?format WHERE { ?doc tg:sourceFormat ?format }"
# Every action class of the registry, narrower kinds included (a temporary denial order is
# typed with both classes: the kind says what it does).
_ACTION_CLASSES = " ".join(f"tg:{name}" for name in schema().action_classes)
_CLASSES = f"""SELECT DISTINCT ?action ?class WHERE {{
  VALUES ?class {{ {_ACTION_CLASSES} }}
  ?action a ?class }}"""
_ROLE_PROPERTIES = "tg:agent tg:target tg:product tg:affiliatesOf"
_ROLES = f"""SELECT DISTINCT ?action ?role ?entity WHERE {{
  VALUES ?role {{ {_ROLE_PROPERTIES} }} ?action ?role ?entity }}"""
_VALUE_PROPERTIES = "tg:date tg:startDate tg:endDate tg:status tg:citation tg:sourceList"
_VALUES = f"""SELECT DISTINCT ?action ?property ?value WHERE {{
  VALUES ?property {{ {_VALUE_PROPERTIES} }} ?action ?property ?value }}"""
# Of a scope: each action's own statements, filtered (a VALUES of properties beside one of
# actions made the planner read every statement of those properties, block after block).
_SCOPED = {
    _CLASSES: f"""SELECT DISTINCT ?action ?class WHERE {{ VALUES ?action {{ {{values}} }}
  ?action a ?class FILTER (?class IN ({_ACTION_CLASSES.replace(" ", ", ")})) }}""",
    _ROLES: f"""SELECT DISTINCT ?action ?role ?entity WHERE {{ VALUES ?action {{ {{values}} }}
  ?action ?role ?entity FILTER (?role IN ({_ROLE_PROPERTIES.replace(" ", ", ")})) }}""",
    _VALUES: f"""SELECT DISTINCT ?action ?property ?value WHERE {{
  VALUES ?action {{ {{values}} }} ?action ?property ?value
  FILTER (?property IN ({_VALUE_PROPERTIES.replace(" ", ", ")})) }}""",
}
_PARENTS = "SELECT DISTINCT ?unit ?parent WHERE { ?unit tg:parentOrganization ?parent }"
_AGENCY_COUNTRIES = ("SELECT DISTINCT ?unit ?country WHERE { "
                     "?unit a tg:Agency ; tg:country ?country }")
_PUBLISHED = "SELECT DISTINCT ?action ?doc WHERE { ?action tg:publishedIn ?doc }"
_LABELS = ("SELECT ?s (MIN(?l) AS ?o) WHERE { VALUES ?s { VALUES_HERE } ?s rdfs:label ?l } "
           "GROUP BY ?s")
CHUNK = 400
"""IRIs per VALUES block of a look-up."""


@dataclass(frozen=True)
class DocumentFacts:
    """A document as far as time is concerned."""

    iri: str
    issued: str | None
    legal: bool
    source_format: str | None

    @property
    def is_list(self) -> bool:
        """A list (a screening list, the FCC Covered List): its rows are listings, dated by
        their own start and end, never by the day the list was read."""
        return self.source_format in LIST_FORMATS


@dataclass
class Report:
    """One action node as the documents report it."""

    iri: str
    classes: set[str] = field(default_factory=set)
    agents: set[str] = field(default_factory=set)
    targets: set[str] = field(default_factory=set)
    products: set[str] = field(default_factory=set)
    affiliates_of: set[str] = field(default_factory=set)
    """Parties whose affiliates it is about: never its targets (`tg:affiliatesOf`)."""
    unsaid: set[str] = field(default_factory=set)
    """Targets the report states that the derivations do not take from it (named only in a
    quotation: `graph/time/quotations.py`)."""
    dates: set[str] = field(default_factory=set)
    starts: set[str] = field(default_factory=set)
    ends: set[str] = field(default_factory=set)
    statuses: set[str] = field(default_factory=set)
    citations: set[str] = field(default_factory=set)
    source_lists: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)


@dataclass
class ActionFacts:
    """Every report, the documents they come from, and the organisation hierarchy."""

    reports: dict[str, Report] = field(default_factory=dict)
    documents: dict[str, DocumentFacts] = field(default_factory=dict)
    parents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    published_in: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def ancestors(self, unit: str) -> set[str]:
        """The organisations `unit` is part of, at any depth (itself excluded)."""
        found: set[str] = set()
        frontier = [unit]
        while frontier:
            for parent in self.parents.get(frontier.pop(), ()):
                if parent not in found and parent != unit:
                    found.add(parent)
                    frontier.append(parent)
        return found

    def in_one_line(self, first: set[str], second: set[str]) -> bool:
        """Whether two sets of agents lie in one line of the hierarchy: either is unknown,
        or some agent of one is, contains or is part of some agent of the other (BIS and
        the Commerce Department; not BIS and OFAC). A country that acts is its government:
        an agency of that country lies in its line ("the U.S. added X" and BIS)."""
        if not first or not second:
            return True
        return any(a == b or b in self.ancestors(a) or a in self.ancestors(b)
                   for a in first for b in second)

    def agents_in_one_line(self, agents: set[str]) -> bool:
        """Whether every two of these agents lie in one line."""
        ordered = sorted(agents)
        return all(self.in_one_line({a}, {b})
                   for i, a in enumerate(ordered) for b in ordered[i + 1:])


def _value(term: object) -> str | None:
    return None if term is None else str(getattr(term, "value", term))


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def _rows(store: GraphStore, query: str, variable: str,
          scope: set[str] | None) -> Iterator[QuerySolution]:
    """The rows of `query`; with a scope, only those whose `variable` is one of its IRIs
    (a VALUES block per `CHUNK` of them, at the start of the query's pattern, or in its
    scoped form)."""
    if scope is None:
        yield from solutions(store.query(query))
        return
    iris = sorted(scope)
    for start in range(0, len(iris), CHUNK):
        values = " ".join(f"<{iri}>" for iri in iris[start:start + CHUNK])
        scoped = _SCOPED[query].replace("{values}", values) if query in _SCOPED else \
            query.replace("WHERE {", f"WHERE {{ VALUES ?{variable} {{ {values} }}", 1)
        yield from solutions(store.query(scoped))


def load_action_facts(store: GraphStore, reports: set[str] | None = None) -> ActionFacts:
    """Read every report of the store (or only `reports`, IRIs: an incremental derivation,
    `graph/time/scope.py`), with its documents and the agency hierarchy."""
    facts = ActionFacts()
    for row in _rows(store, _REPORTS, "action", reports):
        action, doc = _value(row["action"]) or "", _value(row["doc"]) or ""
        facts.reports.setdefault(action, Report(action)).documents.add(doc)
    documents = None if reports is None else {d for r in facts.reports.values()
                                              for d in r.documents}
    issued = {_value(r["doc"]) or "": _value(r["issued"])
              for r in _rows(store, _ISSUED, "doc", documents)}
    legal = {_value(r["doc"]) or "" for r in _rows(store, _LEGAL, "doc", documents)}
    formats = {_value(r["doc"]) or "": _value(r["format"])
               for r in _rows(store, _FORMATS, "doc", documents)}
    for stated in facts.reports.values():
        for doc in stated.documents:
            if doc not in facts.documents:
                facts.documents[doc] = DocumentFacts(doc, issued.get(doc), doc in legal,
                                                     formats.get(doc))
    scope = None if reports is None else set(facts.reports)
    reports_by_iri = facts.reports
    for row in _rows(store, _CLASSES, "action", scope):
        if (report := reports_by_iri.get(_value(row["action"]) or "")) is not None:
            report.classes.add(_local(_value(row["class"]) or ""))
    roles = {str(TG.agent): "agents", str(TG.target): "targets", str(TG.product): "products",
             str(TG.affiliatesOf): "affiliates_of"}
    for row in _rows(store, _ROLES, "action", scope):
        if (report := reports_by_iri.get(_value(row["action"]) or "")) is not None:
            getattr(report, roles[_value(row["role"]) or ""]).add(_value(row["entity"]) or "")
    slots = {str(TG.date): "dates", str(TG.startDate): "starts", str(TG.endDate): "ends",
             str(TG.status): "statuses", str(TG.citation): "citations",
             str(TG.sourceList): "source_lists"}
    for row in _rows(store, _VALUES, "action", scope):
        if (report := reports_by_iri.get(_value(row["action"]) or "")) is not None:
            slot, value = slots[_value(row["property"]) or ""], _value(row["value"]) or ""
            getattr(report, slot).add(_local(value) if slot == "statuses" else value)
    facts.parents.update(read_hierarchy(store))
    for report in reports_by_iri.values():  # "46 affiliates of X" is not about X
        report.targets -= report.affiliates_of
    for row in _rows(store, _PUBLISHED, "action", scope):
        facts.published_in[_value(row["action"]) or ""].add(_value(row["doc"]) or "")
    return facts


def read_hierarchy(store: GraphStore) -> dict[str, set[str]]:
    """The organisations each unit is part of, and each agency's country (a country that
    acts is its government): a few hundred pairs, read whole."""
    parents: dict[str, set[str]] = defaultdict(set)
    for row in solutions(store.query(_PARENTS)):
        parents[_value(row["unit"]) or ""].add(_value(row["parent"]) or "")
    for row in solutions(store.query(_AGENCY_COUNTRIES)):
        parents[_value(row["unit"]) or ""].add(_value(row["country"]) or "")
    return parents


# ------------------------------------------------------------------ dates


@lru_cache(maxsize=65536)
def precision(text: str) -> int:
    """3 for a day, 2 for a month, 1 for a year (by the lexical form), 0 if unreadable."""
    if interval(text) is None:
        return 0
    return {10: 3, 7: 2}.get(len(text.lstrip("-")), 1)


def best_date(values: set[str]) -> str | None:
    """The most precise readable date of several, the earliest of equally precise ones."""
    readable = [v for v in values if precision(v)]
    if not readable:
        return None
    return min(readable, key=lambda v: (-precision(v), interval(v).first))  # type: ignore[union-attr]


def earliest(values: set[str]) -> str | None:
    """The date whose interval begins first (ties: the more precise)."""
    readable = [v for v in values if precision(v)]
    if not readable:
        return None
    return min(readable, key=lambda v: (interval(v).first, -precision(v)))  # type: ignore[union-attr]


@lru_cache(maxsize=65536)
def interval(text: str | None) -> Interval | None:
    """The days a date covers (None if absent or unreadable); the same few thousand dates
    recur across a corpus, so they are parsed once."""
    return date_interval(text) if text else None


# ------------------------------------------------------------------ look-ups


def lookup_pairs(store: GraphStore, template: str, iris: list[str]) -> list[tuple[str, str]]:
    """(?s, ?o) of a query run for the IRIs in blocks: `template` has `VALUES_HERE` where the
    block of IRIs goes."""
    found: list[tuple[str, str]] = []
    for start in range(0, len(iris), CHUNK):
        values = " ".join(f"<{iri}>" for iri in iris[start:start + CHUNK])
        for row in solutions(store.query(template.replace("VALUES_HERE", values))):
            found.append((_value(row["s"]) or "", _value(row["o"]) or ""))
    return found


def labels_of(store: GraphStore, iris: set[str]) -> dict[str, str]:
    """One label per IRI (the least, where documents label a node differently)."""
    return dict(lookup_pairs(store, _LABELS, sorted(iris)))
