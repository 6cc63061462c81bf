"""Only http(s) IRIs become links on the endpoint's pages: a document whose `schema:url` is
`javascript:alert(1)` (which a Graph Store write, another loader or a remote server can
store) shows it as escaped text."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from pyoxigraph import Literal, NamedNode, Quad

from tradegraph.graph.store.embedded import OxigraphStore
from tradegraph.ontology.iris import IriMinter
from tradegraph.ui.server import pages
from tradegraph.ui.server.options import ServerSettings

SCHEMA_URL = "http://schema.org/url"
HOSTILE = "javascript:alert(1)"
DOCUMENT = IriMinter().document("zte-denial-order")
ROOT = "http://127.0.0.1:8000/"


def hrefs(page: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', page)


def test_a_resource_page_links_only_http_iris() -> None:
    settings = ServerSettings(store=":memory:")
    facts = [
        {"direction": "out", "p": SCHEMA_URL, "o": HOSTILE},
        {"direction": "out", "p": "javascript:alert(2)", "o": "https://example.org/ok"},
        {"direction": "out", "p": "http://www.w3.org/2000/01/rdf-schema#label",
         "o": "<script>alert(3)</script>"},
        {"direction": "in", "p": SCHEMA_URL, "o": "data:text/html,<b>x</b>"},
    ]
    evidence = [{"about": "vbscript:msgbox(4)", "quote": "<img src=x onerror=alert(5)>",
                 "doc": "JavaScript:alert(6)", "docTitle": "a title"}]
    page = pages.resource_page(DOCUMENT, facts, evidence, settings, ROOT)
    links = hrefs(page)
    assert links and all(link.startswith(("http://", "https://")) for link in links), links
    assert "https://example.org/ok" in links
    assert "javascript:alert(1)" in page  # shown, as text
    assert "<script>" not in page and "<img" not in page and "<b>" not in page


def test_the_live_page_of_a_document_with_a_javascript_url(
        news_store: Path, serve: Callable[..., Any]) -> None:
    store = OxigraphStore.open(str(news_store))
    try:
        quads = store.graph_quads(DOCUMENT)
        graph = NamedNode(DOCUMENT)
        hostile = [Quad(graph, NamedNode(SCHEMA_URL), NamedNode(HOSTILE), graph),
                   Quad(graph, NamedNode("javascript:alert(2)"), Literal("x"), graph)]
        store.replace_graph(DOCUMENT, [*quads, *hostile])
    finally:
        store.close()
    server = serve(news_store)
    response = httpx.get(server.root + "id/doc/zte-denial-order", timeout=30,
                         headers={"Accept": "text/html"})
    assert response.status_code == 200, response.text
    assert HOSTILE in response.text and "javascript:alert(2)" in response.text
    links = hrefs(response.text)
    assert links and not [link for link in links if not link.startswith("http")], links
