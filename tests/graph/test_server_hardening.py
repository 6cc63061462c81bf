"""What a live `tradegraph serve` does for every answer and every connection (issue #26):
HEAD on every GET route, `Vary: Accept` on every negotiated answer (406 included), `nosniff`
everywhere and a Content Security Policy on HTML, a configured public URL instead of the
`Host` header, 400 (not 500) for bad input, idle and slow connections closed, and limits
that are settings."""

from __future__ import annotations

import asyncio
import json
import re
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from tradegraph.graph.query.lanes import Lane
from tradegraph.graph.query.text_cache import CACHED_TEXT_LIMIT
from tradegraph.ui.server import endpoint, sparql_routes
from tradegraph.ui.server.app import create_app
from tradegraph.ui.server.endpoint import lane_in_thread
from tradegraph.ui.server.options import ServerSettings
from tradegraph.ui.server.sparql_routes import refusal_in_thread

HTML = "text/html"
DEEP = "[" * 5000 + "]" * 5000
PATH_VALUES = {"path": "firm/huawei", "name": "tradegraph.nq.gz"}
NEGOTIATED = ("sparql?query=ASK%7B%7D", "id/firm/huawei", "ontology", ".well-known/void",
              "status?entity=firm/huawei", "deadlines?as-of=2020-01-01",
              "graph-store?default")


def _routes(routes: list[Any]) -> Any:
    for route in routes:
        included = getattr(route, "original_router", None)  # an included router
        yield from _routes(included.routes) if included is not None else [route]


def get_routes() -> list[str]:
    """Every GET route of the application, its path parameters filled in."""
    app = create_app(ServerSettings(store="unused"))
    paths = []
    for route in _routes(app.routes):
        methods = getattr(route, "methods", None) or set()
        if "GET" in methods and route.path not in ("/docs", "/redoc"):
            paths.append(re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: PATH_VALUES[m.group(1)],
                                route.path))
    assert "/id/firm/huawei" in paths and "/dumps/tradegraph.nq.gz" in paths
    return paths


def test_head_answers_every_get_route_as_get_does_without_a_body(news_server: Any) -> None:
    for path in get_routes():
        url = news_server.root + path.lstrip("/")
        got = httpx.get(url, timeout=30)
        head = httpx.head(url, timeout=30)
        assert head.status_code == got.status_code != 405, path
        assert head.headers.get("content-type") == got.headers.get("content-type"), path
        assert head.content == b"", path


def test_vary_accept_on_every_negotiated_answer_406_included(news_server: Any) -> None:
    for path in NEGOTIATED:
        url = news_server.root + path
        for accept in ("*/*", "image/png"):
            response = httpx.get(url, headers={"Accept": accept}, timeout=30)
            vary = [v.strip().lower() for v in response.headers.get("vary", "").split(",")]
            assert "accept" in vary, (path, accept, response.status_code)
        assert response.status_code == 406, path  # image/png is offered nowhere


def test_nosniff_everywhere_and_a_content_security_policy_on_pages(news_server: Any) -> None:
    for path, accept in (("id/firm/huawei", HTML), ("ontology", HTML), ("id/nothing", HTML),
                         ("status?entity=firm/huawei", HTML), ("sparql?query=ASK%7B%7D", "*/*"),
                         ("context.jsonld", "*/*"), ("reconcile", "*/*")):
        response = httpx.get(news_server.root + path, headers={"Accept": accept}, timeout=30)
        assert response.headers["x-content-type-options"] == "nosniff", path
        if response.headers["content-type"].startswith(HTML):
            policy = response.headers["content-security-policy"]
            assert "default-src 'none'" in policy and "script-src" not in policy, path
            assert "unsafe-inline" not in policy, path
    page = httpx.get(news_server.root + "id/firm/huawei", headers={"Accept": HTML}).text
    assert "<style" not in page and " style=" not in page  # the stylesheet is served apart
    sheet = httpx.get(news_server.root + "style.css")
    assert sheet.status_code == 200 and sheet.headers["content-type"].startswith("text/css")


def test_the_host_header_never_reaches_an_answer(news_server: Any) -> None:
    evil = {"Host": "evil.example"}
    manifest = httpx.get(news_server.root + "reconcile", headers=evil).json()
    assert manifest["view"]["url"].startswith(news_server.root)
    assert manifest["suggest"]["entity"]["service_url"] == news_server.root.rstrip("/")
    described = httpx.get(news_server.root + "id/firm/huawei",
                          headers={**evil, "Accept": "application/ld+json"}).json()
    assert described["@context"] == news_server.root + "context.jsonld"
    for path, accept in (("sparql", "text/turtle"), ("id/firm/huawei", HTML)):
        text = httpx.get(news_server.root + path, headers={**evil, "Accept": accept}).text
        assert "evil.example" not in text, path


def test_a_configured_public_url_is_used_for_links_and_the_manifest(
        news_store: Path, serve: Callable[..., Any]) -> None:
    public = "https://graph.example.org/tradegraph/"
    server = serve(news_store, "--public-url", public)
    manifest = httpx.get(server.root + "reconcile").json()
    assert manifest["view"]["url"] == public + "id/{{id}}"
    described = httpx.get(server.root + "id/firm/huawei",
                          headers={"Accept": "application/ld+json"}).json()
    assert described["@context"] == public + "context.jsonld"
    page = httpx.get(server.root + "id/firm/huawei", headers={"Accept": HTML}).text
    assert f'href="{public}id/' in page and "127.0.0.1" not in page
    description = httpx.get(server.sparql, headers={"Accept": "text/turtle"}).text
    assert f"<{public}sparql>" in description


def test_bad_input_is_a_400_not_a_500(news_server: Any) -> None:
    match = news_server.root + "match"
    reconcile = news_server.root + "reconcile"
    answers = {
        "match, deep JSON": httpx.post(match, content='{"queries": {"q": ' + DEEP + "}}"),
        "match, lone surrogate": httpx.post(
            match, content='{"queries": {"q": {"name": "Hua\\ud800wei"}}}'),
        "reconcile form, lone surrogate": httpx.post(
            reconcile, data={"queries": '{"q0": {"query": "Hua\\ud800wei"}}'}),
        "reconcile JSON, lone surrogate": httpx.post(
            reconcile, content='{"queries": {"q0": {"query": "\\udc00"}}}',
            headers={"Content-Type": "application/json"}),
        "reconcile, deep JSON": httpx.post(reconcile, data={"queries": '{"q0": ' + DEEP + "}"}),
        "5,000 nested groups": httpx.post(
            news_server.sparql, data={"query": "SELECT * WHERE " + "{" * 5000 + "}" * 5000},
            timeout=60),
    }
    for what, response in answers.items():
        assert response.status_code == 400, (what, response.status_code, response.text[:200])
    assert "nested deeper than 64" in answers["match, deep JSON"].text
    assert "lone surrogate" in answers["match, lone surrogate"].text


def raw(server: Any, data: bytes = b"") -> tuple[bytes, bool]:
    """Send `data` on a fresh connection and read until the server closes it: what it
    answered, and whether it closed (within 30 s)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as connection:
        connection.sendall(data)
        answer = b""
        try:
            while chunk := connection.recv(4096):
                answer += chunk
        except TimeoutError:
            return answer, False
        except ConnectionResetError:  # closed with our bytes unread: the answer may be lost
            pass
    return answer, True


def test_idle_and_slow_connections_are_closed(news_store: Path,
                                              serve: Callable[..., Any]) -> None:
    server = serve(news_store, env={"TRADEGRAPH_HTTP_IDLE_SECONDS": "1",
                                    "TRADEGRAPH_HTTP_REQUEST_SECONDS": "2"})
    assert raw(server) == (b"", True)  # connected, sent nothing
    answer, closed = raw(server, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n")
    assert closed and answer.startswith(b"HTTP/1.1 408")  # a head that never ends
    answer, closed = raw(server, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: "
                                 b"application/sparql-query\r\nContent-Length: 50\r\n\r\nASK")
    assert closed and answer.startswith(b"HTTP/1.1 408")  # a body that never ends
    answer, closed = raw(server, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n"
                                 b"Connection: close\r\n\r\n")
    assert closed and answer.startswith(b"HTTP/1.1 200")  # a whole request is answered


def test_limits_are_settings(news_store: Path, serve: Callable[..., Any]) -> None:
    server = serve(news_store, env={"TRADEGRAPH_HTTP_MAX_BODY_BYTES": "200",
                                    "TRADEGRAPH_HTTP_MAX_URL_BYTES": "300",
                                    "TRADEGRAPH_MAX_JSON_DEPTH": "3"})
    padded = "ASK {} #" + "x" * 300
    long_url = httpx.get(server.sparql, params={"query": padded})
    assert long_url.status_code == 414 and "at most 300" in long_url.text
    big = httpx.post(server.sparql, data={"query": padded})
    assert big.status_code == 413 and "200 bytes" in big.text
    nested = httpx.post(server.root + "match",
                        content=json.dumps({"queries": {"q": {"name": [["x"]]}}}))
    assert nested.status_code == 400 and "deeper than 3 levels" in nested.text
    head, closed = raw(server, b"GET / HTTP/1.1\r\nX-Pad: " + b"x" * 200_000)  # no end
    assert closed and (head == b"" or head.startswith(b"HTTP/1.1 431"))


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.mark.parametrize("lookup", ["sparql?query=ASK%7B%7D", "id/firm/huawei",
                                    "status?entity=firm/huawei&format=json"])
def test_lookups_are_answered_while_two_runaway_queries_run_and_those_stop_with_their_clients(
        news_store: Path, serve: Callable[..., Any], lookup: str) -> None:
    # Runaways from two clients (uvicorn takes X-Forwarded-For from loopback) hold both
    # general workers for up to 60 s; a lookup must not wait for them (it gives up at 30 s).
    server = serve(news_store, "--workers", "2", "--timeout", "60")
    target = "/sparql?" + urlencode({"query": RUNAWAY})
    runaways = []
    for address in ("10.0.0.1", "10.0.0.2"):
        connection = socket.create_connection(("127.0.0.1", server.port), timeout=90)
        connection.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: "
                           f"{address}\r\n\r\n".encode())
        runaways.append(connection)
    answer = httpx.get(server.root + lookup, headers={"Accept": "text/html,*/*;q=0.8"},
                       timeout=30)
    assert answer.status_code == 200, answer.text
    for connection in runaways:
        connection.setblocking(False)
        with pytest.raises(BlockingIOError):
            connection.recv(1)  # no answer yet: they still run
        connection.close()  # the clients go away
    # their queries were stopped: a general query gets a worker well before their 60 s
    count = httpx.get(server.sparql, params={"query": "SELECT (COUNT(*) AS ?n) WHERE "
                                                      "{ ?s ?p ?o }"}, timeout=30)
    assert count.status_code == 200


def test_a_long_query_is_answered_and_not_kept(news_server: Any) -> None:
    # Texts are cache keys; a 1 MB one must be answered, and not stay pinned in memory.
    short = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    long = short + " #" + "-" * CACHED_TEXT_LIMIT + "\n"

    def count(query: str) -> int:
        response = httpx.post(news_server.sparql, data={"query": query}, timeout=30,
                              headers={"Accept": "application/sparql-results+json"})
        assert response.status_code == 200, response.text
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    assert count(long) == count(short) > 0
    # what the endpoint keeps of the texts it reads (its functions, run here)
    assert asyncio.run(refusal_in_thread(long, False)) is None
    assert asyncio.run(lane_in_thread(long)) is Lane.GENERAL
    assert (long, False) not in sparql_routes._REFUSALS and long not in endpoint._LANES
    assert asyncio.run(refusal_in_thread(short, False)) is None
    assert asyncio.run(lane_in_thread(short)) is Lane.GENERAL
    assert (short, False) in sparql_routes._REFUSALS and short in endpoint._LANES
