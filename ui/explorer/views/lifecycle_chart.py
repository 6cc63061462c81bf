"""An entity's lifecycles as a time chart: one bar per standing (when an action applied to
it), from its start to the day it ended or expires (open bars run to today, lighter), in a
lane per regime and action; a tick for every report of the action (the reporting
document's date) and a diamond for every deadline it set (open ones hollow)."""

from __future__ import annotations

import datetime as dt

import altair as alt
import streamlit as st

from tradegraph.ui.explorer import real_actions
from tradegraph.ui.explorer.data import Store
from tradegraph.ui.explorer.palette import ACTION_COLOURS, OTHER_ACTION
from tradegraph.ui.explorer.queries import action_pages as qa

_REGIMES = {"EntityListAddition": "Entity List", "TemporaryGeneralLicense": "TGL",
            "DenialOrder": "denial order", "Sanction": "sanction", "Designation": "designation",
            "Regulation": "regulation"}


def data(store: Store, entity: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(bars, marks) of the entity's lifecycles, for the chart."""
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
        lane = f"{_REGIMES.get(action.cls, action.type)} · {row['from']}"
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


def render(store: Store, entity: str) -> None:
    """Draw the lifecycle chart of the entity (a caption if it has no standings)."""
    with st.spinner("reading the lifecycles…"):
        bars, marks = data(store, entity)
    st.subheader("Lifecycles")
    if not bars:
        st.caption("no standings recorded: nothing applied to it for a time")
        return
    lanes = [b["lane"] for b in sorted(bars, key=lambda b: b["start"])]
    present = sorted({b["cls"] for b in bars})
    colour = alt.Color("cls:N", legend=None, scale=alt.Scale(
        domain=present, range=[ACTION_COLOURS.get(c, OTHER_ACTION) for c in present]))
    y = alt.Y("lane:N", sort=lanes, title=None,
              axis=alt.Axis(labelLimit=0, labelFontSize=12, labelOverlap=False))
    x_axis = alt.Axis(format="%Y-%m", labelAngle=-35, grid=True, labelOverlap=True)
    # Open bars run to today; the axis ends half a year after the last dated event, so a
    # history of 2019-2020 is not squeezed into the left edge of a decade.
    events = [b["until"] for b in bars if b["open"] == "ended"] + [m["day"] for m in marks] \
        + [b["start"] for b in bars]
    last = dt.date.fromisoformat(max(events)[:10]) + dt.timedelta(days=180)
    first = dt.date.fromisoformat(min(b["start"] for b in bars)[:10]) - dt.timedelta(days=30)
    x_scale = alt.Scale(domain=[first.isoformat(), min(last, dt.date.today()).isoformat()])
    spans = alt.Chart(alt.InlineData(values=bars)).mark_bar(
        height=14, cornerRadius=3, clip=True).encode(
        x=alt.X("start:T", title=None, axis=x_axis, scale=x_scale), x2="end:T", y=y,
        color=colour,
        opacity=alt.condition(alt.datum.open == "open", alt.value(0.45), alt.value(0.9)),
        tooltip=["type:N", alt.Tooltip("start:N", title="from"),
                 alt.Tooltip("until:N", title="until"), "record:N"])
    layers: list[alt.Chart] = [spans]
    if marks:
        layers.append(alt.Chart(alt.InlineData(values=marks)).mark_point(
            filled=True, size=90, color="#111827", clip=True).encode(
            x=alt.X("day:T", scale=x_scale), y=y,
            shape=alt.Shape("what:N", scale=alt.Scale(
                domain=["report", "deadline", "deadline (followed up)"],
                range=["triangle-down", "diamond", "diamond"]), legend=alt.Legend(
                title=None, orient="bottom")),
            tooltip=["what:N", alt.Tooltip("day:N", title="date"), "detail:N"]))
    height = 120 + 30 * len(lanes)  # Streamlit fits axes and legend into the height too
    st.altair_chart(alt.layer(*[layer.properties(height=height) for layer in layers]),
                    width="stretch")
    st.caption("Bars: when each action applied (lighter: still open, drawn to today). "
               "Marks: the reports of each action and the deadlines it set.")
