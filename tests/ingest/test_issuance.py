"""The date an official document's own action carries: effective, adopted or published."""

from __future__ import annotations

import datetime as dt

import pytest

from tradegraph.ingest.issuance import issuance_date, stated_dates

PUBLISHED = dt.date(2021, 3, 10)


@pytest.mark.parametrize(("text", "expected"), [
    ("SUMMARY: The agency revises its rules.\nDATES: This rule is effective March 4, 2021.",
     dt.date(2021, 3, 4)),
    ("The amendments are effective on March 1, 2021, for all exporters.", dt.date(2021, 3, 1)),
    ("DATES:\n\nEffective March 5, 2021.\n", dt.date(2021, 3, 5)),
    ("Publication date\n2021-03-10\nEffective date\n2021-03-02\n", dt.date(2021, 3, 2)),
    ("This is a summary of the Order in Docket No. 20-1, adopted February 18, 2021 and "
     "released February 22, 2021.", dt.date(2021, 2, 18)),
])
def test_the_documents_own_effective_or_adoption_date_comes_first(text: str,
                                                                   expected: dt.date) -> None:
    assert issuance_date(text, PUBLISHED).first_day() == expected


@pytest.mark.parametrize("text", [
    # a date for something else the rule mentions, not for the rule itself
    "The rule extends a temporary general license, effective January 5, 2021, that allowed "
    "certain exports.",
    # a future effective date: the action dates from its publication
    "This rule is effective April 9, 2021.",
    # adopted, but not the summary formula of an order
    "The Commission adopted February 18, 2021 as the deadline.",
    # a long-past date is a recalled one
    "This rule is effective March 4, 2015.",
    "No dates at all.",
])
def test_other_dates_leave_the_publication_date(text: str) -> None:
    assert issuance_date(text, PUBLISHED).first_day() == PUBLISHED


def test_stated_dates_are_listed_in_text_order() -> None:
    text = "DATES: Effective March 5, 2021.\nThe interim final rule is effective March 1, 2021."
    assert stated_dates(text, PUBLISHED) == [dt.date(2021, 3, 5), dt.date(2021, 3, 1)]
