"""Page state in the URL: widgets read their value from `st.query_params` and write it
back when it changes, and links between pages are plain `?page=...` URLs, so every view
can be bookmarked and shared."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from html import escape
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from tradegraph.ontology.errors import TradegraphError
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


DATE_HINT = "YYYY-MM-DD"


class BadDateError(TradegraphError, ValueError):
    """A date that cannot be read; the message names it and says how to write it."""


def parse_day(text: str, label: str, *, partial: bool = False) -> str:
    """`text` as a day (YYYY-MM-DD), or with `partial` also a year or a month (YYYY,
    YYYY-MM), checked against the calendar; BadDateError names `label` otherwise.

    >>> parse_day(" 2019-05-16 ", "From"), parse_day("2019-05", "From", partial=True)
    ('2019-05-16', '2019-05')
    >>> try:
    ...     parse_day("2019-13-45", "Status as of")
    ... except BadDateError as error:
    ...     print(error)
    Status as of: “2019-13-45” is not a date; write it as YYYY-MM-DD (e.g. 2019-05-16)
    """
    value = text.strip()
    shape = r"\d{4}(-\d{2}(-\d{2})?)?" if partial else r"\d{4}-\d{2}-\d{2}"
    try:
        if not re.fullmatch(shape, value):
            raise ValueError(value)
        dt.date.fromisoformat({4: f"{value}-01-01", 7: f"{value}-01"}.get(len(value), value))
    except ValueError:
        how = "YYYY, YYYY-MM or YYYY-MM-DD" if partial else DATE_HINT
        raise BadDateError(f"{label}: “{value}” is not a date; write it as {how} "
                           "(e.g. 2019-05-16)") from None
    return value


def _date_text(label: str, name: str, column: Any = None, shown: str = "",
               **options: Any) -> str:
    """A text box for a date whose text lives in the URL parameter `name`: Enter (or
    leaving the box) applies it. The URL decides its value on every run, so a link to
    another page carries no date of the last one; `shown` is in the box when the URL has
    no date."""
    key = _key(name)
    st.session_state[key] = param(name, "") or shown
    where = column if column is not None else st
    return str(where.text_input(label, key=key, on_change=_sync, args=(name, key, str),
                                placeholder=DATE_HINT, **options)).strip()


def date_input(label: str, name: str, default: dt.date | None, **options: Any) -> dt.date | None:
    """A day (YYYY-MM-DD, applied on Enter) whose value lives in the URL parameter `name`;
    `default` when the box is empty. A day that is no date (a mistyped one, or one in a
    shared link: `asof=2019-13-45`) is named in an error and `default` is used."""
    text = _date_text(label, name, shown=default.isoformat() if default else "",
                      help="YYYY-MM-DD, then Enter", **options)
    if not text:
        return default
    try:
        return dt.date.fromisoformat(parse_day(text, label))
    except BadDateError as error:
        st.error(f"{error}; showing {default.isoformat() if default else 'no date'} instead")
        return default


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
    columns: the types chosen (their names as people say them) and the two dates
    (`date_range`)."""
    from tradegraph.ui.explorer.names import action_type

    types_column, start_column, end_column = columns
    with types_column:
        types = multiselect("Action types", "type", type_names, format_func=action_type,
                            placeholder="all types")
    start, end = date_range(start_column, end_column)
    return types, start, end


def date_range(start_column: Any, end_column: Any) -> tuple[str, str]:
    """The from and to dates (URL `from`, `to`) in two columns, as typed: a year, a month or
    a day (`from=2019` keeps all of 2019; "" when not set). A date that is no date is named
    in an error and not applied."""
    limits = []
    for column, label, name in ((start_column, "From", "from"), (end_column, "To", "to")):
        text = _date_text(label, name, column, help="YYYY, YYYY-MM or YYYY-MM-DD, then Enter")
        try:
            limits.append(parse_day(text, label, partial=True) if text else "")
        except BadDateError as error:
            st.error(f"{error}; not applied")
            limits.append("")
    return limits[0], limits[1]
