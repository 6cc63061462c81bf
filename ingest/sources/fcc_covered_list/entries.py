"""Reading one Covered List entry: the equipment or service class it covers, the firms
that produce or provide it, and its inclusion date.

An entry is prose written to one pattern: "<class> produced by <firms>, including ...",
"<class> provided by <firm> subject to section 214 ...", or a class alone ("<class>
produced in a foreign country, except ..."). The words that mark each part are in
`lexicon.toml`. Copies of the list taken from its web page carry residue (link labels,
footnote marks) that is removed before reading; a cell holding two entries joined by a
doubled quote is read as two entries.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from tradegraph.ingest.sources.fcc_covered_list.loader import covered_list_lexicon
from tradegraph.ingest.stages.entities import load_name_lexicon
from tradegraph.ontology.models import PartialDate

_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%B %Y")
_FUSED = re.compile(r'(?<=[.!?”])"(?=\s*[A-Z“])')
"""A straight quote between a sentence's end and the next one's start, left inside a cell
where a doubled quote joined two rows."""
_PARENTHESIS = re.compile(r"\s*\([^()]*\)")


@dataclass(frozen=True)
class Firm:
    """A firm an entry names, and the firm it is named as a subsidiary of."""

    name: str
    parent: str | None = None


@dataclass(frozen=True)
class Entry:
    """What one entry covers: the class of equipment or services (None if it names none)
    and the firms producing or providing it (none for a class-only entry)."""

    products: str | None
    firms: tuple[Firm, ...]


@dataclass(frozen=True)
class _Patterns:
    producer: re.Pattern[str]
    firm_ends: tuple[str, ...]
    subsidiary: re.Pattern[str]
    class_ends: tuple[str, ...]
    class_prefix: re.Pattern[str]
    residue: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    lexicon = covered_list_lexicon()
    verbs = sorted(lexicon["producer_verbs"], key=len, reverse=True)
    return _Patterns(
        producer=re.compile(r"\b(?:" + "|".join(re.escape(v) for v in verbs)
                            + r")(?:,[^,]{1,40},)?\s+by\s+", re.IGNORECASE),
        firm_ends=tuple(end.casefold() for end in lexicon["firm_clause_ends"]),
        subsidiary=re.compile(r"\s+(?:" + "|".join(re.escape(j) for j in
                                                  lexicon["subsidiary_joins"]) + r")\s+",
                              re.IGNORECASE),
        class_ends=tuple(end.casefold() for end in lexicon["class_ends"]),
        class_prefix=re.compile(r"^(?:(?:" + "|".join(re.escape(p) for p in
                                                    lexicon["class_prefixes"]) + r")\s+)+",
                                re.IGNORECASE),
        residue=re.compile("|".join(re.escape(r) for r in (*lexicon["residue"],
                                                           *lexicon["stray_symbols"]))),
    )


def split_fused(cell: str) -> list[str]:
    """The entries of one cell: usually one; two where a doubled quote fused two rows."""
    return [part.strip() for part in _FUSED.split(cell) if part.strip()]


def clean(text: str) -> str:
    """An entry without the web page's residue (link labels, footnote marks), dashes read
    as spaces, whitespace collapsed."""
    text = _patterns().residue.sub(" ", text)
    text = re.sub(r"\s*[—–]\s*", " ", text)
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"\s+([,;.])", r"\1", text).strip()


def _first_end(text: str, ends: tuple[str, ...]) -> int:
    folded = text.casefold()
    found = [index for end in ends if (index := folded.find(end)) >= 0]
    return min(found, default=len(text))


def read_entry(text: str, is_firm: Callable[[str], bool]) -> Entry:
    """The class and firms of one cleaned entry; `is_firm` decides whether both sides of
    an "and" are firms (then each is one) or one name holds the "and"."""
    patterns = _patterns()
    producer = patterns.producer.search(text)
    if producer is None:
        return Entry(_class_phrase(text[: _first_end(text, patterns.class_ends)]), ())
    clause = text[producer.end():]
    clause = clause[: _first_end(clause, patterns.firm_ends)].strip().rstrip(",").strip()
    if clause.endswith(".") and not _ends_in_legal_form(clause):
        clause = clause[:-1].rstrip()  # the entry's full stop
    return Entry(_class_phrase(text[: producer.start()]), _firms(clause, is_firm))


@cache
def _dotted_legal_forms() -> frozenset[str]:
    return frozenset(s.casefold() for s in load_name_lexicon()["company_suffixes"]
                     if s.endswith("."))


def _ends_in_legal_form(name: str) -> bool:
    """Whether the final full stop belongs to the name ("... Inc.")."""
    return name.rsplit(" ", 1)[-1].casefold() in _dotted_legal_forms()


def _class_phrase(text: str) -> str | None:
    phrase = _patterns().class_prefix.sub("", text.strip().rstrip(",").strip())
    if not phrase:
        return None
    first = phrase.split(" ", 1)[0]
    return phrase if first.isupper() else phrase[0].lower() + phrase[1:]


def _firms(clause: str, is_firm: Callable[[str], bool]) -> tuple[Firm, ...]:
    parent, *children = _split(_patterns().subsidiary, clause)
    firms = [Firm(name) for name in _and_split(parent, is_firm)]
    for child in children:
        firms += [Firm(name, parent) for name in _and_split(child, is_firm)]
    return tuple(firm for firm in firms if firm.name[:1].isupper() or firm.name[:1].isdigit())


def _split(pattern: re.Pattern[str], text: str) -> list[str]:
    """`text` split at `pattern`, empty parts dropped."""
    return [part.strip() for part in pattern.split(text) if part.strip()]


def _and_split(names: str, is_firm: Callable[[str], bool]) -> list[str]:
    parts = [part.strip() for part in re.split(r"\s+and\s+", names) if part.strip()]
    if len(parts) > 1 and all(is_firm(part) for part in parts):
        return parts
    return [names]


def product_parts(phrase: str) -> tuple[list[str], str]:
    """A class read as its parts, parentheses dropped, and the head noun of its last part
    ("video surveillance and telecommunications equipment" -> ["video surveillance",
    "telecommunications equipment"], "equipment")."""
    bare = _PARENTHESIS.sub("", phrase)
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", bare) if p.strip()]
    return parts or [phrase], (parts or [phrase])[-1].rsplit(" ", 1)[-1]


def shares_head(parts: list[str], head: str) -> bool:
    """Whether the head noun is every part's: each part ends with it or is one word (a
    modifier that takes it: "cybersecurity and anti-virus software")."""
    return all(" " not in part or part.endswith(f" {head}") for part in parts)


def parse_inclusion_date(cell: str) -> PartialDate | None:
    """The inclusion date of a date cell ("March 12, 2021"; of "December 22,
    2025Updated:January 7, 2026" the first date, the updates ignored); None if empty,
    ValueError if it is no date."""
    marker: str = covered_list_lexicon()["date_update_marker"]
    text = re.sub(r"\s+", " ", cell.split(marker, 1)[0]).strip()
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return PartialDate.parse(day.isoformat()[:7] if fmt == "%B %Y" else day.isoformat())
    try:
        return PartialDate.parse(text)
    except ValueError:
        raise ValueError(f"inclusion date {cell.strip()!r} is not a date") from None
