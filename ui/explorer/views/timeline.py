"""Timeline: actions over time for a firm, an agency or everything; each point links to
its action."""

from __future__ import annotations

import altair as alt
import streamlit as st

from tradegraph.ui.explorer import queries, state
from tradegraph.ui.explorer.data import Store
from tradegraph.ui.explorer.record import record_cells
from tradegraph.ui.explorer.tables import local_name, table


def _when(date: str) -> str:
    # gYear and gYearMonth are placed at their start so all precisions share one axis.
    return {4: f"{date}-01-01", 7: f"{date}-01"}.get(len(date), date)


def render(store: Store) -> None:
    """Draw the page."""
    st.title("Timeline")
    center = state.param("iri")
    type_rows = store.select(queries.action_types())
    type_names = [local_name(r["class"]) for r in type_rows]
    type_labels = {r["class"]: r["label"] for r in type_rows}
    types, start, end = state.action_filters(type_names, st.columns([3, 1, 1]))
    if center:
        label = next((r["o"] for r in store.select(queries.entity_header(center))
                      if (r["p"] or "").endswith("#label")), None)
        st.markdown(f"Actions involving {state.entity_link(center, label)} · "
                    f"{state.link('show everything', 'timeline')}", unsafe_allow_html=True)
    rows = sorted(store.select(queries.timeline(center, types, start or None, end or None)),
                  key=lambda r: (r["date"] or "", r["action"] or ""))
    names = store.labels([r["action"] or "" for r in rows])
    for r in rows:
        r["type"] = type_labels.get(r["class"]) or local_name(r["class"])
        r["label"] = names.get(r["action"] or "")
    st.caption(f"{len(rows)} dated actions")
    if not rows:
        return
    frame = alt.InlineData(values=[
        {"when": _when(r["date"] or ""), "date": r["date"],
         "type": r["type"] or local_name(r["class"]),
         "action": r["label"] or local_name(r["action"]),
         "link": state.href("entity", iri=r["action"])} for r in rows])
    chart = alt.Chart(frame).mark_circle(size=120).encode(
        x=alt.X("when:T", title=None), y=alt.Y("type:N", title=None),
        color=alt.Color("type:N", legend=None), href="link:N",
        tooltip=["date:N", "type:N", "action:N"])
    st.altair_chart(chart, width="stretch")
    record = record_cells(store, [r["action"] or "" for r in rows])
    table(["date", "type", "action", "legal record"],
          [[r["date"] or "", r["type"] or "", state.entity_link(r["action"] or "", r["label"]),
            record.get(r["action"] or "", "")] for r in reversed(rows)])
