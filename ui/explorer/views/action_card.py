"""One action, opened from the timeline or the network: its type, parties, dates by kind,
place in the legal record, and each evidence sentence highlighted in its paragraph of the
document, with a link to the whole document at the quote."""

from __future__ import annotations

from html import escape

import streamlit as st

from tradegraph.ui.explorer import queries, real_actions, state
from tradegraph.ui.explorer.data import Store
from tradegraph.ui.explorer.highlight import STYLE, Span, highlight

CONTEXT = 240
"""Characters of the document shown on each side of a quote."""


def render(store: Store, iri: str) -> None:
    """Draw the card of the action `iri` (a caption if the store has no such action)."""
    found = real_actions.load(store, [iri]).get(iri)
    if found is None:
        st.caption(f"no action {iri} in the store")
        return
    with st.container(border=True):
        parties = " → ".join(
            "; ".join(found.others.get(role, [])) or "?" for role in ("agent", "target"))
        st.markdown(f"#### {escape(found.type)} · {escape(found.date or 'undated')}")
        st.markdown(f"{escape(parties)}<br>{escape(found.dates_text)} · "
                    f"{escape(found.status)} · {escape(found.record)} · "
                    f"{state.entity_link(iri, 'open its page')}", unsafe_allow_html=True)
        for quote in found.quotes[:6]:
            st.markdown(STYLE + excerpt(store, quote), unsafe_allow_html=True)


def excerpt(store: Store, quote: real_actions.Quote) -> str:
    """HTML: the quote highlighted within its surrounding text, and where it is from."""
    rows = store.select(queries.document_text(quote.doc))
    text = (rows[0]["text"] or "") if rows else ""
    source = state.link(quote.doc_title, "documents", doc=quote.doc, start=quote.start,
                        end=quote.end)
    if not text or text[quote.start:quote.end] != quote.text:
        body = f'<mark class="tg-focus">{escape(quote.text)}</mark>'
    else:
        left = max(0, quote.start - CONTEXT)
        right = min(len(text), quote.end + CONTEXT)
        piece = text[left:right]
        body = ("…" if left else "") + highlight(piece, [
            Span(quote.start - left, quote.end - left, "focus", "the evidence")]) + \
            ("…" if right < len(text) else "")
    return (f'<div style="border-left:3px solid #e5e7eb;padding:.2rem .8rem;margin:.6rem 0">'
            f'<div class="tg-doc">{body}</div><div style="font-size:.85rem;color:#6b7280">'
            f"{escape(quote.issued or 'undated')} · {source}</div></div>")
