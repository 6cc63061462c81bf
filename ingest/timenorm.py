"""Time normalisation: find date and duration expressions and resolve them against the
publication date, keeping the precision the text gives (day, month or year).

News conventions decide relative dates: a weekday means the most recent such day on or
before publication ("announced Wednesday" in a Wednesday paper is that day); a bare month
("in May") the latest such month up to publication, unless a word looks ahead ("until
May"); a day without a year ("Nov. 18") the nearest such day, preferring the past on a tie.

The expressions are found by regular expressions rather than dateparser: dateparser reads
a weekday equal to the reference day as the week before, has no notion of "early October"
and costs milliseconds a call, where extraction needs thousands of documents a second.
(dateparser still reads free-form publication dates in metadata; see loaders.common.)
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from tradegraph.ontology.models import DatePrecision, PartialDate

_MONTH_NAMES = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH_ABBREVIATIONS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTH_ABBREVIATIONS["sept"] = 9
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "fifteen": 15, "twenty": 20, "thirty": 30, "forty-five": 45,
    "sixty": 60, "ninety": 90, "hundred": 100, "one hundred": 100, "one hundred eighty": 180,
}
_NUMBER = r"(?:\d{1,4}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"

_PATTERNS: list[tuple[str, str]] = [
    ("iso", r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    ("mdy", rf"\b(?P<mon>{MONTH})\s(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s(?P<y>(?:19|20)\d{{2}})\b"),
    ("dmy", rf"\b(?P<d>\d{{1,2}})\s(?P<mon>{MONTH}),?\s(?P<y>(?:19|20)\d{{2}})\b"),
    ("my", rf"\b(?P<mon>{MONTH}),?\s(?P<y>(?:19|20)\d{{2}})\b"),
    ("md", rf"\b(?P<mon>{MONTH})\s(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b"),
    ("part_month", rf"\b(?P<part>early|mid|late|mid-)\s?(?P<mon>{MONTH})(?!\w|\.\w|,?\s\d)"),
    ("prep_month", rf"\b(?P<prep>[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]hrough|[Dd]uring|[Ll]ast"
                   rf"|[Tt]his|[Nn]ext|[Ff]rom|[Bb]efore|[Aa]fter|[Oo]f)\s(?P<mon>{MONTH})"
                   r"(?!\w|\.\w|,?\s\d)"),
    ("weekday", rf"\b(?:(?:early|late)\s)?(?P<wd>{WEEKDAY})"
                r"(?:\s(?:morning|afternoon|evening|night))?\b"),
    ("deictic", r"\b(?P<deictic>[Tt]oday|[Yy]esterday|[Tt]onight)\b"),
    ("relative", r"\b(?P<rel>this|last|next|earlier this|later this)\s(?P<unit>week|month|year)\b"),
    ("year", r"\b(?P<prep>[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]hrough|[Dd]uring|[Oo]f|[Ff]rom"
             r"|[Bb]efore|[Aa]fter|[Ee]arly|[Ll]ate)\s(?:(?:early|late|mid-?)\s?)?(?P<y>(?:19|20)\d{2})\b(?!-\d)"),
]


def _compile_dates() -> re.Pattern[str]:
    """One alternation of all patterns; inner groups get the pattern's index as suffix,
    since a regular expression allows each group name once."""
    parts = []
    for index, (kind, pattern) in enumerate(_PATTERNS):
        renamed = re.sub(r"\(\?P<(\w+)>", rf"(?P<\g<1>_{index}>", pattern)
        parts.append(f"(?P<{kind}>{renamed})")
    return re.compile("|".join(parts))


_DATE_RE = _compile_dates()

_DURATION_RE = re.compile(
    # The look-behind keeps "1,000 days" from reading as "000 days".
    rf"(?<![\d,.])\b(?P<n>\d{{1,3}}(?:,\d{{3}})+|{_NUMBER})[\s-](?P<unit>day|week|month|year)s?\b",
    re.IGNORECASE
)

_END_CUES = re.compile(
    r"(?:\bthrough|\buntil|\btill|\bexpir\w*(?:\s(?:date\s)?(?:of|on))?|\bending(?:\son)?"
    r"|\bextended\sto|\bno\slater\sthan|\bdeadline\sof"
    # amendments that move an end date: "... and substitute the date of February 16, 2020"
    r"|\bsubstitut\w*\s(?:it\swith\s)?(?:the\s)?(?:new\s)?date\sof)\s*$", re.IGNORECASE)
_START_CUES = re.compile(
    r"(?:\beffective(?:\son|\sas\sof|\sfrom)?|\bbeginning(?:\son)?|\bstarting(?:\son)?"
    r"|\bas\sof|\bapplicable\sas\sof|\bsince|\bfrom)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class FoundTime:
    """A time expression found in text: character span, resolved date, role, duration."""

    start: int
    end: int
    text: str
    date: PartialDate | None
    role: str
    duration: str | None = None


def month_number(name: str) -> int:
    """1-12 for a month name or abbreviation ("Sept." included)."""
    key = name.lower().rstrip(".")
    return _MONTH_NAMES.get(key) or _MONTH_ABBREVIATIONS[key]


def nearest_year(month: int, day: int | None, reference: dt.date) -> int:
    """The year that puts month(/day) closest to the reference date; the past wins ties."""
    best_year, best_distance = reference.year, None
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidate = dt.date(year, month, day or 15)
        except ValueError:
            continue
        distance = abs((candidate - reference).days)
        if candidate <= reference:
            distance -= 1  # a tie goes to the past
        if best_distance is None or distance < best_distance:
            best_year, best_distance = year, distance
    return best_year


def most_recent_weekday(weekday: int, reference: dt.date) -> dt.date:
    """The latest day with this weekday on or before the reference date."""
    return reference - dt.timedelta(days=(reference.weekday() - weekday) % 7)


def resolve(match: re.Match[str], reference: dt.date | None) -> PartialDate | None:
    """The date a matched expression denotes, or None if it needs a reference we lack."""
    kind = match.lastgroup or ""
    groups = {
        name.rsplit("_", 1)[0]: value
        for name, value in match.groupdict().items()
        if value and "_" in name
    }
    try:
        if kind in _ABSOLUTE_KINDS:
            return _absolute(kind, groups)
        if reference is None:
            return None
        return _anchored(kind, groups, reference)
    except ValueError:  # e.g. "February 30"
        return None


_ABSOLUTE_KINDS = frozenset({"iso", "mdy", "dmy", "my", "year"})


def _absolute(kind: str, groups: dict[str, str]) -> PartialDate:
    """A date that names its year."""
    year = int(groups["y"])
    if kind == "year":
        return PartialDate(year=year)
    month = int(groups["m"]) if kind == "iso" else month_number(groups["mon"])
    if kind == "my":
        return PartialDate(year=year, month=month)
    return PartialDate(year=year, month=month, day=int(groups["d"]))


def _anchored(kind: str, groups: dict[str, str], reference: dt.date) -> PartialDate | None:
    """A date resolved against the reference (publication) date."""
    if kind == "md":
        month, day = month_number(groups["mon"]), int(groups["d"])
        return PartialDate(year=nearest_year(month, day, reference), month=month, day=day)
    if kind in ("part_month", "prep_month"):
        month = month_number(groups["mon"])
        prep = groups.get("prep", "").lower()
        forward = prep in {"next", "until", "through", "by"}
        year, same = reference.year, month == reference.month
        if forward and (month < reference.month or (same and prep == "next")):
            year += 1
        elif not forward and (month > reference.month or (same and prep == "last")):
            year -= 1  # a bare month in a report names the latest such month
        return PartialDate(year=year, month=month)
    if kind == "weekday":
        return PartialDate.of(most_recent_weekday(_WEEKDAYS[groups["wd"].lower()], reference))
    if kind == "deictic":
        offset = 1 if groups["deictic"].lower() == "yesterday" else 0
        return PartialDate.of(reference - dt.timedelta(days=offset))
    if kind == "relative":
        return _relative(groups["rel"], groups["unit"], reference)
    return None


def _relative(which: str, unit: str, reference: dt.date) -> PartialDate:
    step = {"last": -1, "next": 1}.get(which, 0)
    if unit == "year":
        return PartialDate(year=reference.year + step)
    if unit == "week":
        # a week is finer than a month but has no precision of its own: keep its month
        return PartialDate.of(reference + dt.timedelta(weeks=step), DatePrecision.MONTH)
    month_index = reference.year * 12 + reference.month - 1 + step
    return PartialDate(year=month_index // 12, month=month_index % 12 + 1)


def _role(text: str, start: int) -> str:
    before = text[max(0, start - 40):start]
    if _END_CUES.search(before):
        return "end"
    if _START_CUES.search(before):
        return "start"
    return "date"


def find_times(text: str, reference: dt.date | None) -> list[FoundTime]:
    """Every date and duration expression in `text`, resolved against `reference`."""
    return list(_find_times_cached(text, reference))


@lru_cache(maxsize=4096)
def _find_times_cached(text: str, reference: dt.date | None) -> tuple[FoundTime, ...]:
    found: list[FoundTime] = []
    for match in _DATE_RE.finditer(text):
        date = resolve(match, reference)
        role = _role(text, match.start())
        first_word = match.group().split()[0].lower()
        if first_word in {"until", "through", "by"}:
            role = "end"
        elif first_word in {"since", "from"}:
            role = "start"
        found.append(FoundTime(match.start(), match.end(), match.group(), date, role))
    for match in _DURATION_RE.finditer(text):
        number_text = match.group("n").lower()
        digits = number_text.replace(",", "")
        number = int(digits) if digits.isdigit() else _NUMBER_WORDS[number_text]
        if number == 0:
            continue
        unit = match.group("unit").lower()[0].upper()
        found.append(FoundTime(match.start(), match.end(), match.group(), None, "duration",
                               duration=f"P{number}{unit}"))
    found.sort(key=lambda t: t.start)
    return tuple(found)


def add_duration(date: PartialDate, duration: str) -> PartialDate | None:
    """`date` + an ISO duration of days, weeks, months or years (day-precise dates only)."""
    if date.precision is not DatePrecision.DAY:
        return None
    match = re.fullmatch(r"P(\d+)([DWMY])", duration)
    if not match:
        return None
    amount, unit = int(match.group(1)), match.group(2)
    start = date.first_day()
    if unit in "DW":
        end = start + dt.timedelta(days=amount * (7 if unit == "W" else 1))
    else:
        months = amount * (12 if unit == "Y" else 1)
        index = start.year * 12 + start.month - 1 + months
        year, month = index // 12, index % 12 + 1
        end = dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
    return PartialDate.of(end)
