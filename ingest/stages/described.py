"""Parties an act counts or describes instead of naming: "adds eleven entities", "38
affiliates of Huawei", "persons in the region". The act exists all the same: it is kept
without a named target, with the count as its quantity and a place named with the parties
as its country. A clause that points back at parties just named ("This rule amends the
entries for the two entities") is about them; an act whose sentence names no party is
about the parties the next sentence names when it goes on with the act ("In doing so,
...").
"""

from __future__ import annotations

from dataclasses import dataclass

from tradegraph.ingest.analysis import Analysis, EntityMention, Sentence
from tradegraph.ingest.lexicon import GenreLexicon, load_genre_lexicon
from tradegraph.ingest.quantities import Count, find_counts
from tradegraph.ingest.stages.dating import Span, clause_of
from tradegraph.ontology.models import EntityRef, EntityType

_COUNT_WORDS = frozenset({"two", "three", "four", "five", "six", "seven", "eight",
                          "nine", "ten", "both"})


@dataclass(frozen=True)
class DescribedParties:
    """What the trigger's clause says of parties it does not name, and who they are when
    it points back at parties just named ("the two entities")."""

    count: Count | None
    country: EntityRef | None
    named: tuple[EntityRef, ...] = ()


PARTY_TYPES = (EntityType.FIRM, EntityType.ORGANIZATION, EntityType.PERSON)
LOOK_BACK = 2
"""Sentences looked back at for the parties a definite description points at."""
LOOK_AHEAD = 2
"""Sentences that may go on with an act that named no party before one names them."""


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


class PartyDescriptions:
    """Finds the parties a trigger's clause counts, describes or points back at, and the
    parties a following sentence names for an act that named none."""

    def __init__(self, party_nouns: list[str], lexicon: GenreLexicon | None = None) -> None:
        lexicon = lexicon or load_genre_lexicon()
        self.party_nouns = frozenset(party_nouns)
        self.pointing_back = frozenset(lexicon.pointing_back)
        self.continuations = tuple(lexicon.continuations)

    def described(self, analysis: Analysis, span: Span) -> DescribedParties | None:
        """The parties the trigger's clause counts or describes from the trigger on, if it
        names a party noun there; None otherwise."""
        doc = analysis.doc
        _, end = clause_of(doc, span)
        nouns = [i for i in range(span.start, end) if doc[i].lower_ in self.party_nouns]
        if not nouns:
            return None
        countries = [m for m in analysis.mentions_in(span.sentence, EntityType.COUNTRY)
                     if span.start <= m.token_start < end]
        count = clause_count(analysis, span)
        named: tuple[EntityRef, ...] = ()
        if self._points_back(analysis, nouns[0], span):
            named = self._named_before(analysis, span.sentence, count.value if count else None)
        return DescribedParties(count, countries[0].ref if countries else None, named)

    def _points_back(self, analysis: Analysis, noun: int, span: Span) -> bool:
        """"the two entities", "these companies": a determiner, at most a count between."""
        doc = analysis.doc
        for index in range(noun - 1, max(span.sentence.token_start, noun - 3) - 1, -1):
            word = doc[index].lower_
            if word in self.pointing_back:
                return True
            if not (doc[index].like_num or word in _COUNT_WORDS):
                return False
        return False

    @staticmethod
    def _named_before(analysis: Analysis, sentence: Sentence,
                      count: int | None) -> tuple[EntityRef, ...]:
        """The parties named in the sentences just before, nearest first, as many as the
        count says (all of the nearest sentence naming any, without a count)."""
        for back in range(1, LOOK_BACK + 1):
            index = sentence.index - back
            if index < 0:
                break
            refs = list(dict.fromkeys(
                m.ref for m in analysis.mentions_in(analysis.sentences[index], *PARTY_TYPES)))
            if refs and (count is None or len(refs) == count):
                return tuple(refs)
        return ()

    def named_next(self, analysis: Analysis, sentence: Sentence) -> list[EntityMention]:
        """The parties the next sentence names if it goes on with this one's act ("In
        doing so, it designates X and Y"); one that goes on without naming any ("The list
        includes five companies.") passes on to the sentence after ("They include X and
        Y.")."""
        for following in range(sentence.index + 1,
                               min(sentence.index + 1 + LOOK_AHEAD, len(analysis.sentences))):
            nxt = analysis.sentences[following]
            opening = analysis.normalized.text[nxt.start:nxt.start + 40].lower()
            if not opening.startswith(self.continuations):
                return []
            named = analysis.mentions_in(nxt, EntityType.FIRM, EntityType.ORGANIZATION)
            if named:
                return named
        return []
