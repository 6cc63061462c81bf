"""Every kind of HTTP answer the endpoint gives, in one place: plain-text errors, query
replies, RDF by content negotiation, JSON-LD with our context, HTML pages."""

from __future__ import annotations

from fastapi.responses import Response
from pyoxigraph import RdfFormat, parse, serialize

from tradegraph.graph.query.execution import QueryReply
from tradegraph.graph.query.exports import compacted_jsonld
from tradegraph.graph.query.formats import GRAPH_MEDIA_TYPES, ExportFormat
from tradegraph.graph.query.negotiation import graph_media_type
from tradegraph.ontology.terms import PREFIXES

NEGOTIATED = {"Vary": "Accept"}
"""The header of every answer whose format depends on the request's Accept header."""


def text_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """A plain-text answer, used for every error so that any client can show it."""
    return Response(message.rstrip("\n") + "\n", status_code=status,
                    media_type="text/plain; charset=utf-8", headers=headers)


def not_acceptable(offered: tuple[str, ...] | list[str]) -> Response:
    """406: nothing the client accepts is offered."""
    return text_response(406, f"no acceptable format; offered: {', '.join(offered)}")


def reply_response(reply: QueryReply) -> Response:
    """An HTTP response from a query reply: its body, or its error as plain text."""
    if reply.status != 200:
        return text_response(reply.status, reply.body.decode("utf-8", "replace"))
    return Response(reply.body, media_type=reply.media_type, headers=NEGOTIATED)


def html_response(html: str) -> Response:
    """A page for people."""
    return Response(html, media_type="text/html; charset=utf-8", headers=NEGOTIATED)


def rdf_response(turtle: str | bytes, accept: str | None, base: str | None = None) -> Response:
    """Turtle re-serialised in the format the client accepts (406 if none)."""
    media_type = graph_media_type(accept)
    fmt = ExportFormat.from_media_type(media_type) if media_type else None
    if media_type is None or fmt is None:
        return not_acceptable(GRAPH_MEDIA_TYPES)
    data = turtle.encode() if isinstance(turtle, str) else turtle
    triples = list(parse(data, format=RdfFormat.TURTLE, base_iri=base))
    # Prefixes make Turtle and TriG readable; the other formats are written plain.
    prefixes = PREFIXES if fmt in (ExportFormat.TURTLE, ExportFormat.TRIG) else None
    body = serialize(triples, format=fmt.rdf_format, prefixes=prefixes)
    return Response(body, media_type=media_type, headers=NEGOTIATED)


def jsonld_response(reply: QueryReply, context_url: str) -> Response:
    """An N-Triples query reply as JSON-LD compacted with our published context, which the
    document names by URL."""
    if reply.status != 200:
        return reply_response(reply)
    return Response(compacted_jsonld(reply.body, context_url),
                    media_type="application/ld+json", headers=NEGOTIATED)
