"""What the JSON routes (status, deadlines, match, reconciliation) share: the live graph
of the request, JSON answers, and errors that a JSON client can read and a person can too.

Errors are JSON (`{"error": ..., "candidates": [...]}`) for a client that asked for JSON,
an HTML page for a browser, and plain text otherwise, like every other error of the
endpoint (`ui/server/responses.py`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from tradegraph.graph.errors import QueryError, StoreError
from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.query.lookup import AmbiguousEntityError, InputError, UnknownEntityError
from tradegraph.ui.server.live import LiveGraph
from tradegraph.ui.server.rendering import Link, render
from tradegraph.ui.server.responses import NEGOTIATED, html_response, text_response

JSON = "application/json"
HTML = "text/html"
T = TypeVar("T")


def live_of(request: Request) -> LiveGraph:
    """The live graph of the application handling this request."""
    live: LiveGraph = request.app.state.live
    return live


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None
                  ) -> Response:
    """JSON, UTF-8, names as written."""
    return Response(json.dumps(data, ensure_ascii=False), status_code=status,
                    media_type=JSON, headers={**NEGOTIATED, **(headers or {})})


def problem(status: int, message: str, media_type: str | None,
            candidates: list[dict[str, str]] | None = None, root: str = "/") -> Response:
    """An error in the form the client negotiated (JSON, HTML, else plain text)."""
    if media_type == JSON:
        body: dict[str, Any] = {"error": message}
        if candidates is not None:
            body["candidates"] = candidates
        return json_response(body, status)
    if media_type == HTML:
        # each candidate links to the same page about it (a relative link we build)
        found = [{"link": Link(c["label"], f"?entity={quote(c['iri'], safe='')}"),
                  "kind": c["kind"]} for c in candidates or []]
        response = html_response(render("problem.html", root=root, status=status,
                                        message=message, candidates=found))
        response.status_code = status
        return response
    return text_response(status, message)


def input_problem(error: InputError, media_type: str | None, root: str = "/") -> Response:
    """404 for a name not in the graph (with the closest ones), 400 for the rest."""
    if isinstance(error, UnknownEntityError | AmbiguousEntityError):
        candidates = [{"iri": c.iri, "label": c.label, "kind": c.kind}
                      for c in error.candidates]
        status = 404 if isinstance(error, UnknownEntityError) else 400
        return problem(status, str(error), media_type, candidates, root)
    return problem(400, str(error), media_type, root=root)


async def on_live(request: Request, work: Callable[[TradeGraph], T], *,
                  screening: bool = False) -> T | Response:
    """`work(graph)` on the live graph in the thread pool; a store that fails becomes a
    503 saying why."""
    live = live_of(request)
    run = live.screen if screening else live.read
    try:
        return await run_in_threadpool(run, work)
    except (StoreError, QueryError) as error:
        return text_response(503, f"the store could not answer: {error}")
