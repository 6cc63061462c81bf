"""The entity page's first answer: where the entity stood on a day (default today), from
`TradeGraph.status`: each list or restriction in force since when, by which action and
citation, confirmed by the legal record or reported only; what had ended and what was
announced. A date picker (URL `asof`) asks about another day."""

from __future__ import annotations

import datetime as dt
from html import escape

import streamlit as st

from tradegraph.graph.query.lookup import InputError
from tradegraph.graph.time.status import EntityStatus, StandingStatus
from tradegraph.ui.explorer import state
from tradegraph.ui.explorer.data import Store

PARTY_KINDS = ("Firm", "Organization", "Person", "Agency", "Country")
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
    """HTML: the answer in one box, restrictions first."""
    today = status.as_of == dt.date.today().isoformat()
    when = "today" if today else f"on {status.as_of}"
    restrictions = sorted((s for s in status.in_force if s.effect == "restriction"),
                          key=lambda s: (not s.confirmed, s.since))
    others = [s for s in status.in_force if s.effect != "restriction"]
    if restrictions:
        first = restrictions[0]
        cited = ", ".join([*first.citations, "confirmed" if first.confirmed else "reported only"])
        also = sorted({s.regime for s in restrictions[1:]} - {first.regime})
        lead = (f"<b>{when.capitalize()}: {escape(_under(first.regime))} since {first.since}"
                f"</b> ({escape(cited)})"
                + (f"; also under {escape(', '.join(also))}" if also else ""))
        css = "restricted"
    else:
        lead = f"<b>{when.capitalize()}: no list or restriction in force</b> (as far as " \
               "the graph knows)"
        css = "clear"
    items = [_line(s) for s in restrictions + others]
    items += [_line(s) for s in status.standings if s.state == "announced"]
    ended = [s for s in status.standings if s.state == "ended"]
    body = f"<ul>{''.join(items)}</ul>" if items else ""
    if ended:
        body += f"<details><summary>{len(ended)} ended before {escape(status.as_of)}</summary>" \
                f"<ul>{''.join(_line(s) for s in ended)}</ul></details>"
    return f'<div class="tg-status {css}">{lead}{body}</div>'


def _line(s: StandingStatus) -> str:
    since = f"since {s.since}" if s.state == "in force" else \
        f"applies from {s.applies_from}" if s.state == "announced" else \
        f"{s.applies_from} – {s.applies_until}"
    approx = " (month known only)" if s.approximate else ""
    cited = f" · {escape('; '.join(s.citations))}" if s.citations else ""
    badge = ('<span class="tg-badge confirmed">confirmed by the legal record</span>'
             if s.confirmed else '<span class="tg-badge reported">reported only</span>')
    ended = f" · ended by {escape(s.ended_by_type or 'a later action')}" \
        if s.state == "ended" and s.ended_by else ""
    first = escape(s.known_since or "?")
    unknown = "" if s.known_by_then else \
        f' <span class="tg-badge">not yet reported then (first report {first})</span>'
    action = state.entity_link(s.action, s.action_type or "action")
    kind = escape(s.regime) + (" (authorization)" if s.effect == "authorization" else "")
    return (f"<li><b>{kind}</b> {escape(since)}{approx}{cited}{ended} · {action}"
            f"{badge}{unknown}</li>")


def _under(regime: str) -> str:
    return "on the Entity List" if regime == "Entity List" else f"under a {regime}"
