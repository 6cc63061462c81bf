"""Documents: the ingested documents, searched by title or publisher and filtered by kind
and date (a screening list dated by its newest entry, as it states no date of its own),
one document with what was recognised in it highlighted, and ingesting new documents by
upload or paste."""

from __future__ import annotations

import tempfile
from html import escape
from pathlib import Path
from typing import Any

import streamlit as st

from tradegraph.graph.errors import StoreError
from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.loading.ingestion import IngestReport, Outcome
from tradegraph.ingest.loaders.common import key_from_name
from tradegraph.ui.explorer import document_dates, queries, state
from tradegraph.ui.explorer.data import Store, invalidate
from tradegraph.ui.explorer.highlight import STYLE, Span, highlight
from tradegraph.ui.explorer.tables import date_cell, local_name, table
from tradegraph.ui.explorer.weblinks import external_link

LIMIT = 500
"""Documents listed (the newest that match)."""


def render(store: Store) -> None:
    """Draw the page: one document if `doc` is in the URL, else the list and ingest forms."""
    doc = state.param("doc")
    if doc:
        _document(store, doc)
        return
    st.title("Documents")
    if _ingest_forms(store):
        store = Store.current(store.location)  # a new generation: the list shows the new ones
    shown = listing(store)
    table(["published", "title", "publisher", "kind"],
          [[date_cell(date), state.link(r["title"] or r["doc"] or "", "documents", doc=r["doc"]),
            escape(r["publisher"] or ""), escape(r["type"] or "")] for r, date in shown],
          empty="no documents match" if _filtered() else "no documents yet")


def _filtered() -> bool:
    return any(state.param(name) for name in ("dq", "kind", "from", "to"))


def listing(store: Store) -> list[tuple[dict[str, str | None], str]]:
    """The search and filters (URL `dq`, `kind`, `from`, `to`) and the documents they keep,
    newest first, each with the date it is shown with."""
    words, kinds, start_column, end_column = st.columns([3, 2, 1, 1])
    with words:
        text = state.text_input("Search titles and publishers", "dq",
                                placeholder="a word, then Enter")
    with kinds:
        known = [r["type"] or "" for r in store.select(queries.document_kinds())]
        chosen = state.multiselect("Kind", "kind", known, placeholder="all kinds")
    start, end = state.date_range(start_column, end_column)
    rows = store.select(queries.documents(LIMIT, text=text, kinds=chosen, start=start or None,
                                          end=end or None))
    dates = document_dates.dated(store, {r["doc"] or "": (r["issued"] or "", r["type"] or "")
                                         for r in rows})
    shown = [(r, dates.get(r["doc"] or "", "")) for r in rows]
    if start or end:  # the screening lists, by the date they are shown with
        shown = [(r, d) for r, d in shown if not document_dates.is_list(r["type"])
                 or ((not start or d >= start) and (not end or d[:len(end)] <= end))]
    shown.sort(key=lambda x: (x[1], x[0]["doc"] or ""), reverse=True)
    st.caption(f"{len(shown)} documents" + (f" (the newest {LIMIT})" if len(rows) == LIMIT
                                            else "")
               + (" · a screening list is dated by its newest entry: it states no date of "
                  "its own" if any(document_dates.is_list(r["type"]) for r, _ in shown)
                  else ""))
    return shown


def _document(store: Store, doc: str) -> None:
    found = store.select(queries.document_text(doc))
    if not found:
        st.error(f"there is no document {doc} in the store")
        return
    meta = found[0]
    st.title(meta["title"] or doc)
    issued = document_dates.dated(store, {doc: (meta["issued"] or "", meta["type"] or "")})[doc]
    dated = f"newest entry {issued}" if document_dates.is_list(meta["type"]) and issued \
        else issued
    st.caption(" · ".join(p for p in (dated, meta["publisher"], doc) if p))
    if meta["url"]:
        st.markdown(external_link(meta["url"]), unsafe_allow_html=True)
    spans = []
    notes: dict[str, tuple[str, str]] = {}
    for r in store.select(queries.document_annotations(doc)):
        spans.append(Span(int(r["start"] or 0), int(r["end"] or 0), r["kind"] or "entity",
                          r["label"] or ""))
        notes.setdefault(r["body"] or "", (r["label"] or "", r["kind"] or ""))
    focus = state.param("start"), state.param("end")
    if focus[0] and focus[1] and focus[0].isdigit() and focus[1].isdigit():
        spans.append(Span(int(focus[0]), int(focus[1]), "focus", "the evidence you followed"))
    st.markdown(f'{STYLE}<div class="tg-doc">{highlight(meta["text"] or "", spans)}</div>',
                unsafe_allow_html=True)
    st.caption("blue: recognised entities · yellow: sentences stating actions · "
               "orange: the evidence you followed")
    st.subheader("Recognised in this document")
    table(["kind", "what"],
          [[kind, state.entity_link(body, label)]
           for body, (label, kind) in sorted(notes.items(), key=lambda x: (x[1][1], x[1][0]))])
    st.markdown(state.link("← all documents", "documents"), unsafe_allow_html=True)


def _ingest_forms(store: Store) -> bool:
    """The upload and paste forms; True if something was ingested in this run."""
    with st.expander("Add documents", expanded=bool(st.session_state.get("ingested"))):
        upload, paste = st.tabs(["Upload files", "Paste text"])
        uploaded, pasted = _upload(store, upload), _paste(store, paste)
        ingested = uploaded or pasted
    st.session_state["ingested"] = ingested
    return ingested


def _upload(store: Store, tab: Any) -> bool:
    with tab, st.form("upload", clear_on_submit=True):
        files = st.file_uploader("Text, HTML or JSON / JSON Lines files; screening lists "
                                 "as CSV, TSV or JSON", accept_multiple_files=True,
                                 type=["txt", "text", "md", "html", "htm", "json", "jsonl",
                                       "ndjson", "csv", "tsv"])
        if st.form_submit_button("Ingest files") and files:
            return ingest(store, [(f.name, f.getvalue()) for f in files]) is not None
    return False


def _paste(store: Store, tab: Any) -> bool:
    with tab, st.form("paste"):
        title = st.text_input("Title")
        published = st.text_input("Published (YYYY-MM-DD, optional)")
        text = st.text_area("Text", height=200)
        if st.form_submit_button("Ingest text"):
            if not text.strip():
                st.error("the pasted text is empty: nothing to ingest")
            else:
                header = "".join(f"{k}: {v}\n" for k, v in (("title", title),
                                                             ("published", published)) if v)
                name = f"{key_from_name(title or 'pasted')}.txt"
                body = f"{header}\n{text}" if header else text
                return ingest(store, [(name, body.encode("utf-8"))]) is not None
    return False


def ingest(store: Store, files: list[tuple[str, bytes]]) -> IngestReport | None:
    """Ingest uploaded or pasted files into the store, with progress and a per-document
    result; the caches are dropped afterwards so every page shows the new data."""
    bar = st.progress(0.0, text="loading the extraction pipeline…")
    with tempfile.TemporaryDirectory(prefix="tradegraph-upload-") as folder:
        paths = []
        for name, data in files:
            path = Path(folder) / Path(name).name
            path.write_bytes(data)
            paths.append(str(path))

        def advance(done: int, total: int, source: str) -> None:
            bar.progress(done / max(total, 1), text=f"{done}/{total} {Path(source).name}")

        try:
            with TradeGraph.open(store.location) as graph:
                report = graph.ingest(paths, progress=advance, workers=1)
        except StoreError as error:
            bar.empty()
            st.error(f"cannot write to the store: {error}")
            return None
    bar.progress(1.0, text="done")
    invalidate()
    _show_report(report)
    return report


def _show_report(report: IngestReport) -> None:
    counts = ", ".join(f"{report.count(o)} {o.value}" for o in Outcome if report.count(o))
    (st.success if report.ok else st.warning)(counts or "nothing to ingest")
    table(["source", "result", "actions", "document or reason"],
          [[escape(Path(r.source).name), escape(r.outcome.value), str(r.actions),
            escape(r.reason or "") if r.outcome is Outcome.FAILED
            else state.link(local_name(r.document), "documents", doc=r.document)]
           for r in report.results])
    for result in report.results:
        for warning in result.warnings:
            st.warning(f"{Path(result.source).name}: {warning}")
