"""One truth, five faces: for every party of the demo corpus, `tradegraph status`, the
endpoint's `/status`, the explorer's status panel and entity table, and screening give the
standings and regime lines that `TradeGraph.status` computes, on both backends; and the
explorer's overview counts what `tradegraph stats` counts."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from typer.testing import CliRunner

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.time.status import EntityStatus
from tradegraph.ontology.schema import schema
from tradegraph.ui.cli import app as cli_app

pytestmark = pytest.mark.slow
DAYS = ("2020-09-01", "2025-01-01")
"""The days asked about: the acts of 2019-2020 in force, and every act of the corpus known."""


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def endpoint(demo_store: Path | str) -> Iterator[str]:
    """`tradegraph serve` on the demo store, on a loopback port; its root URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRADEGRAPH_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "tradegraph.ui.cli", "--store", str(demo_store), "serve",
         "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    root = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while True:  # wait until it answers (or has died)
        assert process.poll() is None, process.stderr.read().decode()  # type: ignore[union-attr]
        assert time.monotonic() < deadline, "serve did not answer within 60 s"
        try:
            if httpx.get(root + "sparql", params={"query": "ASK {}"}, timeout=5).is_success:
                break
        except httpx.TransportError:
            time.sleep(0.2)
    yield root
    process.terminate()
    process.wait(10)


def parties(store: Path | str) -> list[tuple[str, str, str]]:
    """(IRI, label, class) of every party the demo's documents name."""
    classes = " ".join(f"tg:{name}" for name in schema().party_classes)
    with TradeGraph.open(str(store), read_only=True) as graph:
        rows = graph.select(f"""SELECT ?e (MIN(?l) AS ?label) (MIN(?c) AS ?class) WHERE {{
            VALUES ?c {{ {classes} }} ?d tg:mentions ?e . ?e a ?c ; rdfs:label ?l }}
            GROUP BY ?e ORDER BY ?e""")
    return [(r["e"] or "", r["label"] or "", (r["class"] or "").rsplit("#", 1)[-1])
            for r in rows]


def standings(data: dict[str, Any] | EntityStatus) -> set[tuple[str, str, str, str | None]]:
    items = data["standings"] if isinstance(data, dict) else [vars(s) for s in data.standings]
    return {(s["action"], s["state"], s["applies_from"], s["applies_until"]) for s in items}


def lines(data: dict[str, Any] | EntityStatus) -> list[str]:
    if isinstance(data, dict):
        return [line["text"] for line in data["regimes"]]
    return [line.text for line in data.regimes]


def test_the_five_faces_give_the_same_standings(
        demo_store: Path | str, endpoint: str, explorer: Callable[..., Any],
        pages: Any) -> None:
    runner = CliRunner()
    found = parties(demo_store)
    assert len(found) >= 15
    with TradeGraph.open(str(demo_store), read_only=True) as graph:
        truth = {(iri, day): graph.status(iri, day) for iri, _, _ in found for day in DAYS}
        screened = {(iri, day): graph.match(label, as_of=dt.date.fromisoformat(day))
                    for iri, label, kind in found if kind in schema().screened_classes
                    for day in DAYS}
    assert sum(bool(s.in_force) for s in truth.values()) >= 5
    for (iri, day), expected in truth.items():
        # 1. the CLI
        result = runner.invoke(cli_app, ["--store", str(demo_store), "status", iri, "--as-of",
                                         day, "-f", "json"])
        assert result.exit_code == 0, result.stderr
        cli = json.loads(result.stdout)
        assert standings(cli) == standings(expected) and lines(cli) == lines(expected), iri
        # 2. the endpoint, as JSON and as the page people read
        page = httpx.get(endpoint + "status", params={"entity": iri, "as-of": day,
                                                      "format": "json"}, timeout=30)
        assert standings(page.json()) == standings(expected), iri
        assert lines(page.json()) == lines(expected), iri
        shown = httpx.get(endpoint + "status", params={"entity": iri, "as-of": day},
                          headers={"Accept": "text/html"}, timeout=30).text
        assert re.findall(r'<span class="line">(.*?)</span>', shown) == [
            html.escape(text) for text in lines(expected)], iri
        # 3. screening: the candidate's status, and its listings in force only by a standing
        if (iri, day) in screened:
            [candidate] = [c for c in screened[iri, day].candidates if c.iri == iri]
            assert candidate.status is not None
            assert standings(candidate.status) == standings(expected), iri
            held = {s.action for s in expected.in_force}
            assert {x.action for x in candidate.listings if x.in_force} <= held, iri
    for iri, _, _ in found:  # 4 and 5. the explorer's status panel and entity table
        day = DAYS[1]
        app = explorer(page="entity", iri=iri, asof=day)
        pages.ok(app)
        expected = truth[iri, day]
        panel = [html.unescape(t) for t in re.findall(r'<span class="tg-line">(.*?)</span>',
                                                      pages.html(app))]
        assert sorted(panel) == sorted(lines(expected)), iri
        history = {h.action: h.text for line in expected.regimes for h in line.history}
        if app.dataframe:  # every act of its history is a row, with the same words
            frame = app.dataframe[0].value
            table = {parse_qs(urlparse(href).query)["iri"][0]: text
                     for href, text in zip(frame["action"], frame["standing"], strict=True)}
            targeted = {a for a in history if a in table}
            assert {a: table[a] for a in targeted} == {a: history[a] for a in targeted}, iri


def test_the_overview_counts_what_stats_counts(demo_store: Path | str,
                                               explorer: Callable[..., Any],
                                               pages: Any) -> None:
    with TradeGraph.open(str(demo_store), read_only=True) as graph:
        stats = graph.stats()
    app = explorer()
    metrics = {m.label: int(m.value) for m in app.metric}
    assert metrics == {"Documents": stats.documents, "Actions": sum(stats.actions.values()),
                       "Firms": stats.entities.get("Firm", 0),
                       "Agencies": stats.entities.get("Agency", 0),
                       "Products": stats.entities.get("Product", 0),
                       "People": stats.entities.get("Person", 0)}
    actions = [q["iri"][0] for _, q in pages.links(app) if "/action/" in q.get("iri", [""])[0]]
    assert actions and len(actions) == len(set(actions))  # latest actions: each once
