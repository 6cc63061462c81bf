"""How alike two analysed names are, and why: a score in [0, 1] with the alignments that
made it.

The comparison works as screening engines built on rigour do: first the parts that share a
symbol are paired (the same word, "Tech" with "Technologies", "Intl" with "International",
two spellings of one given name), then rigour's `compare_parts` aligns what is left by an
edit distance made for names (cheap merges and splits, "Hik Vision" / "Hikvision"; a
budget that refuses to call two different words the same). Each part weighs what its word
tells: a word rare among the listed names (its IDF, from the index) weighs more than a
common one ("China", "Technology"), and words that rigour marks as common (locations,
business domains) weigh less. The score is the weighted share of both names' parts that
found a counterpart, so a word on either side with none ("Huawei *Device*" against
"Huawei *Technologies*") costs what it weighs. Legal forms are left out of the score and
reported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA
from rigour.names import Alignment, NamePart, compare_parts, pair_symbols

from tradegraph.graph.screening.names import AnalyzedName, NameKind

Weigh = Callable[[str], float]
"""The weight of a word (its ASCII form) among the listed names: 1.0 for a word no listed
name has, less the more names have it."""

PERSON_EXTRA_FACTOR = 0.5
"""An unmatched part of a person's name (a middle name, a patronymic) weighs half: lists
spell names in full, customers often do not."""
LISTED_DESCRIPTOR_FACTOR = 0.5
"""An unmatched common word on the listed side ("Scientific and Production", a province)
weighs half: lists give official names in full, customers the short name. The query's own
unmatched words keep their weight: they may name another firm ("Huawei *Cloud*")."""

_SYMBOL_SCORES = {"NAME": 0.9, "NICK": 0.8, "INITIAL": 0.8, "PHONETIC": 0.85}
_SYNONYM_SCORE = 0.7
"""Two different words of one business domain ("Telecom" / "Communications"): related,
and still the mark of two different firms as often as of one."""
_ACRONYM_SCORE = 0.85
_SOUNDALIKE_SCORE = 0.9
_ABBREVIATION_SCORE = 0.9
_GOOD_ENOUGH = 0.9
"""A comparison this good as written is not tried again in Wade-Giles keys."""
_MIN_FUZZY_CHARS = 5
_MIN_OSA = 0.8
_MIN_SOUNDALIKE_OSA = 0.7


@dataclass(frozen=True)
class PartMatch:
    """One alignment: the query's words, the candidate's words, how alike they are, how
    much they weigh, and how they were matched (`same`, `symbol:DOMAIN:TECH`, `fuzzy`,
    `sounds-alike`, `acronym`, `merged`, or `unmatched`)."""

    query: str
    candidate: str
    score: float
    weight: float
    how: str

    def describe(self) -> str:
        """One line for a person: "tech ~ technologies (symbol:DOMAIN:TECH, 1.00)"."""
        left, right = self.query or "-", self.candidate or "-"
        return f"{left} ~ {right} ({self.how}, {self.score:.2f}, weight {self.weight:.2f})"


@dataclass(frozen=True)
class NameComparison:
    """The score of one query name against one candidate name, and its parts."""

    score: float
    matches: tuple[PartMatch, ...]
    romanised: bool = False
    """True if the Wade-Giles keys of the names matched better than the names as written."""


def _weight(name: AnalyzedName, parts: Sequence[NamePart], weigh: Weigh) -> float:
    return sum(weigh(p.comparable) * name.generic.get(p.index, 1.0) for p in parts)


def _symbol_pairs(query: AnalyzedName, candidate: AnalyzedName) -> tuple[Alignment, ...]:
    """The pairing of shared symbols, among rigour's alternatives, that covers most core
    parts (pairs that touch a legal form are left to the legal-form report)."""
    q_core = {p.index for p in query.parts}
    c_core = {p.index for p in candidate.parts}
    best: tuple[Alignment, ...] = ()
    best_cover = 0
    for pairing in pair_symbols(query.name, candidate.name):
        kept = tuple(a for a in pairing
                     if all(p.index in q_core for p in a.qps)
                     and all(p.index in c_core for p in a.rps))
        cover = sum(len(a.qps) + len(a.rps) for a in kept)
        if cover > best_cover:
            best, best_cover = kept, cover
    return best


def _abbreviates(left: str, right: str) -> bool:
    """Whether one word is the other shortened ("tech", "intl", "mfg", "hldgs") or
    inflected ("technology" / "technologies"): same first letter, and a shared stem of four
    letters or the short word's letters in order in the long one."""
    short, long = sorted((left.replace(" ", ""), right.replace(" ", "")), key=len)
    if not short or short[0] != long[0]:
        return False
    return (len(short) >= 4 and long.startswith(short[:4])) or _in_order(short, long)


def _in_order(short: str, long: str) -> bool:
    """Whether the letters of `short` appear in `long` in the same order."""
    position = 0
    for letter in short:
        position = long.find(letter, position) + 1
        if position == 0:
            return False
    return True


def _word_similarity(left: NamePart, right: NamePart, strict: bool) -> tuple[float, str]:
    """Two single words: a slip ("Huawie" / "Huawei": one transposition) or the same sound
    ("Rosoboroneksport" / "Rosoboronexport"); 0 for words too short to tell, and for any
    two different `strict` words (Wade-Giles keys: already lossy, a slip there is a
    different syllable)."""
    if strict or min(len(left.comparable), len(right.comparable)) < _MIN_FUZZY_CHARS:
        return 0.0, "fuzzy"
    similarity = OSA.normalized_similarity(left.comparable, right.comparable)
    if (left.metaphone and left.metaphone == right.metaphone
            and left.comparable[0] == right.comparable[0]
            and _MIN_SOUNDALIKE_OSA <= similarity < _SOUNDALIKE_SCORE):
        return _SOUNDALIKE_SCORE, "sounds-alike"
    return (similarity if similarity >= _MIN_OSA else 0.0), "fuzzy"


def _shortening(short: str, long: str) -> bool:
    """Whether `short` is `long` cut short ("prod" of "production") or a contraction of
    it written with its first two letters ("shpg" of "shipping", "techs")."""
    if len(short) < 3 or len(long) < len(short) + 2:
        return False
    if long.startswith(short):
        return True
    return len(short) <= 5 and short[:2] == long[:2] and _in_order(short, long)


def _abbreviation(left: NamePart, right: NamePart) -> float:
    """A word of a firm's name and its shortening that rigour has no symbol for."""
    short, long = sorted((left.comparable, right.comparable), key=len)
    return _ABBREVIATION_SCORE if _shortening(short, long) else 0.0


Matcher = Callable[[Sequence[NamePart], Sequence[NamePart], float, str], PartMatch]


def _covered(matches: list[PartMatch]) -> float:
    return sum(m.score * m.weight for m in matches)


def _edit_aligned(left: list[NamePart], right: list[NamePart], match: Matcher, strict: bool
                  ) -> tuple[list[PartMatch], list[NamePart], list[NamePart]]:
    """rigour's edit-distance alignment of two runs of parts: the pairs it found, and the
    parts of each side it left alone."""
    found: list[PartMatch] = []
    lonely_q: list[NamePart] = []
    lonely_c: list[NamePart] = []
    for alignment in compare_parts(left, right):
        qps, cps = list(alignment.qps), list(alignment.rps)
        score, how = float(alignment.score), "merged"
        if len(qps) == 1 and len(cps) == 1:
            # for two single words, our slip rules decide (rigour forgives vowel changes
            # that make another name: "Xingyuan" / "Xinguang")
            score, how = _word_similarity(qps[0], cps[0], strict)
        if qps and cps and score > 0:
            found.append(match(qps, cps, score, how))
        else:
            lonely_q.extend(qps)
            lonely_c.extend(cps)
    return found, lonely_q, lonely_c


def _residue(query: AnalyzedName, candidate: AnalyzedName, left: list[NamePart],
             right: list[NamePart], weigh: Weigh, *, strict: bool) -> list[PartMatch]:
    """Align the parts no symbol paired: equal words in any order, then rigour's edit
    distance over the rest in alphabetical order (merges, splits, slips), then slips
    between words in different places."""

    def match(qps: Sequence[NamePart], cps: Sequence[NamePart], score: float, how: str
              ) -> PartMatch:
        weight = _weight(query, qps, weigh) + _weight(candidate, cps, weigh)
        if not score and NameKind.PERSON in (query.kind, candidate.kind):
            weight *= PERSON_EXTRA_FACTOR
        elif not score and not qps and all(p.index in candidate.generic for p in cps):
            weight *= LISTED_DESCRIPTOR_FACTOR
        return PartMatch(" ".join(p.comparable for p in qps),
                         " ".join(p.comparable for p in cps), score, weight, how)

    matches: list[PartMatch] = []
    rest = list(right)
    unpaired: list[NamePart] = []
    for part in left:
        twin = next((other for other in rest if other.comparable == part.comparable), None)
        if twin is None:
            unpaired.append(part)
        else:
            rest.remove(twin)
            matches.append(match([part], [twin], 1.0, "same"))
    lonely_q, lonely_c = unpaired, rest
    if unpaired and rest:
        # rigour aligns in order; names also come in other orders ("PUTIN, Vladimir"),
        # so words in alphabetical order get a second chance
        in_order = _edit_aligned(unpaired, rest, match, strict)
        if in_order[1] and in_order[2]:
            by_word = _edit_aligned(sorted(unpaired, key=lambda p: p.comparable),
                                    sorted(rest, key=lambda p: p.comparable), match, strict)
            if _covered(by_word[0]) > _covered(in_order[0]):
                in_order = by_word
        aligned, lonely_q, lonely_c = in_order
        matches.extend(aligned)
    for part in list(lonely_q):
        scored = [(_word_similarity(part, other, strict), other) for other in lonely_c]
        if NameKind.PERSON not in (query.kind, candidate.kind):  # "Wei" is no "Weiguo"
            scored += [((_abbreviation(part, other), "abbreviation"), other)
                       for other in lonely_c]
        if scored:
            (score, how), other = max(scored, key=lambda item: item[0][0])
            if score > 0:
                lonely_q.remove(part)
                lonely_c.remove(other)
                matches.append(match([part], [other], score, how))
    matches.extend(match([part], [], 0.0, "unmatched") for part in lonely_q)
    matches.extend(match([], [part], 0.0, "unmatched") for part in lonely_c)
    return matches


def _acronym(query: AnalyzedName, candidate: AnalyzedName, weigh: Weigh
             ) -> NameComparison | None:
    """"ZTE" against "Zhongxing Telecommunications Equipment", either way round."""
    for short, long in ((query, candidate), (candidate, query)):
        if len(short.parts) == 1 and len(long.parts) >= 3:
            letters = short.parts[0].comparable
            if len(letters) == len(long.parts) and letters == "".join(
                    p.comparable[0] for p in long.parts):
                left, right = (short, long) if short is query else (long, short)
                weight = _weight(left, left.parts, weigh) + _weight(right, right.parts, weigh)
                return NameComparison(_ACRONYM_SCORE, (PartMatch(
                    left.normalised, right.normalised, _ACRONYM_SCORE, weight, "acronym"),))
    return None


def _same_words(query: AnalyzedName, candidate: AnalyzedName, weigh: Weigh
                ) -> NameComparison | None:
    """The comparison of two names with the same words, in any order (the common case of
    a changed legal form, case or word order), without aligning anything."""
    if sorted(query.tokens) != sorted(candidate.tokens):
        return None
    by_word = {part.comparable: part for part in candidate.parts}
    return NameComparison(1.0, tuple(
        PartMatch(part.comparable, part.comparable, 1.0,
                  _weight(query, [part], weigh)
                  + _weight(candidate, [by_word[part.comparable]], weigh), "same")
        for part in query.parts))


def _compare(query: AnalyzedName, candidate: AnalyzedName, weigh: Weigh, strict: bool = False
             ) -> NameComparison:
    alike = _same_words(query, candidate, weigh)
    if alike is not None:
        return alike
    matches: list[PartMatch] = []
    paired = _symbol_pairs(query, candidate)
    for alignment in paired:
        category = alignment.symbol.category.value if alignment.symbol else ""
        same = alignment.qstr == alignment.rstr
        if same:
            score = 1.0
        elif category in _SYMBOL_SCORES:
            score = _SYMBOL_SCORES[category]
        else:
            score = 1.0 if _abbreviates(alignment.qstr, alignment.rstr) else _SYNONYM_SCORE
        matches.append(PartMatch(
            alignment.qstr, alignment.rstr, score,
            _weight(query, alignment.qps, weigh) + _weight(candidate, alignment.rps, weigh),
            "same" if same else f"symbol:{alignment.symbol}"))
    used_q = {p.index for a in paired for p in a.qps}
    used_c = {p.index for a in paired for p in a.rps}
    matches.extend(_residue(
        query, candidate, [p for p in query.parts if p.index not in used_q],
        [p for p in candidate.parts if p.index not in used_c], weigh, strict=strict))
    total = sum(m.weight for m in matches)
    score = sum(m.score * m.weight for m in matches) / total if total else 0.0
    result = NameComparison(score, tuple(matches))
    acronym = _acronym(query, candidate, weigh)
    return acronym if acronym is not None and acronym.score > score else result


def compare_names(query: AnalyzedName, candidate: AnalyzedName, weigh: Weigh
                  ) -> NameComparison:
    """Compare two names as written and, if either has one, in their Wade-Giles keys;
    the better comparison wins."""
    best = _compare(query, candidate, weigh)
    if best.score < _GOOD_ENOUGH and (query.variant is not None
                                      or candidate.variant is not None):
        other = _compare(query.variant or query, candidate.variant or candidate, weigh,
                         strict=True)
        if other.score > best.score:
            best = NameComparison(other.score, other.matches, romanised=True)
    return best
