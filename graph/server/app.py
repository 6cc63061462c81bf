"""The HTTP application of `tradegraph serve`: SPARQL 1.1 Protocol, Graph Store Protocol
reads (and token-guarded writes), dereferenceable IRIs, dataset description and dumps."""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from tradegraph.graph.remote_store import is_remote
from tradegraph.graph.server import linked
from tradegraph.graph.server.guard import (
    Operation,
    OperationRefusedError,
    check_remote_access,
    operation_of,
)
from tradegraph.graph.server.negotiation import GRAPH_FORMATS
from tradegraph.graph.server.protocol import ProtocolError, parse_request
from tradegraph.graph.server.settings import ServerSettings
from tradegraph.graph.server.workers import QueryJob, QueryPool, QueryReply, QueryTimeoutError
from tradegraph.graph.server.writes import (
    WriteError,
    delete_graph,
    parse_graph,
    post_graph,
    put_graph,
    run_update,
)


def text_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """A plain-text answer, used for every error so that any client can show it."""
    return Response(message.rstrip("\n") + "\n", status_code=status,
                    media_type="text/plain; charset=utf-8", headers=headers)


def reply_response(reply: QueryReply) -> Response:
    """An HTTP response from a worker's reply."""
    if reply.status != 200:
        return text_response(reply.status, reply.body.decode("utf-8", "replace"))
    return Response(reply.body, media_type=reply.media_type, headers={"Vary": "Accept"})


class Endpoint:
    """The state behind the routes: settings and the query worker pool."""

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self.pool = QueryPool(settings.store, size=settings.workers,
                              timeout=settings.query_timeout,
                              refresh_seconds=settings.snapshot_refresh)

    async def query(self, sparql: str, accept: str | None, default_graphs: tuple[str, ...] = (),
                    named_graphs: tuple[str, ...] = (), base_iri: str | None = None
                    ) -> QueryReply:
        """Run a read query in the pool; a time-out becomes a 503 reply."""
        job = QueryJob(sparql, accept, default_graphs, named_graphs,
                       max_bytes=self.settings.max_result_bytes, base_iri=base_iri)
        try:
            return await run_in_threadpool(self.pool.run, job)
        except QueryTimeoutError as error:
            return QueryReply(503, body=str(error).encode())

    def authorise_write(self, request: Request) -> Response | None:
        """None if the request may write; otherwise the refusal to send."""
        if is_remote(self.settings.store):
            return text_response(403, "this endpoint is read-only: it serves a remote SPARQL "
                                      "server; write to that server directly or with "
                                      "tradegraph ingest")
        token = self.settings.update_token
        if not token:
            return text_response(403, "this endpoint is read-only: updates and graph writes are "
                                      "switched off (start the server with an update token to "
                                      "allow them)")
        given = request.headers.get("authorization", "")
        scheme, _, credentials = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(credentials.strip(), token):
            return text_response(401, "writing needs the update token: send "
                                      "'Authorization: Bearer <token>'",
                                 {"WWW-Authenticate": 'Bearer realm="tradegraph"'})
        return None

    async def read_body(self, request: Request) -> bytes | Response:
        """The request body, or a 413 response if it is larger than allowed."""
        limit = self.settings.max_request_bytes
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            return text_response(413, f"the request body ({int(declared):,} bytes) is larger "
                                      f"than this endpoint's limit of {limit:,} bytes")
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                return text_response(413, f"the request body is larger than this endpoint's "
                                          f"limit of {limit:,} bytes")
            chunks.append(chunk)
        return b"".join(chunks)


def _endpoint_url(request: Request) -> str:
    return str(request.url).split("?")[0]


def endpoint_of(request: Request) -> Endpoint:
    """The endpoint state of the application handling this request."""
    state: Endpoint = request.app.state.endpoint
    return state


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
        return linked.service_description(request, endpoint.settings)
    if not parsed.query.strip():
        return text_response(400, "the query is empty")
    try:
        if operation_of(parsed.query) is Operation.UPDATE:
            raise OperationRefusedError("this is a SPARQL update; send it as 'update' with "
                                        "POST (updates need the server's update token)")
        check_remote_access(parsed.query, allow_service=endpoint.settings.allow_service)
    except OperationRefusedError as error:
        return text_response(400, str(error))
    # Relative IRIs in a request resolve against the endpoint's own URL.
    reply = await endpoint.query(parsed.query, request.headers.get("accept"),
                                 parsed.default_graphs, parsed.named_graphs,
                                 base_iri=_endpoint_url(request))
    return reply_response(reply)


async def _update(request: Request, endpoint: Endpoint, update: str) -> Response:
    refusal = endpoint.authorise_write(request)
    if refusal is not None:
        return refusal
    try:
        check_remote_access(update, allow_service=endpoint.settings.allow_service)
        await run_in_threadpool(run_update, endpoint.settings.store, update,
                                _endpoint_url(request))
    except OperationRefusedError as error:
        return text_response(400, str(error))
    except WriteError as error:
        return text_response(error.status, error.message)
    endpoint.pool.store_changed()
    return Response(status_code=204)


async def graph_store(request: Request) -> Response:
    """SPARQL 1.1 Graph Store HTTP Protocol, indirect identification (?graph= / ?default)."""
    endpoint = endpoint_of(request)
    params = request.query_params
    graph = params.get("graph")
    if (graph is None) == ("default" not in params):
        return text_response(400, "name the graph with either ?graph=IRI or ?default")
    if request.method in ("GET", "HEAD"):
        response = await linked.graph_response(endpoint, graph, request.headers.get("accept"))
        if request.method == "HEAD":
            return Response(status_code=response.status_code, headers=dict(response.headers))
        return response
    return await _graph_write(request, endpoint, graph)


async def _graph_write(request: Request, endpoint: Endpoint, graph: str | None) -> Response:
    refusal = endpoint.authorise_write(request)
    if refusal is not None:
        return refusal
    store = endpoint.settings.store
    action: Callable[[], bool]
    if request.method == "DELETE":
        def action() -> bool:
            return delete_graph(store, graph)
    else:
        read = await endpoint.read_body(request)
        if isinstance(read, Response):
            return read
        media_type = (request.headers.get("content-type") or "").split(";")[0].strip()
        rdf_format = GRAPH_FORMATS.get(media_type.lower())
        if rdf_format is None:
            return text_response(415, f"unsupported RDF media type {media_type or '(none)'!r};"
                                      f" send one of {', '.join(GRAPH_FORMATS)}")
        try:
            quads = parse_graph(read, media_type, graph, rdf_format)
        except WriteError as error:
            return text_response(error.status, error.message)
        writer = put_graph if request.method == "PUT" else post_graph

        def action() -> bool:
            return writer(store, graph, quads)
    try:
        outcome = await run_in_threadpool(action)
    except WriteError as error:
        return text_response(error.status, error.message)
    endpoint.pool.store_changed()
    if request.method == "DELETE":
        return Response(status_code=204) if outcome else text_response(
            404, f"there is no graph {graph}")
    return Response(status_code=201 if outcome else 204)


def create_app(settings: ServerSettings) -> FastAPI:
    """The FastAPI application serving one store."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        endpoint = Endpoint(settings)
        app.state.endpoint = endpoint
        try:
            yield
        finally:
            endpoint.pool.close()

    app = FastAPI(title="tradegraph", lifespan=lifespan, docs_url="/api", redoc_url=None)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins,
                           allow_methods=["GET", "POST", "OPTIONS"],
                           allow_headers=["Accept", "Content-Type", "Authorization"])
    app.add_api_route("/sparql", sparql, methods=["GET", "POST"])
    app.add_api_route("/graph-store", graph_store,
                      methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
    linked.add_routes(app, settings, endpoint_of)
    return app
