"""The entity page's actions: one row per real action (its reports folded in), in a table
that sorts by any column and filters by role, type and text; choosing a row opens its
evidence. Below, every action's evidence: each quote with its document, date and a link
to the quote highlighted in the document."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from html import escape

import streamlit as st

from tradegraph.graph.time.status import EntityStatus
from tradegraph.ui.explorer import state
from tradegraph.ui.explorer.real_actions import RealAction
from tradegraph.ui.explorer.tables import STYLE

COLUMNS = ["role", "type", "date", "dates by kind", "reported as", "legal record", "standing",
           "counterparts", "products", "reports", "action"]
"""The table's columns (and the CSV download's, which has the action's IRI). "reported as"
is the state its reports gave the act when written (`tg:status`); "standing" is what that
act amounts to on the status's day, as `tradegraph status` says it."""


def standings_of(status: EntityStatus | None) -> dict[str, str]:
    """Each act's line in the status's history (its standing, or why it has none), by
    action: the words of `tradegraph status`."""
    if status is None:
        return {}
    return {item.action: item.text for line in status.regimes for item in line.history}


def rows(actions: list[RealAction], standings: Mapping[str, str] | None = None
         ) -> list[dict[str, str | int]]:
    """The table rows, one per real action (`standings`: `standings_of` the status)."""
    return [{"role": a.role, "type": a.type, "date": a.date or "undated",
             "dates by kind": a.dates_text, "reported as": a.status, "legal record": a.record,
             "standing": (standings or {}).get(a.iri, ""),
             "counterparts": "; ".join(n for role in ("agent", "target", "beneficiary")
                                       for n in a.others.get(role, [])),
             "products": "; ".join(a.others.get("product", [])),
             "reports": len(a.reports) or 1, "action": a.iri} for a in actions]


def to_csv(actions: list[RealAction], standings: Mapping[str, str] | None = None) -> bytes:
    """The table as CSV, with every evidence quote joined in a last column."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, [*COLUMNS, "evidence"], lineterminator="\r\n")
    writer.writeheader()
    for action, row in zip(actions, rows(actions, standings), strict=True):
        writer.writerow({**row, "evidence": " | ".join(q.text for q in action.quotes)})
    return buffer.getvalue().encode("utf-8")


def render(actions: list[RealAction], standings: Mapping[str, str] | None = None) -> None:
    """Draw the filters, the table and the evidence (`standings`: `standings_of` the
    entity's status, for its column)."""
    reports = sum(len(a.reports) or 1 for a in actions)
    st.subheader(f"Actions ({len(actions)})")
    st.caption(f"One row per real action: {reports} reports in the documents fold into "
               f"{len(actions)} actions. Sort by a column header; choose a row for its "
               "evidence.")
    if not actions:
        st.caption("none recorded")
        return
    left, middle, right = st.columns([1, 2, 2])
    with left:
        roles = state.multiselect("Role", "role", sorted({a.role for a in actions}),
                                  placeholder="any role")
    with middle:
        types = state.multiselect("Type", "atype", sorted({a.type for a in actions}),
                                  placeholder="any type")
    with right:
        text = state.text_input("Filter", "filter", placeholder="a word in any column")
    shown = [a for a in actions if (not roles or a.role in roles)
             and (not types or a.type in types)
             and (not text or text.lower() in " ".join(
                 map(str, rows([a], standings)[0].values())).lower())]
    table_rows = [{**row, "action": state.href("entity", iri=a.iri)}
                  for a, row in zip(shown, rows(shown, standings), strict=True)]
    picked = st.dataframe(
        table_rows, column_order=COLUMNS, hide_index=True, width="stretch", key="actions-table",
        on_select="rerun", selection_mode="single-row",
        column_config={  # the type and date stay in view when the table scrolls sideways
            "type": st.column_config.TextColumn("type", width="medium", pinned=True),
            "date": st.column_config.TextColumn("date", width=95, pinned=True),
            "legal record": st.column_config.TextColumn("legal record", width="medium"),
            "action": st.column_config.LinkColumn("action", display_text="open", width=60),
            "reports": st.column_config.NumberColumn("reports", format="%d", width=70),
            "dates by kind": st.column_config.TextColumn("dates by kind", width="medium"),
        })
    chosen = {shown[i].iri for i in picked.selection.rows} if picked and picked.selection \
        else set()
    evidence(shown, chosen)


def evidence(actions: list[RealAction], chosen: set[str]) -> None:
    """Every action's evidence, the chosen ones open and first."""
    st.subheader("Evidence per action")
    ordered = sorted(actions, key=lambda a: a.iri not in chosen)
    blocks = []
    for action in ordered:
        quotes = "".join(
            f'<li><blockquote class="tg">{escape(q.text)}</blockquote>'
            f"{escape(q.issued or 'undated')} · "
            + state.link(q.doc_title, "documents", doc=q.doc, start=q.start, end=q.end)
            + "</li>" for q in action.quotes) or "<li>no evidence quote recorded</li>"
        opened = " open" if action.iri in chosen else ""
        summary = (f"{escape(action.type)} · {escape(action.date or 'undated')} · "
                   f"{len(action.reports) or 1} report{'s' if len(action.reports) > 1 else ''}"
                   f" · {escape(action.record)}")
        blocks.append(f'<details class="tg-action"{opened}><summary>{summary}</summary>'
                      f"{escape(action.dates_text)} · {state.entity_link(action.iri, 'open')}"
                      f"<ul>{quotes}</ul></details>")
    st.markdown(STYLE + "".join(blocks), unsafe_allow_html=True)
