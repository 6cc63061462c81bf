"""Corroboration: which actions reported in the news the legal record confirms.

An action is *reported* when some document that is not part of the legal record (news) reports
it, and *legal* when a `tg:LegalRecord` document (a screening list, a Federal Register
document) reports it. A reported action R is confirmed by a legal action L
(`R tg:confirmedBy L`, `L tg:confirms R`) when

- both have the same action class (their `rdf:type` under `tg:Action`),
- they share at least one `tg:target`, and
- their dates are compatible. A date is the interval of days it covers: `2019-05-16` one day,
  `2019-05` (xsd:gYearMonth) the month, `2019` (xsd:gYear) the year. L's dates are its
  `tg:date` and `tg:startDate`; R's its `tg:date`. Two dates are compatible when their
  intervals lie at most `tolerance_days` apart (default `DEFAULT_TOLERANCE_DAYS`, 31: news
  dates an action by its announcement, a list by its effective date, and a rule is published
  days to weeks after it was announced).
- When R or L has no date (or no readable one), the pair is linked only if it is the one
  legal action of that class and target that R could mean: R has exactly one candidate L.

An action that news and the legal record state identically is one node (IRIs are minted from
the action's identity); it confirms itself. An action with a `tg:citation` is also
`tg:publishedIn` each legal-record document with the same citation (compared after
normalising spacing and `F.R.` to `FR`).

The candidates are found with SPARQL (the legal-record actions, then the reported actions of
their targets; portable: the embedded store and Virtuoso run the same text) and the date test
is done here, where partial dates are easy to get right. The
links go into a named graph of their own, `IriMinter.corroboration_graph`, replaced in one
write each time, so they never go stale when documents change.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pyoxigraph import NamedNode, Quad, QuerySolution

from tradegraph.graph.store.protocol import GraphStore, solutions
from tradegraph.ingest.citations import parse_citations
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.settings import DEFAULT_CORROBORATION_DAYS, env_name, settings
from tradegraph.ontology.terms import TG

DEFAULT_TOLERANCE_DAYS = DEFAULT_CORROBORATION_DAYS
"""How far apart (in days) the date intervals of a reported and a legal action may lie."""
TOLERANCE_ENV = env_name("corroboration_days")
"""Environment variable that sets the tolerance instead of the default."""

# The parties a confirmation can be about are those of both a legal-record action and a
# reported one: the fewer of the two kinds is streamed, then the legal and reported actions
# of a block of them are read. Memory follows the block (and the links found), not the list;
# time follows the smaller side (a list of a million rows and a few news reports: the news).
_LEGAL_PATTERN = "?document a tg:LegalRecord . ?legal tg:reportedIn ?document ; tg:target ?target"
_REPORTED_PATTERN = ("?reported tg:reportedIn ?document ; tg:target ?target "
                     "FILTER NOT EXISTS { ?document a tg:LegalRecord }")
_PARTIES = "SELECT DISTINCT ?target WHERE {{ {pattern} }}"
_PARTY_COUNT = "SELECT (COUNT(DISTINCT ?target) AS ?n) WHERE {{ {pattern} }}"


def _parties(store: GraphStore) -> Iterable[QuerySolution]:
    """The parties of the side with fewer (see above), streamed."""
    counts = {pattern: next((int(row["n"].value) for row in solutions(store.query(
        _PARTY_COUNT.format(pattern=pattern)))), 0)
        for pattern in (_LEGAL_PATTERN, _REPORTED_PATTERN)}
    if not all(counts.values()):
        return ()
    fewer = min(counts, key=lambda pattern: counts[pattern])
    return solutions(store.query(_PARTIES.format(pattern=fewer)))


def _legal_actions(targets: list[str]) -> str:
    values = " ".join(f"<{target}>" for target in targets)
    return f"""SELECT DISTINCT ?legal ?class ?target ?date ?start WHERE {{
  VALUES ?target {{ {values} }}
  ?legal tg:target ?target ; tg:reportedIn ?document ; a ?class .
  ?document a tg:LegalRecord .
  OPTIONAL {{ ?legal tg:date ?date }}
  OPTIONAL {{ ?legal tg:startDate ?start }}
}}"""


def _reported_actions(targets: list[str]) -> str:
    values = " ".join(f"<{target}>" for target in targets)
    return f"""SELECT DISTINCT ?reported ?class ?target ?date WHERE {{
  VALUES ?target {{ {values} }}
  ?reported tg:target ?target ; a ?class ; tg:reportedIn ?document .
  FILTER NOT EXISTS {{ ?document a tg:LegalRecord }}
  OPTIONAL {{ ?reported tg:date ?date }}
}}"""


TARGETS_PER_QUERY = 400
"""Parties looked up per query of legal and reported actions (fewer if the
`derivation_parties` setting says so)."""

_DOCUMENT_CITATIONS = """SELECT DISTINCT ?doc ?citation WHERE {
  ?doc a tg:LegalRecord ; tg:citation ?citation }"""
_ACTION_CITATIONS = """SELECT DISTINCT ?action ?citation WHERE {
  ?action tg:citation ?citation ; tg:reportedIn ?any }"""

_DATE = re.compile(r"^(-?\d{4,})(?:-(\d{2}))?(?:-(\d{2}))?")


@dataclass(frozen=True)
class Interval:
    """The days a (possibly partial) date covers, first and last included."""

    first: dt.date
    last: dt.date

    def gap(self, other: Interval) -> int:
        """Days between the two intervals; 0 if they overlap or touch."""
        return max(0, (max(self.first, other.first) - min(self.last, other.last)).days)


def date_interval(text: str | None) -> Interval | None:
    """The interval of an xsd:date, gYearMonth or gYear lexical form; None if unreadable.

    >>> date_interval("2019-05")
    Interval(first=datetime.date(2019, 5, 1), last=datetime.date(2019, 5, 31))
    """
    match = _DATE.match(text or "")
    if not match:
        return None
    try:
        year = int(match[1])
        if match[3]:
            day = dt.date(year, int(match[2]), int(match[3]))
            return Interval(day, day)
        if match[2]:
            month = int(match[2])
            return Interval(dt.date(year, month, 1),
                            dt.date(year, month, calendar.monthrange(year, month)[1]))
        return Interval(dt.date(year, 1, 1), dt.date(year, 12, 31))
    except ValueError:  # out of range: year 0, month 13, 30 February
        return None


def normalise_citation(text: str) -> str:
    """A Federal Register citation in one spelling: `84 F.R. 22961` -> `84 FR 22961`."""
    found = parse_citations(text)
    return found[0] if found else " ".join(text.split()).upper()


@dataclass
class Corroboration:
    """The links found over a store."""

    confirmed: dict[str, set[str]] = field(default_factory=dict)
    """Reported action -> the legal actions that confirm it."""
    published: dict[str, set[str]] = field(default_factory=dict)
    """Action -> the legal-record documents that published it."""
    republished: set[str] = field(default_factory=set)
    """Actions whose publication links this run changed (what dates them changed)."""

    def quads(self, graph: str) -> list[Quad]:
        """The links as quads of `graph`, in a stable order."""
        name = NamedNode(graph)
        out: list[Quad] = []
        for reported, legals in sorted(self.confirmed.items()):
            for legal in sorted(legals):
                out.append(Quad(NamedNode(reported), NamedNode(TG.confirmedBy),
                                NamedNode(legal), name))
                out.append(Quad(NamedNode(legal), NamedNode(TG.confirms),
                                NamedNode(reported), name))
        for action, documents in sorted(self.published.items()):
            for document in sorted(documents):
                out.append(Quad(NamedNode(action), NamedNode(TG.publishedIn),
                                NamedNode(document), name))
        return out


def configured_tolerance_days() -> int:
    """The date tolerance in force: `$TRADEGRAPH_CORROBORATION_DAYS`, else the default (a
    `SettingsError`, a ValueError, if the variable is not a whole number of days)."""
    return settings().corroboration_days


def confirmations_query(which: str = "all") -> str:
    """SPARQL listing each reported action (one row per target and confirming action) with
    `?status` "confirmed" or "reported only"; `which` is "all", "confirmed" or
    "reported-only"."""
    if which not in ("all", "confirmed", "reported-only"):
        raise ValueError(f"which must be all, confirmed or reported-only, not {which!r}")
    keep = {"all": "", "confirmed": "FILTER(BOUND(?confirmedBy))",
            "reported-only": "FILTER(!BOUND(?confirmedBy))"}[which]
    # One row per target entity: an entity has a label in each graph that names it, so
    # the row takes the first of them.
    return f"""SELECT ?status ?date ?type (MIN(?label) AS ?target) ?action ?confirmedBy
       ?citation ?sourceList WHERE {{
  ?action tg:reportedIn ?doc ; a ?class .
  ?doc a tg:Document .
  FILTER NOT EXISTS {{ ?doc a tg:LegalRecord }}
  ?class rdfs:subClassOf tg:Action ; rdfs:label ?type .
  OPTIONAL {{ ?action tg:target ?entity . ?entity rdfs:label ?label }}
  OPTIONAL {{ ?action tg:date ?date }}
  OPTIONAL {{ ?action tg:confirmedBy ?confirmedBy .
             OPTIONAL {{ ?confirmedBy tg:citation ?citation }}
             OPTIONAL {{ ?confirmedBy tg:sourceList ?sourceList }} }}
  {keep}
  BIND(IF(BOUND(?confirmedBy), "confirmed", "reported only") AS ?status)
}} GROUP BY ?status ?date ?type ?entity ?action ?confirmedBy ?citation ?sourceList
ORDER BY ?status STR(?date) ?type ?target ?action"""


def _value(term: object) -> str | None:
    return None if term is None else str(getattr(term, "value", term))


def find_links(store: GraphStore, tolerance_days: int | None = None) -> Corroboration:
    """Every confirmation and publication link the store's documents support (tolerance:
    `configured_tolerance_days()` unless given)."""
    if tolerance_days is None:
        tolerance_days = configured_tolerance_days()
    if tolerance_days < 0:
        raise ValueError(f"the date tolerance must be 0 days or more, not {tolerance_days}")
    # Starting from what is selective (parties, then their legal and reported actions):
    # one join over the whole store let the planner start from every reported action,
    # 60 ms on a store of 340k quads with no legal record.
    pairs: dict[str, dict[str, tuple[set[str], set[str]]]] = defaultdict(dict)
    batch = min(TARGETS_PER_QUERY, settings().derivation_parties)
    for targets in _batches(_parties(store), batch):
        _pair(store, targets, pairs)
    links = Corroboration()
    for reported, candidates in pairs.items():
        for legal, (rdates, ldates) in candidates.items():
            if legal == reported or _matches(rdates, ldates, len(candidates), tolerance_days):
                links.confirmed.setdefault(reported, set()).add(legal)
    links.published = _publications(store)
    return links


def _batches(rows: Iterable[QuerySolution], size: int) -> Iterator[list[str]]:
    """The parties (`?target`) of the rows, `size` at a time."""
    batch: list[str] = []
    for row in rows:
        batch.append(row["target"].value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _pair(store: GraphStore, targets: list[str],
          pairs: dict[str, dict[str, tuple[set[str], set[str]]]]) -> None:
    """Add to `pairs` (reported action -> legal action -> their dates) the candidates of
    a batch of parties: a reported and a legal action of one class about one of them."""
    legal_by_key: dict[tuple[str, str], set[str]] = defaultdict(set)
    legal_dates: dict[str, set[str]] = defaultdict(set)
    for row in solutions(store.query(_legal_actions(targets))):
        legal, cls, target = (_value(row[name]) or "" for name in ("legal", "class", "target"))
        legal_by_key[cls, target].add(legal)
        legal_dates[legal].update(v for v in (_value(row["date"]), _value(row["start"])) if v)
    for row in solutions(store.query(_reported_actions(targets))):
        reported, cls, target = (_value(row[name]) or ""
                                 for name in ("reported", "class", "target"))
        date = _value(row["date"])
        for legal in legal_by_key.get((cls, target), ()):
            rdates, _ = pairs[reported].setdefault(legal, (set(), legal_dates[legal]))
            if date:
                rdates.add(date)


def _matches(rdates: set[str], ldates: set[str], candidates: int, tolerance: int) -> bool:
    reported = [i for i in map(date_interval, rdates) if i is not None]
    legal = [i for i in map(date_interval, ldates) if i is not None]
    if not reported or not legal:
        return candidates == 1  # undated: only the one legal action it can mean
    return any(a.gap(b) <= tolerance for a in reported for b in legal)


def _publications(store: GraphStore) -> dict[str, set[str]]:
    by_citation: dict[str, set[str]] = defaultdict(set)
    for row in solutions(store.query(_DOCUMENT_CITATIONS)):
        by_citation[normalise_citation(row["citation"].value)].add(row["doc"].value)
    published: dict[str, set[str]] = {}
    if not by_citation:  # no legal-record document to be published in
        return published
    for row in solutions(store.query(_ACTION_CITATIONS)):  # streamed: only matches kept
        for document in by_citation.get(normalise_citation(row["citation"].value), ()):
            published.setdefault(row["action"].value, set()).add(document)
    return published


def corroborate(store: GraphStore, minter: IriMinter,
                tolerance_days: int | None = None) -> Corroboration:
    """Derive the links and write them as the corroboration graph (in one write, and only
    if they changed; no links, no graph). Cheap when nothing changed: two queries and a
    read of the (small) graph."""
    links = find_links(store, tolerance_days)
    graph = minter.corroboration_graph
    quads = links.quads(graph)
    old = store.graph_quads(graph)
    if old != set(quads):
        links.republished = {q.subject.value for q in old ^ set(quads)
                             if q.predicate.value == str(TG.publishedIn)
                             and isinstance(q.subject, NamedNode)}
        if quads:
            store.replace_graph(graph, quads)
        else:
            store.remove_graph(graph)
    return links
