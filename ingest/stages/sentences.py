"""Sentence splitting: spaCy's rule-based sentencizer, plus a sentence break at every block
(paragraph or heading) boundary found by the layout analysis."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from spacy.attrs import SENT_START
from spacy.language import Language

from tradegraph.ingest.analysis import Analysis, Sentence

if TYPE_CHECKING:
    from thinc.types import Ints2d


class SentenceSplitter:
    """Split the normalised text into sentences, never across blocks."""

    name = "sentences"
    version = "1"

    def __init__(self, nlp: Language) -> None:
        self._sentencizer = nlp.get_pipe("sentencizer")

    def __call__(self, analysis: Analysis) -> None:
        """Fill `analysis.sentences`."""
        doc = self._sentencizer(analysis.doc)
        block_starts = set(analysis.normalized.block_starts)
        # every block start starts a sentence, set in one pass (setting a token's
        # `is_sent_start` makes spaCy check the whole Doc: quadratic on a long one)
        starts = doc.to_array(SENT_START)  # a value per token
        changed = False
        for token in doc[1:]:
            if token.idx in block_starts and starts[token.i] != 1:
                starts[token.i] = 1
                changed = True
        if changed:
            doc.from_array([SENT_START], cast("Ints2d", starts.reshape(-1, 1)))
        for span in doc.sents:
            tokens = [token for token in span if not token.is_space]
            if not tokens:
                continue
            analysis.sentences.append(
                Sentence(
                    index=len(analysis.sentences),
                    start=tokens[0].idx,
                    end=tokens[-1].idx + len(tokens[-1].text),
                    token_start=span.start,
                    token_end=span.end,
                )
            )
