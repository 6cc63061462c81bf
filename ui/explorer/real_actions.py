"""An entity's real actions, gathered for the entity page: one record per real action (the
reports folded into it by `tg:sameActionAs`), with its dates by kind, participants, every
report and evidence quote, its standing for the entity and its place in the legal record."""

from __future__ import annotations

from dataclasses import dataclass, field

from tradegraph.ui.explorer import document_dates, queries
from tradegraph.ui.explorer.data import Store
from tradegraph.ui.explorer.queries import action_pages as q
from tradegraph.ui.explorer.tables import local_name

REPORTED_ONLY = "reported only"
_KIND_NAMES = {"effectiveOn": "effective", "publishedOn": "published",
               "announcedOn": "announced", "date": "dated", "firstReportedOn": "first reported"}


@dataclass(frozen=True)
class Quote:
    """One evidence sentence of an action, where it stands and in which document."""

    text: str
    doc: str
    doc_title: str
    issued: str
    start: int
    end: int


@dataclass
class RealAction:
    """One real action and all that is known of it."""

    iri: str
    role: str
    cls: str
    type: str
    dates: dict[str, str] = field(default_factory=dict)
    """By kind: effectiveOn, publishedOn, announcedOn, date, firstReportedOn."""
    status: str = ""
    citations: set[str] = field(default_factory=set)
    lists: set[str] = field(default_factory=set)
    end_date: str = ""
    others: dict[str, list[str]] = field(default_factory=dict)
    """Role -> labels of the other participants."""
    reports: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Report IRI -> (document, the report's own date)."""
    quotes: list[Quote] = field(default_factory=list)
    legal: bool = False
    record: str = REPORTED_ONLY
    """What the legal record says of it, as status says it ("confirmed by the legal record
    [84 FR 22961]" or "reported only"): `TradeGraph.action_details`, the one reading."""
    applies: tuple[str, str] | None = None
    """(from, until) of its standing for the entity; until is "" while open."""

    @property
    def date(self) -> str:
        """The best date: effective, else published, announced, dated, first reported."""
        return next((self.dates[k] for k in q.DATE_KINDS if k in self.dates), "")

    @property
    def dates_text(self) -> str:
        """Every date by kind, e.g. "announced 2019-05-15 · effective 2019-05-16"."""
        return " · ".join(f"{_KIND_NAMES[k]} {self.dates[k]}" for k in q.DATE_KINDS
                          if k in self.dates and (k != "date" or len(self.dates) == 1))



def gather(store: Store, entity: str) -> list[RealAction]:
    """The entity's real actions, best date first (undated last)."""
    type_labels = {r["class"] or "": r["label"] or "" for r in store.select(queries.action_types())}
    found: dict[str, RealAction] = {}
    for row in store.select(q.real_actions(entity)):
        iri, cls = row["action"] or "", row["class"] or ""
        if iri not in found:
            found[iri] = RealAction(iri, row["role"] or "", local_name(cls),
                                    type_labels.get(cls, local_name(cls)))
    if not found:
        return []
    _fill(store, found, entity)
    for row in store.select(q.standings_of(entity)):
        action = found.get(row["action"] or "")
        if action is not None:
            action.applies = (row["from"] or "", row["until"] or "")
    return sorted(found.values(), key=lambda a: (a.date == "", a.date, a.type, a.iri))


def load(store: Store, iris: list[str]) -> dict[str, RealAction]:
    """The records of some actions (real ones or reports), by IRI; unknown IRIs are left
    out."""
    type_labels = {r["class"] or "": r["label"] or "" for r in store.select(queries.action_types())}
    found: dict[str, RealAction] = {}
    for row in store.chunked(q.classes_of_actions, iris):
        cls = row["class"] or ""
        found.setdefault(row["action"] or "", RealAction(
            row["action"] or "", "", local_name(cls), type_labels.get(cls, local_name(cls))))
    if found:
        _fill(store, found, None)
    return found


def _fill(store: Store, found: dict[str, RealAction], entity: str | None) -> None:
    actions = sorted(found)
    _details(store, found, actions)
    _participants(store, found, actions, entity)
    _reports(store, found, actions)
    for iri, details in store.details(actions).items():
        if iri in found:
            found[iri].legal, found[iri].record = details.legal, details.record


def _details(store: Store, found: dict[str, RealAction], actions: list[str]) -> None:
    statuses = set()
    for row in store.chunked(q.action_details, actions):
        action, prop, value = found.get(row["action"] or ""), row["p"] or "", row["o"] or ""
        if action is None:  # a server that answered beyond the VALUES asked for
            continue
        if prop == "status":
            action.status = value
            statuses.add(value)
        elif prop == "citation":
            action.citations.add(value)
        elif prop == "sourceList":
            action.lists.add(value)
        elif prop == "endDate":
            action.end_date = value
        else:  # a date: keep the earliest of each kind
            action.dates[prop] = min(action.dates.get(prop, value), value)
    names = store.labels(sorted(statuses)) if statuses else {}
    for action in found.values():
        action.status = names.get(action.status, local_name(action.status))


def _participants(store: Store, found: dict[str, RealAction], actions: list[str],
                  entity: str | None) -> None:
    rows = [r for r in store.chunked(queries.participants, actions)
            if r["node"] != entity and r["action"] in found]
    names = store.labels([r["node"] or "" for r in rows])
    for row in rows:
        node = row["node"] or ""
        found[row["action"] or ""].others.setdefault(row["role"] or "", []).append(
            names.get(node, local_name(node)))
    for action in found.values():
        action.others = {role: sorted(set(labels)) for role, labels in action.others.items()}


def _reports(store: Store, found: dict[str, RealAction], actions: list[str]) -> None:
    for row in store.chunked(q.action_reports, actions):
        if row["action"] in found:
            found[row["action"] or ""].reports[row["report"] or ""] = (row["doc"] or "",
                                                                       row["date"] or "")
    quotes = [r for r in store.chunked(q.action_quotes, actions) if r["action"] in found]
    documents = sorted({doc for a in found.values() for doc, _ in a.reports.values()}
                       | {r["doc"] or "" for r in quotes})
    meta = {r["doc"] or "": r for r in store.chunked(q.documents_meta, documents)}
    shown = document_dates.dated(store, {doc: (r["issued"] or "", r["kind"] or "")
                                         for doc, r in meta.items()})
    legal = {doc for doc, r in meta.items() if (r["legal"] or "") in ("true", "1")}
    for action in found.values():
        action.legal = any(doc in legal for doc, _ in action.reports.values())
    for row in quotes:
        doc = row["doc"] or ""
        info = meta.get(doc, {})
        found[row["action"] or ""].quotes.append(Quote(
            row["quote"] or "", doc, info.get("title") or doc, shown.get(doc, ""),
            int(row["start"] or 0), int(row["end"] or 0)))
    for action in found.values():
        action.quotes.sort(key=lambda x: (x.issued, x.doc, x.start))
