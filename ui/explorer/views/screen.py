"""Screen: paste names or upload a customer list (CSV or TSV, with or without a header) and
see, per row, the listed parties it may be, with their score, status on a day and the
evidence that lists them; download the run as CSV or JSON. `TradeGraph.screen` does the
matching (graph/screening/), `read_customers` the reading and `write_csv`/`write_json` the
files, as for `tradegraph screen`."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from html import escape
from typing import NamedTuple

import streamlit as st

from tradegraph.graph.query.lookup import InputError
from tradegraph.graph.screening.customers import (
    CustomerListError,
    names_a_column,
    read_customers,
)
from tradegraph.graph.screening.defaults import DEFAULT_THRESHOLD
from tradegraph.graph.screening.name_search import ScreeningError
from tradegraph.graph.screening.results import Candidate, ScreenedRow
from tradegraph.graph.screening.writers import write_csv, write_json
from tradegraph.ui.explorer import state
from tradegraph.ui.explorer.data import Store
from tradegraph.ui.explorer.names import action_type
from tradegraph.ui.explorer.tables import STYLE

MAX_ROWS = 5000
"""Rows screened in the page (longer lists: `tradegraph screen`, which uses every core)."""
MAX_STATUSES = 500
"""Candidates whose status on the day the page reads (each one a `TradeGraph.status`)."""
_RESULT = "screen-result"

COLUMNS = ["line", "name", "match", "restricted", "status", "score", "kind", "listings",
           "country", "candidates", "page"]
"""The result table's columns, those that answer the question first."""
COLUMN_CONFIG = {
    "line": st.column_config.NumberColumn("line", width=50, pinned=True),
    "name": st.column_config.TextColumn("name", width="medium", pinned=True),
    "match": st.column_config.TextColumn("match", width="medium", pinned=True),
    "restricted": st.column_config.CheckboxColumn(
        "restricted", width=80, pinned=True,
        help="under a restriction on the day (the status says which)"),
    "status": st.column_config.TextColumn("status", width="large"),
    "score": st.column_config.NumberColumn("score", format="%.2f", width=60),
    "listings": st.column_config.TextColumn("listings", width="medium"),
    "page": st.column_config.LinkColumn("page", display_text="open", width=60),
}
"""Widths that show the key columns whole; the name, the match and whether it is restricted
stay in view when the table scrolls sideways, and a long status reads whole on hover."""


def render(store: Store) -> None:
    """Draw the page."""
    st.title("Screen")
    st.caption("Is any of these names, under any spelling, a party the graph knows, and is "
               "it listed? One name per line (commas and all), or a CSV/TSV list whose "
               "header names a name column and, optionally, country and address columns.")
    submitted = _form()
    if submitted is not None:
        _run(store, submitted)
    result = st.session_state.get(_RESULT)
    if result is not None:
        show(store, result["rows"], result["as_of"])


class Asked(NamedTuple):
    """What the form asks to screen."""

    data: bytes
    source: str
    has_header: bool | None
    threshold: float
    as_of: dt.date


def _form() -> Asked | None:
    with st.form("screen"):
        paste, upload = st.tabs(["Paste names", "Upload a list"])
        with paste:
            text = st.text_area("Names", height=160, key="screen-text",
                                placeholder="Huawei Device Co\nZhongxing Telecom\nAcme Corp")
        with upload:
            file = st.file_uploader("A CSV or TSV file", type=["csv", "tsv", "txt"],
                                    key="screen-file")
        left, right = st.columns(2)
        threshold = left.slider("Threshold", 0.5, 1.0, DEFAULT_THRESHOLD, 0.01,
                                help="the score a candidate needs to be shown")
        day = right.text_input("Status as of", dt.date.today().isoformat(),
                               help="YYYY-MM-DD; Enter screens")
        if not st.form_submit_button("Screen", type="primary"):
            return None
    try:
        as_of = dt.date.fromisoformat(state.parse_day(day, "Status as of"))
    except state.BadDateError as error:
        st.error(str(error))
        return None
    if file is not None:
        return Asked(file.getvalue(), file.name, None, threshold, as_of)
    if text.strip():
        data, has_header = pasted_list(text)
        return Asked(data, "pasted names", has_header, threshold, as_of)
    st.error("nothing to screen: paste names or choose a file")
    return None


def pasted_list(text: str) -> tuple[bytes, bool | None]:
    """The pasted text as a list to read, and whether it has a header: as it is when its
    first line is a header (a CSV or TSV pasted whole), else one name per line, so "Co.,
    Ltd." stays in the name; lines keep their numbers.

    >>> pasted_list("Huawei Technologies Co., Ltd.\\n\\nZTE Corp\\n")
    (b'"Huawei Technologies Co., Ltd."\\r\\n\\r\\nZTE Corp\\r\\n', False)
    >>> pasted_list("company,country\\nZTE Corp,CN")
    (b'company,country\\nZTE Corp,CN', None)
    """
    first = next((line for line in text.splitlines() if line.strip()), "")
    if names_a_column(first):
        return text.encode("utf-8"), None
    out = io.StringIO()
    writer = csv.writer(out)
    for line in text.splitlines():
        writer.writerow([line.strip()] if line.strip() else [])
    return out.getvalue().encode("utf-8"), False


def _run(store: Store, asked: Asked) -> None:
    source = asked.source
    try:
        customers = read_customers(asked.data, source_name=source, has_header=asked.has_header)
    except CustomerListError as error:
        st.error(str(error))
        return
    items = list(customers.rows())
    if not items:
        st.error(f"{source}: no rows to screen under its header")
        return
    if len(items) > MAX_ROWS:
        st.error(f"{source}: {len(items)} rows, more than the {MAX_ROWS} this page screens; "
                 "use `tradegraph screen` for long lists")
        return
    bar = st.progress(0.0, text="building the name index (the first time only)…")

    def advance(done: int) -> None:
        bar.progress(done / max(len(items), 1), text=f"{done} of {len(items)} rows screened")

    try:
        rows = list(store.graph().screen(items, threshold=asked.threshold, as_of=asked.as_of,
                                         progress=advance, workers=1))
    except ScreeningError as error:
        bar.empty()
        st.error(str(error))
        return
    bar.empty()
    st.session_state[_RESULT] = {"rows": rows, "as_of": asked.as_of}


def show(store: Store, rows: list[ScreenedRow], as_of: dt.date) -> None:
    """The result: a summary, one row per input row with its best candidate and that
    candidate's status on the day (`TradeGraph.status`, as on its entity page), the chosen
    row's candidates with their evidence, and the downloads."""
    matched = [r for r in rows if r.result and r.result.candidates]
    statuses = _statuses(store, [r.result.best.iri for r in matched if r.result and r.result.best],
                         as_of)
    listed = [r for r in matched if r.result and r.result.best
              and r.result.best.iri in statuses and statuses[r.result.best.iri].restricted]
    errors = [r for r in rows if r.error is not None]
    st.success(f"{len(rows)} rows: {len(matched)} with a match, {len(listed)} under a "
               f"restriction on {as_of.isoformat()}, {len(errors)} not screened")
    for row in errors:
        st.warning(row.error.message() if row.error else "")
    picked = st.dataframe([_summary(r, statuses) for r in rows], hide_index=True, width="stretch",
                          key="screen-table", on_select="rerun", selection_mode="single-row",
                          column_order=COLUMNS, column_config=COLUMN_CONFIG)
    left, right = st.columns(2)
    csv_out, json_out = io.StringIO(), io.StringIO()
    write_csv(rows, csv_out)
    write_json(rows, json_out)
    left.download_button("Download CSV", csv_out.getvalue().encode("utf-8"), "screening.csv",
                         "text/csv", on_click="ignore")
    right.download_button("Download JSON", json_out.getvalue().encode("utf-8"),
                          "screening.json", "application/json", on_click="ignore")
    chosen = picked.selection.rows if picked and picked.selection else []
    for index in chosen or ([rows.index(matched[0])] if matched else []):
        _details(rows[index])


class Standing(NamedTuple):
    """A candidate's restrictions on the day, in the words of its status's regime lines."""

    restricted: bool
    text: str


def _statuses(store: Store, candidates: list[str], as_of: dt.date) -> dict[str, Standing]:
    """Each candidate's restrictions on the day (the first MAX_STATUSES): the regime lines
    of `TradeGraph.status` in force with a restricting effect, as its entity page says them."""
    found = {}
    for iri in list(dict.fromkeys(candidates))[:MAX_STATUSES]:
        try:
            status = store.status(iri, as_of)
        except InputError:
            continue
        lines = [line for line in status.regimes
                 if line.state == "in force" and line.effect == "restriction"]
        found[iri] = Standing(bool(lines), "under " + "; ".join(
            f"{line.regime} since {line.since}" + (" (confirmed)" if line.confirmed else "")
            for line in lines) if lines else "no restriction in force")
    return found


def _summary(row: ScreenedRow, statuses: dict[str, Standing]) -> dict[str, object]:
    best: Candidate | None = row.result.best if row.result else None
    return {"line": row.line, "name": row.row.name if row.row else "",
            "country": (row.row.country or "") if row.row else "",
            "match": best.label if best else ("error: " + row.error.reason if row.error
                                              else "no match"),
            "score": best.score if best else None, "kind": best.kind if best else "",
            "restricted": statuses[best.iri].restricted if best and best.iri in statuses
            else None,
            "status": statuses[best.iri].text if best and best.iri in statuses else "",
            "listings": _listings(best) if best else "",
            "candidates": len(row.result.candidates) if row.result else 0,
            "page": state.href("entity", iri=best.iri) if best else None}


def _listings(candidate: Candidate) -> str:
    """"Entity List addition ×4 (in force)": the listing reports by type."""
    kinds = Counter(action_type(x.action_type) for x in candidate.listings)
    in_force = {action_type(x.action_type) for x in candidate.listings
                if x.in_force}
    return "; ".join(f"{kind}{f' ×{n}' if n > 1 else ''}"
                     + (" (in force)" if kind in in_force else "")
                     for kind, n in sorted(kinds.items()))


def _details(row: ScreenedRow) -> None:
    if row.result is None or not row.result.candidates:
        return
    st.subheader(f"Line {row.line}: {row.row.name if row.row else ''}")
    blocks = []
    for candidate in row.result.candidates:
        features = ", ".join(escape(f"{f.kind}: {f.detail}") for f in candidate.features[:6])
        listings = "".join(
            f"<li>{escape(action_type(x.action_type))} "
            f"{escape(x.start_date or x.date or 'undated')}"
            f"{' · ' + escape(x.source_list) if x.source_list else ''}"
            f"{' · ' + escape('; '.join(x.citations)) if x.citations else ''} · "
            f"{'in force' if x.in_force else 'not in force' if x.in_force is False else '?'}"
            + "".join(f'<blockquote class="tg">{escape(e.quote)}</blockquote>source: '
                      + state.link(e.document.rsplit("/", 1)[-1], "documents", doc=e.document,
                                   start=e.start, end=e.end) for e in x.evidence[:2])
            + "</li>" for x in candidate.listings) or "<li>no listing</li>"
        blocks.append(
            f"<p><b>{state.entity_link(candidate.iri, candidate.label)}</b> "
            f"({escape(candidate.kind)}) · score {candidate.score:.2f} · matched "
            f"“{escape(candidate.matched_name)}”<br><small>{features}</small></p>"
            f"<ul>{listings}</ul>")
    st.markdown(STYLE + "".join(blocks), unsafe_allow_html=True)
