"""A candidate's score: the similarity of its best-matching name, adjusted by country and
address when the query gives them, with every reason written out as a `Feature`."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from rigour.text.translit import ascii_text

from tradegraph.graph.screening.names import AnalyzedName
from tradegraph.graph.screening.results import Feature, Party
from tradegraph.graph.screening.similarity import NameComparison

COUNTRY_MATCH_BONUS = 0.03
"""Added when the query's country is one of the candidate's: a little, since most
near-misses (two Chinese telecoms) share their country too."""
COUNTRY_MISMATCH_PENALTY = 0.15
"""Taken off when the query gives a country and the candidate has others only."""
ADDRESS_BONUS = 0.05
"""Added, times the address similarity, when the query's address resembles one of the
candidate's (0.6 or more); a differing address takes nothing off (addresses go stale)."""
_MIN_ADDRESS_SIMILARITY = 0.6


@dataclass(frozen=True)
class Query:
    """One name to screen, analysed, with the optional country (ISO alpha-2 code, or the
    text given if it names no country) and address."""

    text: str
    name: AnalyzedName
    country: str | None = None
    address: str | None = None


def _address_form(text: str) -> str:
    return ascii_text(text).lower()


def name_features(comparison: NameComparison, matched: str, alias: bool,
                  query: AnalyzedName, candidate: AnalyzedName) -> list[Feature]:
    """The features of a name comparison: the name, each aligned word, the legal forms."""
    features = [Feature("name", f"{matched!r} ({'alias' if alias else 'label'})"
                        + (", compared in Wade-Giles keys" if comparison.romanised else ""),
                        round(comparison.score, 4))]
    features.extend(Feature("words", match.describe(), round(match.score, 4))
                    for match in comparison.matches)
    if query.legal or candidate.legal:
        same = set(query.legal) == set(candidate.legal)
        features.append(Feature(
            "legal_form", f"{' '.join(query.legal) or '-'} / {' '.join(candidate.legal) or '-'}"
            " (not scored)", 1.0 if same else 0.0))
    return features


def adjust(query: Query, party: Party, name_score: float) -> tuple[float, list[Feature]]:
    """The candidate's score from its name score, with country and address features."""
    score = name_score
    features: list[Feature] = []
    if query.country and party.countries:
        if query.country in party.countries:
            score += COUNTRY_MATCH_BONUS
            features.append(Feature("country", f"{query.country} is the candidate's",
                                    COUNTRY_MATCH_BONUS))
        else:
            score -= COUNTRY_MISMATCH_PENALTY
            features.append(Feature(
                "country", f"{query.country} is not the candidate's "
                f"({', '.join(party.countries)})", -COUNTRY_MISMATCH_PENALTY))
    if query.address and party.addresses:
        wanted = _address_form(query.address)
        similarity, best = max(
            (fuzz.token_set_ratio(wanted, _address_form(a)) / 100, a) for a in party.addresses)
        bonus = ADDRESS_BONUS * similarity if similarity >= _MIN_ADDRESS_SIMILARITY else 0.0
        score += bonus
        features.append(Feature("address", f"{best!r}, similarity {similarity:.2f}",
                                round(bonus, 4)))
    return round(min(1.0, max(0.0, score)), 4), features
