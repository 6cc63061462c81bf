"""The one time axis the timeline's charts share: the lifecycles above and the dated actions
below use the same dates from left to right and leave the same room for their lane names,
so a day sits at the same place in both and a report lines up with its bar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import altair as alt

LANE_WIDTH = 240
"""Pixels for the lane names left of every chart (the same in all, so the plots align)."""
BEFORE = dt.timedelta(days=30)
AFTER = dt.timedelta(days=60)
"""Room on each side of the first and last event, so no mark sits on the frame."""


def when(date: str) -> str:
    """A partial date placed on the time axis: a year at 1 January, a month at its 1st.

    >>> when("2019"), when("2019-05"), when("2019-05-16")
    ('2019-01-01', '2019-05-01', '2019-05-16')
    """
    return {4: f"{date}-01-01", 7: f"{date}-01"}.get(len(date), date)


def domain(dates: Iterable[str], today: dt.date | None = None) -> tuple[str, str] | None:
    """The axis's first and last day: a month before the first event, two after the last
    (but not past today); None when there is no date.

    >>> domain(["2019-05-16", "2020", "2019-08"], today=dt.date(2030, 1, 1))
    ('2019-04-16', '2020-03-01')
    """
    days = sorted(dt.date.fromisoformat(when(d)[:10]) for d in dates if d)
    if not days:
        return None
    last = days[-1] + AFTER
    if today is not None:
        last = max(min(last, today), days[-1])
    return (days[0] - BEFORE).isoformat(), last.isoformat()


def x(field: str, span: tuple[str, str] | None) -> alt.X:
    """The shared x encoding of a temporal field, on the axis `span`."""
    scale = alt.Scale(domain=list(span)) if span else alt.Undefined
    return alt.X(f"{field}:T", title=None, scale=scale,
                 axis=alt.Axis(format="%Y-%m", labelAngle=-35, grid=True, labelOverlap=True))


def lanes(sort: list[str]) -> alt.Y:
    """The y encoding of the lane names, `LANE_WIDTH` wide whatever the names."""
    return alt.Y("lane:N", sort=sort, title=None,
                 axis=alt.Axis(labelLimit=LANE_WIDTH - 12, minExtent=LANE_WIDTH,
                               maxExtent=LANE_WIDTH, labelFontSize=12, labelOverlap=False))
