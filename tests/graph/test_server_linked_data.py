"""Linked data from a live `tradegraph serve`: dereferenceable IRIs, the ontology, the JSON-LD
context, VoID/DCAT and gzipped dumps."""

from __future__ import annotations

import gzip
import re
import subprocess
from typing import Any

import httpx
import pytest
import rdflib
from pyld import jsonld

HUAWEI_PATH = "id/firm/huawei"
HUAWEI = "https://w3id.org/tradegraph/id/firm/huawei"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
TG = rdflib.Namespace("https://w3id.org/tradegraph/ontology#")


def fetch(server: Any, path: str, accept: str) -> httpx.Response:
    response = httpx.get(server.root + path, headers={"Accept": accept}, timeout=30)
    assert response.status_code == 200, response.text
    return response


def rapper_ok(data: bytes, syntax: str) -> None:
    run = subprocess.run(["rapper", "-i", syntax, "-c", "-", "http://example.org/base"],
                         input=data, capture_output=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr.decode()


def test_resource_page_for_people(live_server: Any) -> None:
    page = fetch(live_server, HUAWEI_PATH, "text/html,application/xhtml+xml;q=0.9")
    assert page.headers["content-type"].startswith("text/html")
    assert "<h1>Huawei Technologies Co., Ltd.</h1>" in page.text
    assert "Entity List addition" in page.text  # an action it is the target of
    assert "<blockquote>" in page.text  # with the sentence that states it
    assert 'href="http://127.0.0.1' in page.text  # links stay on this server


@pytest.mark.parametrize(("accept", "rdflib_format", "rapper_syntax"), [
    ("text/turtle", "turtle", "turtle"),
    ("application/n-triples", "nt", "ntriples"),
    ("application/rdf+xml", "xml", "rdfxml"),
])
def test_resource_for_machines(live_server: Any, accept: str, rdflib_format: str,
                               rapper_syntax: str) -> None:
    response = fetch(live_server, HUAWEI_PATH, accept)
    graph = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    huawei = rdflib.URIRef(HUAWEI)
    assert (huawei, rdflib.RDF.type, TG.Firm) in graph
    assert any(graph.subjects(TG.target, huawei))
    rapper_ok(response.content, rapper_syntax)


def test_jsonld_expands_with_only_our_published_context(live_server: Any) -> None:
    context_url = live_server.root + "context.jsonld"
    published = fetch(live_server, "context.jsonld", "application/ld+json").json()
    document = fetch(live_server, HUAWEI_PATH, "application/ld+json").json()
    assert document["@context"] == context_url

    def offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        if url != context_url:
            raise AssertionError(f"JSON-LD processing tried to fetch {url}")
        return {"contextUrl": None, "documentUrl": url, "document": published}

    expanded = jsonld.expand(document, {"documentLoader": offline_loader})
    huawei = next(node for node in expanded if node.get("@id") == HUAWEI)
    assert {v["@value"] for v in huawei[LABEL]} == {"Huawei Technologies Co., Ltd."}
    assert str(TG.Firm) in huawei["@type"]


def test_unknown_resource_is_404(live_server: Any) -> None:
    response = httpx.get(live_server.root + "id/firm/no-such-firm")
    assert response.status_code == 404
    assert "no-such-firm" in response.text


def test_ontology_dereferences(live_server: Any) -> None:
    html = fetch(live_server, "ontology", "text/html")
    assert "tg:EntityListAddition" in html.text
    # the registry's annotations: listed as terms, and shown on the classes that carry them
    for term in ("regime", "opensStanding", "endsStandingOf", "screened", "Party",
                 "EntityListRegime"):
        assert f'<tr id="{term}"><td><code>tg:{term}</code>' in html.text, term
    assert "<h2>Annotation properties</h2>" in html.text and "<h2>Regimes</h2>" in html.text
    removal = re.search(r'<tr id="EntityListRemoval">.*?</tr>', html.text)
    assert removal and "ends standings of: tg:EntityListAddition" in removal.group(0)
    assert "regime: tg:EntityListRegime" in removal.group(0)
    turtle = fetch(live_server, "ontology", "text/turtle")
    graph = rdflib.Graph().parse(data=turtle.content, format="turtle")
    assert (TG.EntityListAddition, rdflib.RDFS.subClassOf, TG.Action) in graph
    rapper_ok(turtle.content, "turtle")


def test_void_has_real_statistics(live_server: Any) -> None:
    response = fetch(live_server, ".well-known/void", "text/turtle")
    graph = rdflib.Graph().parse(data=response.content, format="turtle")
    dataset = next(graph.subjects(rdflib.RDF.type, VOID.Dataset))
    count = httpx.get(live_server.sparql, params={
        "query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}).json()
    assert int(graph.value(dataset, VOID.triples)) == int(  # type: ignore[arg-type]
        count["results"]["bindings"][0]["n"]["value"])
    assert int(graph.value(dataset, VOID.documents)) == 3  # type: ignore[arg-type]
    firms = [p for p in graph.objects(dataset, VOID.classPartition)
             if graph.value(p, VOID["class"]) == TG.Firm]
    assert firms and int(graph.value(firms[0], VOID.entities)) > 10  # type: ignore[arg-type]
    assert len(list(graph.objects(dataset, VOID.dataDump))) == 3


@pytest.mark.parametrize(("name", "rdflib_format", "rapper_syntax"), [
    ("tradegraph.nq.gz", "nquads", "nquads"),
    ("tradegraph.trig.gz", "trig", "trig"),
    ("tradegraph.ttl.gz", "turtle", "turtle"),
])
def test_dumps_are_gzipped_and_complete(live_server: Any, name: str, rdflib_format: str,
                                        rapper_syntax: str) -> None:
    with httpx.stream("GET", live_server.root + "dumps/" + name, timeout=60) as response:
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/gzip"
        data = gzip.decompress(b"".join(response.iter_raw()))
    rapper_ok(data, rapper_syntax)
    # Everything but a remote server's own graphs (Virtuoso's system graphs).
    ours = (f"FILTER (?g NOT IN ({', '.join(f'<{g}>' for g in live_server.server_graphs)}))"
            if live_server.server_graphs else "")
    quads = httpx.get(live_server.sparql, params={
        "query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {ours} }}"}).json()
    expected = int(quads["results"]["bindings"][0]["n"]["value"])
    if rdflib_format == "turtle":
        triples = httpx.get(live_server.sparql, params={
            "query": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE "
                     f"{{ GRAPH ?g {{ ?s ?p ?o }} {ours} }} }}"}).json()
        expected = int(triples["results"]["bindings"][0]["n"]["value"])
        assert len(rdflib.Graph().parse(data=data, format="turtle")) == expected
    else:
        dataset = rdflib.Dataset().parse(data=data, format=rdflib_format)
        assert len(list(dataset.quads())) == expected


def test_unknown_dump_is_404(live_server: Any) -> None:
    assert httpx.get(live_server.root + "dumps/everything.zip").status_code == 404


@pytest.mark.parametrize("path", ["sparql", ".well-known/void", "ontology"])
def test_descriptions_parse_with_rapper(live_server: Any, path: str) -> None:
    for accept, syntax in (("text/turtle", "turtle"), ("application/rdf+xml", "rdfxml"),
                           ("application/n-triples", "ntriples")):
        rapper_ok(fetch(live_server, path, accept).content, syntax)
