"""The W3C Entity Reconciliation Service API (v0.2) at `/reconcile`, so that OpenRefine and
other clients reconcile a column of names against tradegraph: the service manifest
(GET without parameters), reconciliation query batches (`queries=` by POST form, GET, or
a JSON body), previews, and suggest services for entities, types and properties. Every
answer allows cross-origin reads, as the API requires (any origin, unless the server was
started with `--cors-origin`, which then decides); JSONP is not offered (optional in 0.2).

The shapes are in `ui/server/reconcile_spec.py`; matching is the screening of
`graph/screening/`, with each candidate's status today in its description.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import Response

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.query.lookup import InputError
from tradegraph.graph.screening.results import Candidate, Feature
from tradegraph.graph.screening.suggest import suggest
from tradegraph.ingest.json_input import JsonInputError, read_json
from tradegraph.ingest.version import package_version
from tradegraph.ui.server.api import json_response, on_live, problem
from tradegraph.ui.server.endpoint import endpoint_of
from tradegraph.ui.server.reconcile_spec import (
    CUTOFF,
    PREVIEW_STYLE,
    PROPERTIES,
    TYPES,
    ReconcileError,
    ReconcileQuery,
    candidates_json,
    manifest,
    parse_batch,
    preview_html,
)
from tradegraph.ui.server.rendering import inline_style_policy
from tradegraph.ui.server.responses import html_response, text_response

router = APIRouter()
PATHS = ("/reconcile", "/reconcile/preview", "/reconcile/suggest/entity",
         "/reconcile/suggest/type", "/reconcile/suggest/property")
SUGGESTIONS = 10


def _cors(request: Request, response: Response) -> Response:
    """Allow any origin where the CORS middleware is not configured (it answers then)."""
    if not endpoint_of(request).settings.cors_origins:
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


async def _preflight(request: Request) -> Response:
    response = Response(status_code=204, headers={
        "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers": "Accept, Content-Type",
        "Access-Control-Max-Age": "600"})
    return _cors(request, response)


for _path in PATHS:
    router.add_api_route(_path, _preflight, methods=["OPTIONS"], include_in_schema=False)


async def _queries_text(request: Request) -> str | Response | None:
    """The `queries` of the request (query string, form or JSON body), None if absent."""
    if "queries" in request.query_params:
        return request.query_params["queries"]
    if request.method != "POST":
        return None
    body = await endpoint_of(request).read_body(request)
    if isinstance(body, Response):
        return body
    kind = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    text = body.decode("utf-8", "replace")
    if kind == "application/json":
        try:
            data = read_json(text)
        except JsonInputError as error:
            return text_response(400, f"the body is not JSON that can be read: {error}")
        queries = data.get("queries") if isinstance(data, dict) else None
        return json.dumps(queries) if queries is not None else text
    values = parse_qs(text).get("queries")
    return values[0] if values else None


@router.api_route("/reconcile", methods=["GET", "POST"])
async def reconcile(request: Request) -> Response:
    """The manifest (no `queries`), or the results of a reconciliation query batch."""
    text = await _queries_text(request)
    if isinstance(text, Response):
        return _cors(request, text)
    settings = endpoint_of(request).settings
    if text is None:
        return _cors(request, json_response(manifest(settings.root, settings.base_iri,
                                                     package_version())))
    try:
        batch = parse_batch(text)
    except ReconcileError as error:
        return _cors(request, problem(400, str(error), "application/json"))
    day = dt.date.today()
    results = await on_live(request, lambda graph: {
        key: {"result": candidates_json(_reconciled(graph, query, day), settings.base_iri,
                                        day)}
        for key, query in batch.items()}, screening=True)
    if isinstance(results, Response):
        return _cors(request, results)
    return _cors(request, json_response(results))


def _reconciled(graph: TradeGraph, query: ReconcileQuery, day: dt.date) -> list[Candidate]:
    """The candidates for one query: an entity named by its id first, then the screened
    names of the wanted types."""
    if query.name is None:
        return []  # properties alone: nothing to match names with
    from tradegraph.graph.screening.name_search import ScreeningError

    exact = _by_id(graph, query.name, day)
    try:
        found = list(graph.match(query.name, country=query.country, address=query.address,
                                 limit=query.limit, threshold=CUTOFF, as_of=day).candidates)
    except ScreeningError:
        found = []
    if query.types:
        found = [c for c in found if c.kind in query.types]
    if exact is not None:
        found = [exact, *(c for c in found if c.iri != exact.iri)]
    return found[:query.limit]


def _by_id(graph: TradeGraph, text: str, day: dt.date) -> Candidate | None:
    """The entity an id (`firm/huawei`) or IRI names, as a sure candidate."""
    if " " in text or "/" not in text:
        return None
    try:
        entity = graph.resolve(text)
    except InputError:
        return None
    party = next((p for p in graph.screener.index().parties if p.iri == entity.iri), None)
    return Candidate(entity.iri, entity.label, entity.kind, 1.0, entity.label,
                     (Feature("name", "the entity's identifier", 1.0),),
                     party.countries if party else (),
                     status=graph.status(entity.iri, day))


@router.get("/reconcile/preview")
async def preview(request: Request) -> Response:
    """`?id=firm/huawei`: a small HTML page about the entity."""
    ident = request.query_params.get("id", "").strip()
    if not ident:
        return _cors(request, text_response(400, "give the entity: /reconcile/preview?id=ID"))
    settings = endpoint_of(request).settings
    day = dt.date.today()

    def page(graph: TradeGraph) -> str | None:
        try:
            entity = graph.resolve(ident)
        except InputError:
            return None
        party = next((p for p in graph.screener.index().parties if p.iri == entity.iri), None)
        candidate = Candidate(entity.iri, entity.label, entity.kind, 1.0, entity.label, (),
                              party.countries if party else (),
                              status=graph.status(entity.iri, day))
        return preview_html(candidate, party.aliases if party else (), day,
                            settings.root, settings.base_iri)

    found = await on_live(request, page, screening=True)
    if isinstance(found, Response):
        return _cors(request, found)
    if found is None:
        return _cors(request, text_response(404, f"tradegraph has no entity {ident!r}"))
    response = html_response(found)
    response.headers["Content-Security-Policy"] = inline_style_policy(PREVIEW_STYLE)
    return _cors(request, response)


def _cursor(request: Request) -> int | Response:
    value = request.query_params.get("cursor", "0").strip() or "0"
    if not value.isdigit():
        return text_response(400, f"cursor must be a number of suggestions to skip, not "
                                  f"{value!r}")
    return int(value)


@router.get("/reconcile/suggest/entity")
async def suggest_entity(request: Request) -> Response:
    """`?prefix=hua[&cursor=N]`: entities whose name (or a word of it) begins so."""
    prefix = request.query_params.get("prefix", "")
    cursor = _cursor(request)
    if isinstance(cursor, Response):
        return _cors(request, cursor)
    base = endpoint_of(request).settings.base_iri

    def found(graph: TradeGraph) -> list[dict[str, Any]]:
        return [{"id": s.party.iri[len(base):] if s.party.iri.startswith(base) else
                 s.party.iri, "name": s.party.label,
                 "description": "; ".join(part for part in (
                     ", ".join(s.party.countries),
                     f"also {s.matched_name!r}" if s.matched_name != s.party.label else "")
                     if part),
                 "notable": [{"id": s.party.kind, "name": TYPES.get(s.party.kind,
                                                                    s.party.kind)}]}
                for s in suggest(graph.screener.index(), prefix, limit=SUGGESTIONS,
                                 offset=cursor)]

    result = await on_live(request, found, screening=True)
    if isinstance(result, Response):
        return _cors(request, result)
    return _cors(request, json_response({"result": result}))


def _matching(prefix: str, names: dict[str, str], cursor: int) -> list[dict[str, str]]:
    wanted = prefix.strip().casefold()
    return [{"id": key, "name": name} for key, name in names.items()
            if key.casefold().startswith(wanted) or name.casefold().startswith(wanted)
            ][cursor:cursor + SUGGESTIONS]


def _fixed(request: Request, names: dict[str, str]) -> Response:
    """Suggestions from a fixed list (types, properties) by prefix of id or name."""
    cursor = _cursor(request)
    if isinstance(cursor, Response):
        return _cors(request, cursor)
    return _cors(request, json_response({"result": _matching(
        request.query_params.get("prefix", ""), names, cursor)}))


@router.get("/reconcile/suggest/type")
async def suggest_type(request: Request) -> Response:
    """`?prefix=fi`: the types entities have (Firm, Organization, Agency, Person)."""
    return _fixed(request, TYPES)


@router.get("/reconcile/suggest/property")
async def suggest_property(request: Request) -> Response:
    """`?prefix=co`: the properties a query may give (country, address)."""
    return _fixed(request, PROPERTIES)
