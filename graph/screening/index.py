"""The screening index: every name of every party, analysed once, with blocking keys that
find a query's few plausible candidates among tens of thousands without comparing them all.

A query is compared in full (see `similarity`) only with the names that share its rarer
keys: its words, their metaphone codes, their first and last four letters (a slip late or
early in a word), pairs of neighbouring words run together ("Hik Vision" / "Hikvision"),
Wade-Giles keys, initials ("ZTE"), business-word symbols ("Mfg" / "Manufacturing") and
the inner four-letter pieces of long compounds. Keys are weighed by rarity and summed per
name with numpy; the best names are ranked again by that rarity and by rapidfuzz's C-level
token similarity, and the best of those are compared in full. Word weights (IDF over the
parties) come from the same pass.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process

from tradegraph.graph.screening.candidate_scores import Query, adjust, name_features
from tradegraph.graph.screening.names import AnalyzedName, NameKind, NotANameError, analyze
from tradegraph.graph.screening.results import Candidate, Feature, Party
from tradegraph.graph.screening.similarity import NameComparison, compare_names

POOL = 60
"""Names taken from the blocking step for a quick re-ranking."""
COMPARED = 4
"""Names compared in full after the quick re-ranking, at most."""
_MIN_QUICK = 55.0
"""Below this token-sort similarity (0-100) a name is not compared in full unless it is the
best of the pool: measured on our pair set, no name that far off ever reached the
threshold."""
_QUICK_BEHIND = 30.0
_MIN_WEIGHT = 0.1
_COMMON_KEY_SHARE = 0.01
"""A key more than this share of all names carries (the word "china") is common: of those,
only a query's two rarest are looked up."""
_MIN_COMMON_KEY = 200
_SYMBOL_KEYS = ("DOMAIN", "SYMBOL")
"""Symbols that are keys too, so that "Mfg Intl" finds "Manufacturing International"."""


@dataclass(frozen=True)
class IndexedName:
    """One name of one party, analysed."""

    party: int
    text: str
    name: AnalyzedName
    alias: bool


def _name_kind(party: Party) -> NameKind:
    return NameKind.PERSON if party.kind == "Person" else NameKind.ORGANIZATION


def _forms(name: AnalyzedName) -> Iterable[AnalyzedName]:
    yield name
    if name.variant is not None:
        yield name.variant


def blocking_keys(name: AnalyzedName, *, query: bool = False) -> set[str]:
    """The keys under which a name is found (a query also looks its single word up as
    initials)."""
    keys: set[str] = set()
    for form in _forms(name):
        tokens = [part.comparable for part in form.parts]
        for part in form.parts:
            token = part.comparable
            keys.add("w" + token)
            if len(token) >= 5:
                keys.add("p" + token[:4])
            if len(token) >= 6:  # a slip early in the word ("Tekhnopark" / "Technopark")
                keys.add("s" + token[-4:])
            if len(token) >= 10:  # a slip in a long compound ("Tekhnouralsnab") leaves
                keys.update("c" + token[i:i + 4] for i in range(4, len(token) - 5, 4))
            if part.metaphone and len(part.metaphone) >= 2:
                keys.add("m" + part.metaphone)
        keys.update("w" + left + right for left, right in pairwise(tokens))
        if len(tokens) >= 3:
            keys.add("a" + "".join(token[0] for token in tokens))
        core = {part.index for part in form.parts}
        keys.update("y" + str(span.symbol) for span in form.name.spans
                    if span.symbol.category.value in _SYMBOL_KEYS
                    and all(part.index in core for part in span.parts))
        if query and len(tokens) == 1 and 3 <= len(tokens[0]) <= 8:
            keys.add("a" + tokens[0])
    return keys


class ScreeningIndex:
    """The names of a set of parties, ready to screen against."""

    def __init__(self, parties: Sequence[Party], fingerprint: str = "") -> None:
        started = time.perf_counter()
        self.parties = list(parties)
        self.fingerprint = fingerprint
        """What the store looked like when the index was built (see `Screener`)."""
        self.names: list[IndexedName] = []
        self.skipped: list[tuple[str, str]] = []
        """Names that could not be analysed, with the party IRI (no letters, too long)."""
        document_frequency: dict[str, int] = defaultdict(int)
        postings: dict[str, list[int]] = defaultdict(list)
        for number, party in enumerate(self.parties):
            words: set[str] = set()
            seen: set[str] = set()
            for position, text in enumerate(party.names):
                if text.casefold() in seen:
                    continue
                seen.add(text.casefold())
                try:
                    name = analyze(text, _name_kind(party))
                except NotANameError:
                    self.skipped.append((party.iri, text))
                    continue
                entry = len(self.names)
                self.names.append(IndexedName(number, text, name, alias=position > 0))
                for key in blocking_keys(name):
                    postings[key].append(entry)
                words.update(part.comparable for form in _forms(name) for part in form.parts)
            for word in words:
                document_frequency[word] += 1
        self._texts = [tuple(form.normalised for form in _forms(entry.name))
                       for entry in self.names]
        """Each name as written and in Wade-Giles keys, for the quick re-ranking."""
        self._postings: dict[str, NDArray[np.int32]] = {
            key: np.asarray(entries, dtype=np.int32) for key, entries in postings.items()}
        total = len(self.names) or 1
        self._key_weights = {key: math.log(1 + total / len(entries))
                             for key, entries in postings.items()}
        self._common = max(_MIN_COMMON_KEY, int(total * _COMMON_KEY_SHARE))
        parties_count = len(self.parties) + 1
        scale = math.log(parties_count + 1)
        self._word_weights = {
            word: max(_MIN_WEIGHT, min(1.0, math.log(parties_count / (count + 0.5)) / scale))
            for word, count in document_frequency.items()}
        self.build_seconds = time.perf_counter() - started

    def __len__(self) -> int:
        return len(self.parties)

    def weigh(self, word: str) -> float:
        """How much a word tells: 1.0 for a word no party's name has, less the more have it."""
        return self._word_weights.get(word, 1.0)

    def _pool(self, query: AnalyzedName) -> list[tuple[int, float]]:
        """The names sharing the query's keys, with the summed rarity of what they share,
        best first."""
        found = [(key, self._postings[key]) for key in blocking_keys(query, query=True)
                 if key in self._postings]
        rare = [(key, entries) for key, entries in found if len(entries) <= self._common]
        # the two rarest common keys too when the rare ones find few names: a query whose
        # own words are all slips or common words ("Harbin Institue") is found by them
        common = sorted((item for item in found if len(item[1]) > self._common),
                        key=lambda item: len(item[1]))[:2]
        chosen = rare + common if sum(len(e) for _, e in rare) < POOL else rare
        if not chosen:
            return []
        entries = np.concatenate([entries for _, entries in chosen])
        weights = np.concatenate([np.full(len(e), self._key_weights[k]) for k, e in chosen])
        names, positions = np.unique(entries, return_inverse=True)
        scores = np.bincount(positions, weights=weights)
        if len(names) > POOL:
            best = np.argpartition(-scores, POOL - 1)[:POOL]
            names, scores = names[best], scores[best]
        order = np.argsort(-scores, kind="stable")
        return list(zip(names[order].tolist(), scores[order].tolist(), strict=True))

    def _ranked(self, query: AnalyzedName, blocked: list[tuple[int, float]]) -> list[int]:
        """The pool again, by rapidfuzz's token-sort similarity of the names (as written
        or in Wade-Giles keys, whichever is closer; computed in C for the whole pool) and
        by the rarity of the keys they share: similar strings of common words ("X Optical
        Instruments") must not push out the name that shares the rare word."""
        pool = [entry for entry, _ in blocked]
        rarity = {entry: score / blocked[0][1] for entry, score in blocked}
        owners = [entry for entry in pool for _ in self._texts[entry]]
        texts = [text for entry in pool for text in self._texts[entry]]
        similarity = process.cdist([form.normalised for form in _forms(query)], texts,
                                   scorer=fuzz.token_sort_ratio).max(axis=0)
        best: dict[int, float] = {}
        for owner, value in zip(owners, similarity.tolist(), strict=True):
            best[owner] = max(best.get(owner, 0.0), value)
        ranked = sorted(pool, key=lambda entry: -(best[entry] / 100 + rarity[entry]))
        if len(query.parts) == 1:  # a short name may be initials: "ZTE"
            return ranked[:COMPARED]
        # the best name always, the others only if their words are anything alike, and
        # not far behind the best
        floor = max(_MIN_QUICK, best[ranked[0]] - _QUICK_BEHIND)
        return ranked[:1] + [e for e in ranked[1:COMPARED] if best[e] >= floor]

    def search(self, query: Query, *, limit: int, threshold: float) -> list[Candidate]:
        """The parties whose score reaches `threshold`, best first, at most `limit`
        (listings not attached: see `Screener`)."""
        pool = self._pool(query.name)
        ranked = self._ranked(query.name, pool) if pool else []
        best: dict[int, tuple[float, int, NameComparison, list[Feature]]] = {}
        for entry_number in ranked:
            entry = self.names[entry_number]
            comparison = compare_names(query.name, entry.name, self.weigh)
            score, adjustments = adjust(query, self.parties[entry.party], comparison.score)
            if score >= threshold and (entry.party not in best
                                       or best[entry.party][0] < score):
                best[entry.party] = (score, entry_number, comparison, adjustments)
        found = []
        for score, entry_number, comparison, adjustments in best.values():
            entry = self.names[entry_number]
            party = self.parties[entry.party]
            features = name_features(comparison, entry.text, entry.alias, query.name,
                                     entry.name) + adjustments
            found.append(Candidate(
                iri=party.iri, label=party.label, kind=party.kind, score=score,
                matched_name=entry.text, features=tuple(features), countries=party.countries))
        found.sort(key=lambda c: (-c.score, c.label, c.iri))
        return found[:limit]
