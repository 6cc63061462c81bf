"""When an official document's own action took effect: the date an undated action of a rule,
order or notice carries.

A Federal Register rule is published days after it was signed, and often takes effect on
the day the agency acted ("DATES: This rule is effective November 18, 2019"); an FCC
order is "adopted" weeks before publication. The action the document itself performs
dates from the earliest of its effective date, its adoption date and its publication.
Dates stated for other things ("a temporary general license, effective May 20, 2019")
are not cues: only the document's own statements, in the forms these documents use.
"""

from __future__ import annotations

import datetime as dt
import re

from tradegraph.ingest.timenorm import find_times
from tradegraph.ontology.models import DatePrecision, PartialDate

_DOCUMENT = (r"(?:final\s+|interim\s+final\s+|direct\s+final\s+|temporary\s+)?"
             r"(?:rule|order|regulation|amendment|notice|action)s?")
_CUES = re.compile(
    # "This rule is effective November 18, 2019", "The amendments are effective on ..."
    rf"\b(?:this|these|the)\s+{_DOCUMENT}\s+(?:is|are|becomes?|will\s+be|shall\s+be)\s+"
    r"effective(?:\s+on|\s+as\s+of)?"
    # "DATES: Effective ...", a line "Effective January 3, 2020.", a label "Effective date"
    r"|^[ \t]*(?:DATES:\s*)?Effective(?:\s+[Dd]ate)?(?:\s+on)?:?"
    # the FCC's summary convention: "adopted November 22, 2019 and released ..."
    r"|\badopted(?:\s+on)?(?=\s+\w+\.?\s+\d{1,2},\s+\d{4},?\s+and\s+released)",
    re.IGNORECASE | re.MULTILINE,
)
_REACH = 40
"""Most characters between a cue and its date."""


def stated_dates(text: str, published: dt.date | None) -> list[dt.date]:
    """Full dates the text gives for its own effect or adoption, in text order."""
    found = []
    for cue in _CUES.finditer(text):
        window = text[cue.end():cue.end() + _REACH]
        times = [t for t in find_times(window, published) if t.date is not None]
        if times and window[:times[0].start].strip(" \t\n:,") == "":
            date = times[0].date
            if date is not None and date.precision is DatePrecision.DAY:
                found.append(date.first_day())
    return found


def issuance_date(text: str, published: dt.date,
                  noted: list[dt.date] | None = None) -> PartialDate:
    """The day an official document's own action dates from: the earliest of its stated
    effective or adoption dates, the dates its header notes (`noted`: signed, adopted,
    effective) and its publication. A date more than a year before publication is a
    recalled one, not the document's own."""
    earliest = published
    for date in [*(noted or []), *stated_dates(text, published)]:
        if dt.timedelta(0) <= published - date <= dt.timedelta(days=366) and date < earliest:
            earliest = date
    return PartialDate.of(earliest, DatePrecision.DAY)
