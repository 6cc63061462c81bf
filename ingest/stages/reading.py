"""The trained pipeline's reading of the sentences that need it.

Every document is tokenized and split into sentences by the cheap blank pipeline; the
trained one (`tradegraph.ingest.nlp.trained_english`) costs about a millisecond per ten
tokens, so it reads only where a rule needs it: its named entities for sentences holding a
capitalised word that no gazetteer name, known party or name pattern explains, its tagger
and dependency parser for sentences holding an action's trigger. Each sentence is read as a
Doc of its own, built from the same tokens, so token `i` of the document is token
`i - offset` of its reading; no pass looks at more than one sentence, so the cost stays
linear in the length of the document.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from tradegraph.ingest.analysis import Analysis, Reading, Sentence

BATCH_SIZE = 64
PARSE_COMPONENTS = ("tok2vec", "tagger", "parser")
NER_COMPONENTS = ("ner",)


class Reader:
    """Runs the trained pipeline's components on chosen sentences of an analysis."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        names = set(nlp.pipe_names)
        self._skip_for_parse = [n for n in nlp.pipe_names if n not in PARSE_COMPONENTS]
        self._skip_for_ner = [n for n in nlp.pipe_names if n not in NER_COMPONENTS]
        missing = {*PARSE_COMPONENTS, *NER_COMPONENTS} - names
        if missing:
            raise ValueError(f"the trained pipeline lacks {sorted(missing)}")

    def _reading(self, analysis: Analysis, sentence: Sentence) -> Reading:
        reading = analysis.readings.get(sentence.index)
        if reading is None:
            tokens = analysis.doc[sentence.token_start:sentence.token_end]
            doc = Doc(self.nlp.vocab, words=[t.text for t in tokens],
                      spaces=[bool(t.whitespace_) for t in tokens])
            reading = Reading(sentence.token_start, doc)
            analysis.readings[sentence.index] = reading
        return reading

    def recognise(self, analysis: Analysis, sentences: Iterable[Sentence]) -> None:
        """Set the named entities of these sentences (once each)."""
        todo = [self._reading(analysis, s) for s in sentences]
        todo = [r for r in todo if not r.recognised]
        for reading, _ in zip(todo, self.nlp.pipe([r.doc for r in todo], batch_size=BATCH_SIZE,
                                                  disable=self._skip_for_ner), strict=True):
            reading.recognised = True

    def parse(self, analysis: Analysis, sentences: Iterable[Sentence]) -> None:
        """Tag and parse these sentences (once each)."""
        todo = [self._reading(analysis, s) for s in sentences]
        todo = [r for r in todo if not r.parsed]
        for reading, _ in zip(todo, self.nlp.pipe([r.doc for r in todo], batch_size=BATCH_SIZE,
                                                  disable=self._skip_for_parse), strict=True):
            reading.parsed = True

    @staticmethod
    def parsed(analysis: Analysis, sentence: Sentence) -> Reading | None:
        """The parsed reading of a sentence, if it was parsed."""
        reading = analysis.readings.get(sentence.index)
        return reading if reading is not None and reading.parsed else None
