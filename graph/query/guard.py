"""What a SPARQL text asks of the store, read by a SPARQL parser: query or update, which
query form, and whether it reaches out to other servers.

pyoxigraph fetches URLs itself for `SERVICE` and `LOAD`, and echoes the remote body in
errors, so the endpoint and the explorer refuse both before a request reaches the store
unless the operator allows them. The decision is taken on the parse tree of rdflib's SPARQL
1.1 parser, never on the text: a reading of the text can be fooled by the `#` of an escaped
local name (`ex:a\\#`), a `\\u0053ERVICE` escape or a keyword inside a string, the parser
cannot. A text the parser cannot read is refused, since what it would do is unknown.

>>> read_sparql("SELECT * WHERE { ?s ?p 'self-service' }").reaches_out
False
>>> read_sparql("ASK { ?s ?p 'a' . \\u0053ERVICE <http://x/> {} }").reaches_out
True
>>> read_sparql("LOAD <http://example.org/data.ttl>").operation
<Operation.UPDATE: 'update'>
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from tradegraph.graph.query.text_cache import cached_for_short_texts
from tradegraph.ontology.errors import TradegraphError

# Strings (long and short, both quotes), IRIs, the escapes of local names (`ex:a\#`, whose
# `#` starts no comment) and comments: the parts of a text whose words are data. Used to
# locate clauses in the text (datasets.py), never to decide what a request may do.
OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|\\[_~.\-!$&'()*+,;=/?#@%]"
    r"|#[^\n]*",
)
_PROLOGUE = re.compile(r"^\s*(?:(?:PREFIX\s+[\w.-]*:|BASE)\s*\S*\s*)*", re.IGNORECASE)
_UPDATE_START = re.compile(
    r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE
)
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
          "DescribeQuery": "DESCRIBE"}
_PARSER_LOCK = threading.Lock()  # pyparsing's parsers keep state while they run


class Operation(StrEnum):
    """The two kinds of SPARQL request."""

    QUERY = "query"
    UPDATE = "update"


class OperationRefusedError(TradegraphError):
    """The request asks for something this server does not allow; the message says what."""


class UnreadableSparqlError(OperationRefusedError):
    """The SPARQL parser cannot read the text, so what it would do is unknown."""


@dataclass(frozen=True)
class SparqlReading:
    """What the parser found in a SPARQL text."""

    operation: Operation
    form: str | None
    """SELECT, ASK, CONSTRUCT or DESCRIBE for a query; None for an update."""
    services: int
    """How many `SERVICE` patterns it holds (each makes the store fetch a URL)."""
    loads: int
    """How many `LOAD` operations it holds (each makes the store fetch a URL)."""

    @property
    def reaches_out(self) -> bool:
        """Whether running it makes the store fetch URLs."""
        return bool(self.services or self.loads)


def tree_nodes(tree: Any) -> Iterator[CompValue]:
    """Every node of a parse tree or an algebra, without recursion (trees can be deep)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, ParseResults | list | tuple):
            stack.extend(node)


def parse_tree(sparql: str) -> tuple[Operation, Any]:
    """Whether a text is a query or an update, and rdflib's parse tree of it: a fresh tree
    on each call, never a shared one, since a caller may change it (rdflib's
    `translateQuery` rewrites the tree it is given) while other threads read theirs. What
    is kept is what callers read from the tree (`read_sparql`, `lanes.lane_of`).

    Raises UnreadableSparqlError, naming the position, when the text is neither.
    """
    tree: Any
    # Whatever stops the parser (rdflib's own slips included) means the text is unread.
    with _PARSER_LOCK:
        try:
            tree = parseQuery(sparql)
        except Exception as query_error:
            try:
                tree = parseUpdate(sparql)
            except Exception:
                raise UnreadableSparqlError(_unreadable(sparql, query_error)) from None
            return Operation.UPDATE, tree
    return Operation.QUERY, tree


@cached_for_short_texts
def read_sparql(sparql: str) -> SparqlReading:
    """What a query or update asks for, from its parse tree (kept for short texts:
    endpoints see the same texts again and again).

    Raises UnreadableSparqlError, naming the position, when the text is neither.
    """
    operation, tree = parse_tree(sparql)
    form = None
    if operation is Operation.QUERY:
        form = next((_FORMS[node.name] for node in tree if isinstance(node, CompValue)
                     and node.name in _FORMS), "SELECT")
    names = [node.name for node in tree_nodes(tree)]
    return SparqlReading(operation, form, names.count("ServiceGraphPattern"),
                         names.count("Load"))


def _unreadable(sparql: str, error: BaseException) -> str:
    """Why the parser cannot read a text, pointing at the place, as the store's own syntax
    errors do (graph/errors.py)."""
    if isinstance(error, RecursionError):
        return "the SPARQL text nests too deeply to be read; flatten its groups"
    if not isinstance(error, ParseBaseException):
        return f"malformed SPARQL text: {error}"
    lines = sparql.split("\n")
    line = lines[error.lineno - 1] if 0 < error.lineno <= len(lines) else ""
    caret = " " * (max(error.col, 1) - 1) + "^"
    reason = error.msg[:1].lower() + error.msg[1:]
    return (f"malformed SPARQL query at line {error.lineno}, column {error.col}: {reason}\n"
            f"  {line}\n  {caret}")


def code_words(sparql: str) -> str:
    """The SPARQL text with strings, IRIs, escapes and comments blanked out."""
    return OPAQUE.sub(" ", sparql)


def operation_of(sparql: str) -> Operation:
    """Whether the text is a query or an update: as the parser reads it, or, for a text it
    cannot read, judged by its first keyword (enough to word the refusal)."""
    try:
        return read_sparql(sparql).operation
    except UnreadableSparqlError:
        body = _PROLOGUE.sub("", code_words(sparql), count=1)
        return Operation.UPDATE if _UPDATE_START.match(body) else Operation.QUERY


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (for a text the parser cannot read, the first such
    keyword outside strings and IRIs)."""
    try:
        return read_sparql(sparql).form or "SELECT"
    except UnreadableSparqlError:
        match = _FORM.search(code_words(sparql))
        return match.group(1).upper() if match else "SELECT"


def check_remote_access(sparql: str, *, allow_service: bool) -> None:
    """Refuse `SERVICE` and `LOAD`, which make the store fetch URLs, unless allowed; refuse a
    text the parser cannot read (UnreadableSparqlError), since it might hold either.

    >>> check_remote_access("ASK { SERVICE <http://127.0.0.1:9/> {} }", allow_service=False)
    ... # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    OperationRefusedError: federated queries (SERVICE) are disabled on this endpoint
    """
    if allow_service:
        return
    reading = read_sparql(sparql)
    if reading.services:
        raise OperationRefusedError(
            "federated queries (SERVICE) are disabled on this endpoint; "
            "start `tradegraph serve --allow-service` to allow them")
    if reading.loads:
        raise OperationRefusedError(
            "LOAD is disabled on this endpoint: it would make the server fetch a URL; "
            "start `tradegraph serve --allow-service` to allow it")
