"""The spaCy pipeline every stage shares: a blank English tokenizer and the rule-based
sentencizer. No statistical model is needed; spaCy's tokenizer exceptions already keep
"U.S.", "Co." and "Nov." whole, and its PhraseMatcher / Matcher do the rule matching."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language


@cache
def blank_english() -> Language:
    """A blank English pipeline with a sentencizer (cached per process)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    # documents are parsed block by block in one Doc; long FR texts exceed no limit here
    nlp.max_length = 20_000_000
    return nlp
