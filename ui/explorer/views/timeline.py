"""Timeline: real actions over time for a firm, an agency or everything, one lane per action
type with its whole name, a dated tick per month or year, tooltips and date pickers. A
click on a point opens the action with its evidence sentence highlighted (URL `action`).
For one entity, its lifecycles are drawn above: bars from when each action applied to when
it ended or expires, with a mark for every report and deadline."""

from __future__ import annotations

import altair as alt
import streamlit as st

from tradegraph.ui.explorer import queries, real_actions, state
from tradegraph.ui.explorer.data import Store
from tradegraph.ui.explorer.palette import ACTION_COLOURS, OTHER_ACTION
from tradegraph.ui.explorer.queries import action_pages as qa
from tradegraph.ui.explorer.tables import local_name, table
from tradegraph.ui.explorer.views import action_card, lifecycle_chart

TABLE_ROWS = 200
"""Rows of the table under the chart (the newest)."""


def when(date: str) -> str:
    """A partial date placed on the time axis: a year at 1 January, a month at its 1st."""
    return {4: f"{date}-01-01", 7: f"{date}-01"}.get(len(date), date)


def best_date(dates: dict[str, str]) -> str:
    """The date shown for an action: effective, else published, announced, dated, first
    reported."""
    return next((dates[k] for k in qa.DATE_KINDS if k in dates), "")


def render(store: Store) -> None:
    """Draw the page."""
    st.title("Timeline")
    center = state.param("iri")
    type_rows = store.select(queries.action_types())
    type_names = [local_name(r["class"]) for r in type_rows]
    type_labels = {local_name(r["class"]): r["label"] or "" for r in type_rows}
    types, start, end = state.action_filters(type_names, st.columns([3, 1, 1]))
    if center:
        label = store.labels([center]).get(center)
        st.markdown(f"Actions involving {state.entity_link(center, label)} · "
                    f"{state.link('show everything', 'timeline')}", unsafe_allow_html=True)
    with st.spinner("reading the actions…"):
        rows = points(store, center, types, start or None, end or None)
    st.caption(f"{len(rows)} dated actions"
               + ("" if center else " (the most recently reported, at most 1,000)"))
    if center:
        lifecycle_chart.render(store, center)
    if not rows:
        return
    for row in rows:
        row["type"] = type_labels.get(row["cls"], row["cls"])
    picked = chart(rows)
    if picked:
        state.set_param("action", picked)
    chosen = state.param("action")
    if chosen:
        st.subheader("The action you chose")
        action_card.render(store, chosen)
    newest = list(reversed(rows))[:TABLE_ROWS]
    records = real_actions.load(store, [r["action"] for r in newest])
    table(["date", "type", "action", "legal record"],
          [[r["date"], r["type"], state.entity_link(r["action"], r["label"]),
            records[r["action"]].record if r["action"] in records else ""]
           for r in newest])


def points(store: Store, center: str | None, types: list[str], start: str | None,
           end: str | None) -> list[dict[str, str]]:
    """One row per dated real action (action, cls, date, label), oldest first, within the
    dates (compared by their text, as partial dates sort)."""
    found = store.select(queries.timeline(center, types, start, end))
    actions = sorted({r["action"] or "" for r in found})
    dates: dict[str, dict[str, str]] = {a: {} for a in actions}
    for row in store.chunked(qa.action_details, actions):
        if (row["p"] or "") in qa.DATE_KINDS:
            kinds = dates[row["action"] or ""]
            kinds[row["p"] or ""] = min(kinds.get(row["p"] or "", row["o"] or ""), row["o"] or "")
    labels = store.labels(actions)
    classes = {r["action"] or "": local_name(r["class"]) for r in found}
    rows = []
    for action in actions:
        date = best_date(dates[action])
        if not date or (start and date < start) or (end and date[:len(end)] > end):
            continue
        rows.append({"action": action, "cls": classes[action], "date": date,
                     "label": labels.get(action) or local_name(action)})
    return sorted(rows, key=lambda r: (r["date"], r["action"]))


def chart(rows: list[dict[str, str]]) -> str | None:
    """Draw the dot chart; the IRI of the action clicked in this run, if any."""
    present = sorted({r["cls"] for r in rows})
    data = alt.InlineData(values=[{**r, "when": when(r["date"])} for r in rows])
    pick = alt.selection_point(name="pick", fields=["action"], on="click")
    lanes = sorted({r["type"] for r in rows})
    dots = alt.Chart(data).mark_circle(size=150, opacity=0.85, stroke="#111827",
                                       strokeWidth=0.5).encode(
        x=alt.X("when:T", title=None,
                axis=alt.Axis(format="%Y-%m", labelAngle=-35, grid=True, labelOverlap=True)),
        y=alt.Y("type:N", title=None, sort=lanes,
                axis=alt.Axis(labelLimit=0, labelFontSize=12)),
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
