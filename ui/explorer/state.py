"""Page state in the URL: widgets read their value from `st.query_params` and write it
back when it changes, and links between pages are plain `?page=...` URLs, so every view
can be bookmarked and shared."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from tradegraph.ui.results import compact_iri


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
    columns; the types chosen and the two dates as typed."""
    types_column, start_column, end_column = columns
    with types_column:
        types = multiselect("Action types", "type", type_names, placeholder="all types")
    with start_column:
        start = text_input("From (YYYY[-MM[-DD]])", "from")
    with end_column:
        end = text_input("To", "to")
    return types, start, end
