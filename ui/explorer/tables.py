"""HTML tables whose cells can link to explorer pages (Streamlit's own tables open links
in a new tab and cannot show a label for an IRI)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import streamlit as st

from tradegraph.ui.explorer.state import entity_link

STYLE = """<style>
table.tg{border-collapse:collapse;width:100%;font-size:.92rem}
table.tg td,table.tg th{border-bottom:1px solid #e5e7eb;padding:.25rem .5rem;text-align:left;
vertical-align:top}
blockquote.tg{margin:.3rem 0;padding:.3rem .8rem;border-left:4px solid #c2410c;background:#fff7ed}
</style>"""


def value_cell(value: str | None) -> str:
    """A cell for a query value: IRIs link to their entity page, text is escaped."""
    if value is None:
        return ""
    if value.startswith(("http://", "https://", "urn:")):
        return entity_link(value)
    return escape(value)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], empty: str = "nothing") -> None:
    """Show a table of ready-made HTML cells."""
    if not rows:
        st.caption(empty)
        return
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    st.markdown(f'{STYLE}<table class="tg"><tr>{head}</tr>{body}</table>',
                unsafe_allow_html=True)


def local_name(iri: str | None) -> str:
    """The last part of an IRI (`Firm` of `...ontology#Firm`)."""
    return (iri or "").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
