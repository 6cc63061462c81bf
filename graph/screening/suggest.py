"""Names as they are typed: the parties whose label or alias begins with a prefix, or has
a word that does, for auto-completion (the reconciliation API's suggest service)."""

from __future__ import annotations

from dataclasses import dataclass

from tradegraph.graph.screening.index import ScreeningIndex
from tradegraph.graph.screening.results import Party

MAX_PREFIX = 200


@dataclass(frozen=True)
class Suggestion:
    """A party a prefix may name, and which of its names it begins."""

    party: Party
    matched_name: str


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def suggest(index: ScreeningIndex, prefix: str, *, limit: int = 10, offset: int = 0
            ) -> list[Suggestion]:
    """Parties whose label, else alias, begins with `prefix` (any case), then those with a
    word of a name that does; shorter names first within each rank; `offset` skips."""
    wanted = _fold(prefix[:MAX_PREFIX])
    if not wanted:
        return []
    ranked: dict[int, tuple[int, int, str, str]] = {}
    for entry in index.names:
        text = _fold(entry.text)
        if text.startswith(wanted):
            rank = 0
        elif f" {wanted}" in f" {text}":
            rank = 2
        else:
            continue
        rank += 1 if entry.alias else 0
        key = (rank, len(entry.text), index.parties[entry.party].label, entry.text)
        if entry.party not in ranked or key < ranked[entry.party]:
            ranked[entry.party] = key
    ordered = sorted(ranked.items(), key=lambda item: item[1])
    return [Suggestion(index.parties[party], key[3])
            for party, key in ordered[offset:offset + limit]]
