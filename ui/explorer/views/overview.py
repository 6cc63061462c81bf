"""Overview: what the store holds, actions per month, latest actions, most-targeted firms
and most active agencies; every item links on."""

from __future__ import annotations

import altair as alt
import streamlit as st

from tradegraph.graph.query.inventory import Counts
from tradegraph.ui.explorer import queries
from tradegraph.ui.explorer.data import Store
from tradegraph.ui.explorer.examples import CONFIRMATIONS
from tradegraph.ui.explorer.state import entity_link, link
from tradegraph.ui.explorer.tables import table


def _counts(stats: Counts) -> None:
    """The headline counts: documents, real actions (each counted once however many
    documents report it) and the entities the documents mention, by class."""
    people = stats.entities.get("Person", 0)
    shown = [("Documents", stats.documents), ("Actions", sum(stats.actions.values())),
             ("Firms", stats.entities.get("Firm", 0)),
             ("Agencies", stats.entities.get("Agency", 0)),
             ("Products", stats.entities.get("Product", 0)), ("People", people)]
    for column, (label, value) in zip(st.columns(len(shown)), shown, strict=True):
        column.metric(label, value)


def render(store: Store) -> None:
    """Draw the page."""
    st.title("tradegraph explorer")
    stats = store.counts()  # the counts of `tradegraph stats`: one set of counts everywhere
    if stats.documents:
        _counts(stats)
        cells = [[link("Document", "documents"), str(stats.documents)]]
        cells += [[link(name, "search", cls=name), str(n)] for name, n in
                  sorted(stats.entities.items(), key=lambda item: -item[1])]
        cells += [[link(name, "timeline", type=name), str(n)] for name, n in
                  sorted(stats.actions.items(), key=lambda item: -item[1])]
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
