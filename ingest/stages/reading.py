"""The trained pipeline's reading of the sentences that need it.

Every document is tokenized and split into sentences by the cheap blank pipeline; the
trained one (`tradegraph.ingest.nlp.trained_english`) costs about a millisecond per ten
tokens, so it reads only where a rule needs it: its named entities for sentences holding a
capitalised word that no gazetteer name, known party or name pattern explains, its tagger
and dependency parser for sentences holding an action's trigger. The chosen sentences are
read together as one Doc built from the same tokens, with their sentence starts set (the
parser keeps them), so each sentence's reading is a span of it; the cost is linear in the
tokens read.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from tradegraph.ingest.analysis import Analysis, Reading, Sentence

SECTION_TOKENS = 4000
"""Most tokens read as one Doc (a long sentence is a section of its own)."""
SECTION_BATCH = 8
"""Sections the model reads per batch."""
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

    def _read(self, analysis: Analysis, sentences: list[Sentence],
              skip: list[str]) -> list[Span]:
        """Read the sentences in sections of at most `SECTION_TOKENS` tokens, each one Doc
        with its sentence starts set (which the parser keeps), all in one `nlp.pipe` call
        (small calls cost most of their time in overhead; a section bounds the model's
        working memory on a long document); the sentence spans, in order."""
        sections: list[list[Sentence]] = []
        size = 0
        for sentence in sentences:
            length = sentence.token_end - sentence.token_start
            if not sections or (size + length > SECTION_TOKENS and size):
                sections.append([])
                size = 0
            sections[-1].append(sentence)
            size += length
        docs = [self._section_doc(analysis, section) for section in sections]
        for _ in self.nlp.pipe(docs, disable=skip, batch_size=SECTION_BATCH):
            pass
        spans: list[Span] = []
        for doc, section in zip(docs, sections, strict=True):
            position = 0
            for sentence in section:
                length = sentence.token_end - sentence.token_start
                spans.append(doc[position:position + length])
                position += length
        return spans

    def _section_doc(self, analysis: Analysis, sentences: list[Sentence]) -> Doc:
        """One Doc of the sentences' tokens, with their sentence starts set."""
        words: list[str] = []
        spaces: list[bool] = []
        starts: list[bool | int | None] = []
        for sentence in sentences:
            tokens = analysis.doc[sentence.token_start:sentence.token_end]
            words.extend(t.text for t in tokens)
            spaces.extend(bool(t.whitespace_) for t in tokens)
            starts.extend(i == 0 for i in range(len(tokens)))
        return Doc(self.nlp.vocab, words=words, spaces=spaces, sent_starts=starts)

    def _readings(self, analysis: Analysis, sentences: Iterable[Sentence]) -> list[Reading]:
        readings = []
        for sentence in sentences:
            reading = analysis.readings.get(sentence.index)
            if reading is None:
                reading = Reading(sentence.token_start)
                analysis.readings[sentence.index] = reading
            readings.append(reading)
        return readings

    def recognise(self, analysis: Analysis, sentences: Iterable[Sentence]) -> None:
        """Set the named entities of these sentences (once each)."""
        todo = [s for s in sentences if not self._readings(analysis, [s])[0].recognised]
        for sentence, span in zip(todo, self._read(analysis, todo, self._skip_for_ner),
                                  strict=True):
            analysis.readings[sentence.index].entities = span

    def parse(self, analysis: Analysis, sentences: Iterable[Sentence]) -> None:
        """Tag and parse these sentences (once each)."""
        todo = [s for s in sentences if not self._readings(analysis, [s])[0].parsed]
        for sentence, span in zip(todo, self._read(analysis, todo, self._skip_for_parse),
                                  strict=True):
            analysis.readings[sentence.index].tree = span

    @staticmethod
    def parsed(analysis: Analysis, sentence: Sentence) -> Reading | None:
        """The parsed reading of a sentence, if it was parsed."""
        reading = analysis.readings.get(sentence.index)
        return reading if reading is not None and reading.parsed else None
