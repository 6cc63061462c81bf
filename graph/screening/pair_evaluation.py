"""Measuring screening on a labelled set of name pairs: a query, the listed party it is
compared with, and whether the two are the same (a spelling, a transliteration, a legal
form changed) or different (a sibling firm, a near-miss).

The listed parties are written as a screening list in the Consolidated Screening List's CSV
layout and ingested like any list, so the measurement runs the whole way a user's does:
loader, entity resolution, store, index, matcher. A pair counts as found when the listed
party is among the query's candidates at the threshold: a true positive if the pair is
labelled the same, a false positive if labelled different.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tradegraph.graph.screening.index import ScreeningIndex
from tradegraph.graph.screening.results import MatchResult

LIST_SOURCE = "Entity List (EL) - Bureau of Industry and Security"
LIST_HEADER = ["source", "type", "name", "alt_names", "country", "federal_register_notice",
               "start_date"]


@dataclass(frozen=True)
class ListedParty:
    """A party of the pair set's screening list, by a key the pairs refer to."""

    key: str
    kind: str
    """Entity or Individual, as the list writes it."""
    name: str
    aliases: tuple[str, ...]
    country: str


@dataclass(frozen=True)
class LabelledPair:
    """One query against one listed party, labelled the same party or not."""

    kind: str
    query: str
    country: str | None
    listed: str
    same: bool


def read_listed(path: Path) -> list[ListedParty]:
    """The listed parties of a pair set (`key,type,name,alt_names,country`)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [ListedParty(row["key"], row["type"], row["name"],
                            tuple(a.strip() for a in row["alt_names"].split(";") if a.strip()),
                            row["country"]) for row in csv.DictReader(handle)]


def read_pairs(path: Path) -> list[LabelledPair]:
    """The labelled pairs (`kind,query,country,listed,expected` with expected `match` or
    `different`); a ValueError naming the line for any other label."""
    pairs = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            if row["expected"] not in ("match", "different"):
                raise ValueError(f"{path.name}: line {line}: expected is "
                                 f"{row['expected']!r}, not match or different")
            pairs.append(LabelledPair(row["kind"], row["query"], row["country"] or None,
                                      row["listed"], row["expected"] == "match"))
    return pairs


def listing_csv(parties: Iterable[ListedParty], start_date: str = "2020-01-15") -> str:
    """The parties as a screening list in the CSL's CSV layout."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(LIST_HEADER)
    for number, party in enumerate(parties):
        writer.writerow([LIST_SOURCE, party.kind, party.name, "; ".join(party.aliases),
                         party.country, f"85 FR {10000 + number}", start_date])
    return out.getvalue()


def resolve_keys(index: ScreeningIndex, parties: Iterable[ListedParty]) -> dict[str, str]:
    """The IRI each listed party got in the store; a ValueError if one is missing or two
    parties became one entity (the pair set would then judge one entity twice)."""
    by_name: dict[str, set[str]] = defaultdict(set)
    for party in index.parties:
        for name in party.names:
            by_name[name.casefold()].add(party.iri)
    iris: dict[str, str] = {}
    for listed in parties:
        found = by_name.get(listed.name.casefold(), set())
        if len(found) != 1:
            raise ValueError(f"listed party {listed.key!r} ({listed.name}) is "
                             f"{len(found)} entities in the store, not one")
        iris[listed.key] = next(iter(found))
    shared = [iri for iri, n in Counter(iris.values()).items() if n > 1]
    if shared:
        raise ValueError(f"several listed parties resolved to one entity: {shared}")
    return iris


@dataclass
class PairScores:
    """Counts over a pair set, overall and by kind of pair, and the pairs judged wrong."""

    counts: Counter[str] = field(default_factory=Counter)
    by_kind: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    wrong: list[tuple[LabelledPair, float | None]] = field(default_factory=list)
    """Each misjudged pair with the listed party's score (None: not among the candidates)."""

    def add(self, pair: LabelledPair, found: bool, score: float | None) -> None:
        """Count one judged pair."""
        outcome = {(True, True): "tp", (True, False): "fn", (False, True): "fp",
                   (False, False): "tn"}[(pair.same, found)]
        self.counts[outcome] += 1
        self.by_kind[pair.kind][outcome] += 1
        if outcome in ("fn", "fp"):
            self.wrong.append((pair, score))

    @property
    def precision(self) -> float:
        """Found pairs that are the same party, among all found."""
        found = self.counts["tp"] + self.counts["fp"]
        return self.counts["tp"] / found if found else 1.0

    @property
    def recall(self) -> float:
        """Same-party pairs found, among all same-party pairs."""
        same = self.counts["tp"] + self.counts["fn"]
        return self.counts["tp"] / same if same else 1.0

    def report(self) -> str:
        """A table by kind, the totals, and the misjudged pairs."""
        lines = [f"{'kind':<20} {'pairs':>5} {'tp':>4} {'fn':>4} {'fp':>4} {'tn':>4}"]
        for kind in sorted(self.by_kind):
            c = self.by_kind[kind]
            lines.append(f"{kind:<20} {sum(c.values()):>5} {c['tp']:>4} {c['fn']:>4} "
                         f"{c['fp']:>4} {c['tn']:>4}")
        lines.append(f"precision {self.precision:.3f}  recall {self.recall:.3f}  "
                     f"({sum(self.counts.values())} pairs)")
        for pair, score in self.wrong:
            label = "missed" if pair.same else "false match"
            shown = "not a candidate" if score is None else f"score {score:.3f}"
            lines.append(f"  {label}: {pair.query!r} vs {pair.listed} ({pair.kind}, {shown})")
        return "\n".join(lines)


Matcher = Callable[[str, str | None], MatchResult]
"""Screens one name (with an optional country), giving candidates down to a low score so
that a miss's score can be reported."""


def evaluate(pairs: Iterable[LabelledPair], iris: dict[str, str], match: Matcher,
             threshold: float) -> PairScores:
    """Judge every pair with `match`: found if the listed party scores `threshold` or more."""
    scores = PairScores()
    for pair in pairs:
        result = match(pair.query, pair.country)
        target = iris[pair.listed]
        hit = next((c for c in result.candidates if c.iri == target), None)
        score = hit.score if hit else None
        scores.add(pair, score is not None and score >= threshold, score)
    return scores
