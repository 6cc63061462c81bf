"""The state behind the routes: the settings, the query workers (through the facade), and
what a request may write."""

from __future__ import annotations

import hmac
import json
from pathlib import Path

from fastapi import Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.query.execution import QueryJob, QueryReply, QueryTimeoutError
from tradegraph.graph.store.backends import disk_folder
from tradegraph.ui.server.options import ServerSettings
from tradegraph.ui.server.responses import reply_response, text_response

JSON_RESULTS = "application/sparql-results+json"


class Endpoint:
    """The settings and the query worker pool of one running endpoint."""

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        with TradeGraph.open(settings.store, read_only=True) as graph:
            self.pool = graph.query_pool(size=settings.workers, timeout=settings.query_timeout,
                                         refresh_seconds=settings.snapshot_refresh)
        self.folder = disk_folder(settings.store)
        """Where the endpoint writes (with the update token): the embedded store's folder;
        None for a SPARQL server, which takes writes itself."""

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

    async def ask(self, sparql: str) -> bool | Response:
        """The answer of an ASK query, or the error response to send."""
        reply = await self.query(sparql, JSON_RESULTS)
        if reply.status != 200:
            return reply_response(reply)
        return bool(json.loads(reply.body)["boolean"])

    async def unless_found(self, ask: str, missing: str) -> Response | None:
        """None if the ASK query answers yes; else a 404 saying `missing` (or the error)."""
        found = await self.ask(ask)
        if isinstance(found, Response):
            return found
        return None if found else text_response(404, missing)

    async def select(self, sparql: str) -> list[dict[str, str]] | Response:
        """The rows of a SELECT query as plain values, or the error response to send."""
        reply = await self.query(sparql, JSON_RESULTS)
        if reply.status != 200:
            return reply_response(reply)
        rows = json.loads(reply.body)["results"]["bindings"]
        return [{name: cell["value"] for name, cell in row.items()} for row in rows]

    def authorise_write(self, request: Request) -> Path | Response:
        """The store folder the request may write to; otherwise the refusal to send."""
        if self.folder is None:
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
        return self.folder

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


def endpoint_of(request: Request) -> Endpoint:
    """The endpoint state of the application handling this request."""
    state: Endpoint = request.app.state.endpoint
    return state


def endpoint_url(request: Request) -> str:
    """The URL the request was sent to, without its query string."""
    return str(request.url).split("?")[0]
