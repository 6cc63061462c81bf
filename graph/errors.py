"""Errors of the graph room, each with a message a user can act on."""

from __future__ import annotations

import re
from collections.abc import Iterable

from tradegraph.ontology.errors import TradegraphError


class StoreError(TradegraphError):
    """The store cannot be opened, read or written."""


class GraphWriteError(StoreError):
    """Some graphs of a batch could not be written; `failed` maps each to its reason.

    The graphs not named were written; the failed ones keep their previous version.
    """

    def __init__(self, failed: dict[str, str]) -> None:
        graph, reason = next(iter(failed.items()))
        super().__init__(f"{len(failed)} graph(s) not written; first: {graph}: {reason}")
        self.failed = failed


class AmbiguousDocumentError(TradegraphError):
    """A name (a file name, say) that several stored documents answer to; `candidates`
    lists each one's IRI and the path it was read from."""

    def __init__(self, identifier: str, candidates: list[tuple[str, str | None]]) -> None:
        listed = "; ".join(f"{iri} ({path or 'source not recorded'})"
                           for iri, path in candidates)
        super().__init__(f"{identifier} names {len(candidates)} documents: {listed}; give "
                         "the document's IRI or key, or the path of its file")
        self.identifier = identifier
        self.candidates = candidates


class QueryError(TradegraphError):
    """A SPARQL query or update is malformed or failed; the message says where and why."""


_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)
_PREFIXED_NAME = re.compile(r"([A-Za-z][\w.-]*)?:[\w.%-]*$")
_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX|BASE)\s[^\n]*\n\s*)*(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r'"([^"\\]|\\.)*"')


def describe_syntax_error(sparql: str, error: SyntaxError, declared: Iterable[str], *,
                          update: bool = False) -> str:
    """A readable message for a SPARQL syntax error from pyoxigraph.

    pyoxigraph says `error at LINE:COLUMN: expected one of <grammar classes>`; we keep
    the position, show the offending line with a caret, name an undeclared prefix, and
    cut the list of expected tokens down to the ones a person can type.
    """
    text = str(error)
    if not update and _UPDATE.match(sparql):
        return ("this is a SPARQL update; tradegraph queries are read-only: change the graph "
                "by ingesting or removing documents")
    match = _POSITION.match(text)
    if not match:
        return f"malformed SPARQL query: {text}"
    line_number, column, reason = int(match.group(1)), int(match.group(2)), match.group(3)
    lines = sparql.split("\n")
    line = lines[line_number - 1] if 0 < line_number <= len(lines) else ""
    if "Prefix not found" in reason:
        prefixed = _PREFIXED_NAME.search(line[: column - 1])
        name = prefixed.group(1) or "" if prefixed else "?"
        reason = (f"unknown prefix {name}: (declare it with PREFIX {name}: <...>; "
                  f"predeclared: {', '.join(sorted(declared))})")
    else:
        expected = [m.group(0) for m in _QUOTED.finditer(reason)]
        reason = f"expected one of {' '.join(expected)}" if expected else "unexpected input"
    caret = " " * (max(column, 1) - 1) + "^"
    return (f"malformed SPARQL query at line {line_number}, column {column}: {reason}\n"
            f"  {line}\n  {caret}")
