"""An entity's lifecycles as a time chart: one bar per standing (when an action applied to
it), from its start to the day it ended or expires (open bars run to today, lighter), in a
lane per regime and action; an act that applied for no time at all (it began and ended on
one day) is a mark of its own, not a bar of no length; a triangle for every report of the
action (the reporting document's date) and a diamond for every deadline it set. The time
axis is the timeline's (`time_axis`), so the lifecycles line up with the actions below."""

from __future__ import annotations

import datetime as dt

import altair as alt
import streamlit as st

from tradegraph.ontology.schema import schema
from tradegraph.ui.explorer import real_actions, time_axis
from tradegraph.ui.explorer.data import Store
from tradegraph.ui.explorer.palette import ACTION_COLOURS, OTHER_ACTION
from tradegraph.ui.explorer.queries import action_pages as qa


def data(store: Store, entity: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(bars, marks) of the entity's lifecycles, for `render`: a bar's `end` is the day
    it ended, or today while it is open."""
    standings = store.select(qa.standings_of(entity))
    actions = sorted({r["action"] or "" for r in standings})
    if not actions:
        return [], []
    found = real_actions.load(store, actions)
    today = dt.date.today().isoformat()
    bars, marks = [], []
    for row in standings:
        action = found.get(row["action"] or "")
        if action is None:
            continue
        meaning = schema().actions.get(action.cls)
        lane = f"{meaning.regime_label if meaning else action.type} · {row['from']}"
        until = row["until"] or ""
        bars.append({"lane": lane, "start": row["from"] or "", "end": until or today,
                     "open": "open" if not until else "ended", "cls": action.cls,
                     "type": action.type, "record": action.record,
                     "until": until or "in force", "action": action.iri})
        for doc, _ in action.reports.values():
            issued = next((q.issued for q in action.quotes if q.doc == doc and q.issued), "")
            if issued:
                marks.append({"lane": lane, "day": issued, "what": "report",
                              "detail": doc.rsplit("/", 1)[-1], "cls": action.cls})
    for row in store.chunked(qa.deadlines_of, actions):
        for bar in (b for b in bars if b["action"] == row["action"]):
            marks.append({"lane": bar["lane"], "day": row["due"] or "",
                          "what": "deadline" + (" (followed up)" if row["followUp"] else ""),
                          "detail": row["basis"] or "", "cls": bar["cls"]})
    return bars, marks


MARKS = {"report": "triangle-down", "deadline": "diamond", "deadline (followed up)": "diamond",
         "act (no duration)": "square"}
"""What each kind of mark is drawn as."""


def legend_kinds(marks: list[dict[str, str]], instants: list[dict[str, str]]) -> list[str]:
    """The kinds of mark the chart draws, in `MARKS` order: the legend names these only.

    >>> legend_kinds([{"what": "report"}], [])
    ['report']
    >>> legend_kinds([{"what": "deadline"}, {"what": "report"}], [{"what": "act (no duration)"}])
    ['report', 'deadline', 'act (no duration)']
    """
    drawn = {m["what"] for m in [*marks, *instants]}
    return [kind for kind in MARKS if kind in drawn]


def render(bars: list[dict[str, str]], marks: list[dict[str, str]],
           span: tuple[str, str] | None) -> None:
    """Draw the lifecycle chart of `data`'s bars and marks on the time axis `span` (a
    caption if there are none)."""
    st.subheader("Lifecycles")
    if not bars:
        st.caption("no standings recorded: nothing applied to it for a time")
        return
    lanes = [b["lane"] for b in sorted(bars, key=lambda b: b["start"])]
    spans = [b for b in bars if b["end"] > b["start"]]
    instants = [{"lane": b["lane"], "day": b["start"], "what": "act (no duration)",
                 "detail": f"{b['type']} · {b['record']}", "cls": b["cls"]}
                for b in bars if b["end"] <= b["start"]]
    present = sorted({b["cls"] for b in bars})
    colour = alt.Color("cls:N", legend=None, scale=alt.Scale(
        domain=present, range=[ACTION_COLOURS.get(c, OTHER_ACTION) for c in present]))
    y = time_axis.lanes(lanes)
    layers: list[alt.Chart] = []
    if spans:
        layers.append(alt.Chart(alt.InlineData(values=spans)).mark_bar(
            height=14, cornerRadius=3, clip=True).encode(
            x=time_axis.x("start", span), x2="end:T", y=y, color=colour,
            opacity=alt.condition(alt.datum.open == "open", alt.value(0.45), alt.value(0.9)),
            tooltip=["type:N", alt.Tooltip("start:N", title="from"),
                     alt.Tooltip("until:N", title="until"), "record:N"]))
    if instants:
        layers.append(alt.Chart(alt.InlineData(values=instants)).mark_point(
            filled=True, size=200, shape=MARKS["act (no duration)"], clip=True).encode(
            x=time_axis.x("day", span), y=y, color=colour,
            tooltip=["what:N", alt.Tooltip("day:N", title="date"), "detail:N"]))
    if marks:
        shown = legend_kinds(marks, instants)
        layers.append(alt.Chart(alt.InlineData(values=marks)).mark_point(
            filled=True, size=90, color="#111827", clip=True).encode(
            x=time_axis.x("day", span), y=y,
            shape=alt.Shape("what:N", scale=alt.Scale(domain=shown,
                                                      range=[MARKS[k] for k in shown]),
                            legend=alt.Legend(title=None, orient="bottom")),
            tooltip=["what:N", alt.Tooltip("day:N", title="date"), "detail:N"]))
    height = 120 + 30 * len(lanes)  # Streamlit fits axes and legend into the height too
    st.altair_chart(alt.layer(*[layer.properties(height=height) for layer in layers]),
                    width="stretch")
    st.caption("Bars: when each action applied (lighter: still open, drawn to today). "
               "Squares: acts that applied on one day only. Marks: the reports of each "
               "action and the deadlines it set.")
