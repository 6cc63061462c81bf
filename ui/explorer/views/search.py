"""Search: one box for a name or an alias (Enter lists the matches), an optional filter by
class, and one row per entity: its name, class, aliases, country and whether it is listed
today (under a list or restriction in force, from `TradeGraph.status`, as on its page)."""

from __future__ import annotations

import datetime as dt
from html import escape

import streamlit as st

from tradegraph.graph.query.lookup import InputError
from tradegraph.ontology.schema import schema
from tradegraph.ui.explorer import queries, state
from tradegraph.ui.explorer.data import Store
from tradegraph.ui.explorer.names import entity_class, local_name
from tradegraph.ui.explorer.tables import table

PARTIES = schema().screened_classes
"""Classes that can be listed (the parties screening compares names with, as the ontology
says); the others (countries, products) show no flag."""
ALIASES_SHOWN = 6
LIMIT = 25
"""Entities listed, best matches first (exact name, then a name that starts so)."""


def render(store: Store) -> None:
    """Draw the page."""
    st.title("Search")
    box, kinds = st.columns([3, 2])
    with box:
        text = state.text_input("Name or alias", "q", placeholder="e.g. Huawei, then Enter")
    with kinds:
        classes = state.multiselect("Classes", "cls", queries.ENTITY_CLASSES,
                                    format_func=entity_class, placeholder="all classes")
    if not text:
        st.caption("Type part of a name or of an alias and press Enter: each entity is "
                   "listed once, with its aliases, country and whether it is listed today.")
        return
    rows = store.select(queries.search(text, classes, limit=LIMIT))
    st.caption(f"{len(rows)} entit{'ies' if len(rows) != 1 else 'y'} match “{text}”"
               + (f" (the best {LIMIT}: add a word to narrow it)" if len(rows) == LIMIT else ""))
    found = [r["entity"] or "" for r in rows]
    aliases, countries = details(store, found)
    flags = listed(store, {r["entity"] or "": local_name(r["class"]) for r in rows})
    table(["entity", "class", "also known as", "country", "listed today"],
          [[state.entity_link(e, r["label"]), escape(entity_class(r["class"] or "")),
            escape(_aliases(aliases.get(e, []), r["label"] or "", r["matched"] or "")),
            escape(", ".join(countries.get(e, []))), flags.get(e, "")]
           for e, r in zip(found, rows, strict=True)], empty="no entity matches")


def details(store: Store, entities: list[str]) -> tuple[dict[str, list[str]],
                                                        dict[str, list[str]]]:
    """(aliases, country names) of each entity."""
    aliases: dict[str, list[str]] = {}
    countries: dict[str, list[str]] = {}
    rows = store.chunked(queries.search_details, entities) if entities else []
    names = store.labels([r["o"] or "" for r in rows if r["p"] == "country"])
    for row in rows:
        entity, value = row["entity"] or "", row["o"] or ""
        if row["p"] == "country":
            countries.setdefault(entity, []).append(names.get(value) or local_name(value))
        else:
            aliases.setdefault(entity, []).append(value)
    return aliases, {e: sorted(set(c)) for e, c in countries.items()}


def _aliases(names: list[str], label: str, matched: str) -> str:
    """The aliases, the one that matched first, at most ALIASES_SHOWN and how many more."""
    others = sorted(set(names) - {label}, key=lambda n: (n != matched, n.lower()))
    shown = others[:ALIASES_SHOWN]
    more = len(others) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


def listed(store: Store, kinds: dict[str, str]) -> dict[str, str]:
    """"listed Entity List since 2019-05-16, ..." (each regime in force, since when) or "not
    listed", for each party today."""
    today = dt.date.today()
    flags = {}
    for entity, kind in kinds.items():
        if kind not in PARTIES:
            continue
        try:
            status = store.status(entity, today)
        except InputError:
            continue
        since: dict[str, str] = {}
        for standing in status.in_force:
            if standing.effect == "restriction":
                since[standing.regime] = min(since.get(standing.regime, standing.since),
                                             standing.since)
        flags[entity] = ('<span class="tg-flag listed">listed</span> ' + escape(", ".join(
            f"{regime} since {day}" for regime, day in sorted(since.items(), key=lambda x: x[1])))
                         if since else '<span class="tg-flag clear">not listed</span>')
    return flags
