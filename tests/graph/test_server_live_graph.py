"""The server's own reads (status, match, reconciliation) follow the store: a screening
list ingested beside a running `tradegraph serve` is matched, and its party's status
answered, within seconds, without restarting the server."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.screening.pair_evaluation import ListedParty, listing_csv

NEWCOMER = ListedParty("quillfeather", "Entity", "Quillfeather Optoelectronics Co., Ltd.",
                       ("Quillfeather Optics",), "CN")


def _match(server: Any) -> list[dict[str, Any]]:
    answer = httpx.post(server.root + "match", json={"queries": {"q": {
        "name": "Quillfeather Optoelectronics"}}}, params={"as-of": "2021-01-01"}, timeout=120)
    assert answer.status_code == 200, answer.text
    results: list[dict[str, Any]] = answer.json()["responses"]["q"]["results"]
    return results


def test_an_ingest_beside_the_server_is_seen(serve: Callable[..., Any], news_store: Path,
                                             tmp_path: Path) -> None:
    server = serve(news_store)
    assert _match(server) == []  # builds the index on the store as it was
    missing = httpx.get(server.root + "status", params={"entity": NEWCOMER.name}, timeout=60)
    assert missing.status_code == 404
    listing = tmp_path / "newcomer.csv"
    listing.write_text(listing_csv([NEWCOMER], start_date="2020-06-01"), encoding="utf-8")
    with TradeGraph.open(str(news_store)) as graph:  # a writer beside the server
        assert graph.ingest([listing], workers=1).ok
    deadline = time.monotonic() + 30
    found: list[dict[str, Any]] = []
    while time.monotonic() < deadline and not found:
        time.sleep(0.5)
        found = _match(server)
    assert found and found[0]["label"] == NEWCOMER.name
    assert found[0]["listed_in_force"] is True
    status = httpx.get(server.root + "status", params={
        "entity": "Quillfeather Optics", "as-of": "2021-01-01"}, timeout=60).json()
    assert status["regimes_in_force"] == ["Entity List"]
    assert status["standings"][0]["applies_from"] == "2020-06-01"
