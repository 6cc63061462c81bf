"""When an action happened: the dates of its own clause, else the document's date for an
official document's own act, else (in news) around publication.

A sentence often holds dates of other things: a relative clause about an earlier act
("..., which were added to the Entity List on May 16, 2019"), a cited rule ("(84 FR
22961, May 21, 2019)", "published in a final rule on February 14, 2022", "the May 21
rule"). An action takes only the dates of its own clause, and never a cited rule's: a
missing date is better than a wrong one.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from tradegraph.ingest.analysis import Analysis, Sentence, TimeExpression
from tradegraph.ingest.genres import Genre
from tradegraph.ingest.stages.context_roles import speech_spans
from tradegraph.ingest.timenorm import add_duration
from tradegraph.ontology.models import DatePrecision, PartialDate, Status

DURATION_DISTANCE = 6
"""Most tokens between a trigger and a duration that belongs to it ("90-day reprieve")."""
_RELATIVE_PRONOUNS = frozenset({"which", "who", "whom", "whose"})
_RELATIVE_THAT_VERBS = frozenset({"was", "were", "is", "are", "had", "have", "has", "will"})
_CITING_WORDS = frozenset({"published", "issued", "promulgated"})
_CITED_HEADS = frozenset({"rule", "rules", "order", "orders", "notice", "notices"})
_CITATION = re.compile(r"\b\d+\s+(?:FR|Fed\.\s*Reg\.)\s+\d+")
_RECALL_WORDS = frozenset({"after", "since", "before"})
_NEWS_GENRES = frozenset({Genre.NEWS, Genre.UNKNOWN})
_SAID_AHEAD = frozenset({Status.PROPOSED, Status.INTENDED, Status.ANNOUNCED})
"""Statuses of what a speaker says will be done: announced on the day it is said."""
_RECALL_WINDOW = 4
_POINTS_BACK = re.compile(  # not "this rule": in a rule, that is the rule itself
    r"(?:that|the\s+same)\s+(?:final\s+|interim\s+final\s+|proposed\s+)?"
    r"(?:rule|order|notice|amendment|decision)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    """A trigger's token span in its sentence."""

    start: int
    end: int
    sentence: Sentence
    clause: tuple[int, int] | None = None
    """Token bounds of the trigger's clause, once found (see `clause_of`)."""


@dataclass
class ActionTime:
    """The time fields of one action."""

    date: PartialDate | None = None
    start_date: PartialDate | None = None
    end_date: PartialDate | None = None
    duration: str | None = None

    def fields(self) -> dict[str, PartialDate | str | None]:
        """As keyword arguments of `Action`."""
        return {"date": self.date, "start_date": self.start_date, "end_date": self.end_date,
                "duration": self.duration}


def clause_of(doc: Doc, span: Span) -> tuple[int, int]:
    """Token bounds of the clause holding the trigger: up to a semicolon or a relative
    pronoun ("which", "who", "that were") on either side."""
    return span.clause if span.clause is not None else _clause_bounds(doc, span)


def with_clause(doc: Doc, span: Span) -> Span:
    """The span with its clause found once (several rules ask for it)."""
    return replace(span, clause=_clause_bounds(doc, span))


def _clause_bounds(doc: Doc, span: Span) -> tuple[int, int]:
    sentence = span.sentence
    start = sentence.token_start
    for index in range(span.start - 1, sentence.token_start - 1, -1):
        if _opens_clause(doc, index, sentence.token_end):
            start = index + (doc[index].text == ";")
            break
    end = sentence.token_end
    for index in range(span.end, sentence.token_end):
        if _opens_clause(doc, index, sentence.token_end):
            end = index
            break
    return start, end


def _opens_clause(doc: Doc, index: int, limit: int) -> bool:
    word = doc[index].lower_
    if word == ";" or word in _RELATIVE_PRONOUNS:
        return True
    return (word == "that" and index + 1 < limit
            and doc[index + 1].lower_ in _RELATIVE_THAT_VERBS)


def _parenthesised(doc: Doc, sentence: Sentence) -> list[tuple[int, int]]:
    """Token spans of the parenthetical groups of a sentence, brackets included."""
    groups, opened = [], []
    for index in range(sentence.token_start, sentence.token_end):
        if doc[index].text == "(":
            opened.append(index)
        elif doc[index].text == ")" and opened:
            groups.append((opened.pop(), index + 1))
    return groups


def cites_a_rule(doc: Doc, time: TimeExpression, trigger: Span) -> bool:
    """Whether a date is a cited rule's: "the May 21 rule", "published in a final rule
    on February 14, 2022", "the rule published on May 21, 2019"."""
    if time.date is None:
        return False
    sentence = trigger.sentence
    after = doc[time.token_end:min(time.token_end + 2, sentence.token_end)]
    if any(token.lower_ in _CITED_HEADS for token in after):
        return True
    for index in range(max(sentence.token_start, time.token_start - 6), time.token_start):
        if doc[index].lower_ not in _CITING_WORDS or trigger.start <= index < trigger.end:
            continue
        # "the rule published on ...", "published in a final rule on ..." (but "the
        # denial order issued on ..." dates the order the trigger names)
        near = range(max(sentence.token_start, index - 3), time.token_start)
        if any(doc[i].lower_ in _CITED_HEADS and not trigger.start <= i < trigger.end
               for i in near):
            return True
    return False


def own_clause_times(analysis: Analysis, span: Span) -> list[TimeExpression]:
    """The time expressions of the trigger's clause, without parentheticals the trigger is
    not in, cited rules' dates, or what precedes a recall word ("months after X was added
    in May": only what the recalled act's own clause says)."""
    doc = analysis.doc
    start, end = clause_of(doc, span)
    recall = _recall_word(doc, span)
    if recall is not None:
        start = max(start, recall)
    outside = [(a, b) for a, b in _parenthesised(doc, span.sentence)
               if not a <= span.start < b]
    text = analysis.normalized.text
    found = []
    for time in analysis.times_in(span.sentence.index):
        if not start <= time.token_start < end:
            continue
        if any(a <= time.token_start < b for a, b in outside):
            continue
        if cites_a_rule(doc, time, span) or _CITATION.search(
                text[max(0, time.start - 20):time.end + 20]):
            continue
        found.append(time)
    return found


def _recall_word(doc: Doc, span: Span) -> int | None:
    """Token index of an 'after' / 'since' / 'before' just ahead of the trigger, if any."""
    for index in range(span.start - 1, max(span.sentence.token_start - 1,
                                            span.start - _RECALL_WINDOW - 1), -1):
        if doc[index].lower_ in _RECALL_WORDS:
            return index
    return None


_PRESENT_PERFECT = frozenset({"has", "have", "'ve", "’ve"})
_PERFECT_WINDOW = 3


def in_present_perfect(doc: Doc, span: Span) -> bool:
    """Whether the trigger's verb is in the present perfect ("many firms have resumed
    shipments"): the state it reports holds at publication (not "had": that is before
    another past)."""
    start = max(span.sentence.token_start, span.start - _PERFECT_WINDOW)
    words = [token.lower_ for token in doc[start:span.end]]
    return any(word in _PRESENT_PERFECT and following.endswith(("ed", "en"))
               for word, following in itertools.pairwise(words))


def recalled(doc: Doc, span: Span) -> bool:
    """Whether a recall word closely precedes the trigger ("since it was added")."""
    return _recall_word(doc, span) is not None


def _nearest(times: list[TimeExpression], span: Span) -> TimeExpression | None:
    if not times:
        return None
    return min(times, key=lambda t: min(abs(t.token_start - span.end),
                                        abs(span.start - t.token_end)))


def antecedent_dates(analysis: Analysis, span: Span) -> list[TimeExpression]:
    """"... published in a final rule on February 14, 2022. That final rule amended
    ...": a sentence that opens by pointing back at a rule or order takes the dates of
    the sentence before."""
    sentence = span.sentence
    opening = analysis.normalized.text[sentence.start:sentence.start + 40]
    if sentence.index == 0 or not _POINTS_BACK.match(opening):
        return []
    return [t for t in analysis.times_in(sentence.index - 1) if t.date is not None]


def coordinated_dates(analysis: Analysis, times: list[TimeExpression]) -> list[PartialDate]:
    """Dates of one kind joined by "and" ("in October 2019 and June 2020, actions that
    together added ..."): each dates an act of its own. Empty unless there are several."""
    dated = [t for t in times if t.date is not None and t.role == "date"]
    if len(dated) < 2:
        return []
    doc = analysis.doc
    for left, right in itertools.pairwise(dated):
        between = [token.lower_ for token in doc[left.token_end:right.token_start]]
        if between not in (["and"], [",", "and"], [","]):
            return []
    return [t.date for t in dated if t.date is not None]


def action_time(analysis: Analysis, span: Span, times: list[TimeExpression]) -> ActionTime:
    """The date, start, end and duration the given clause times state for the trigger."""
    dated = [t for t in times if t.date is not None]
    if not dated:
        dated = antecedent_dates(analysis, span)
    date = _nearest([t for t in dated if t.role == "date"], span)
    start = _nearest([t for t in dated if t.role == "start"], span)
    # several end dates ("remove the expiration date of May 1 and substitute the date
    # of June 1"): an amendment moves an end later, so the latest is the one in force
    ends = [t for t in dated if t.role == "end"]
    end = max(ends, key=lambda t: t.date.first_day() if t.date else dt.date.min, default=None)
    duration = _nearest([t for t in times if t.duration and (
        abs(t.token_start - span.end) <= DURATION_DISTANCE
        or abs(span.start - t.token_end) <= DURATION_DISTANCE)], span)
    return ActionTime(
        date=date.date if date else (start.date if start else None),
        start_date=start.date if start and date else None,
        end_date=end.date if end else None,
        duration=duration.duration if duration else None)


def default_date(analysis: Analysis, *, own: bool, current: bool,
                 reported: bool = False) -> PartialDate | None:
    """The date of an action whose clause gives none: an official document's own act
    takes the document's date; in news, an action of a type reported as current takes the
    month of publication, or its day when a speaker's words report it ("the department
    said it intends to deny ...", with no day of its own: news reports what was said on
    the day it appears); a report recounts history: its undated acts stay undated;
    anything else stays undated."""
    if own:
        return analysis.layout.own_date
    published = analysis.document.published
    if current and published and analysis.layout.genre in _NEWS_GENRES:
        return PartialDate.of(published, DatePrecision.DAY if reported else DatePrecision.MONTH)
    return None


def undated_act_date(analysis: Analysis, span: Span, *, own: bool, current_type: bool,
                     passive: bool, reported: bool, status: Status) -> PartialDate | None:
    """The date of an act whose own clause gives none (see `default_date`): reported as
    current when of a type news reports as it happens, or stated in the present perfect
    ("have resumed shipments"), unless it is a recall; what an official's quoted words in
    an official document say will be done ("I will be proposing changes to the tariffs")
    is announced on the document's day."""
    doc = analysis.doc
    if not own and status in _SAID_AHEAD and analysis.layout.official and _in_quotation(
            analysis, doc[span.start].idx):
        return analysis.layout.own_date
    current = (current_type or in_present_perfect(doc, span)) and not passive \
        and not recalled(doc, span)
    # "said it had received ...": the past perfect puts the act before the words
    return default_date(analysis, own=own, current=current,
                        reported=reported and not _in_past_perfect(doc, span))


def _in_past_perfect(doc: Doc, span: Span) -> bool:
    start = max(span.sentence.token_start, span.start - _PERFECT_WINDOW)
    return any(token.lower_ in ("had", "'d", "’d") for token in doc[start:span.start])


def _in_quotation(analysis: Analysis, char: int) -> bool:
    return any(start <= char < end for start, end in speech_spans(analysis))


def finish(time: ActionTime) -> ActionTime:
    """An end date from the date and a duration, when the text gives no end."""
    if time.end_date is None and time.duration and time.date is not None:
        time.end_date = add_duration(time.date, time.duration)
    return time
