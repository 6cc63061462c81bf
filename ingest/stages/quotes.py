"""A press release's quoted officials: their words on the release's act are Statements.

A release quotes the officials behind its act ("“...,” said Secretary Jane Roe";
"Secretary Jane Roe said: “...”"). A quote that speaks of the act (the lexicon's act words:
"this action", "the license", "the Entity List") or of a party is a Statement by the
speaker about the parties it names, dated by the release. A quote about anything else (a
mission, the economy) is no Statement: the guidelines annotate statements about acts only.
"""

from __future__ import annotations

import re

from tradegraph.ingest.analysis import Analysis, EntityMention, Sentence
from tradegraph.ingest.genres import Genre
from tradegraph.ingest.lexicon import GenreLexicon, load_genre_lexicon
from tradegraph.ontology.models import Action, ActionType, EntityRef, EntityType, Status

SPEAKER_REACH = 8
"""Most tokens between a speech verb and the speaker's name ("said Under Secretary of
Commerce for Industry and Security Jane Roe")."""
STATEMENT_CONFIDENCE = 0.7
_QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]")
_PARTY_TYPES = (EntityType.FIRM, EntityType.ORGANIZATION)


class QuotedStatements:
    """Add a Statement for each official a press release quotes on its act."""

    name = "quotes"
    version = "1"

    def __init__(self, lexicon: GenreLexicon | None = None) -> None:
        lexicon = lexicon or load_genre_lexicon()
        self.speech_verbs = frozenset(lexicon.speech_verbs)
        words = sorted(lexicon.act_words, key=len, reverse=True)
        self.act_words = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b",
                                    re.IGNORECASE)

    def __call__(self, analysis: Analysis) -> None:
        """Append the release's quoted Statements to `analysis.actions`."""
        if analysis.layout.genre is not Genre.PRESS_RELEASE:
            return
        quoted = {ref for a in analysis.actions if a.type is ActionType.STATEMENT
                  for ref in a.agents}
        for sentence in analysis.sentences:
            speaker = None if sentence.noise else self._speaker(analysis, sentence)
            if speaker is None or speaker.ref in quoted:
                continue
            quote = self._quote(analysis, sentence)
            if not quote or not self._about_an_act(analysis, quote):
                continue
            quoted.add(speaker.ref)
            analysis.actions.append(Action(
                type=ActionType.STATEMENT, agents=[speaker.ref],
                targets=self._parties(analysis, quote), date=analysis.layout.own_date,
                status=Status.ANNOUNCED, confidence=STATEMENT_CONFIDENCE,
                evidence=[analysis.evidence(sentence.start, sentence.end,
                                            STATEMENT_CONFIDENCE)]))
        analysis.actions.sort(key=lambda a: a.evidence[0].start)

    def _speaker(self, analysis: Analysis, sentence: Sentence) -> EntityMention | None:
        """The person a speech verb of the sentence attributes words to: named right after
        the verb ("said Secretary Jane Roe") or right before it ("Jane Roe said")."""
        doc = analysis.doc
        persons = analysis.mentions_in(sentence, EntityType.PERSON)
        for index in range(sentence.token_start, sentence.token_end):
            if doc[index].lower_ not in self.speech_verbs:
                continue
            for person in persons:
                if 0 < person.token_start - index <= SPEAKER_REACH or (
                        0 <= index - person.token_end <= 1):
                    return person
        return None

    @staticmethod
    def _quote(analysis: Analysis, sentence: Sentence) -> tuple[int, int] | None:
        """The span of the quoted words in the sentence's paragraph (a quote runs over
        several sentences), from its first quotation to its last."""
        text = analysis.normalized.text
        start = text.rfind("\n", 0, sentence.start) + 1
        end = text.find("\n", sentence.end)
        end = len(text) if end == -1 else end
        quotes = list(_QUOTED.finditer(text, start, end))
        if not quotes:
            return None
        return quotes[0].start(1), quotes[-1].end(1)

    def _about_an_act(self, analysis: Analysis, quote: tuple[int, int]) -> bool:
        words = analysis.normalized.text[quote[0]:quote[1]]
        return bool(self.act_words.search(words) or self._parties(analysis, quote))

    @staticmethod
    def _parties(analysis: Analysis, quote: tuple[int, int]) -> list[EntityRef]:
        return list(dict.fromkeys(
            m.ref for m in analysis.mentions
            if quote[0] <= m.start < quote[1] and m.ref.type in _PARTY_TYPES))
