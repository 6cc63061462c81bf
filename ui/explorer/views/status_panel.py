"""The entity page's first answer: where the entity stood on a day (default today), from
`TradeGraph.status`: each list or restriction in force since when, by which action and
citation, confirmed by the legal record or reported only; what had ended and what was
announced. A date picker (URL `asof`) asks about another day."""

from __future__ import annotations

import datetime as dt
from html import escape

import streamlit as st

from tradegraph.graph.query.lookup import InputError
from tradegraph.graph.time.status import EntityStatus
from tradegraph.graph.time.status_lines import RegimeLine
from tradegraph.graph.time.status_reading import recorded
from tradegraph.ontology.schema import schema
from tradegraph.ui.explorer import state
from tradegraph.ui.explorer.data import Store

PARTY_KINDS = schema().party_classes
"""Classes whose pages show a status (actions and products have none)."""

STYLE = """<style>
.tg-status{border-radius:.5rem;padding:.6rem .9rem;margin:.2rem 0 .6rem 0;font-size:1.02rem}
.tg-status.restricted{background:#fef2f2;border-left:6px solid #dc2626}
.tg-status.clear{background:#f0fdf4;border-left:6px solid #16a34a}
.tg-status ul{margin:.3rem 0 0 0}
.tg-badge{display:inline-block;border-radius:.3rem;padding:0 .35rem;font-size:.8rem;
  margin-left:.3rem;background:#e5e7eb}
.tg-badge.confirmed{background:#dcfce7;color:#14532d}
.tg-badge.reported{background:#fef3c7;color:#78350f}
</style>"""


def render(store: Store, iri: str, kinds: list[str]) -> EntityStatus | None:
    """Draw the status header of the entity (nothing for actions and products)."""
    if not any(kind in PARTY_KINDS for kind in kinds):
        return None
    words, picker = st.columns([4, 1])
    with picker:
        day = state.date_input("Status as of", "asof", dt.date.today()) or dt.date.today()
    try:
        with st.spinner("reading the status…"):
            status = store.status(iri, day)
    except InputError as error:
        words.caption(f"no status: {error}")
        return None
    words.markdown(STYLE + headline(status), unsafe_allow_html=True)
    return status


def headline(status: EntityStatus) -> str:
    """HTML: the answer in one box, restrictions first; then one line per regime (the same
    words as `tradegraph status`), each with the history behind it."""
    today = status.as_of == dt.date.today().isoformat()
    when = "today" if today else f"on {status.as_of}"
    restrictions = [line for line in status.regimes
                    if line.state == "in force" and line.effect == "restriction"]
    if restrictions:
        first, also = restrictions[0], [line.regime for line in restrictions[1:]]
        record = recorded(first.confirmed, first.citations)
        lead = (f"<b>{when.capitalize()}: {escape(_under(first.regime))} since {first.since}"
                f"</b> ({escape(record)})"
                + (f"; also under {escape(', '.join(also))}" if also else ""))
        css = "restricted"
    else:
        lead = f"<b>{when.capitalize()}: no list or restriction in force</b> (as far as " \
               "the graph knows)"
        css = "clear"
    current = [_line(line) for line in status.regimes if line.state != "ended"]
    ended = [line for line in status.regimes if line.state == "ended"]
    body = f"<ul>{''.join(current)}</ul>" if current else ""
    if ended:
        body += f"<details><summary>{len(ended)} ended before {escape(status.as_of)}</summary>" \
                f"<ul>{''.join(_line(line) for line in ended)}</ul></details>"
    return f'<div class="tg-status {css}">{lead}{body}</div>'


def _line(line: RegimeLine) -> str:
    badge = ('<span class="tg-badge confirmed">confirmed by the legal record</span>'
             if line.confirmed else '<span class="tg-badge reported">reported only</span>'
             if line.action else "")
    act = f" · {state.entity_link(line.action, 'the act')}" if line.action else ""
    history = "".join(f"<li>{escape(item.text)} · {state.entity_link(item.action, 'open')}</li>"
                      for item in line.history)
    return (f'<li data-regime="{escape(line.regime)}"><span class="tg-line">'
            f"{escape(line.text)}</span>{act}{badge}"
            f"<details><summary>history ({len(line.history)})</summary><ul>{history}</ul>"
            "</details></li>")


def _under(regime: str) -> str:
    return "on the Entity List" if regime == "Entity List" else f"under a {regime}"
