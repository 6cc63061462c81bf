"""HTML tables whose cells can link to explorer pages (Streamlit's own tables open links
in a new tab and cannot show a label for an IRI). A table wider than the page scrolls
sideways inside it; no column is cut."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import streamlit as st

from tradegraph.ui.explorer.names import local_name
from tradegraph.ui.explorer.state import entity_link
from tradegraph.ui.query_output import compact_iri

__all__ = ["STYLE", "date_cell", "local_name", "short_iri", "table", "value_cell"]

STYLE = """<style>
table.tg{border-collapse:collapse;width:100%;font-size:.92rem}
table.tg td,table.tg th{border-bottom:1px solid #e5e7eb;padding:.25rem .5rem;text-align:left;
vertical-align:top}
blockquote.tg{margin:.3rem 0;padding:.3rem .8rem;border-left:4px solid #c2410c;background:#fff7ed}
div.tg-scroll{overflow-x:auto;max-width:100%}
.tg-flag{border-radius:.3rem;padding:0 .35rem;white-space:nowrap}
.tg-flag.listed{background:#fee2e2;color:#7f1d1d}.tg-flag.clear{background:#dcfce7;color:#14532d}
small.tg-iri{color:#6b7280;margin-left:.35rem;overflow-wrap:anywhere}
span.tg-date{white-space:nowrap}
</style>"""


def date_cell(date: str | None) -> str:
    """A cell for a date, never broken over two lines."""
    return f'<span class="tg-date">{escape(date or "")}</span>'


def short_iri(value: str) -> str:
    """An IRI as short as it can be read: prefixed (`tg:Firm`), else from its `/id/` on.

    >>> short_iri("https://w3id.org/tradegraph/id/firm/zte")
    'firm/zte'
    """
    compact = compact_iri(value)
    if compact != value:
        return compact
    return value.split("/id/", 1)[1] if "/id/" in value else value


def is_iri(value: str | None) -> bool:
    """Whether a query value is an IRI (a resource with an entity page).

    >>> is_iri("https://w3id.org/tradegraph/id/firm/huawei"), is_iri("Huawei")
    (True, False)
    """
    return bool(value) and str(value).startswith(("http://", "https://", "urn:"))


def value_cell(value: str | None, labels: dict[str, str] | None = None) -> str:
    """A cell for a query value: an IRI links to its entity page, by its label with the
    IRI (compacted) beside it when `labels` has one; text is escaped."""
    if value is None:
        return ""
    if is_iri(value):
        label = (labels or {}).get(value)
        if label:
            return (f"{entity_link(value, label)}"
                    f'<small class="tg-iri">{escape(short_iri(value))}</small>')
        return entity_link(value)
    return escape(value)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], empty: str = "nothing") -> None:
    """Show a table of ready-made HTML cells."""
    if not rows:
        st.caption(empty)
        return
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    st.markdown(f'{STYLE}<div class="tg-scroll"><table class="tg"><tr>{head}</tr>{body}'
                "</table></div>", unsafe_allow_html=True)

