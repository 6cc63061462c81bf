"""Linked-data routes: dereferenceable IRIs (HTML for people, RDF for machines), the
ontology, the JSON-LD context and the VoID/DCAT description of the dataset."""

from __future__ import annotations

import json
import time

from fastapi import APIRouter, Request
from fastapi.responses import Response

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.query.execution import QueryReply
from tradegraph.graph.query.exports import jsonld_context
from tradegraph.graph.query.formats import GRAPH_MEDIA_TYPES
from tradegraph.graph.query.lanes import Lane
from tradegraph.graph.query.negotiation import choose
from tradegraph.graph.query.page_jobs import ResourceJob, ResourcePage
from tradegraph.ontology.mapping import ontology_turtle
from tradegraph.ontology.terms import ONTOLOGY_IRI
from tradegraph.ui.server import pages
from tradegraph.ui.server.endpoint import endpoint_of, public_root
from tradegraph.ui.server.rendering import stylesheet
from tradegraph.ui.server.request_parsing import checked_iri
from tradegraph.ui.server.responses import (
    html_response,
    jsonld_response,
    not_acceptable,
    rdf_response,
    reply_response,
    text_response,
)

CONTEXT_PATH = "/context.jsonld"
OFFERED = ("text/html", *GRAPH_MEDIA_TYPES)
"""What a resource or the ontology is offered as: a page for people, or RDF."""

router = APIRouter()


@router.get(CONTEXT_PATH)
def context() -> Response:
    """The JSON-LD context our JSON-LD documents use."""
    return Response(json.dumps(jsonld_context(), indent=1), media_type="application/ld+json")


@router.get("/style.css", include_in_schema=False)
def style() -> Response:
    """The stylesheet of the endpoint's pages."""
    return Response(stylesheet(), media_type="text/css; charset=utf-8",
                    headers={"Cache-Control": "max-age=3600"})


@router.get("/id/{path:path}")
async def resource(path: str, request: Request) -> Response:
    """A resource under the base IRI, by content negotiation: everything the answer needs
    comes from one trip to a query worker (`ResourceJob`)."""
    endpoint = endpoint_of(request)
    settings = endpoint.settings
    iri = checked_iri(settings.base_iri + path)
    if iri is None:
        return text_response(400, f"not a valid resource path: {path!r}")
    media_type = choose(request.headers.get("accept"), list(OFFERED))
    if media_type is None:
        return not_acceptable(OFFERED)
    wanted = None if media_type == "text/html" else (
        "application/n-triples" if media_type == "application/ld+json" else media_type)
    answer = await endpoint.run(request, ResourceJob(iri, wanted, settings.max_result_bytes),
                                Lane.QUICK)
    if answer is None:
        return text_response(404, f"tradegraph knows nothing about {iri}")
    if isinstance(answer, ResourcePage):
        root = public_root(request)
        return html_response(pages.resource_page(iri, answer.facts, answer.evidence, settings,
                                                 root))
    if media_type == "application/ld+json":
        return jsonld_response(answer, public_root(request) + CONTEXT_PATH.lstrip("/"))
    reply: QueryReply = answer
    return reply_response(reply)


@router.get("/ontology")
def ontology(request: Request) -> Response:
    """The ontology: documentation for people, the OWL for machines."""
    media_type = choose(request.headers.get("accept"), list(OFFERED))
    if media_type is None:
        return not_acceptable(OFFERED)
    if media_type == "text/html":
        return html_response(pages.ontology_page(ontology_turtle(), public_root(request)))
    return rdf_response(ontology_turtle(), media_type, base=ONTOLOGY_IRI)


@router.get("/.well-known/void")
async def void(request: Request) -> Response:
    """VoID and DCAT description of the dataset, with live statistics (one trip)."""
    endpoint = endpoint_of(request)
    found = await endpoint.selects(request, pages.VOID_COUNTS, pages.VOID_CLASSES)
    if isinstance(found, Response):
        return found
    counts, classes = found
    # A SPARQL server does not say when it last changed: then the time of asking.
    modified = TradeGraph.last_change(endpoint.settings.store) or time.time()
    turtle = pages.void_turtle(public_root(request), counts[0], classes, modified,
                               endpoint.settings.base_iri)
    return rdf_response(turtle, request.headers.get("accept"))
