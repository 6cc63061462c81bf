"""Which reports a change of documents touches: the scope of an incremental derivation of time.

The derivations (`graph/time/derivations.py`) fold reports that share a target into real
actions, trace the actions of each target, and place each recall among the acts of the
party it names: nothing they derive for one report depends on a report that shares no
target with it, directly or through other reports, nor on a user's "same action" statement
that does not name it. So when documents are ingested, replaced or removed, the reports
to derive again are the *closure* of what those documents say (before and after the
change): their reports and targets, every report of those targets, the targets of those
reports, and so on, with the partners of "same action" statements; the derived statements
of every other report stay as they are, and deriving the closure alone gives what
deriving the whole store would.

Three things reach further, and are handled here:

- the names the derived labels use (the least label any document gives an entity): an
  entity whose least label the change altered brings in the acts that name it, as target
  or as an agent of a real action of several reports;
- the hierarchy of agencies (`tg:parentOrganization`, an agency's country), which decides
  which reports can be of one act anywhere: a change of it derives the whole store again;
- the publication links corroboration writes (`tg:publishedIn`, from citations): the actions
  whose links changed are brought in (corroboration runs first and says which).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from tradegraph.graph.store.protocol import GraphStore, solutions
from tradegraph.graph.time.action_facts import CHUNK

MAX_SCOPE = 4000
"""Reports beyond which the whole store is derived instead (a large batch, a re-extraction):
the scoped queries then cost more than reading everything once."""
MAX_DOCUMENTS = 200
"""Changed documents beyond which the whole store is derived instead, for the same reason."""

# One request (a replaced document is read before it goes, between the writes of a batch),
# each branch inside the document's graph (every graph types the entities it names): 1-3 ms
# on a million quads, where an OPTIONAL or a join outside the graph read every report.
_TOUCH = """SELECT ?kind ?a ?b ?c WHERE {{ VALUES ?g {{ {values} }}
  {{ GRAPH ?g {{ ?a tg:reportedIn ?g }} BIND("report" AS ?kind) }}
  UNION {{ GRAPH ?g {{ ?x tg:reportedIn ?g ; tg:target ?a }} BIND("target" AS ?kind) }}
  UNION {{ GRAPH ?g {{ ?a rdfs:label ?b }} BIND("label" AS ?kind) }}
  UNION {{ GRAPH ?g {{ ?a tg:parentOrganization ?c }} BIND(tg:parentOrganization AS ?b)
          BIND("link" AS ?kind) }}
  UNION {{ GRAPH ?g {{ ?a tg:country ?c ; a tg:Agency }} BIND(tg:country AS ?b)
          BIND("link" AS ?kind) }} }}"""
_REPORT_COUNT = """SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }}
  GRAPH ?g {{ ?a tg:reportedIn ?g }} }}"""
REPORTS_OF = """SELECT DISTINCT ?action WHERE {{ VALUES ?target {{ {values} }}
  ?action tg:target ?target ; tg:reportedIn ?doc }}"""
TARGETS_OF = """SELECT DISTINCT ?target WHERE {{ VALUES ?action {{ {values} }}
  ?action tg:target ?target }}"""
_OTHER_LABELS = """SELECT ?s (MIN(?label) AS ?least) WHERE {{ VALUES ?s {{ {values} }}
  GRAPH ?g {{ ?s rdfs:label ?label }} FILTER (?g NOT IN ({changed})) }} GROUP BY ?s"""
_NAMED_ACTS = """SELECT ?member ?target WHERE {{ VALUES ?entity {{ {values} }}
  GRAPH <{graph}> {{ ?real tg:agent ?entity . ?member tg:sameActionAs ?real
                    OPTIONAL {{ ?real tg:target ?target }} }} }}"""
_STATED_ELSEWHERE = """ASK {{ GRAPH ?g {{ <{unit}> <{link}> <{parent}> }}
  FILTER (?g NOT IN ({changed})) }}"""


@dataclass
class DocumentTouch:
    """What some documents say that the derivations of time read across documents."""

    reports: set[str] = field(default_factory=set)
    targets: set[str] = field(default_factory=set)
    labels: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    hierarchy: set[tuple[str, str, str]] = field(default_factory=set)
    too_large: bool = False
    """Whether the documents report more than `MAX_SCOPE` actions (a large list): then
    nothing else is read, and the whole store is derived, in parts."""

    def update(self, other: DocumentTouch) -> None:
        """Add what `other` says."""
        self.too_large = self.too_large or other.too_large
        self.reports |= other.reports
        self.targets |= other.targets
        for entity, labels in other.labels.items():
            self.labels[entity] |= labels
        self.hierarchy |= other.hierarchy


@dataclass
class Changes:
    """Documents ingested, replaced or removed, for an incremental derivation."""

    documents: set[str] = field(default_factory=set)
    before: DocumentTouch = field(default_factory=DocumentTouch)
    """What their earlier versions said (read before they were replaced or removed)."""
    actions: set[str] = field(default_factory=set)
    """Actions whose publication links corroboration changed."""


def _blocks(iris: Iterable[str]) -> list[str]:
    ordered = sorted(iris)
    return [" ".join(f"<{iri}>" for iri in ordered[i:i + CHUNK])
            for i in range(0, len(ordered), CHUNK)]


def read_touch(store: GraphStore, documents: Iterable[str], limit: int = MAX_SCOPE
               ) -> DocumentTouch:
    """What the documents' graphs, as stored now, say (see `DocumentTouch`; past `limit`
    reports, only that they are too many: counted first, never read)."""
    touch = DocumentTouch()
    blocks = _blocks(documents)
    if sum(_count(store, _REPORT_COUNT.format(values=values)) for values in blocks) > limit:
        touch.too_large = True
        return touch
    for values in blocks:
        for row in solutions(store.query(_TOUCH.format(values=values))):
            kind, first = row["kind"].value, row["a"].value
            if kind == "report":
                touch.reports.add(first)
            elif kind == "target":
                touch.targets.add(first)
            elif kind == "label":
                touch.labels[first].add(row["b"].value)
            else:
                touch.hierarchy.add((first, row["b"].value, row["c"].value))
    return touch


def _count(store: GraphStore, query: str) -> int:
    return next((int(row["n"].value) for row in solutions(store.query(query))), 0)


def column(store: GraphStore, template: str, iris: set[str], variable: str) -> set[str]:
    """The values of `variable` a query gives for the IRIs (`{values}` in `template`), run
    for blocks of them."""
    found: set[str] = set()
    for values in _blocks(iris):
        found |= {row[variable].value for row in solutions(store.query(
            template.format(values=values)))}
    return found


def _excluded(documents: set[str]) -> str:
    return ", ".join(f"<{d}>" for d in sorted(documents)) or "<urn:x-tradegraph:none>"


def hierarchy_changed(store: GraphStore, changes: Changes, after: DocumentTouch) -> bool:
    """Whether the change altered the hierarchy of agencies: a link its documents stated
    before or state now, but not both, that no other graph states."""
    changed = _excluded(changes.documents)
    for unit, link, parent in sorted(changes.before.hierarchy ^ after.hierarchy):
        if not store.query(_STATED_ELSEWHERE.format(unit=unit, link=link, parent=parent,
                                                    changed=changed)):
            return True
    return False


def relabelled(store: GraphStore, changes: Changes, after: DocumentTouch) -> set[str]:
    """Entities whose least label (the one derived labels use) the change altered."""
    entities = {e for e in set(changes.before.labels) | set(after.labels)
                if changes.before.labels.get(e, set()) != after.labels.get(e, set())}
    entities -= changes.documents | changes.before.reports | after.reports
    if not entities:
        return set()
    others: dict[str, str] = {}
    for values in _blocks(entities):
        query = _OTHER_LABELS.format(values=values, changed=_excluded(changes.documents))
        others.update({row["s"].value: row["least"].value
                       for row in solutions(store.query(query)) if row["least"] is not None})

    def least(entity: str, labels: dict[str, set[str]]) -> str | None:
        found = labels.get(entity, set()) | ({others[entity]} if entity in others else set())
        return min(found, default=None)

    return {e for e in entities if least(e, changes.before.labels) != least(e, after.labels)}


def scope_of(store: GraphStore, changes: Changes, actions_graph: str,
             same: Iterable[tuple[str, str]]) -> set[str] | None:
    """The reports to derive again after `changes` (those of the removed documents
    included), or None when the whole store must be derived (see the module's
    documentation)."""
    if len(changes.documents) > MAX_DOCUMENTS:
        return None
    after = read_touch(store, changes.documents)
    if changes.before.too_large or after.too_large or hierarchy_changed(store, changes, after):
        return None
    reports = changes.before.reports | after.reports | changes.actions
    targets = changes.before.targets | after.targets
    renamed = relabelled(store, changes, after)
    targets |= renamed
    for values in _blocks(renamed):
        for row in solutions(store.query(_NAMED_ACTS.format(values=values,
                                                            graph=actions_graph))):
            reports.add(row["member"].value)
            if row["target"] is not None:
                targets.add(row["target"].value)
    return closure(store, reports, targets, same)


def closure(store: GraphStore, reports: set[str], targets: set[str],
            same: Iterable[tuple[str, str]]) -> set[str] | None:
    """The reports connected to `reports` and `targets` by shared targets and "same
    action" statements; None past `MAX_SCOPE`."""
    partners: dict[str, set[str]] = defaultdict(set)
    for first, second in same:
        partners[first].add(second)
        partners[second].add(first)
    all_reports: set[str] = set()
    all_targets: set[str] = set()
    new_reports, new_targets = set(reports), set(targets)
    while new_reports or new_targets:
        all_reports |= new_reports
        all_targets |= new_targets
        if len(all_reports) > MAX_SCOPE:
            return None
        found_targets = column(store, TARGETS_OF, new_reports, "target") - all_targets
        found_reports = column(store, REPORTS_OF, new_targets, "action") - all_reports
        found_reports |= {p for r in new_reports | found_reports
                          for p in partners.get(r, ())} - all_reports
        new_reports, new_targets = found_reports, found_targets
    return all_reports

