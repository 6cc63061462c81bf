"""Timeline: real actions over time for a firm, an agency or everything, one lane per action
type named as people say it, a dated tick per month or year, tooltips and date filters that
keep what is plotted (an action's best date: effective, else published, announced, dated,
first reported). A click on a point opens the action with its evidence sentence
highlighted (URL `action`). For one entity, its lifecycles are drawn above on the same time
axis: bars from when each action applied to when it ended or expires, a mark for an act
with no duration, and marks for every report and deadline."""

from __future__ import annotations

import datetime as dt
from html import escape

import altair as alt
import streamlit as st

from tradegraph.ui.explorer import queries, real_actions, state, time_axis
from tradegraph.ui.explorer.data import Store
from tradegraph.ui.explorer.names import action_type, local_name
from tradegraph.ui.explorer.palette import ACTION_COLOURS, OTHER_ACTION
from tradegraph.ui.explorer.tables import date_cell, table
from tradegraph.ui.explorer.views import action_card, lifecycle_chart

TABLE_ROWS = 200
"""Rows of the table under the chart (the newest)."""
LIMIT = 1000
"""Actions drawn when the timeline is of everything (the newest by their plotted date)."""


def render(store: Store) -> None:
    """Draw the page."""
    st.title("Timeline")
    center = state.param("iri")
    type_names = [local_name(r["class"]) for r in store.select(queries.action_types())]
    types, start, end = state.action_filters(type_names, st.columns([3, 1, 1]))
    if center:
        label = store.labels([center]).get(center)
        st.markdown(f"Actions involving {state.entity_link(center, label)} · "
                    f"{state.link('show everything', 'timeline')}", unsafe_allow_html=True)
    with st.spinner("reading the actions…"):
        rows = points(store, center, types, start or None, end or None)
        bars, marks = lifecycle_chart.data(store, center) if center else ([], [])
    st.caption(f"{len(rows)} dated actions"
               + (f" (the newest {LIMIT:,})" if not center and len(rows) == LIMIT else ""))
    span = time_axis.domain([r["date"] for r in rows]
                            + [b["start"] for b in bars] + [b["until"] for b in bars
                                                            if b["open"] == "ended"]
                            + [m["day"] for m in marks], today=dt.date.today())
    if center:
        lifecycle_chart.render(bars, marks, span)
    if not rows:
        return
    st.subheader("Actions")
    picked = chart(rows, span)
    if picked:
        state.set_param("action", picked)
    chosen = state.param("action")
    if chosen:
        st.subheader("The action you chose")
        action_card.render(store, chosen)
    newest = list(reversed(rows))[:TABLE_ROWS]
    records = real_actions.load(store, [r["action"] for r in newest])
    table(["date", "type", "action", "legal record"],
          [[date_cell(r["date"]), escape(r["type"]), state.entity_link(r["action"], r["label"]),
            records[r["action"]].record if r["action"] in records else ""]
           for r in newest])


def points(store: Store, center: str | None, types: list[str], start: str | None,
           end: str | None) -> list[dict[str, str]]:
    """One row per dated real action (action, cls, type, date, label), oldest first: the
    date is the one plotted, and the one `start`..`end` filter on."""
    found = store.select(queries.timeline(center, types, start, end, limit=LIMIT))
    dated = {r["action"] or "": (local_name(r["class"]), r["date"] or "") for r in found}
    labels = store.labels(sorted(dated))
    rows = [{"action": action, "cls": cls, "type": action_type(cls), "date": date,
             "label": labels.get(action) or local_name(action)}
            for action, (cls, date) in dated.items() if date]
    return sorted(rows, key=lambda r: (r["date"], r["action"]))


def chart(rows: list[dict[str, str]], span: tuple[str, str] | None) -> str | None:
    """Draw the dot chart on the shared time axis; the IRI of the action clicked in this
    run, if any."""
    present = sorted({r["cls"] for r in rows})
    data = alt.InlineData(values=[{**r, "when": time_axis.when(r["date"]), "lane": r["type"]}
                                  for r in rows])
    pick = alt.selection_point(name="pick", fields=["action"], on="click")
    lanes = sorted({r["type"] for r in rows})
    dots = alt.Chart(data).mark_circle(size=150, opacity=0.85, stroke="#111827",
                                       strokeWidth=0.5, clip=True).encode(
        x=time_axis.x("when", span), y=time_axis.lanes(lanes),
        color=alt.Color("cls:N", legend=None, scale=alt.Scale(
            domain=present, range=[ACTION_COLOURS.get(c, OTHER_ACTION) for c in present])),
        size=alt.condition(pick, alt.value(260), alt.value(150)),
        tooltip=[alt.Tooltip("date:N", title="date"), alt.Tooltip("type:N", title="type"),
                 alt.Tooltip("label:N", title="action")],
    ).add_params(pick).properties(height=70 + 34 * len(lanes))  # axes fit in too
    event = st.altair_chart(dots, width="stretch", on_select="rerun", selection_mode="pick",
                            key="timeline-chart")
    chosen = (event.selection.get("pick") or []) if event and event.selection else []
    for item in chosen:
        if isinstance(item, dict) and item.get("action"):
            return str(item["action"])
    return None
