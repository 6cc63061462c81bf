"""The state behind the routes: the settings, the query workers, and what a request may
write.

Every trip to a worker is made for a client (the request's address): the pool gives clients
turns and holds each to its share (`tradegraph.graph.query.worker_pool`); a query that is
quick by its shape waits in the quick lane (`tradegraph.graph.query.lanes`); and while the
worker runs it, the endpoint listens for the client going away, to stop the query then
rather than finish it for no one.
"""

from __future__ import annotations

import asyncio
import hmac
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.query.execution import QueryJob, QueryReply, QueryTimeoutError
from tradegraph.graph.query.lanes import Lane, lane_of
from tradegraph.graph.query.page_jobs import AskJob, PlainRow, SelectsJob
from tradegraph.graph.query.text_cache import CACHED_TEXT_LIMIT, CACHED_TEXTS
from tradegraph.graph.query.worker_process import WorkerJob
from tradegraph.graph.store.backends import disk_folder
from tradegraph.ui.server.options import ServerSettings
from tradegraph.ui.server.responses import reply_response, text_response

GONE = 499
"""The status logged for a request whose client went away before its answer."""
LISTEN_AFTER = 0.05
"""Seconds after which a job's client is listened to, to stop the job if it goes away."""


class Endpoint:
    """The settings and the query worker pool of one running endpoint."""

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        with TradeGraph.open(settings.store, read_only=True) as graph:
            self.pool = graph.query_pool(
                size=settings.workers, timeout=settings.query_timeout,
                refresh_seconds=settings.snapshot_refresh,
                quick_workers=settings.quick_workers, quick_seconds=settings.quick_seconds,
                client_limit=settings.client_queries, niceness=settings.query_niceness)
        self.folder = disk_folder(settings.store)
        """Where the endpoint writes (with the update token): the embedded store's folder;
        None for a SPARQL server, which takes writes itself."""

    async def run(self, request: Request, job: WorkerJob, lane: Lane) -> Any:
        """A job's answer, run by the workers for this request's client; a QueryReply with
        503 past the time limit; GONE if the client went away first (the job is stopped)."""
        client = request.client.host if request.client else ""
        ticket = self.pool.submit(job, client=client, lane=lane)
        answer = asyncio.wrap_future(ticket.future)
        # most answers come at once; only for the others is it worth listening to the client
        await asyncio.wait({answer}, timeout=LISTEN_AFTER)
        if not answer.done():
            gone = asyncio.ensure_future(_disconnected(request))
            try:
                await asyncio.wait({answer, gone}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                gone.cancel()
        if not answer.done():
            # the pool settles the ticket (cancelled, or answered if the answer was on its
            # way); cancelling it here too would race the worker's thread setting it
            self.pool.cancel(ticket)
            answer.add_done_callback(_outcome_unused)
            return QueryReply(GONE, body=b"the client went away")
        try:
            return answer.result()
        except QueryTimeoutError as error:
            return QueryReply(503, body=str(error).encode())
        except asyncio.CancelledError:  # cancelled by the pool as it stopped
            return QueryReply(503, body=b"the endpoint is stopping")

    async def query(self, request: Request, sparql: str, accept: str | None, *,
                    default_graphs: tuple[str, ...] = (), named_graphs: tuple[str, ...] = (),
                    base_iri: str | None = None) -> QueryReply:
        """Run a read query in the lane its shape asks for."""
        job = QueryJob(sparql, accept, default_graphs, named_graphs,
                       max_bytes=self.settings.max_result_bytes, base_iri=base_iri)
        reply: QueryReply = await self.run(request, job, await lane_in_thread(sparql))
        return reply

    async def selects(self, request: Request, *queries: str) -> list[list[PlainRow]] | Response:
        """The rows of several SELECT queries, in one trip; or the error response to send."""
        answer = await self.run(request, SelectsJob(queries), Lane.GENERAL)
        if isinstance(answer, QueryReply):
            return reply_response(answer)
        found: list[list[PlainRow]] = answer
        return found

    async def ask(self, request: Request, sparql: str) -> bool | Response:
        """The answer of a quick ASK query, or the error response to send."""
        answer = await self.run(request, AskJob(sparql), Lane.QUICK)
        if isinstance(answer, QueryReply):
            return reply_response(answer)
        return bool(answer)

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


def _outcome_unused(answer: asyncio.Future[Any]) -> None:
    """Mark the answer of a request whose client went away as read (asyncio would log an
    error nobody read, such as the time limit reached as the client left)."""
    if not answer.cancelled():
        answer.exception()


async def _disconnected(request: Request) -> None:
    """Return when the client has gone away (the body, if any, was read before)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


_LANES: dict[str, Lane] = {}
"""Lanes of texts seen before, answered without a trip to a thread (short texts only, as in
`text_cache`: a 1 MB text must not stay pinned here)."""


async def lane_in_thread(sparql: str) -> Lane:
    """The lane of a query text: parsing a new text takes milliseconds of Python, done in a
    thread so that the event loop keeps answering everyone else meanwhile."""
    lane = _LANES.get(sparql)
    if lane is None:
        lane = await run_in_threadpool(lane_of, sparql)
        if len(sparql) <= CACHED_TEXT_LIMIT:
            if len(_LANES) >= CACHED_TEXTS:
                _LANES.clear()
            _LANES[sparql] = lane
    return lane


def endpoint_of(request: Request) -> Endpoint:
    """The endpoint state of the application handling this request."""
    state: Endpoint = request.app.state.endpoint
    return state


def public_root(request: Request) -> str:
    """The server's public address, ending in `/` (configured, never the `Host` header)."""
    return endpoint_of(request).settings.root


def endpoint_url(request: Request) -> str:
    """The public URL of the SPARQL endpoint."""
    return public_root(request) + "sparql"
