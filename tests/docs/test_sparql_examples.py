"""Every `sparql` block of the README and the site answers on the demo store, embedded and
on Virtuoso: each returns at least one row with a value (the examples say what the demo
corpus holds, so an empty answer means the example or the graph has drifted)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tradegraph.graph.facade import TradeGraph


@pytest.fixture(scope="session", params=["oxigraph", "virtuoso"])
def example_store(request: pytest.FixtureRequest, demo_store: Path) -> str:
    """The demo corpus on each backend: the embedded store, and a Virtuoso of its own (the
    server the CLI tests name "demo", ingested again here: unchanged documents are skipped)."""
    if request.param == "oxigraph":
        return str(demo_store)
    from tradegraph.ingest.demo_corpus import demo_paths

    server = request.getfixturevalue("virtuoso_pool").get("demo")
    request.getfixturevalue("virtuoso_credentials")
    with TradeGraph.open(server.url) as graph:
        report = graph.ingest([str(path) for path in demo_paths()], workers=1)
    assert report.ok, [(result.source, result.reason) for result in report.failures]
    return str(server.url)


def test_the_site_has_example_queries(read_blocks: Any) -> None:
    query_page = Path(__file__).resolve().parents[2] / "docs/pages/how-to/query.md"
    assert len(read_blocks.of(query_page, "sparql")) >= 5


def test_each_example_query_answers_on_the_demo_store(example_store: str,
                                                       sparql_example: Any) -> None:
    with TradeGraph.open(example_store, read_only=True) as graph:
        rows = graph.select(sparql_example.text)
    assert rows, f"the example at {sparql_example.where} returns nothing on the demo corpus"
    assert all(any(value is not None for value in row.values()) for row in rows)
