"""Linked-data routes: dereferenceable IRIs (HTML for people, RDF for machines), the
ontology, the JSON-LD context and the VoID/DCAT description of the dataset."""

from __future__ import annotations

import json
import time

from fastapi import APIRouter, Request
from fastapi.responses import Response

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.query.describing import EVIDENCE, FACTS, describe
from tradegraph.graph.query.exports import jsonld_context
from tradegraph.graph.query.formats import GRAPH_MEDIA_TYPES
from tradegraph.graph.query.negotiation import choose
from tradegraph.ontology.mapping import ontology_turtle
from tradegraph.ontology.terms import ONTOLOGY_IRI
from tradegraph.ui.server import pages
from tradegraph.ui.server.endpoint import endpoint_of
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


@router.get("/id/{path:path}")
async def resource(path: str, request: Request) -> Response:
    """A resource under the base IRI, by content negotiation."""
    endpoint = endpoint_of(request)
    settings = endpoint.settings
    iri = checked_iri(settings.base_iri + path)
    if iri is None:
        return text_response(400, f"not a valid resource path: {path!r}")
    absent = await endpoint.unless_found(
        f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}",
        f"tradegraph knows nothing about {iri}")
    if absent is not None:
        return absent
    media_type = choose(request.headers.get("accept"), list(OFFERED))
    if media_type is None:
        return not_acceptable(OFFERED)
    if media_type == "text/html":
        facts = await endpoint.select(FACTS.replace("$IRI", iri))
        if isinstance(facts, Response):
            return facts
        evidence = await endpoint.select(EVIDENCE.replace("$IRI", iri))
        if isinstance(evidence, Response):
            return evidence
        return html_response(pages.resource_page(iri, facts, evidence, settings,
                                                 str(request.base_url)))
    if media_type == "application/ld+json":
        reply = await endpoint.query(describe(iri), "application/n-triples")
        return jsonld_response(reply, str(request.base_url).rstrip("/") + CONTEXT_PATH)
    return reply_response(await endpoint.query(describe(iri), media_type))


@router.get("/ontology")
def ontology(request: Request) -> Response:
    """The ontology: documentation for people, the OWL for machines."""
    media_type = choose(request.headers.get("accept"), list(OFFERED))
    if media_type is None:
        return not_acceptable(OFFERED)
    if media_type == "text/html":
        return html_response(pages.ontology_page(ontology_turtle()))
    return rdf_response(ontology_turtle(), media_type, base=ONTOLOGY_IRI)


@router.get("/.well-known/void")
async def void(request: Request) -> Response:
    """VoID and DCAT description of the dataset, with live statistics."""
    endpoint = endpoint_of(request)
    counts = await endpoint.select(pages.VOID_COUNTS)
    if isinstance(counts, Response):
        return counts
    classes = await endpoint.select(pages.VOID_CLASSES)
    if isinstance(classes, Response):
        return classes
    # A SPARQL server does not say when it last changed: then the time of asking.
    modified = TradeGraph.last_change(endpoint.settings.store) or time.time()
    turtle = pages.void_turtle(str(request.base_url), counts[0], classes, modified,
                               endpoint.settings.base_iri)
    return rdf_response(turtle, request.headers.get("accept"))
