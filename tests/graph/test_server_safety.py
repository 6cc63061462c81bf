"""Limits and write protection of a live `tradegraph serve`: time and size limits, the
update token, Graph Store Protocol writes, and reading while `tradegraph ingest` writes."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
TOKEN = "s3cret-test-token"
GRAPH = "http://example.org/graphs/notes"
TURTLE = b"<http://example.org/a> <http://example.org/says> \"hello\" ."


def count(server: Any) -> int:
    response = httpx.get(server.sparql, params={"query": COUNT}, timeout=30)
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_slow_query_is_stopped_and_the_next_is_answered(
        news_store: Path, serve: Callable[..., Any]) -> None:
    # One worker: the next answer must come from the worker that replaced the killed one.
    server = serve(news_store, "--timeout", "1.5", "--workers", "1")
    started = time.monotonic()
    slow = httpx.get(server.sparql, params={"query": SLOW}, timeout=60)
    assert slow.status_code == 503
    assert "limit of 1.5 s" in slow.text
    assert time.monotonic() - started < 15
    assert count(server) > 1000


def test_result_size_limit(news_store: Path, serve: Callable[..., Any]) -> None:
    server = serve(news_store, "--max-result-mb", "0.01")
    big = httpx.get(server.sparql, params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=30)
    assert big.status_code == 400
    assert "10,000 bytes" in big.text and "LIMIT" in big.text
    small = httpx.get(server.sparql, params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
    assert small.status_code == 200


def test_updates_are_refused_without_a_token_and_change_nothing(live_server: Any) -> None:
    before = count(live_server)
    for request in (
        {"data": {"update": "CLEAR ALL"}},
        {"content": b"CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}},
    ):
        response = httpx.post(live_server.sparql, timeout=30, **request)  # type: ignore[arg-type]
        assert response.status_code == 403
        assert "read-only" in response.text
    as_query = httpx.get(live_server.sparql, params={"query": "CLEAR ALL"})
    assert as_query.status_code == 400
    put = httpx.put(live_server.root + "graph-store", params={"graph": GRAPH}, content=TURTLE,
                    headers={"Content-Type": "text/turtle"})
    assert put.status_code == 403
    assert count(live_server) == before


def test_update_with_the_token(news_store: Path, serve: Callable[..., Any]) -> None:
    server = serve(news_store, token=TOKEN)
    insert = f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <http://example.org/a> rdfs:label "A" }} }}'
    wrong = httpx.post(server.sparql, data={"update": insert}, headers=bearer("guess"))
    assert wrong.status_code == 401
    assert "WWW-Authenticate" in wrong.headers
    before = count(server)
    right = httpx.post(server.sparql, data={"update": insert}, headers=bearer(TOKEN))
    assert right.status_code == 204, right.text
    assert count(server) == before + 1
    load = httpx.post(server.sparql, data={"update": "LOAD <http://127.0.0.1:9/x.ttl>"},
                      headers=bearer(TOKEN))
    assert load.status_code == 400 and "LOAD" in load.text
    broken = httpx.post(server.sparql, data={"update": "INSERT DATA { <a> }"},
                        headers=bearer(TOKEN))
    assert broken.status_code == 400
    assert count(server) == before + 1


def test_graph_store_protocol_round_trip(news_store: Path, serve: Callable[..., Any]) -> None:
    server = serve(news_store, token=TOKEN)
    store_url = server.root + "graph-store"
    missing = httpx.get(store_url, params={"graph": GRAPH})
    assert missing.status_code == 404
    created = httpx.put(store_url, params={"graph": GRAPH}, content=TURTLE,
                        headers={"Content-Type": "text/turtle", **bearer(TOKEN)})
    assert created.status_code == 201, created.text
    replaced = httpx.put(store_url, params={"graph": GRAPH}, content=TURTLE.replace(
        b"hello", b"goodbye"), headers={"Content-Type": "text/turtle", **bearer(TOKEN)})
    assert replaced.status_code == 204
    body = httpx.get(store_url, params={"graph": GRAPH},
                     headers={"Accept": "application/n-triples"})
    assert body.status_code == 200
    assert body.text.strip() == '<http://example.org/a> <http://example.org/says> "goodbye" .'
    malformed = httpx.put(store_url, params={"graph": GRAPH}, content=b"<http://x> <y",
                          headers={"Content-Type": "text/turtle", **bearer(TOKEN)})
    assert malformed.status_code == 400 and "malformed text/turtle" in malformed.text
    kept = httpx.get(store_url, params={"graph": GRAPH}, headers={"Accept": "text/plain"})
    assert "goodbye" in kept.text  # the failed PUT left the previous graph in place
    deleted = httpx.delete(store_url, params={"graph": GRAPH}, headers=bearer(TOKEN))
    assert deleted.status_code == 204
    assert httpx.get(store_url, params={"graph": GRAPH}).status_code == 404
    assert httpx.delete(store_url, params={"graph": GRAPH},
                        headers=bearer(TOKEN)).status_code == 404


@pytest.mark.parametrize("params", [{}, {"graph": "not an iri"}, {"graph": GRAPH, "default": ""}])
def test_graph_store_bad_graph_names(live_server: Any, params: dict[str, str]) -> None:
    response = httpx.get(live_server.root + "graph-store", params=params)
    assert response.status_code == 400


def test_queries_run_while_an_ingest_writes(news_store: Path, serve: Callable[..., Any],
                                            tmp_path: Path) -> None:
    server = serve(news_store)
    before = count(server)
    extra = tmp_path / "extra.txt"
    extra.write_text("title: A later note\npublished: 2021-03-01\n\nThe Commerce Department "
                     "added Example Widgets Co. of China to the Entity List on Monday.\n",
                     encoding="utf-8")
    # The server holds no write lock, so a separate ingest process can write meanwhile.
    ingest = subprocess.run([sys.executable, "-m", "tradegraph.ui.cli", "--store",
                             str(news_store), "ingest", str(extra)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert ingest.returncode == 0, ingest.stderr
    deadline = time.monotonic() + 20
    while count(server) == before and time.monotonic() < deadline:
        time.sleep(0.3)
    assert count(server) > before


def test_cors_only_when_configured(live_server: Any, news_store: Path,
                                   serve: Callable[..., Any]) -> None:
    origin = {"Origin": "https://yasgui.example"}
    closed = httpx.get(live_server.sparql, params={"query": "ASK {}"}, headers=origin)
    assert "access-control-allow-origin" not in closed.headers
    server = serve(news_store, "--cors-origin", "https://yasgui.example")
    opened = httpx.get(server.sparql, params={"query": "ASK {}"}, headers=origin)
    assert opened.headers["access-control-allow-origin"] == "https://yasgui.example"
    preflight = httpx.options(server.sparql, headers={
        **origin, "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 200


def test_the_guard_bypasses_are_refused_by_the_endpoint(live_server: Any,
                                                         listener: Any) -> None:
    # Texts that once got past a reading of the text (an escaped `#`, a codepoint escape);
    # the endpoint answers 400 and nothing calls the listener.
    for text in (
        "PREFIX ex: <http://e/> SELECT * WHERE { OPTIONAL { ?s ex:a\\# ?o } "
        f"SERVICE <{listener.url}> {{ ?x ?y ?z }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE " + "{" * 5000 + "?s ?p ?o" + "}" * 5000,
    ):
        response = httpx.post(live_server.sparql, data={"query": text}, timeout=30)
        assert response.status_code == 400, response.text
    assert listener.hits == 0


def test_load_with_the_token_is_refused_too(news_store: Path, serve: Callable[..., Any],
                                           listener: Any) -> None:
    server = serve(news_store, token=TOKEN)
    for update in (f"PREFIX ex: <http://e/> LOAD <{listener.url}> INTO GRAPH ex:g\\#",
                   f"\\u004cOAD <{listener.url}>"):
        response = httpx.post(server.sparql, data={"update": update}, headers=bearer(TOKEN))
        assert response.status_code == 400, response.text
    assert listener.hits == 0
