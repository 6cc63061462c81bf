"""Chinese names in Latin letters: Han characters to pinyin, and pinyin and Wade-Giles
spellings of one name to one key.

Screening lists write Chinese firms in pinyin ("Zhongxing"), older records and Taiwanese
or Hong Kong firms in Wade-Giles ("Chung-hsing"), and customer lists may give the Han
characters ("中兴"). pypinyin (made for this: a phrase dictionary that reads polyphonic
characters in context, and both romanisation systems) turns characters into pinyin and
pinyin syllables into Wade-Giles. Two spellings are compared through a *Wade-Giles key*:
each word that is a run of pinyin syllables, or a hyphenated run of Wade-Giles syllables,
becomes its Wade-Giles form without apostrophes or umlauts ("zhongxing" and "chung-hsing"
both become "chunghsing"). The key is lossy on purpose: Wade-Giles written without its
apostrophes cannot tell zh from ch, so neither can the key.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PINYIN_DICT
from pypinyin.contrib.tone_convert import to_normal
from pypinyin.seg.mmseg import seg
from pypinyin.style import convert

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*")
_LONGEST_SYLLABLE = 6  # "zhuang", "chuang", "shuang"

CHINESE_LEGAL_WORDS = frozenset({
    "youxian", "gongsi", "gufen", "zeren", "youxiangongsi", "gufenyouxiangongsi",
    "youxianzerengongsi",
})
"""Pinyin words of Chinese company forms (有限公司 "limited company", 股份 "joint-stock",
责任 "liability"), which rigour's legal-form tables (written for Latin and Cyrillic
script) do not know."""


def _syllables() -> frozenset[str]:
    # Interjection readings ("ng", "hm") hold no vowel; as syllables they would split
    # ordinary words ("chung" = "chu" + "ng") into false pinyin.
    found = {to_normal(reading).replace("ü", "v")
             for readings in PINYIN_DICT.values() for reading in readings.split(",")}
    return frozenset(s for s in found if s.isascii() and re.search("[aeiouv]", s))


PINYIN_SYLLABLES = _syllables()


def _wade_giles(syllable: str) -> str:
    return str(convert(syllable, Style.WADEGILES, True))


def wade_giles_key(syllable_wade_giles: str) -> str:
    """A Wade-Giles spelling without apostrophes, hyphens or umlauts."""
    return re.sub("[-'’]", "", syllable_wade_giles).replace("ü", "u").replace("v", "u")


WADE_GILES_SYLLABLES = frozenset(wade_giles_key(_wade_giles(s)) for s in PINYIN_SYLLABLES)


def _segment(word: str, inventory: frozenset[str]) -> tuple[str, ...] | None:
    """The fewest syllables of `inventory` that spell `word`, or None if none do."""
    best: list[tuple[str, ...] | None] = [()] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - _LONGEST_SYLLABLE), end):
            head = best[start]
            if head is not None and word[start:end] in inventory:
                candidate = (*head, word[start:end])
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    return best[len(word)]


@lru_cache(maxsize=65536)
def pinyin_syllables(word: str) -> tuple[str, ...] | None:
    """The pinyin syllables that spell `word` (lower case; an apostrophe separates two, as
    in "xi'an"), or None if it is no pinyin."""
    syllables: list[str] = []
    for piece in re.split("['’]", word):
        found = _segment(piece, PINYIN_SYLLABLES) if piece else None
        if found is None:
            return None
        syllables.extend(found)
    return tuple(syllables)


@lru_cache(maxsize=65536)
def romanisation_key(word: str) -> str | None:
    """The Wade-Giles key of one word written in pinyin ("Zhongxing") or in Wade-Giles
    ("Chung-hsing", "Chunghsing"); None if it is neither."""
    lower = word.lower()
    if lower in CHINESE_LEGAL_WORDS:  # left as they are, to be read as legal forms
        return None
    pieces = [wade_giles_key(piece) for piece in re.split("[-'’]", lower)]
    wade_giles = [_segment(piece, WADE_GILES_SYLLABLES) for piece in pieces]
    as_wade_giles = sum(len(s) for s in wade_giles if s) if all(wade_giles) else None
    syllables = pinyin_syllables(lower) if "-" not in lower else None
    # a word both systems can spell is read in the one that needs fewer syllables:
    # "kangchien" is Wade-Giles kang-chien, not pinyin kang-chi-en
    if syllables is not None and (as_wade_giles is None or len(syllables) <= as_wade_giles):
        return "".join(wade_giles_key(_wade_giles(s)) for s in syllables)
    return "".join(pieces) if as_wade_giles is not None else None


def romanised_text(text: str) -> str:
    """`text` with every pinyin or Wade-Giles word replaced by its Wade-Giles key."""
    return _WORD.sub(lambda m: romanisation_key(m.group(0)) or m.group(0), text)


def has_han(text: str) -> bool:
    """Whether `text` holds Chinese characters."""
    return _HAN.search(text) is not None


def han_to_pinyin(text: str) -> str:
    """`text` with each run of Chinese characters spelled in pinyin, one word per
    dictionary word ("中兴通讯" → "zhong xing tong xun"; "有限公司" → "youxiangongsi")."""

    def spell(match: re.Match[str]) -> str:
        words = ["".join(lazy_pinyin(word, v_to_u=False)) for word in seg.cut(match.group(0))]
        return " " + " ".join(words) + " "

    return re.sub(r"\s+", " ", _HAN.sub(spell, text)).strip()
