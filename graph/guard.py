"""What a SPARQL text asks of the store: query or update, which query form, and whether it
reaches out to other servers.

pyoxigraph fetches URLs itself for `SERVICE` and `LOAD`, and echoes the remote body in
errors, so the endpoint and the explorer refuse both before a request reaches the store
unless the operator allows them. Keywords are looked for outside strings, IRIs and comments
only, so a query that merely mentions "service" in a literal is not refused.
"""

from __future__ import annotations

import re
from enum import StrEnum

# Strings (long and short, both quotes), IRIs and comments: the parts whose words are data.
OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
)
_PROLOGUE = re.compile(r"^\s*(?:(?:PREFIX\s+[\w.-]*:|BASE)\s*\S*\s*)*", re.IGNORECASE)
_UPDATE_START = re.compile(
    r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE
)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_LOAD = re.compile(r"\bLOAD\b", re.IGNORECASE)
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


class Operation(StrEnum):
    """The two kinds of SPARQL request."""

    QUERY = "query"
    UPDATE = "update"


class OperationRefusedError(Exception):
    """The request asks for something this server does not allow; the message says what."""


def code_words(sparql: str) -> str:
    """The SPARQL text with strings, IRIs and comments blanked out."""
    return OPAQUE.sub(" ", sparql)


def operation_of(sparql: str) -> Operation:
    """Whether the text is a query or an update, judged by its first keyword."""
    body = _PROLOGUE.sub("", code_words(sparql), count=1)
    return Operation.UPDATE if _UPDATE_START.match(body) else Operation.QUERY


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword outside strings and IRIs."""
    match = _FORM.search(code_words(sparql))
    return match.group(1).upper() if match else "SELECT"


def reaches_out(sparql: str) -> bool:
    """Whether the text uses `SERVICE` or `LOAD`, which make a store fetch URLs."""
    words = code_words(sparql)
    return bool(_SERVICE.search(words) or _LOAD.search(words))


def check_remote_access(sparql: str, *, allow_service: bool) -> None:
    """Refuse `SERVICE` and `LOAD`, which make the store fetch URLs, unless allowed."""
    if allow_service:
        return
    words = code_words(sparql)
    if _SERVICE.search(words):
        raise OperationRefusedError(
            "federated queries (SERVICE) are disabled on this endpoint; "
            "start `tradegraph serve --allow-service` to allow them")
    if _LOAD.search(words):
        raise OperationRefusedError(
            "LOAD is disabled on this endpoint: it would make the server fetch a URL; "
            "start `tradegraph serve --allow-service` to allow it")
