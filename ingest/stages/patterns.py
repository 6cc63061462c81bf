"""The small pattern language of the lexicons, compiled to spaCy Matcher token patterns.

Elements, separated by spaces, are matched against lower-cased tokens:
`word`, `a|b|c` (alternatives), `approv*` (prefix), `~word` (optional), `*N` (up to N
tokens of anything), `-` (a hyphen token). See `lexicon/actions.toml` for examples.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

TokenSpec = dict[str, Any]

_GAP = re.compile(r"^\*(\d+)$")


def element_regex(element: str) -> str:
    """Regular expression for one element's alternatives: `approv*|grant` ->
    `^(?:approv.*|grant)$`."""
    alternatives = []
    for word in element.split("|"):
        if word.endswith("*") and len(word) > 1:
            alternatives.append(re.escape(word[:-1]) + ".*")
        else:
            alternatives.append(re.escape(word))
    return "^(?:" + "|".join(alternatives) + ")$"


def compile_element(element: str) -> TokenSpec:
    """The spaCy token pattern of one element."""
    gap = _GAP.match(element)
    if gap:
        return {"OP": f"{{0,{gap.group(1)}}}"}
    optional = element.startswith("~") and len(element) > 1
    body = element[1:] if optional else element
    words = body.lower().split("|")
    spec: TokenSpec
    if any(word.endswith("*") and len(word) > 1 for word in words):
        spec = {"LOWER": {"REGEX": element_regex(body.lower())}}
    elif len(words) == 1:
        spec = {"LOWER": words[0]}
    else:
        spec = {"LOWER": {"IN": words}}
    if optional:
        spec["OP"] = "?"
    return spec


def compile_pattern(pattern: str) -> list[TokenSpec]:
    """The spaCy token patterns of one pattern string (gaps as `{0,N}` operators)."""
    return [compile_element(element) for element in _elements(pattern)]


def _elements(pattern: str) -> list[str]:
    elements = pattern.split()
    if not elements:
        raise ValueError("empty pattern")
    if _GAP.match(elements[0]) or _GAP.match(elements[-1]):
        raise ValueError(f"a pattern may not start or end with a gap: {pattern!r}")
    return elements


@dataclass(frozen=True)
class SegmentedPattern:
    """A pattern cut at its gaps: fixed segments, and the most tokens between neighbours."""

    segments: tuple[tuple[TokenSpec, ...], ...]
    gaps: tuple[int, ...]


def segment_pattern(pattern: str) -> SegmentedPattern:
    """Cut a pattern string at its `*N` gaps."""
    segments: list[tuple[TokenSpec, ...]] = []
    gaps: list[int] = []
    current: list[TokenSpec] = []
    for element in _elements(pattern):
        gap = _GAP.match(element)
        if gap:
            if not current:
                raise ValueError(f"two gaps in a row in pattern {pattern!r}")
            segments.append(tuple(current))
            gaps.append(int(gap.group(1)))
            current = []
        else:
            current.append(compile_element(element))
    segments.append(tuple(current))
    return SegmentedPattern(tuple(segments), tuple(gaps))


class GapMatcher:
    """Matches lexicon patterns in a doc, returning `(key, start, end)` token spans.

    Gaps are bridged by joining the matches of the fixed segments around them, nearest
    first. spaCy's own `{0,N}` operator keeps every partial match alive, which grows
    with N times the text length; joining segment matches stays linear.
    """

    def __init__(self, vocab: Vocab) -> None:
        self._matcher = Matcher(vocab)
        self._patterns: dict[str, list[SegmentedPattern]] = defaultdict(list)

    def add(self, key: str, patterns: list[str]) -> None:
        """Register the patterns of one key (e.g. one lexicon rule)."""
        for pattern in patterns:
            compiled = segment_pattern(pattern)
            number = len(self._patterns[key])
            self._patterns[key].append(compiled)
            for index, segment in enumerate(compiled.segments):
                self._matcher.add(_segment_key(key, number, index), [list(segment)])

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        """Every match of every registered pattern, sorted by position."""
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for match_id, start, end in self._matcher(doc):
            spans[doc.vocab.strings[match_id]].append((start, end))
        for found in spans.values():
            found.sort()
        matches = []
        for key, patterns in self._patterns.items():
            for number, pattern in enumerate(patterns):
                for start, end in _join(pattern, [spans.get(_segment_key(key, number, index), [])
                                                  for index in range(len(pattern.segments))]):
                    matches.append((key, start, end))
        return sorted(matches, key=lambda match: (match[1], match[2], match[0]))


def _segment_key(key: str, pattern: int, segment: int) -> str:
    return f"{key}\x1f{pattern}\x1f{segment}"


def _join(pattern: SegmentedPattern, spans: list[list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """Chain each match of the first segment to the nearest match of each next segment."""
    chains = list(spans[0])
    for gap, following in zip(pattern.gaps, spans[1:], strict=True):
        starts = [start for start, _ in following]
        joined = []
        for chain_start, chain_end in chains:
            index = bisect_left(starts, chain_end)
            if index < len(following) and following[index][0] <= chain_end + gap:
                joined.append((chain_start, following[index][1]))
        chains = joined
    return sorted(set(chains))


def word_matcher(elements: list[str]) -> re.Pattern[str]:
    """One regular expression matching a lower-cased token against any of the elements."""
    return re.compile("|".join(element_regex(element.lower()) for element in elements))
