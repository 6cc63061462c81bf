"""Parties an act counts or describes instead of naming: "adds eleven entities", "38
affiliates of Huawei", "persons in the region". The act exists all the same: it is kept
without a named target, with the count as its quantity and a place named with the parties
as its country.
"""

from __future__ import annotations

from dataclasses import dataclass

from tradegraph.ingest.analysis import Analysis
from tradegraph.ingest.quantities import Count, find_counts
from tradegraph.ingest.stages.dating import Span, clause_of
from tradegraph.ontology.models import EntityRef, EntityType


@dataclass(frozen=True)
class DescribedParties:
    """What the trigger's clause says of parties it does not name."""

    count: Count | None
    country: EntityRef | None


def clause_count(analysis: Analysis, span: Span) -> Count | None:
    """The count the trigger's clause states: the first at or after the trigger, else the
    last before it ("BIS added another 38 affiliates", "received 290 requests for")."""
    doc = analysis.doc
    start, end = clause_of(doc, span)
    offset = doc[start].idx
    text = analysis.normalized.text[offset:doc[end - 1].idx + len(doc[end - 1])]
    counts = find_counts(text)
    trigger_at = doc[span.start].idx - offset
    after = [c for c in counts if c.end > trigger_at]
    if after:
        return after[0]
    return counts[-1] if counts else None


def described_parties(analysis: Analysis, span: Span,
                      party_nouns: frozenset[str]) -> DescribedParties | None:
    """The parties the trigger's clause counts or describes from the trigger on, if it
    names a party noun there; None otherwise."""
    doc = analysis.doc
    _, end = clause_of(doc, span)
    if not any(doc[i].lower_ in party_nouns for i in range(span.start, end)):
        return None
    countries = [m for m in analysis.mentions_in(span.sentence, EntityType.COUNTRY)
                 if span.start <= m.token_start < end]
    return DescribedParties(clause_count(analysis, span),
                            countries[0].ref if countries else None)
