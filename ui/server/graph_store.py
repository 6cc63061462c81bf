"""The SPARQL 1.1 Graph Store HTTP Protocol route, indirect identification (`?graph=IRI` or
`?default`): reads for everyone, PUT/POST/DELETE with the update token."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from tradegraph.graph.query.formats import GRAPH_MEDIA_TYPES, ExportFormat
from tradegraph.ui.server.endpoint import Endpoint, endpoint_of
from tradegraph.ui.server.request_parsing import checked_iri
from tradegraph.ui.server.responses import reply_response, text_response
from tradegraph.ui.server.writes import (
    WriteError,
    delete_graph,
    parse_graph,
    post_graph,
    put_graph,
)

router = APIRouter()


@router.api_route("/graph-store", methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
async def graph_store(request: Request) -> Response:
    """SPARQL 1.1 Graph Store HTTP Protocol, indirect identification (?graph= / ?default)."""
    endpoint = endpoint_of(request)
    params = request.query_params
    graph = params.get("graph")
    if (graph is None) == ("default" not in params):
        return text_response(400, "name the graph with either ?graph=IRI or ?default")
    if request.method in ("GET", "HEAD"):
        return await graph_response(request, endpoint, graph)
    return await _graph_write(request, endpoint, graph)


async def graph_response(request: Request, endpoint: Endpoint, graph: str | None) -> Response:
    """Graph Store Protocol GET (and HEAD, whose body the middleware leaves out): one named
    graph, or the default (union) graph."""
    if graph is None:
        sparql = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    else:
        if checked_iri(graph) is None:
            return text_response(400, f"not a valid IRI: {graph!r}")
        found = await endpoint.ask(request, f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        if isinstance(found, Response):
            return found
        if not found:
            return text_response(404, f"there is no graph {graph}")
        sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    return reply_response(await endpoint.query(request, sparql, request.headers.get("accept")))


async def _graph_write(request: Request, endpoint: Endpoint, graph: str | None) -> Response:
    folder = endpoint.authorise_write(request)
    if isinstance(folder, Response):
        return folder
    action: Callable[[Path], bool]
    if request.method == "DELETE":
        def action(target: Path) -> bool:
            return delete_graph(target, graph)
    else:
        read = await endpoint.read_body(request)
        if isinstance(read, Response):
            return read
        media_type = (request.headers.get("content-type") or "").split(";")[0].strip()
        fmt = ExportFormat.from_media_type(media_type)
        if fmt is None:
            return text_response(415, f"unsupported RDF media type {media_type or '(none)'!r};"
                                      f" send one of {', '.join(GRAPH_MEDIA_TYPES)}")
        try:
            quads = parse_graph(read, media_type, graph, fmt.rdf_format)
        except WriteError as error:
            return text_response(error.status, error.message)
        writer = put_graph if request.method == "PUT" else post_graph

        def action(target: Path) -> bool:
            return writer(target, graph, quads)
    try:
        outcome = await run_in_threadpool(action, folder)
    except WriteError as error:
        return text_response(error.status, error.message)
    endpoint.pool.store_changed()
    if request.method == "DELETE":
        return Response(status_code=204) if outcome else text_response(
            404, f"there is no graph {graph}")
    return Response(status_code=201 if outcome else 204)
