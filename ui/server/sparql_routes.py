"""The SPARQL 1.1 Protocol route: queries by GET or POST (run by the query workers), updates
by POST (with the update token), and the Service Description when no query is given."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from tradegraph.graph.query.guard import (
    Operation,
    OperationRefusedError,
    check_remote_access,
    operation_of,
)
from tradegraph.graph.query.text_cache import CACHED_TEXT_LIMIT, CACHED_TEXTS
from tradegraph.ui.server.endpoint import Endpoint, endpoint_of, endpoint_url, public_root
from tradegraph.ui.server.options import ServerSettings
from tradegraph.ui.server.request_parsing import ProtocolError, parse_request
from tradegraph.ui.server.responses import rdf_response, reply_response, text_response
from tradegraph.ui.server.writes import WriteError, run_update

router = APIRouter()


@router.api_route("/sparql", methods=["GET", "POST"])
async def sparql(request: Request) -> Response:
    """SPARQL 1.1 Protocol: query by GET or POST, update by POST (with the token)."""
    endpoint = endpoint_of(request)
    body = b""
    if request.method == "POST":
        read = await endpoint.read_body(request)
        if isinstance(read, Response):
            return read
        body = read
    try:
        parsed = parse_request(request.method, request.query_params.multi_items(),
                               request.headers.get("content-type"), body)
    except ProtocolError as error:
        return text_response(error.status, error.message)
    if parsed.update is not None:
        if parsed.default_graphs or parsed.named_graphs:
            return text_response(400, "using-graph-uri / using-named-graph-uri are not "
                                      "supported here; name graphs with USING or GRAPH in "
                                      "the update itself")
        return await _update(request, endpoint, parsed.update)
    if parsed.query is None:
        return service_description(request, endpoint.settings)
    if not parsed.query.strip():
        return text_response(400, "the query is empty")
    refusal = await refusal_in_thread(parsed.query, endpoint.settings.allow_service)
    if refusal is not None:
        return text_response(400, refusal)
    # Relative IRIs in a request resolve against the endpoint's own URL.
    reply = await endpoint.query(request, parsed.query, request.headers.get("accept"),
                                 default_graphs=parsed.default_graphs,
                                 named_graphs=parsed.named_graphs,
                                 base_iri=endpoint_url(request))
    return reply_response(reply)


_REFUSALS: dict[tuple[str, bool], str | None] = {}
"""Refusals (or None) of texts seen before, answered without a trip to a thread (short texts
only, as in `text_cache`: a 1 MB text must not stay pinned here)."""


async def refusal_in_thread(query: str, allow_service: bool) -> str | None:
    """Why a query text is refused, or None: known at once for a short text seen before,
    otherwise read in a thread (`_refusal`)."""
    key = (query, allow_service)
    if key in _REFUSALS:
        return _REFUSALS[key]
    refusal = await run_in_threadpool(_refusal, query, allow_service)
    if len(query) <= CACHED_TEXT_LIMIT:
        if len(_REFUSALS) >= CACHED_TEXTS:
            _REFUSALS.clear()
        _REFUSALS[key] = refusal
    return refusal


def _refusal(query: str, allow_service: bool) -> str | None:
    """Why a query text is refused (an update, SERVICE or LOAD, unreadable), or None. Run in
    a thread: the parser takes milliseconds of Python on a new text, and the event loop
    keeps serving everyone else meanwhile (`_REFUSALS` keeps the answers for short texts)."""
    refusal = None
    try:
        if operation_of(query) is Operation.UPDATE:
            raise OperationRefusedError("this is a SPARQL update; send it as 'update' with "
                                        "POST (updates need the server's update token)")
        check_remote_access(query, allow_service=allow_service)
    except OperationRefusedError as error:
        refusal = str(error)
    return refusal


async def _update(request: Request, endpoint: Endpoint, update: str) -> Response:
    folder = endpoint.authorise_write(request)
    if isinstance(folder, Response):
        return folder
    try:
        check_remote_access(update, allow_service=endpoint.settings.allow_service)
        await run_in_threadpool(run_update, folder, update, endpoint_url(request))
    except OperationRefusedError as error:
        return text_response(400, str(error))
    except WriteError as error:
        return text_response(error.status, error.message)
    endpoint.pool.store_changed()
    return Response(status_code=204)


def service_description(request: Request, settings: ServerSettings) -> Response:
    """The SPARQL 1.1 Service Description of this endpoint."""
    endpoint = endpoint_url(request)
    root = public_root(request)
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
