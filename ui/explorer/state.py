"""Page state in the URL: widgets read their value from `st.query_params` and write it
back when it changes, and links between pages are plain `?page=...` URLs, so every view
can be bookmarked and shared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from html import escape
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from tradegraph.ui.query_output import compact_iri


def param(name: str, default: str | None = None) -> str | None:
    """One value from the URL (the first if repeated)."""
    value = st.query_params.get(name)
    return value if value not in (None, "") else default


def params(name: str) -> list[str]:
    """All values of a repeated URL parameter."""
    return [v for v in st.query_params.get_all(name) if v]


def set_param(name: str, value: str | Sequence[str] | None) -> None:
    """Put a value in the URL, or take it out when empty."""
    if value in (None, "") or (isinstance(value, list | tuple) and not value):
        if name in st.query_params:
            del st.query_params[name]
        return
    st.query_params[name] = value


def go(page: str, **values: str | None) -> None:
    """Switch to another page with these parameters, and rerun."""
    st.query_params.clear()
    st.query_params["page"] = page
    for name, value in values.items():
        set_param(name, value)
    st.rerun()


def href(page: str, **values: str | int | None) -> str:
    """The relative URL of a page with parameters."""
    pairs = [("page", page)] + [(k, str(v)) for k, v in values.items() if v not in (None, "")]
    return "?" + urlencode(pairs)


def link(text: str, page: str, **values: str | int | None) -> str:
    """An HTML link to a page that opens in the same tab."""
    return f'<a href="{escape(href(page, **values))}" target="_self">{escape(text)}</a>'


def entity_link(iri: str, label: str | None = None) -> str:
    """A link to a resource's entity page, named by its label."""
    return link(label or compact_iri(iri), "entity", iri=iri)


def _key(name: str) -> str:
    return f"url:{param('page', 'overview')}:{name}"


def _sync(name: str, key: str, encode: Callable[[Any], str | list[str] | None]) -> None:
    set_param(name, encode(st.session_state[key]))


def text_input(label: str, name: str, **options: Any) -> str:
    """A text box whose value lives in the URL parameter `name`."""
    key = _key(name)
    if key not in st.session_state:
        st.session_state[key] = param(name, "") or ""
    value = st.text_input(label, key=key, on_change=_sync, args=(name, key, str), **options)
    return str(value).strip()


def multiselect(label: str, name: str, choices: Sequence[str],
                format_func: Callable[[str], str] = str, **options: Any) -> list[str]:
    """A multi-select whose choices live in the repeated URL parameter `name`."""
    key = _key(name)
    if key not in st.session_state:
        st.session_state[key] = [v for v in params(name) if v in choices]
    chosen = st.multiselect(label, list(choices), key=key, format_func=format_func,
                            on_change=_sync, args=(name, key, list), **options)
    return list(chosen)


def selectbox(label: str, name: str, choices: Sequence[str], default: str,
              format_func: Callable[[str], str] = str, **options: Any) -> str:
    """A select box whose choice lives in the URL parameter `name`."""
    key = _key(name)
    if key not in st.session_state:
        current = param(name, default)
        st.session_state[key] = current if current in choices else default
    chosen = st.selectbox(label, list(choices), key=key, format_func=format_func,
                          on_change=_sync, args=(name, key, str), **options)
    return str(chosen)


def day(name: str) -> dt.date | None:
    """A YYYY-MM-DD URL parameter as a date; None if absent or malformed."""
    value = param(name)
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def date_input(label: str, name: str, default: dt.date | None, **options: Any) -> dt.date | None:
    """A date picker whose day lives in the URL parameter `name` (YYYY-MM-DD); `default`
    when the URL has none (None: no date until one is picked)."""
    key = _key(name)
    # the URL decides (a link to another entity carries no `asof` of the last one); a
    # pick writes the URL first, in its on_change, so the two agree
    st.session_state[key] = day(name) or default
    picked = st.date_input(label, key=key, on_change=_sync, format="YYYY-MM-DD",
                           args=(name, key, _iso), **options)
    return picked if isinstance(picked, dt.date) else None


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else None


def number(name: str, default: int, low: int, high: int) -> int:
    """An integer URL parameter, clamped to [low, high]."""
    try:
        value = int(param(name, str(default)) or default)
    except ValueError:
        value = default
    return max(low, min(high, value))


def action_filters(type_names: Sequence[str], columns: Sequence[Any]
                   ) -> tuple[list[str], str, str]:
    """The action-type, from and to filters (URL `type`, `from`, `to`), drawn in three
    columns: the types chosen and the two days as YYYY-MM-DD ("" when not set). The URL
    may hold a year or a month too (`from=2019`): it is kept as given until a day is
    picked."""
    types_column, start_column, end_column = columns
    with types_column:
        types = multiselect("Action types", "type", type_names, placeholder="all types")
    limits = []
    for column, label, name in ((start_column, "From", "from"), (end_column, "To", "to")):
        given = param(name, "") or ""
        with column:
            if _partial(given):  # kept as the link gave it
                st.caption(f"{label}: {given}")
                limits.append(given)
                continue
            picked = date_input(label, name, None)
        limits.append(picked.isoformat() if picked else "")
    return types, limits[0], limits[1]


def _partial(value: str) -> bool:
    """A year (2019) or a month (2019-05) rather than a day."""
    return len(value) in (4, 7) and value[:4].isdigit()
