"""The small pattern language of the lexicons, compiled to spaCy Matcher token patterns.

Elements, separated by spaces, are matched against lower-cased tokens:
`word`, `a|b|c` (alternatives), `approv*` (prefix), `~word` (optional), `*N` (up to N
tokens of anything), `-` (a hyphen token). See `lexicon/actions.toml` for examples.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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


class _TokenSegments:
    """Finds every match of many short fixed token sequences (the segments of the lexicon
    patterns) in a list of lower-cased tokens.

    Replaces spaCy's Matcher for this job: with thousands of segments whose elements are
    mostly prefix regexes, the Matcher tests every predicate at every token and dominated
    ingestion time. Here each distinct token is tested once against each distinct element
    (and remembered), and only segments whose first element the token satisfies are tried.
    """

    _CACHE_LIMIT = 200_000

    def __init__(self) -> None:
        self._elements: list[Callable[[str], bool]] = []
        self._element_ids: dict[str, int] = {}
        self._segments: list[tuple[tuple[int, bool], ...]] = []
        self._starts: dict[int, list[tuple[int, int]]] = defaultdict(list)
        self._satisfied: dict[str, tuple[int, ...]] = {}

    def add(self, segment: tuple[TokenSpec, ...]) -> int:
        """Register one segment; returns its number."""
        number = len(self._segments)
        steps = tuple((self._element(spec), spec.get("OP") == "?") for spec in segment)
        self._segments.append(steps)
        # a segment may begin at any of its elements up to and including the first required one
        for offset, (element, optional) in enumerate(steps):
            self._starts[element].append((number, offset))
            if not optional:
                break
        self._satisfied.clear()
        return number

    def _element(self, spec: TokenSpec) -> int:
        lower = spec["LOWER"]
        key = repr(lower)
        if key not in self._element_ids:
            self._element_ids[key] = len(self._elements)
            self._elements.append(_predicate(lower))
        return self._element_ids[key]

    def _elements_of(self, token: str) -> tuple[int, ...]:
        found = self._satisfied.get(token)
        if found is None:
            found = tuple(i for i, test in enumerate(self._elements) if test(token))
            if len(self._satisfied) < self._CACHE_LIMIT:
                self._satisfied[token] = found
        return found

    def __call__(self, tokens: list[str]) -> dict[int, list[tuple[int, int]]]:
        """Segment number -> its (start, end) token spans, sorted."""
        satisfied = [self._elements_of(token) for token in tokens]
        spans: dict[int, set[tuple[int, int]]] = defaultdict(set)
        for position, elements in enumerate(satisfied):
            for element in elements:
                for number, offset in self._starts.get(element, ()):
                    for end in self._ends(self._segments[number], offset, position, satisfied):
                        if end > position:
                            spans[number].add((position, end))
        return {number: sorted(found) for number, found in spans.items()}

    @staticmethod
    def _ends(
        steps: tuple[tuple[int, bool], ...],
        step: int,
        position: int,
        satisfied: list[tuple[int, ...]],
    ) -> set[int]:
        """Every token position where the segment, from `step` at `position`, can end."""
        if step == len(steps):
            return {position}
        element, optional = steps[step]
        ends: set[int] = set()
        if position < len(satisfied) and element in satisfied[position]:
            ends |= _TokenSegments._ends(steps, step + 1, position + 1, satisfied)
        if optional:
            ends |= _TokenSegments._ends(steps, step + 1, position, satisfied)
        return ends


def _predicate(lower: str | dict[str, Any]) -> Callable[[str], bool]:
    """The test of one `LOWER` token specification on a lower-cased token."""
    if isinstance(lower, str):
        return lower.__eq__
    if "IN" in lower:
        return frozenset(lower["IN"]).__contains__
    regex = re.compile(lower["REGEX"])
    return lambda token: regex.match(token) is not None


class GapMatcher:
    """Matches lexicon patterns in a doc, returning `(key, start, end)` token spans.

    Gaps are bridged by joining the matches of the fixed segments around them, nearest
    first; joining segment matches stays linear in the text length.
    """

    def __init__(self, vocab: Vocab | None = None) -> None:
        # `vocab` is accepted for symmetry with spaCy's matchers; matching needs only tokens
        self._segments = _TokenSegments()
        self._patterns: dict[str, list[tuple[SegmentedPattern, tuple[int, ...]]]] = defaultdict(
            list
        )

    def add(self, key: str, patterns: list[str]) -> None:
        """Register the patterns of one key (e.g. one lexicon rule)."""
        for pattern in patterns:
            compiled = segment_pattern(pattern)
            numbers = tuple(self._segments.add(segment) for segment in compiled.segments)
            self._patterns[key].append((compiled, numbers))

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        """Every match of every registered pattern, sorted by position."""
        spans = self._segments([token.lower_ for token in doc])
        matches = []
        for key, patterns in self._patterns.items():
            for pattern, numbers in patterns:
                if numbers[0] not in spans:
                    continue
                for start, end in _join(pattern, [spans.get(number, []) for number in numbers]):
                    matches.append((key, start, end))
        return sorted(matches, key=lambda match: (match[1], match[2], match[0]))


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
