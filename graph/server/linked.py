"""Linked data around the endpoint: Service Description, Graph Store reads, dereferenceable
IRIs (HTML for people, RDF for machines), the ontology, the JSON-LD context, VoID/DCAT
and gzipped dumps."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

import rdflib
from fastapi import FastAPI, Request
from fastapi.responses import Response, StreamingResponse
from pyoxigraph import NamedNode, RdfFormat, parse, serialize

from tradegraph.graph.server import pages
from tradegraph.graph.server.dumps import DUMP_FORMATS, dump_chunks, last_modified
from tradegraph.graph.server.negotiation import GRAPH_FORMATS, choose, graph_media_type
from tradegraph.graph.server.settings import ServerSettings
from tradegraph.ontology.mapping import ontology_turtle
from tradegraph.ontology.terms import ONTOLOGY_IRI, PREFIXES

if TYPE_CHECKING:
    from tradegraph.graph.server.app import Endpoint

JSON_RESULTS = "application/sparql-results+json"
CONTEXT_PATH = "/context.jsonld"


def _text(status: int, message: str) -> Response:
    return Response(message + "\n", status_code=status, media_type="text/plain; charset=utf-8")


def jsonld_context() -> dict[str, object]:
    """The published JSON-LD context: our prefixes, so that IRIs compact to CURIEs."""
    return {"@context": dict(sorted(PREFIXES.items()))}


def rdf_response(turtle: str | bytes, accept: str | None, base: str | None = None) -> Response:
    """Turtle re-serialised in the format the client accepts (406 if none)."""
    media_type = graph_media_type(accept)
    if media_type is None:
        return _text(406, f"no acceptable format; offered: {', '.join(GRAPH_FORMATS)}")
    data = turtle.encode() if isinstance(turtle, str) else turtle
    triples = list(parse(data, format=RdfFormat.TURTLE, base_iri=base))
    body = serialize(triples, format=GRAPH_FORMATS[media_type], prefixes=PREFIXES) \
        if GRAPH_FORMATS[media_type] in (RdfFormat.TURTLE, RdfFormat.TRIG) \
        else serialize(triples, format=GRAPH_FORMATS[media_type])
    return Response(body, media_type=media_type, headers={"Vary": "Accept"})


def service_description(request: Request, settings: ServerSettings) -> Response:
    """The SPARQL 1.1 Service Description of this endpoint."""
    endpoint = str(request.url).split("?")[0]
    root = str(request.base_url)
    features = "sd:UnionDefaultGraph" + (" , sd:BasicFederatedQuery" if settings.allow_service
                                         else "")
    updates = "sd:SPARQL11Update , " if settings.update_token else ""
    turtle = f"""
@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
<{endpoint}> a sd:Service ;
  sd:endpoint <{endpoint}> ;
  sd:supportedLanguage {updates}sd:SPARQL11Query ;
  sd:feature {features} ;
  sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON>,
    <http://www.w3.org/ns/formats/SPARQL_Results_XML>, <http://www.w3.org/ns/formats/SPARQL_Results_CSV>,
    <http://www.w3.org/ns/formats/SPARQL_Results_TSV>, <http://www.w3.org/ns/formats/Turtle>,
    <http://www.w3.org/ns/formats/N-Triples>, <http://www.w3.org/ns/formats/JSON-LD>,
    <http://www.w3.org/ns/formats/RDF_XML>, <http://www.w3.org/ns/formats/N-Quads>,
    <http://www.w3.org/ns/formats/TriG> ;
  sd:defaultDataset [ a sd:Dataset ; void:sparqlEndpoint <{endpoint}> ;
    sd:defaultGraph [ a sd:Graph ] ] ;
  void:rootResource <{root}.well-known/void> .
"""
    return rdf_response(turtle, request.headers.get("accept"))


async def _ask(endpoint: Endpoint, sparql: str) -> bool | Response:
    reply = await endpoint.query(sparql, JSON_RESULTS)
    if reply.status != 200:
        return _text(reply.status, reply.body.decode("utf-8", "replace"))
    return bool(json.loads(reply.body)["boolean"])


async def _select(endpoint: Endpoint, sparql: str) -> list[dict[str, str]] | Response:
    reply = await endpoint.query(sparql, JSON_RESULTS)
    if reply.status != 200:
        return _text(reply.status, reply.body.decode("utf-8", "replace"))
    rows = json.loads(reply.body)["results"]["bindings"]
    return [{name: cell["value"] for name, cell in row.items()} for row in rows]


def _checked_iri(iri: str) -> str | None:
    try:
        return NamedNode(iri).value
    except ValueError:
        return None


async def graph_response(endpoint: Endpoint, graph: str | None, accept: str | None) -> Response:
    """Graph Store Protocol GET: one named graph, or the default (union) graph."""
    if graph is None:
        sparql = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    else:
        if _checked_iri(graph) is None:
            return _text(400, f"not a valid IRI: {graph!r}")
        exists = await _ask(endpoint, f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        if isinstance(exists, Response):
            return exists
        if not exists:
            return _text(404, f"there is no graph {graph}")
        sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    reply = await endpoint.query(sparql, accept)
    if reply.status != 200:
        return _text(reply.status, reply.body.decode("utf-8", "replace"))
    return Response(reply.body, media_type=reply.media_type, headers={"Vary": "Accept"})


def _describe(iri: str) -> str:
    # The resource, what points at it, and labels of its neighbours so a page can name them.
    return f"""CONSTRUCT {{ <{iri}> ?p ?o . ?o rdfs:label ?ol . ?s ?q <{iri}> . ?s rdfs:label ?sl }}
WHERE {{ {{ <{iri}> ?p ?o OPTIONAL {{ ?o rdfs:label ?ol }} }}
  UNION {{ ?s ?q <{iri}> FILTER(?q != tg:mentions) OPTIONAL {{ ?s rdfs:label ?sl }} }} }}"""


async def _jsonld(endpoint: Endpoint, sparql: str, context_url: str) -> Response:
    """JSON-LD compacted with our published context, which the document names by URL."""
    reply = await endpoint.query(sparql, "application/n-triples")
    if reply.status != 200:
        return _text(reply.status, reply.body.decode("utf-8", "replace"))
    graph = rdflib.Graph()
    graph.parse(data=reply.body.decode("utf-8"), format="nt")
    compacted = json.loads(graph.serialize(format="json-ld",
                                           context=jsonld_context()["@context"]))
    compacted["@context"] = context_url
    return Response(json.dumps(compacted, ensure_ascii=False, indent=1),
                    media_type="application/ld+json", headers={"Vary": "Accept"})


def add_routes(app: FastAPI, settings: ServerSettings,
               endpoint_of: Callable[[Request], Endpoint]) -> None:
    """Register the linked-data routes on the application."""
    offered = ["text/html", *GRAPH_FORMATS]

    @app.get(CONTEXT_PATH)
    def context() -> Response:
        """The JSON-LD context our JSON-LD documents use."""
        return Response(json.dumps(jsonld_context(), indent=1), media_type="application/ld+json")

    @app.get("/id/{path:path}")
    async def resource(path: str, request: Request) -> Response:
        """A resource under the base IRI, by content negotiation."""
        endpoint = endpoint_of(request)
        iri = _checked_iri(settings.base_iri + path)
        if iri is None:
            return _text(400, f"not a valid resource path: {path!r}")
        exists = await _ask(endpoint, f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}")
        if isinstance(exists, Response):
            return exists
        if not exists:
            return _text(404, f"tradegraph knows nothing about {iri}")
        media_type = choose(request.headers.get("accept"), offered)
        if media_type is None:
            return _text(406, f"no acceptable format; offered: {', '.join(offered)}")
        if media_type == "text/html":
            facts = await _select(endpoint, pages.FACTS.replace("$IRI", iri))
            evidence = await _select(endpoint, pages.EVIDENCE.replace("$IRI", iri))
            for rows in (facts, evidence):
                if isinstance(rows, Response):
                    return rows
            html = pages.resource_page(iri, facts, evidence, settings,  # type: ignore[arg-type]
                                       str(request.base_url))
            return Response(html, media_type="text/html; charset=utf-8",
                            headers={"Vary": "Accept"})
        if media_type == "application/ld+json":
            return await _jsonld(endpoint, _describe(iri),
                                 str(request.base_url).rstrip("/") + CONTEXT_PATH)
        reply = await endpoint.query(_describe(iri), media_type)
        if reply.status != 200:
            return _text(reply.status, reply.body.decode("utf-8", "replace"))
        return Response(reply.body, media_type=reply.media_type, headers={"Vary": "Accept"})

    @app.get("/ontology")
    def ontology(request: Request) -> Response:
        """The ontology: documentation for people, the OWL for machines."""
        media_type = choose(request.headers.get("accept"), offered)
        if media_type is None:
            return _text(406, f"no acceptable format; offered: {', '.join(offered)}")
        if media_type == "text/html":
            return Response(pages.ontology_page(ontology_turtle()),
                            media_type="text/html; charset=utf-8", headers={"Vary": "Accept"})
        return rdf_response(ontology_turtle(), media_type, base=ONTOLOGY_IRI)

    @app.get("/.well-known/void")
    async def void(request: Request) -> Response:
        """VoID and DCAT description of the dataset, with live statistics."""
        endpoint = endpoint_of(request)
        counts = await _select(endpoint, pages.VOID_COUNTS)
        classes = await _select(endpoint, pages.VOID_CLASSES)
        for rows in (counts, classes):
            if isinstance(rows, Response):
                return rows
        turtle = pages.void_turtle(str(request.base_url), counts[0],  # type: ignore[index]
                                   classes, last_modified(settings.store),  # type: ignore[arg-type]
                                   settings.base_iri)
        return rdf_response(turtle, request.headers.get("accept"))

    @app.get("/dumps/{name}")
    def dump(name: str) -> Response:
        """A gzipped dump of the whole dataset, streamed as it is written."""
        if name not in DUMP_FORMATS:
            return _text(404, f"no dump named {name!r}; available: {', '.join(DUMP_FORMATS)}")
        return StreamingResponse(dump_chunks(settings.store, name), media_type="application/gzip",
                                 headers={"Content-Disposition": f'attachment; filename="{name}"'})
