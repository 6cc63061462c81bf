"""One node per real action: reports of one action by several documents, folded together.

Two reports (see `action_facts`) are of one real action when

- they have the same action class and the same *phase*: taking the action, ending it (a
  removal; an order lifted, reported as terminated or suspended), amending a listing, or only
  intending it (an intent-to-deny letter, a proposed rule). A screening list's row is always
  the listing itself, its status telling only whether it has ended;
- they share a target;
- their agents lie in one line of the agency hierarchy (`tg:parentOrganization`: BIS is part
  of the Commerce Department; a country that acts is its government, in the line of its
  agencies), or one of them names none;
- their dates fit: each report's dates by kind (announced, effective, published) are the
  intervals of days they cover (`2019-05` is the month), and some date of the one lies at most
  `tolerance_days` (as for corroboration, default 31) from some date of the other. A report
  with no date of its own is dated by the window of `tolerance_days` before its first report;
- nothing official contradicts it: two citations that differ, two effective (or publication)
  dates of the legal record that do not overlap, two reports of one document about one target
  that both have dates of their own (the document itself told them apart), or the user's
  statement that they are distinct.

A date a report names but that is not its own does not date it: an ending that names the
day of the act it ends ("Order Terminating the Denial Order Issued on April 15") is dated by
its other dates, else by its document (`undate_named_acts`). A list states its entries on
their own dates, never on the day the list was read.

Reports are joined pair by pair, closest dates first; two groups join only if every report of
the one fits every report of the other and all their agents lie in one line, so a chain of
near dates never spans months. The user's "same action" statements join first; the recalls
`graph/time/recalls.py` places join last (a report not dated to the day joins the act it
recalls, whatever its dates).

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

from tradegraph.graph.time.action_facts import (
    ENDING_STATUSES,
    INTENDED_STATUSES,
    ActionFacts,
    Report,
    best_date,
    earliest,
    interval,
    precision,
)
from tradegraph.graph.time.corroboration import Interval, normalise_citation
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.schema import schema


@dataclass
class ReportView:
    """A report with what identity needs: its phase and its dates by kind."""

    report: Report
    cls: str
    """The class of the annotation guidelines it is (reports of one act share it)."""
    phase: str
    legal: bool
    announced: set[str]
    effective: set[str]
    published: set[str]
    first_reported: str | None
    intervals: list[Interval]
    citations: frozenset[str]
    kind: str = ""
    """Its most specific class (a narrower kind, else `cls`): what it does."""

    @property
    def dated(self) -> bool:
        """Whether the report has a date of its own (else its document dates it)."""
        return bool(self.announced or self.effective or self.published)


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
    affiliates_of: set[str] = field(default_factory=set)
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

    corrected: bool = False
    """Whether the derivations read its one report otherwise than it is stated (a target
    named only in a quotation left out): it needs a node of its own."""
    kind: str = ""
    """Its most specific class (a narrower kind its reports state, else `cls`): what it
    does (its regime, whether it opens a standing) is this class's meaning."""

    @property
    def folded(self) -> bool:
        """Whether it has a node of its own: several reports make it, or its one report is
        read otherwise than stated."""
        return len(self.members) > 1 or self.corrected

    @property
    def vague(self) -> bool:
        """Known only from news that does not date it to the day (undated, or a month or
        a year only): a recall of an earlier act, which says nothing of since when it
        applied; it opens no standing of its own."""
        return not self.legal and not any(
            value and precision(value) == 3
            for value in (self.announced, self.effective, self.published))


@dataclass
class Identity:
    """The real actions of a store, and which real action each report is."""

    actions: dict[str, RealAction] = field(default_factory=dict)
    real_of: dict[str, str] = field(default_factory=dict)


def phase_of(report: Report, listing: bool) -> str:
    """taking, ending, amending or intended (see the module's documentation)."""
    meaning = schema().meaning(report.classes)
    if meaning is not None and meaning.ends:
        return "ending"
    if meaning is not None and meaning.amends:
        return "amending"
    if report.statuses and report.statuses <= INTENDED_STATUSES:
        return "intended"
    if not listing and report.statuses and report.statuses <= ENDING_STATUSES:
        return "ending"
    return "taking"


def view_of(report: Report, facts: ActionFacts, tolerance: int) -> ReportView | None:
    """The report's phase and dates by kind; None if it has no action class."""
    meaning = schema().meaning(report.classes)
    if meaning is None:
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
    # a list states its entry on the entry's own date, not on the day the list was read
    issued = {d.issued for d in documents if d.issued and not (d.is_list and effective)}
    issued |= published | (effective if listing else set())
    view = ReportView(report, meaning.base, phase_of(report, listing),
                      any(d.legal for d in documents), announced, effective, published,
                      earliest(issued), [],
                      frozenset(normalise_citation(c) for c in report.citations), meaning.name)
    view.intervals = spans_of(view, tolerance)
    return view


def spans_of(view: ReportView, tolerance: int) -> list[Interval]:
    """The days the report's dates cover; an undated report happened within the tolerance
    before it was first reported."""
    spans = [i for i in map(interval, sorted(view.announced | view.effective | view.published))
             if i]
    if not spans and (reported := interval(view.first_reported)) is not None:
        spans = [Interval(reported.first - dt.timedelta(days=tolerance), reported.last)]
    return spans


def undate_named_acts(views: dict[str, ReportView], tolerance: int) -> None:
    """An ending that names the day of the act it ends ("Order Terminating the Denial Order
    Issued on April 15") is not dated by it: a date of an ending report that is the day a
    report of the same class and target took the act is the ended act's, so the ending is
    dated by its other dates, else by its document."""
    taken: dict[tuple[str, str], set[str]] = {}
    for view in views.values():
        if view.phase == "taking":
            for target in view.report.targets:
                taken.setdefault((view.cls, target), set()).update(
                    d for d in view.announced | view.effective if precision(d) == 3)
    for view in views.values():
        if view.phase != "ending":
            continue
        named = {d for t in view.report.targets for d in taken.get((view.cls, t), ())}
        if (view.announced | view.effective) & named:
            view.announced, view.effective = view.announced - named, view.effective - named
            view.intervals = spans_of(view, tolerance)


def _kinds_agree(x: ReportView, y: ReportView) -> bool:
    """Two reports can be of one act unless each states a narrower kind and the kinds
    differ (a Military End-User List and an Unverified List addition: two lists)."""
    return x.kind in (y.kind, x.cls) or y.kind == y.cls


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
        if x.cls != y.cls or x.phase != y.phase or frozenset((a, b)) in self.distinct \
                or not _kinds_agree(x, y):
            return False
        if x.citations and y.citations and not x.citations & y.citations:
            return False
        if x.legal and y.legal and not (_overlap(x.effective, y.effective)
                                         and _overlap(x.published, y.published)):
            return False
        if x.report.documents & y.report.documents and x.report.targets & y.report.targets \
                and x.dated and y.dated:
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
         same: Iterable[tuple[str, str]] = (), distinct: Iterable[tuple[str, str]] = (), *,
         recalls: Iterable[tuple[str, str]] = ()) -> Identity:
    """The real actions of the reports in `facts` (see the module's documentation); each
    pair of `recalls` (a recall, a report of the act it recalls) joins last."""
    views = {iri: view for iri, report in sorted(facts.reports.items())
             if (view := view_of(report, facts, tolerance)) is not None}
    undate_named_acts(views, tolerance)
    folder = _Folder(views, facts, tolerance, {frozenset(pair) for pair in distinct})
    for a, b in same:
        if a in views and b in views and views[a].cls == views[b].cls:
            folder.join(a, b, forced=True)
    for _, a, b in _candidate_pairs(views, folder):
        folder.join(a, b)
    for a, b in recalls:
        if a in views and b in views and views[a].cls == views[b].cls:
            folder.join(a, b, forced=True)
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
    corrected = any(views[m].report.unsaid for m in members)
    if len(members) == 1 and not corrected:
        iri = members[0]
    else:
        iri = minter.real_action(schema().caption(first.cls), _anchor(members, views))
    real = RealAction(iri, first.cls, first.phase, members, corrected=corrected,
                      kind=max((views[m].kind for m in members),
                               key=lambda k: len(schema().action(k).ancestors)))
    for member in members:
        view, report = views[member], views[member].report
        real.agents |= report.agents
        real.targets |= report.targets
        real.products |= report.products
        real.affiliates_of |= report.affiliates_of
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
