"""One node per real action: reports of one action by several documents, folded together.

Two reports (see `action_facts`) are of one real action when

- they have the same action class and the same *phase*: taking the action, ending it (a
  removal; an order lifted, reported as terminated or suspended), amending a listing, or only
  intending it (an intent-to-deny letter, a proposed rule). A screening list's row is always
  the listing itself, its status telling only whether it has ended;
- they share a target;
- their agents lie in one line of the agency hierarchy (`tg:parentOrganization`: BIS is part
  of the Commerce Department), or one of them names none;
- their dates fit: each report's dates by kind (announced, effective, published) are the
  intervals of days they cover (`2019-05` is the month), and some date of the one lies at most
  `tolerance_days` (as for corroboration, default 31) from some date of the other. A report
  with no date of its own is dated by the window of `tolerance_days` before its first report;
- nothing official contradicts it: two citations that differ, two effective (or publication)
  dates of the legal record that do not overlap, two reports of one document about one target
  (the document itself told them apart), or the user's statement that they are distinct.

Reports are joined pair by pair, closest dates first; two groups join only if every report of
the one fits every report of the other and all their agents lie in one line, so a chain of
near dates never spans months. The user's "same action" statements join first.

A real action of one report is that report's node. One of several reports gets a node of its
own (`IriMinter.real_action`, named after its anchor: its first legal-record report, else its
earliest): typed with the class, labelled, carrying every report's agents, targets, products,
citations, statuses, end dates and evidence, and each report points to it with
`tg:sameActionAs`. It has no `tg:reportedIn`: its reports do, so every query that lists what a
document reports, and corroboration, see the reports as before. Every real action gets its
dates by kind: `tg:announcedOn`, `tg:effectiveOn`, `tg:publishedOn`, `tg:firstReportedOn`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad

from tradegraph.graph.store.protocol import GraphStore
from tradegraph.graph.time.action_facts import (
    ENDING_STATUSES,
    INTENDED_STATUSES,
    ActionFacts,
    Report,
    best_date,
    earliest,
    interval,
    labels_of,
    lookup_pairs,
)
from tradegraph.graph.time.corroboration import Interval, normalise_citation
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.models import ActionType
from tradegraph.ontology.terms import PREFIXES, TG

_RDF_TYPE = NamedNode(PREFIXES["rdf"] + "type")
_LABEL = NamedNode(PREFIXES["rdfs"] + "label")
_XSD = PREFIXES["xsd"]


@dataclass
class ReportView:
    """A report with what identity needs: its phase and its dates by kind."""

    report: Report
    cls: str
    phase: str
    legal: bool
    announced: set[str]
    effective: set[str]
    published: set[str]
    first_reported: str | None
    intervals: list[Interval]
    citations: frozenset[str]


@dataclass
class RealAction:
    """One real action: its node, its reports, and what they say together."""

    iri: str
    cls: str
    phase: str
    members: list[str]
    agents: set[str] = field(default_factory=set)
    targets: set[str] = field(default_factory=set)
    products: set[str] = field(default_factory=set)
    citations: set[str] = field(default_factory=set)
    source_lists: set[str] = field(default_factory=set)
    statuses: set[str] = field(default_factory=set)
    ends: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    legal: bool = False
    announced: str | None = None
    effective: str | None = None
    published: str | None = None
    first_reported: str | None = None

    @property
    def folded(self) -> bool:
        """Whether several reports make this action (it has a node of its own)."""
        return len(self.members) > 1


@dataclass
class Identity:
    """The real actions of a store, and which real action each report is."""

    actions: dict[str, RealAction] = field(default_factory=dict)
    real_of: dict[str, str] = field(default_factory=dict)


def phase_of(report: Report, listing: bool) -> str:
    """taking, ending, amending or intended (see the module's documentation)."""
    classes = report.classes
    if "EntityListRemoval" in classes:
        return "ending"
    if "EntityListAmendment" in classes:
        return "amending"
    if report.statuses and report.statuses <= INTENDED_STATUSES:
        return "intended"
    if not listing and report.statuses and report.statuses <= ENDING_STATUSES:
        return "ending"
    return "taking"


def view_of(report: Report, facts: ActionFacts, tolerance: int) -> ReportView | None:
    """The report's phase and dates by kind; None if it has no action class."""
    if not report.classes:
        return None
    documents = [facts.documents[d] for d in sorted(report.documents) if d in facts.documents]
    listing = any(d.is_list for d in documents)
    news = any(not d.legal for d in documents) or not documents
    announced = set(report.dates) if news else set()
    effective = set(report.starts) | (set(report.dates) if listing else set())
    published = {d.issued for d in documents
                 if d.source_format == "federal-register" and d.issued}
    published |= {facts.documents[d].issued or "" for d in facts.published_in.get(report.iri, ())
                  if d in facts.documents} - {""}
    issued = {d.issued for d in documents if d.issued} | published
    first = earliest(issued)
    spans = [i for i in map(interval, sorted(announced | effective | published)) if i]
    if not spans and (reported := interval(first)) is not None:
        # undated: it happened within the tolerance before it was first reported
        spans = [Interval(reported.first - dt.timedelta(days=tolerance), reported.last)]
    return ReportView(report, sorted(report.classes)[0], phase_of(report, listing),
                      any(d.legal for d in documents), announced, effective, published,
                      first, spans, frozenset(normalise_citation(c) for c in report.citations))


def _gap(a: ReportView, b: ReportView) -> int | None:
    gaps = [x.gap(y) for x in a.intervals for y in b.intervals]
    return min(gaps) if gaps else None


def _overlap(first: set[str], second: set[str]) -> bool:
    spans = [i for i in map(interval, first) if i]
    others = [i for i in map(interval, second) if i]
    return not spans or not others or any(x.gap(y) == 0 for x in spans for y in others)


class _Folder:
    """Union-find over reports, refusing joins that break a hard rule."""

    def __init__(self, views: dict[str, ReportView], facts: ActionFacts, tolerance: int,
                 distinct: set[frozenset[str]]) -> None:
        self.views, self.facts, self.tolerance, self.distinct = views, facts, tolerance, distinct
        self.root = {iri: iri for iri in views}
        self.groups = {iri: [iri] for iri in views}

    def find(self, iri: str) -> str:
        while self.root[iri] != iri:
            self.root[iri] = self.root[self.root[iri]]
            iri = self.root[iri]
        return iri

    def fits(self, a: str, b: str) -> bool:
        """Whether two reports can be of one action (every rule but the shared target)."""
        x, y = self.views[a], self.views[b]
        if x.cls != y.cls or x.phase != y.phase or frozenset((a, b)) in self.distinct:
            return False
        if x.citations and y.citations and not x.citations & y.citations:
            return False
        if x.legal and y.legal and not (_overlap(x.effective, y.effective)
                                         and _overlap(x.published, y.published)):
            return False
        if x.report.documents & y.report.documents and x.report.targets & y.report.targets:
            return False
        if not self.facts.in_one_line(x.report.agents, y.report.agents):
            return False
        gap = _gap(x, y)
        return gap is not None and gap <= self.tolerance

    def join(self, a: str, b: str, *, forced: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        left, right = self.groups[ra], self.groups[rb]
        if not forced:
            if not all(self.fits(x, y) for x in left for y in right):
                return False
            agents = {g for m in left + right for g in self.views[m].report.agents}
            if not self.facts.agents_in_one_line(agents):
                return False
        elif any(frozenset((x, y)) in self.distinct for x in left for y in right):
            return False
        keep, drop = sorted((ra, rb))
        self.root[drop] = keep
        self.groups[keep] = left + right
        del self.groups[drop]
        return True


def _candidate_pairs(views: dict[str, ReportView], folder: _Folder) -> list[tuple[int, str, str]]:
    """(date gap, a, b) of every two reports sharing class and target whose dates fit."""
    blocks: dict[tuple[str, str], list[str]] = {}
    for iri, view in views.items():
        for target in view.report.targets:
            blocks.setdefault((view.cls, target), []).append(iri)
    pairs: set[tuple[int, str, str]] = set()
    for members in blocks.values():
        dated = sorted((min(i.first for i in views[m].intervals),
                        max(i.last for i in views[m].intervals), m)
                       for m in members if views[m].intervals)
        for index, (_, last, a) in enumerate(dated):
            for first, _, b in dated[index + 1:]:
                if (first - last).days > folder.tolerance:
                    break
                if folder.fits(a, b):
                    low, high = sorted((a, b))
                    pairs.add((_gap(views[a], views[b]) or 0, low, high))
    return sorted(pairs)


def fold(facts: ActionFacts, minter: IriMinter, tolerance: int,
         same: Iterable[tuple[str, str]] = (), distinct: Iterable[tuple[str, str]] = ()
         ) -> Identity:
    """The real actions of the reports in `facts` (see the module's documentation)."""
    views = {iri: view for iri, report in sorted(facts.reports.items())
             if (view := view_of(report, facts, tolerance)) is not None}
    folder = _Folder(views, facts, tolerance, {frozenset(pair) for pair in distinct})
    for a, b in same:
        if a in views and b in views and views[a].cls == views[b].cls:
            folder.join(a, b, forced=True)
    for _, a, b in _candidate_pairs(views, folder):
        folder.join(a, b)
    identity = Identity()
    for members in folder.groups.values():
        real = _real_action(sorted(members), views, minter)
        identity.actions[real.iri] = real
        for member in real.members:
            identity.real_of[member] = real.iri
    return identity


def _anchor(members: list[str], views: dict[str, ReportView]) -> str:
    legal = [m for m in members if views[m].legal]
    if legal:
        return legal[0]
    return min(members, key=lambda m: (interval(views[m].first_reported) is None,
                                       views[m].first_reported or "", m))


def _real_action(members: list[str], views: dict[str, ReportView],
                 minter: IriMinter) -> RealAction:
    first = views[members[0]]
    if len(members) == 1:
        iri = members[0]
    else:
        iri = minter.real_action(ActionType(first.cls).label, _anchor(members, views))
    real = RealAction(iri, first.cls, first.phase, members)
    for member in members:
        view, report = views[member], views[member].report
        real.agents |= report.agents
        real.targets |= report.targets
        real.products |= report.products
        real.citations |= report.citations
        real.source_lists |= report.source_lists
        real.statuses |= report.statuses
        real.ends |= report.ends
        real.documents |= report.documents
        real.legal = real.legal or view.legal
    real.announced = best_date(set().union(*(views[m].announced for m in members)))
    real.effective = best_date(set().union(*(views[m].effective for m in members)))
    real.published = best_date(set().union(*(views[m].published for m in members)))
    real.first_reported = earliest({views[m].first_reported or "" for m in members} - {""})
    return real


# ------------------------------------------------------------------ quads


def date_literal(text: str) -> Literal:
    """`xsd:date`, `xsd:gYearMonth` or `xsd:gYear` by the lexical form."""
    kind = {10: "date", 7: "gYearMonth"}.get(len(text.lstrip("-")), "gYear")
    return Literal(text, datatype=NamedNode(_XSD + kind))


def _most_specific(agents: set[str], facts: ActionFacts) -> set[str]:
    return {a for a in agents if not any(a in facts.ancestors(b) for b in agents if b != a)}


def identity_quads(store: GraphStore, identity: Identity, facts: ActionFacts,
                   graph: str) -> list[Quad]:
    """The actions graph: real-action nodes of folded reports, `tg:sameActionAs` links, and
    every real action's dates by kind; in a stable order."""
    name = NamedNode(graph)
    folded = [a for a in identity.actions.values() if a.folded]
    labels = labels_of(store, {e for a in folded for e in a.agents | a.targets})
    evidence: dict[str, set[str]] = {}
    members = sorted({m for a in folded for m in a.members})
    for report, annotation in lookup_pairs(store, "SELECT DISTINCT ?s ?o WHERE { VALUES ?s { "
                                           "VALUES_HERE } ?s tg:evidence ?o }", members):
        evidence.setdefault(report, set()).add(annotation)
    out: list[Quad] = []
    for action in sorted(identity.actions.values(), key=lambda a: a.iri):
        for kind, value in ((TG.announcedOn, action.announced), (TG.effectiveOn, action.effective),
                            (TG.publishedOn, action.published),
                            (TG.firstReportedOn, action.first_reported)):
            if value:
                out.append(Quad(NamedNode(action.iri), NamedNode(str(kind)),
                                date_literal(value), name))
        if action.folded:
            out.extend(_real_node(action, _label(action, labels, facts), evidence, name))
    return out


def _real_node(action: RealAction, label: str, evidence: dict[str, set[str]],
               name: NamedNode) -> list[Quad]:
    """The node of a real action of several reports, and its reports' links to it."""
    subject = NamedNode(action.iri)
    out = [Quad(subject, _RDF_TYPE, NamedNode(str(TG[action.cls])), name),
           Quad(subject, _LABEL, Literal(label), name)]

    def add(predicate: str, value: NamedNode | Literal) -> None:
        out.append(Quad(subject, NamedNode(predicate), value, name))

    for predicate, values in ((TG.agent, action.agents), (TG.target, action.targets),
                              (TG.product, action.products)):
        for value in sorted(values):
            add(str(predicate), NamedNode(value))
    for status in sorted(action.statuses):
        add(str(TG.status), NamedNode(str(TG[status])))
    for citation in sorted(action.citations):
        add(str(TG.citation), Literal(citation))
    for source in sorted(action.source_lists):
        add(str(TG.sourceList), Literal(source))
    for end in sorted(action.ends):
        add(str(TG.endDate), date_literal(end))
    for member in action.members:
        out.append(Quad(NamedNode(member), NamedNode(str(TG.sameActionAs)), subject, name))
        for annotation in sorted(evidence.get(member, ())):
            add(str(TG.evidence), NamedNode(annotation))
    return out


def _label(action: RealAction, labels: dict[str, str], facts: ActionFacts) -> str:
    def names(iris: set[str]) -> str:
        return ", ".join(sorted(labels.get(i, i.rsplit("/", 1)[-1]) for i in iris))

    text = ActionType(action.cls).label
    if action.agents:
        text += f" by {names(_most_specific(action.agents, facts))}"
    if action.targets:
        text += f" concerning {names(action.targets)}"
    when = action.effective or action.published or action.announced or action.first_reported
    if when:
        text += f" ({when})"
    return text[0].upper() + text[1:]
