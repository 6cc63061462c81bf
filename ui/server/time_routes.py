"""Time routes: `/status` (what applied to an entity on a day) and `/deadlines` (open
answers and expiries), as JSON for programs and HTML for people, by content negotiation
(or `format=json|html`)."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Request
from fastapi.responses import Response

from tradegraph.graph.query.lookup import ACCEPTED_DATES, InputError, parse_day
from tradegraph.graph.query.negotiation import choose
from tradegraph.ui.server.api import HTML, JSON, input_problem, json_response, on_live, problem
from tradegraph.ui.server.endpoint import endpoint_of, public_root
from tradegraph.ui.server.responses import html_response, not_acceptable
from tradegraph.ui.server.time_pages import deadlines_page, status_page

OFFERED = (JSON, HTML)
"""JSON first: a client that accepts anything (curl) gets JSON, a browser its page."""
_TRUE = ("1", "true", "yes", "on")

router = APIRouter()


def _negotiated(request: Request) -> str | None:
    asked = request.query_params.get("format", "").lower()
    if asked in ("json", "html"):
        return JSON if asked == "json" else HTML
    return choose(request.headers.get("accept"), list(OFFERED))


def _as_of(request: Request) -> str | None:
    params = request.query_params
    return params.get("as-of") or params.get("as_of") or None


@router.get("/status")
async def status(request: Request) -> Response:
    """`/status?entity=IRI-or-name&as-of=YYYY-MM-DD`: lists and restrictions (or licenses)
    in force, ended or announced on the day, with since when, action and citation."""
    media_type = _negotiated(request)
    if media_type is None:
        return not_acceptable(OFFERED)
    entity = request.query_params.get("entity", "").strip()
    if not entity:
        return problem(400, "give the entity: /status?entity=IRI (or a name, or TYPE/KEY "
                            f"such as firm/huawei), and as-of={ACCEPTED_DATES}", media_type,
                       root=public_root(request))
    as_of = _as_of(request)
    try:
        found = await on_live(request, lambda graph: graph.status(entity, as_of))
    except InputError as error:
        return input_problem(error, media_type, public_root(request))
    if isinstance(found, Response):
        return found
    if media_type == JSON:
        return json_response(found.to_dict())
    settings = endpoint_of(request).settings
    return html_response(status_page(found, settings.base_iri, public_root(request)))


@router.get("/deadlines")
async def deadlines(request: Request) -> Response:
    """`/deadlines?as-of=DATE[&entity=IRI-or-name][&all=true]`: deadlines on the day,
    soonest first; only the open ones unless `all`."""
    media_type = _negotiated(request)
    if media_type is None:
        return not_acceptable(OFFERED)
    entity = request.query_params.get("entity", "").strip() or None
    include_closed = request.query_params.get("all", "").lower() in _TRUE
    try:
        day = parse_day(_as_of(request), what="as-of date")
        items = await on_live(request, lambda graph: graph.deadlines(
            day, entity=entity, include_closed=include_closed))
    except InputError as error:
        return input_problem(error, media_type, public_root(request))
    if isinstance(items, Response):
        return items
    if media_type == JSON:
        return json_response({"as_of": day.isoformat(), "include_closed": include_closed,
                              "deadlines": [asdict(d) for d in items]})
    settings = endpoint_of(request).settings
    return html_response(deadlines_page(items, day.isoformat(), include_closed, settings.base_iri,
                                        public_root(request)))
