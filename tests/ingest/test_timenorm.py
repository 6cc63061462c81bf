"""Time normalisation: dates and durations resolved against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from tradegraph.ingest.timenorm import (
    FoundTime,
    add_duration,
    find_times,
    month_number,
    most_recent_weekday,
    nearest_year,
)
from tradegraph.ontology.models import DatePrecision, PartialDate

WEDNESDAY = dt.date(2019, 11, 20)
"""A publication date: Wednesday, 20 November 2019."""


def only_time(text: str, reference: dt.date | None = WEDNESDAY) -> FoundTime:
    found = find_times(text, reference)
    assert len(found) == 1, found
    return found[0]


def resolved(text: str, reference: dt.date | None = WEDNESDAY) -> str | None:
    date = only_time(text, reference).date
    return date.isoformat() if date else None


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("The rule was announced Wednesday", "2019-11-20", DatePrecision.DAY),
        ("officials said on Monday", "2019-11-18", DatePrecision.DAY),
        ("late Thursday night", "2019-11-14", DatePrecision.DAY),
        ("the agency said this week", "2019-11", DatePrecision.MONTH),
        ("the agency said last week", "2019-11", DatePrecision.MONTH),
        ("the agency said last month", "2019-10", DatePrecision.MONTH),
        ("a decision is due next year", "2020", DatePrecision.YEAR),
        ("it was put on the list in May", "2019-05", DatePrecision.MONTH),
        ("talks resumed in early October", "2019-10", DatePrecision.MONTH),
        ("the order came in mid-March", "2019-03", DatePrecision.MONTH),
        ("the deadline is Nov. 19 for comments", "2019-11-19", DatePrecision.DAY),
        ("licenses are due Sept. 3 at the latest", "2019-09-03", DatePrecision.DAY),
        ("it was listed on May 15, 2019", "2019-05-15", DatePrecision.DAY),
        ("it was listed on 15 May 2019", "2019-05-15", DatePrecision.DAY),
        ("the rule of 2019-05-16 applies", "2019-05-16", DatePrecision.DAY),
        ("in December 2020 the list grew", "2020-12", DatePrecision.MONTH),
        ("the company was listed in 2018", "2018", DatePrecision.YEAR),
        ("sales fell in late 2020", "2020", DatePrecision.YEAR),
        ("the ministry said yesterday", "2019-11-19", DatePrecision.DAY),
    ],
)
def test_date_expressions(text: str, expected: str, precision: DatePrecision) -> None:
    date = only_time(text).date
    assert date is not None
    assert date.isoformat() == expected
    assert date.precision is precision


def test_dates_are_relative_to_the_publication_date() -> None:
    text = "Commerce acted on Friday in May"
    assert [str(t.date) for t in find_times(text, dt.date(2019, 5, 22))] == [
        "2019-05-17", "2019-05"]
    assert [str(t.date) for t in find_times(text, dt.date(2020, 3, 2))] == [
        "2020-02-28", "2019-05"]


def test_weekday_on_the_publication_day_is_that_day() -> None:
    assert resolved("announced Wednesday", WEDNESDAY) == "2019-11-20"
    assert resolved("announced Thursday", WEDNESDAY) == "2019-11-14"


def test_day_without_year_takes_the_nearest_year() -> None:
    assert resolved("on Dec. 30", dt.date(2020, 1, 3)) == "2019-12-30"
    assert resolved("on Jan. 2", dt.date(2019, 12, 30)) == "2020-01-02"


def test_looking_ahead_picks_the_coming_month() -> None:
    found = only_time("the license runs until February", WEDNESDAY)
    assert str(found.date) == "2020-02"
    assert found.role == "end"


def test_relative_dates_need_a_reference() -> None:
    assert resolved("announced Wednesday", None) is None
    assert resolved("in early October", None) is None
    assert resolved("on May 15, 2019", None) == "2019-05-15"


def test_impossible_dates_resolve_to_nothing() -> None:
    assert resolved("on February 30, 2019") is None


# -------------------------------------------------------------- sentence ends and hard cases


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Huawei was put on the Entity List in May.", "2019-05"),
        ("The talks resume in early October.", "2019-10"),
        ("The order was lifted in July.", "2019-07"),
    ],
)
def test_month_at_the_end_of_a_sentence(text: str, expected: str) -> None:
    assert resolved(text) == expected


def test_next_and_last_month_name_in_that_same_month() -> None:
    published_in_may = dt.date(2019, 5, 20)
    assert resolved("the tariffs rise next May", published_in_may) == "2020-05"
    assert resolved("the tariffs rose last May", published_in_may) == "2018-05"
    assert resolved("the rule is due in May", published_in_may) == "2019-05"


def test_iso_date_after_a_preposition_keeps_its_day() -> None:
    found = only_time("the rule applies from 2019-05-16 on")
    assert str(found.date) == "2019-05-16"
    assert found.role == "start"


# ------------------------------------------------------------------ roles


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("effective May 16, 2019", "start"),
        ("the license expires on Aug. 19", "end"),
        ("extended through Aug. 19", "end"),
        ("listed since 2018", "start"),
        ("valid until next month", "end"),
        ("added on May 16, 2019", "date"),
    ],
)
def test_start_and_end_roles(text: str, role: str) -> None:
    assert only_time(text).role == role


# ------------------------------------------------------------------ durations


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("a 90-day reprieve", "P90D"),
        ("for 90 days", "P90D"),
        ("for seven years", "P7Y"),
        ("a one-year ban", "P1Y"),
        ("extended for forty-five days", "P45D"),
        ("within one hundred eighty days", "P180D"),
        ("over three months", "P3M"),
        ("in two weeks", "P2W"),
        ("a 1,000 days wait", "P1000D"),
    ],
)
def test_durations(text: str, duration: str) -> None:
    found = only_time(text)
    assert found.role == "duration"
    assert found.duration == duration
    assert found.date is None


@pytest.mark.parametrize("text", ["0 days later", "after 1.5 days"])
def test_no_duration_from_zero_or_a_fraction(text: str) -> None:
    assert [t for t in find_times(text, None) if t.role == "duration"] == []


def test_duration_gives_an_end_date() -> None:
    start = PartialDate(year=2019, month=5, day=20)
    assert str(add_duration(start, "P90D")) == "2019-08-18"
    assert str(add_duration(start, "P2W")) == "2019-06-03"
    assert str(add_duration(start, "P7Y")) == "2026-05-20"
    assert str(add_duration(PartialDate(year=2020, month=1, day=31), "P1M")) == "2020-02-29"


def test_duration_needs_a_day_precise_start() -> None:
    assert add_duration(PartialDate(year=2019, month=5), "P90D") is None
    assert add_duration(PartialDate(year=2019, month=5, day=20), "P1Y2M") is None


def test_expressions_come_in_text_order_with_spans() -> None:
    text = "On May 20, 2019, Commerce issued a 90-day license, effective Monday."
    found = find_times(text, dt.date(2019, 5, 22))
    assert [t.text for t in found] == ["May 20, 2019", "90-day", "Monday"]
    assert all(text[t.start:t.end] == t.text for t in found)
    assert [t.role for t in found] == ["date", "duration", "start"]


# ------------------------------------------------------------------ helpers


def test_month_numbers() -> None:
    assert [month_number(m) for m in ("May", "Sept.", "Sep.", "december", "Jan.")] == [
        5, 9, 9, 12, 1]


def test_nearest_year_prefers_the_past_on_a_tie() -> None:
    reference = dt.date(2019, 7, 1)
    assert nearest_year(1, None, reference) == 2019
    assert nearest_year(12, 31, dt.date(2019, 1, 1)) == 2018


def test_most_recent_weekday() -> None:
    assert most_recent_weekday(2, WEDNESDAY) == WEDNESDAY
    assert most_recent_weekday(3, WEDNESDAY) == dt.date(2019, 11, 14)
