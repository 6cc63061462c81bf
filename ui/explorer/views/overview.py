"""Overview: what the store holds, actions per month, latest actions, most-targeted firms
and most active agencies; every item links on."""

from __future__ import annotations

import altair as alt
import streamlit as st

from tradegraph.ui.explorer import queries
from tradegraph.ui.explorer.data import Store
from tradegraph.ui.explorer.examples import CONFIRMATIONS
from tradegraph.ui.explorer.state import entity_link, link
from tradegraph.ui.explorer.tables import local_name, table


def render(store: Store) -> None:
    """Draw the page."""
    st.title("tradegraph explorer")
    counts = store.select(queries.class_counts())
    if counts:
        by_class = {local_name(r["class"]): int(r["n"] or 0) for r in counts}
        actions = sum(n for name, n in by_class.items()
                      if name not in (*queries.ENTITY_CLASSES, "Document"))
        shown = [("Documents", by_class.get("Document", 0)), ("Actions", actions),
                 ("Firms", by_class.get("Firm", 0)), ("Agencies", by_class.get("Agency", 0)),
                 ("Products", by_class.get("Product", 0)), ("People", by_class.get("Person", 0))]
        for column, (label, value) in zip(st.columns(len(shown)), shown, strict=True):
            column.metric(label, value)
        cells = [[link(local_name(r["class"]), "search", cls=local_name(r["class"]))
                  if local_name(r["class"]) in queries.ENTITY_CLASSES
                  else link("Document", "documents") if local_name(r["class"]) == "Document"
                  else link(local_name(r["class"]), "timeline", type=local_name(r["class"])),
                  r["n"] or "0"] for r in counts]
        [standing] = store.select(queries.corroboration_counts()) or [{}]
        number = {name: int(standing.get(name) or 0)
                  for name in ("all", "legal", "both", "confirmed")}
        reported = number["all"] - number["legal"] + number["both"]
        st.caption(f"Reported in the news: {number['confirmed']} actions confirmed by the "
                   f"legal record, {reported - number['confirmed']} reported only · "
                   + link("list them", "sparql", q=CONFIRMATIONS.query),
                   unsafe_allow_html=True)
        with st.expander("All classes"):
            table(["class", "count"], cells)
    months = store.select(queries.actions_per_month())
    st.subheader("Actions per month")
    if months:
        frame = alt.InlineData(values=[{"month": r["month"], "actions": int(r["n"] or 0)}
                                 for r in months])
        chart = alt.Chart(frame).mark_bar().encode(
            x=alt.X("month:O", title=None), y=alt.Y("actions:Q"), tooltip=["month:O", "actions:Q"])
        st.altair_chart(chart, width="stretch")
    else:
        st.caption("no dated actions yet: ingest documents on the Documents page")
    left, middle, right = st.columns([2, 1, 1])
    with left:
        st.subheader("Latest actions")
        latest = store.select(queries.latest_actions())
        table(["date", "type", "action"],
              [[r["date"] or "", r["type"] or "", entity_link(r["action"] or "", r["label"])]
               for r in latest])
    with middle:
        st.subheader("Most-targeted firms")
        firms = store.select(queries.top_entities("target", "Firm"))
        table(["firm", "actions"], [[entity_link(r["entity"] or "", r["label"]), r["n"] or ""]
                                    for r in firms])
    with right:
        st.subheader("Most active agencies")
        agencies = store.select(queries.top_entities("agent", "Agency"))
        table(["agency", "actions"], [[entity_link(r["entity"] or "", r["label"]), r["n"] or ""]
                                      for r in agencies])
