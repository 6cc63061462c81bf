"""The SPARQL page's result views: SELECT results as a table (IRIs linking to entity pages),
a bar chart or a line chart of two columns; CONSTRUCT/DESCRIBE results as Turtle or as a
network of their triples; ASK as yes or no. The view and its columns are URL parameters
(`view`, `x`, `y`), so the share link reproduces the view with the query."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import altair as alt
import streamlit as st
from st_cytoscape import cytoscape

from tradegraph.ui.explorer import state
from tradegraph.ui.explorer.data import Store
from tradegraph.ui.explorer.tables import is_iri, table, value_cell
from tradegraph.ui.query_output import compact_iri

MAX_SHOWN = 1000
"""Rows drawn in the page; downloads hold every row."""
MAX_TRIPLES_DRAWN = 300
"""Triples drawn as a network; Turtle shows them all."""

SELECT_VIEWS = {"table": "Table", "bar": "Bar chart", "line": "Line chart"}
GRAPH_VIEWS = {"network": "Network", "turtle": "Turtle"}


def to_csv(results: dict[str, object]) -> bytes:
    """SPARQL JSON results as CSV (plain values, as the W3C CSV format has them)."""
    head = results.get("head", {})
    names = list(head.get("vars", [])) if isinstance(head, dict) else []
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    bindings = results.get("results", {})
    for row in bindings.get("bindings", []) if isinstance(bindings, dict) else []:
        writer.writerow([row.get(n, {}).get("value", "") for n in names])
    return buffer.getvalue().encode("utf-8")


def show_select(body: bytes, store: Store) -> None:
    """Draw SELECT results in the view the URL names; in the table, each IRI the store has
    a label for is shown by its label, the IRI beside it."""
    results = json.loads(body)
    names: list[str] = results["head"]["vars"]
    rows: list[dict[str, Any]] = results["results"]["bindings"]
    st.caption(f"{len(rows)} rows" + (f", the first {MAX_SHOWN} shown" if len(rows) > MAX_SHOWN
                                      else ""))
    left, right = st.columns(2)
    left.download_button("Download CSV", to_csv(results), "result.csv", "text/csv",
                         on_click="ignore")
    right.download_button("Download JSON", body, "result.srj",
                          "application/sparql-results+json", on_click="ignore")
    view = state.selectbox("View", "view", list(SELECT_VIEWS), "table",
                           format_func=lambda v: SELECT_VIEWS[v])
    if view != "table" and names:
        numeric = [n for n in names if _numbers(rows, n)]
        first, second = st.columns(2)
        with first:
            x = state.selectbox("x", "x", names, names[0])
        with second:
            y = state.selectbox("y (numbers)", "y", numeric or names,
                                (numeric or names)[0])
        if not numeric:
            st.caption("no column holds numbers only: nothing to chart")
        else:
            _chart(view, rows[:MAX_SHOWN], x, y)
            return
    shown = rows[:MAX_SHOWN]
    labels = store.labels(sorted({v["value"] for row in shown for v in row.values()
                                  if v.get("type") == "uri" and is_iri(v.get("value"))}))
    table(names, [[value_cell(row.get(n, {}).get("value"), labels) for n in names]
                  for row in shown], empty="no rows")


def _numbers(rows: list[dict[str, Any]], name: str) -> bool:
    values = [row[name]["value"] for row in rows if name in row]
    try:
        return bool(values) and all(float(v) == float(v) for v in values)
    except ValueError:
        return False


def _chart(view: str, rows: list[dict[str, Any]], x: str, y: str) -> None:
    data: list[dict[str, str | float]] = [
        {"x": compact_iri(str(row.get(x, {}).get("value", ""))), "y": float(row[y]["value"])}
        for row in rows if y in row]
    mark = alt.Chart(alt.InlineData(values=data))
    if view == "bar":
        chart = mark.mark_bar().encode(
            x=alt.X("x:N", sort="-y", title=x, axis=alt.Axis(labelLimit=220, labelAngle=-40)),
            y=alt.Y("y:Q", title=y), tooltip=["x:N", "y:Q"])
    else:
        kind = "T" if all(_datelike(str(d["x"])) for d in data) else "O"
        chart = mark.mark_line(point=True).encode(
            x=alt.X(f"x:{kind}", title=x), y=alt.Y("y:Q", title=y), tooltip=["x:N", "y:Q"])
    st.altair_chart(chart.properties(height=380), width="stretch")


def _datelike(value: str) -> bool:
    return len(value) >= 4 and value[:4].isdigit() and all(c.isdigit() or c == "-"
                                                           for c in value[:10])


def show_graph(turtle: bytes) -> None:
    """Draw CONSTRUCT/DESCRIBE results as a network or as Turtle."""
    st.download_button("Download Turtle", turtle, "result.ttl", "text/turtle",
                       on_click="ignore")
    view = state.selectbox("View", "view", list(GRAPH_VIEWS), "network",
                           format_func=lambda v: GRAPH_VIEWS[v])
    if view == "turtle":
        st.code(turtle.decode("utf-8")[:100_000], language="turtle")
        return
    triples = _triples(turtle)
    st.caption(f"{len(triples)} triples" + (f", the first {MAX_TRIPLES_DRAWN} drawn"
                                            if len(triples) > MAX_TRIPLES_DRAWN else "")
               + "; literals are the small grey nodes")
    cytoscape(network_elements(triples[:MAX_TRIPLES_DRAWN]), _STYLE, height="560px",
              layout={"name": "fcose", "animate": False, "idealEdgeLength": 110},
              max_zoom=1.2, key=f"construct-{len(triples)}-{hash(turtle) & 0xffff}")


def _triples(turtle: bytes) -> list[tuple[str, str, str, bool]]:
    """(subject, predicate, object, object is a literal) of the Turtle."""
    from pyoxigraph import Literal, RdfFormat, parse

    return [(t.subject.value, t.predicate.value, t.object.value, isinstance(t.object, Literal))
            for t in parse(turtle, format=RdfFormat.TURTLE)]


def network_elements(triples: list[tuple[str, str, str, bool]]) -> list[dict[str, Any]]:
    """Cytoscape.js elements for triples: resources and literals as nodes, predicates as
    labelled edges."""
    nodes: dict[str, dict[str, Any]] = {}
    edges = []
    for number, (subject, predicate, obj, literal) in enumerate(triples):
        nodes.setdefault(subject, {"data": {"id": subject, "label": compact_iri(subject)},
                                   "classes": "resource"})
        target = f"literal:{number}" if literal else obj
        shown = (obj[:40] + "…") if literal and len(obj) > 40 else obj
        nodes.setdefault(target, {"data": {"id": target, "label": shown if literal
                                           else compact_iri(obj)},
                                  "classes": "literal" if literal else "resource"})
        edges.append({"data": {"id": f"t{number}", "source": subject, "target": target,
                               "label": compact_iri(predicate)}})
    return [*nodes.values(), *edges]


_STYLE = [
    {"selector": "node", "style": {"label": "data(label)", "font-size": 10, "width": 16,
                                   "height": 16, "background-color": "#1d4ed8",
                                   "text-valign": "bottom", "text-wrap": "wrap",
                                   "text-max-width": 160, "text-background-color": "#fff",
                                   "text-background-opacity": 0.85}},
    {"selector": "node.literal", "style": {"background-color": "#9ca3af", "width": 8,
                                           "height": 8, "font-size": 9, "color": "#4b5563"}},
    {"selector": "edge", "style": {"width": 1.5, "curve-style": "bezier",
                                   "target-arrow-shape": "triangle", "label": "data(label)",
                                   "font-size": 8, "text-rotation": "autorotate",
                                   "line-color": "#9ca3af", "target-arrow-color": "#9ca3af",
                                   "text-background-color": "#fff",
                                   "text-background-opacity": 0.85}},
]
