"""One name, analysed for comparison: transliterated, split into parts, its legal form set
apart, its words tagged with what they mean.

rigour (OpenSanctions' library for names in financial-crime screening) does the work that
is particular to the field: Unicode clean-up, transliteration of Cyrillic, Greek and other
scripts, person prefixes ("Mr"), org-type canonicalisation across languages ("Limited",
"Ltd", "ООО", "GmbH" → one compare form, tagged as a legal form), and symbols that say
two spellings mean one thing ("Tech" and "Technologies" both DOMAIN:TECH, "Intl" and
"International" both INTL, given-name variants one NAME). Chinese characters are spelled in
pinyin first (see `romanisation`), which rigour leaves alone, and each name also gets a
variant in the Wade-Giles key so that pinyin and Wade-Giles spellings meet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property, lru_cache

from rigour.names import Name, NamePart, NamePartTag, NameTypeTag, analyze_names

from tradegraph.graph.screening.romanisation import (
    CHINESE_LEGAL_WORDS,
    han_to_pinyin,
    has_han,
    romanised_text,
)
from tradegraph.ingest.text import without_invisible
from tradegraph.ontology.errors import TradegraphError

MAX_NAME_CHARS = 500
"""Longer text is no name (a pasted paragraph, a whole row in one cell)."""

GENERIC_WEIGHTS = {"DOMAIN": 0.6, "SYMBOL": 0.6, "ORGCLS": 0.6, "LOC": 0.4}
"""Symbol categories of common words ("Technologies", "International", "Shenzhen") and how
much they weigh against a word of their own: a place name, which lists add and customers
leave out ("Zhejiang Dahua Technology" / "Dahua Technology"), least."""


class NameKind(Enum):
    """What a name names, as far as matching cares: persons' names are read as persons'
    (titles dropped, given-name variants paired), organisations' as organisations'
    (legal forms set apart); a query of unknown kind gets both treatments' org rules."""

    PERSON = "person"
    ORGANIZATION = "organization"
    UNKNOWN = "unknown"


_LEGAL_SYMBOLS = frozenset({"CO", "CORP"})

_TYPE_TAGS = {NameKind.PERSON: NameTypeTag.PER, NameKind.ORGANIZATION: NameTypeTag.ORG,
              NameKind.UNKNOWN: NameTypeTag.ORG}
# A query of unknown kind is read with the organisation rules (legal forms, business-word
# symbols): customer lists are mostly companies, and a person's name loses nothing by them.
# Persons' names get no symbols: rigour's given-name tagger takes several seconds to load
# on first use, for variants ("Aleksandr" / "Alexander") that its edit distance and the
# metaphone codes mostly match anyway.


@dataclass(frozen=True, eq=False)
class AnalyzedName:
    """A name ready to compare: its rigour `Name`, its core parts (the legal form left
    out), the legal form's words, which parts are common words, and a Wade-Giles-key
    variant when the name has pinyin or Wade-Giles words."""

    text: str
    name: Name
    parts: tuple[NamePart, ...]
    legal: tuple[str, ...]
    kind: NameKind
    generic: dict[int, float]
    """Factor by part index (`NamePart.index`) for parts that are common words."""
    variant: AnalyzedName | None = field(default=None)

    @cached_property
    def tokens(self) -> tuple[str, ...]:
        """The core parts' ASCII spellings, in order."""
        return tuple(part.comparable for part in self.parts)

    @cached_property
    def normalised(self) -> str:
        """The core name as one lower-case ASCII string."""
        return " ".join(self.tokens)


class NotANameError(TradegraphError, ValueError):
    """A text that cannot be analysed as a name (empty, too long, no letters)."""


def _rigour_name(text: str, kind: NameKind) -> Name | None:
    names = analyze_names(_TYPE_TAGS[kind], [text], consolidate=False, numerics=False,
                          symbols=kind is not NameKind.PERSON)
    # one input string gives one Name, or none when nothing is left after clean-up
    return max(names, key=lambda n: len(n.parts)) if names else None


def _legal_parts(name: Name) -> set[int]:
    # rigour tags "Ltd", "GmbH", "ООО" as legal forms; "Co", "Corp", "Company" and
    # "Corporation" it tags only as symbols, though lists swap them with "Ltd" just as freely.
    legal = {part.index for part in name.parts
             if part.tag is NamePartTag.LEGAL or part.comparable in CHINESE_LEGAL_WORDS}
    for span in name.spans:
        symbol = span.symbol
        if symbol.category.value == "ORGCLS" or (
                symbol.category.value == "SYMBOL" and str(symbol.id) in _LEGAL_SYMBOLS):
            legal.update(part.index for part in span.parts)
    return legal


def _from_rigour(name: Name) -> tuple[tuple[NamePart, ...], tuple[str, ...], dict[int, float]]:
    legal_indexes = _legal_parts(name)
    # "of", "and", "the" tell nothing; they are left out like legal forms, but not reported
    stop = {part.index for part in name.parts if part.tag is NamePartTag.STOP}
    core = tuple(part for part in name.parts
                 if part.index not in legal_indexes and part.index not in stop)
    legal = tuple(part.comparable for part in name.parts if part.index in legal_indexes)
    if not core:  # a name that is all legal form ("The Company") is its own core
        core, legal = tuple(name.parts), ()
    generic: dict[int, float] = {}
    for span in name.spans:
        factor = GENERIC_WEIGHTS.get(span.symbol.category.value)
        if factor is not None:
            for part in span.parts:
                generic[part.index] = min(factor, generic.get(part.index, 1.0))
    return core, legal, generic


def _variant(spelled: str, kind: NameKind, tokens: tuple[str, ...]) -> AnalyzedName | None:
    """The name in the Wade-Giles key, if that changes its core words."""
    romanised = romanised_text(spelled)
    if romanised == spelled:
        return None
    other = _rigour_name(romanised, kind)
    if other is None:
        return None
    parts, legal, generic = _from_rigour(other)
    if tuple(part.comparable for part in parts) == tokens:
        return None
    return AnalyzedName(romanised, other, parts, legal, kind, generic)


@lru_cache(maxsize=200_000)
def analyze(text: str, kind: NameKind = NameKind.UNKNOWN) -> AnalyzedName:
    """Analyse one name; a `NotANameError` if it is empty, too long or holds no letters."""
    cleaned = " ".join(without_invisible(text).split())
    if not cleaned:
        raise NotANameError("the name is empty")
    if len(cleaned) > MAX_NAME_CHARS:
        raise NotANameError(f"the name is {len(cleaned)} characters long "
                         f"(at most {MAX_NAME_CHARS})")
    spelled = han_to_pinyin(cleaned) if has_han(cleaned) else cleaned
    name = _rigour_name(spelled, kind)
    if name is None or not any(part.comparable for part in name.parts):
        raise NotANameError(f"'{text}' holds no letters or digits to match")
    parts, legal, generic = _from_rigour(name)
    variant = _variant(spelled, kind, tuple(part.comparable for part in parts))
    return AnalyzedName(cleaned, name, parts, legal, kind, generic, variant)
