"""`POST /match`: screen a batch of names, as OpenSanctions' `/match` does.

    POST /match?threshold=0.8&cutoff=0.5&limit=5&as-of=2020-01-01
    {"queries": {"q1": {"name": "Huawei Device Co", "country": "CN"},
                 "q2": {"properties": {"name": ["ZTE Corp"], "country": ["cn"]}}}}

answers `{"as_of", "threshold", "cutoff", "limit", "responses": {"q1": {"status": 200,
"query": {...}, "results": [...], "total": N}, ...}}`: each result is a screening
candidate (score, features, listings with evidence, status on the day) with `match`
(its score reaches the threshold; candidates down to the cutoff come too). A query that
cannot be screened answers `{"status": 400, "error": ...}` in its place and the others go
on; a batch that is not one is refused whole (400, or 413 past `MAX_QUERIES`). The
settings may also be given in the body, beside `queries`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.query.lookup import InputError, parse_day
from tradegraph.graph.screening.defaults import DEFAULT_LIMIT, DEFAULT_THRESHOLD
from tradegraph.ingest.json_input import JsonInputError, read_json
from tradegraph.ontology.errors import TradegraphError
from tradegraph.ui.server.api import JSON, json_response, on_live, problem
from tradegraph.ui.server.endpoint import endpoint_of

MAX_QUERIES = 100
MOST_CANDIDATES = 50
router = APIRouter()


class MatchRequestError(TradegraphError, ValueError):
    """A request that is no batch of queries, or a bad setting; says which."""


@dataclass(frozen=True)
class MatchSettings:
    """The settings of one batch."""

    threshold: float
    cutoff: float
    limit: int
    as_of: dt.date


@dataclass(frozen=True)
class NameQuery:
    """One query: the name and what else is known of the party."""

    name: str
    country: str | None
    address: str | None


def _number(value: Any, what: str, kind: type[float] | type[int]) -> float:
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise MatchRequestError(f"{what} must be a number, not {value!r}") from None
    return number


def read_settings(params: dict[str, Any]) -> MatchSettings:
    """The batch settings from the query string and the body's top level."""
    threshold = _number(params.get("threshold", DEFAULT_THRESHOLD), "threshold", float)
    cutoff = _number(params.get("cutoff", threshold), "cutoff", float)
    limit = int(_number(params.get("limit", DEFAULT_LIMIT), "limit", int))
    if not 0.0 <= cutoff <= threshold <= 1.0:
        raise MatchRequestError(f"need 0 <= cutoff <= threshold <= 1 (cutoff {cutoff}, "
                                f"threshold {threshold})")
    if not 1 <= limit <= MOST_CANDIDATES:
        raise MatchRequestError(f"limit must lie between 1 and {MOST_CANDIDATES}, not {limit}")
    try:
        day = parse_day(params.get("as-of") or params.get("as_of"), what="as-of date")
    except InputError as error:
        raise MatchRequestError(str(error)) from None
    return MatchSettings(threshold, cutoff, limit, day)


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    return value.strip() or None if isinstance(value, str) else None


def read_query(item: Any) -> NameQuery | str:
    """A query as ours (`name`, `country`, `address`) or as OpenSanctions writes entities
    (`properties` of lists); the reason as text if it is neither."""
    if not isinstance(item, dict):
        return "a query must be an object with a 'name'"
    properties = item.get("properties")
    source = properties if isinstance(properties, dict) else item
    name = _first(source.get("name"))
    if name is None:
        return "the query has no 'name' (a string, or properties.name as a list)"
    return NameQuery(name, _first(source.get("country")), _first(source.get("address")))


def answer(graph: TradeGraph, query: NameQuery | str, settings: MatchSettings
           ) -> dict[str, Any]:
    """One query's response: its candidates, or its error."""
    from tradegraph.graph.screening.name_search import ScreeningError

    if isinstance(query, str):
        return {"status": 400, "error": query}
    try:
        result = graph.match(query.name, country=query.country, address=query.address,
                             limit=settings.limit, threshold=settings.cutoff,
                             as_of=settings.as_of)
    except ScreeningError as error:
        return {"status": 400, "error": str(error)}
    results = [{**c.to_dict(), "match": c.score >= settings.threshold}
               for c in result.candidates]
    return {"status": 200, "query": {"name": result.query, "country": result.country,
                                     "address": result.address},
            "results": results, "total": len(results)}


@router.post("/match")
async def match(request: Request) -> Response:
    """Screen a batch of names (see the module's documentation)."""
    body = await endpoint_of(request).read_body(request)
    if isinstance(body, Response):
        return body
    try:
        data = read_json(body.decode("utf-8"))
    except (UnicodeDecodeError, JsonInputError) as error:
        return problem(400, f"the body is not JSON that can be read: {error}", JSON)
    queries = data.get("queries") if isinstance(data, dict) else None
    if not isinstance(queries, dict) or not queries:
        return problem(400, 'the body must be {"queries": {"q1": {"name": "..."}, ...}}', JSON)
    if len(queries) > MAX_QUERIES:
        return problem(413, f"{len(queries)} queries in one batch; at most {MAX_QUERIES}",
                       JSON)
    try:
        settings = read_settings({**request.query_params,
                                  **{k: v for k, v in data.items() if k != "queries"}})
    except MatchRequestError as error:
        return problem(400, str(error), JSON)
    parsed = {str(key): read_query(item) for key, item in queries.items()}
    responses = await on_live(request, lambda graph: {
        key: answer(graph, query, settings) for key, query in parsed.items()},
        screening=True)
    if isinstance(responses, Response):
        return responses
    return json_response({"as_of": settings.as_of.isoformat(), "threshold": settings.threshold,
                          "cutoff": settings.cutoff, "limit": settings.limit,
                          "responses": responses})
