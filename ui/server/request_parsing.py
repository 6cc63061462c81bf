"""Reading a SPARQL 1.1 Protocol request: which operation, which text, which dataset.

Kept apart from the web framework so the rules of the protocol (section 2.1 and 2.2 of
the SPARQL 1.1 Protocol) read in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl

from pyoxigraph import NamedNode

from tradegraph.ontology.errors import TradegraphError

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"


class ProtocolError(TradegraphError):
    """A request the protocol does not allow; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class SparqlRequest:
    """A parsed protocol request."""

    query: str | None = None
    update: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


def _one(params: Sequence[tuple[str, str]], name: str) -> str | None:
    values = [value for key, value in params if key == name]
    if len(values) > 1:
        raise ProtocolError(400, f"the request has {len(values)} '{name}' parameters; "
                                 "send exactly one")
    return values[0] if values else None


def _dataset(params: Sequence[tuple[str, str]], update: bool) -> tuple[tuple[str, ...], ...]:
    names = ("using-graph-uri", "using-named-graph-uri") if update else (
        "default-graph-uri", "named-graph-uri")
    return tuple(tuple(value for key, value in params if key == name) for name in names)


def _charset(content_type: str | None) -> str | None:
    for parameter in (content_type or "").split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def parse_request(method: str, url_params: Sequence[tuple[str, str]],
                  content_type: str | None, body: bytes) -> SparqlRequest:
    """The operation a GET or POST to the endpoint asks for (ProtocolError if malformed)."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    charset = _charset(content_type)
    if method == "POST" and charset not in (None, "utf-8", "utf8"):
        raise ProtocolError(415, f"the body is declared as {charset}; send it as UTF-8")
    if method == "GET":
        if _one(url_params, "update") is not None:
            raise ProtocolError(400, "updates must be sent with POST, not GET")
        params = list(url_params)
        query = _one(params, "query")
        default, named = _dataset(params, update=False)
        return SparqlRequest(query=query, default_graphs=default, named_graphs=named)
    if media_type == FORM:
        try:
            params = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            raise ProtocolError(400, "the form body is not valid UTF-8") from None
        query, update = _one(params, "query"), _one(params, "update")
        if query is not None and update is not None:
            raise ProtocolError(400, "a request carries either 'query' or 'update', not both")
        if query is None and update is None:
            raise ProtocolError(400, "the form has neither a 'query' nor an 'update' field")
        default, named = _dataset(params, update=update is not None)
        return SparqlRequest(query=query, update=update, default_graphs=default,
                             named_graphs=named)
    if media_type in (QUERY_TYPE, UPDATE_TYPE):
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError(400, f"the {media_type} body is not valid UTF-8") from None
        if not text.strip():
            raise ProtocolError(400, f"the {media_type} body is empty")
        is_update = media_type == UPDATE_TYPE
        default, named = _dataset(url_params, update=is_update)
        if is_update:
            return SparqlRequest(update=text, default_graphs=default, named_graphs=named)
        return SparqlRequest(query=text, default_graphs=default, named_graphs=named)
    raise ProtocolError(415, f"unsupported content type {media_type or '(none)'!r}: POST "
                             f"{FORM}, {QUERY_TYPE} or {UPDATE_TYPE}")


def checked_iri(iri: str) -> str | None:
    """The IRI if it is a valid one (a graph or resource a request names), else None."""
    try:
        return NamedNode(iri).value
    except ValueError:
        return None
