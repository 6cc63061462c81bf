"""Web boilerplate filter: marks sentences that belong to the page, not to the article."""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left

from tradegraph.ingest.analysis import Analysis
from tradegraph.ingest.lexicon import read_lexicon


class BoilerplateFilter:
    """Flag boilerplate sentences (and short blocks holding one) as noise."""

    name = "boilerplate"
    version = "1"

    def __init__(self) -> None:
        data = tomllib.loads(read_lexicon("boilerplate.toml"))
        self.patterns = [re.compile(pattern, re.IGNORECASE) for pattern in data["patterns"]]
        self.short_block = int(data["short_block"])

    def is_boilerplate(self, sentence: str) -> bool:
        """Whether one sentence reads as page furniture."""
        return any(pattern.search(sentence) for pattern in self.patterns)

    def __call__(self, analysis: Analysis) -> None:
        """Set `noise` on boilerplate sentences."""
        text = analysis.normalized.text
        starts = analysis.normalized.block_starts
        ends = [start - 1 for start in starts[1:]] + [len(text)]
        sentence_starts = [s.start for s in analysis.sentences]  # in order: bisect per block
        for block_start, block_end in zip(starts, ends, strict=True):
            members = analysis.sentences[bisect_left(sentence_starts, block_start):
                                         bisect_left(sentence_starts, block_end)]
            flagged = [s for s in members if self.is_boilerplate(text[s.start:s.end])]
            if not flagged:
                continue
            whole_block = block_end - block_start <= self.short_block
            for sentence in members if whole_block else flagged:
                sentence.noise = True
