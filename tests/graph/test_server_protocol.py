"""The SPARQL 1.1 Protocol on a live `tradegraph serve`, driven by plain HTTP and by the
clients researchers use (SPARQLWrapper, rdflib's SPARQLStore)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import xml.etree.ElementTree as ET
from typing import Any

import httpx
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

FIRMS = "SELECT DISTINCT ?firm ?label WHERE { ?firm a tg:Firm ; rdfs:label ?label } ORDER BY ?label"
HUAWEI = "https://w3id.org/tradegraph/id/firm/huawei"
CONSTRUCT = f"CONSTRUCT {{ <{HUAWEI}> ?p ?o }} WHERE {{ <{HUAWEI}> ?p ?o }}"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
RAPPER_SYNTAX = {"text/turtle": "turtle", "application/n-triples": "ntriples",
                 "application/rdf+xml": "rdfxml", "application/n-quads": "nquads",
                 "application/trig": "trig"}
RDFLIB_SYNTAX = {**{k: k for k in RAPPER_SYNTAX}, "application/ld+json": "json-ld"}


def get(server: Any, query: str, accept: str | None = None, **params: str) -> httpx.Response:
    headers = {"Accept": accept} if accept else {}
    return httpx.get(server.sparql, params={"query": query, **params}, headers=headers,
                     timeout=30)


def labels_of(response: httpx.Response) -> set[str]:
    assert response.status_code == 200, response.text
    return {row["label"]["value"] for row in response.json()["results"]["bindings"]}


def rapper_count(data: bytes, syntax: str) -> int:
    """Parse with Debian's rapper (an independent parser); the number of triples."""
    run = subprocess.run(["rapper", "-i", syntax, "-c", "-", "http://example.org/base"],
                         input=data, capture_output=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr.decode()
    return int(run.stderr.decode().rsplit("returned", 1)[1].split()[0])


# ------------------------------------------------------------------ the three ways to ask


def test_query_by_get_post_form_and_post_direct_agree(live_server: Any) -> None:
    by_get = labels_of(get(live_server, FIRMS))
    by_form = labels_of(httpx.post(live_server.sparql, data={"query": FIRMS}, timeout=30))
    by_body = labels_of(httpx.post(live_server.sparql, content=FIRMS.encode(), timeout=30,
                                   headers={"Content-Type": "application/sparql-query"}))
    assert "Huawei Technologies Co., Ltd." in by_get
    assert by_get == by_form == by_body


@pytest.mark.parametrize("accept", ["application/sparql-results+json",
                                    "application/sparql-results+xml", "text/csv",
                                    "text/tab-separated-values"])
def test_select_results_in_each_format(live_server: Any, accept: str) -> None:
    response = get(live_server, FIRMS, accept)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(accept)
    if accept.endswith("json"):
        names = {r["label"]["value"] for r in response.json()["results"]["bindings"]}
    elif accept.endswith("xml"):
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        root = ET.fromstring(response.content)
        names = {b.findtext("r:literal", namespaces=ns) or ""
                 for b in root.iterfind(".//r:binding[@name='label']", ns)}
    else:
        delimiter = "," if accept == "text/csv" else "\t"
        rows = list(csv.reader(io.StringIO(response.text), delimiter=delimiter))
        names = {row[1].strip('"') for row in rows[1:]}
    assert names == labels_of(get(live_server, FIRMS))


@pytest.mark.parametrize("accept", [*RDFLIB_SYNTAX])
def test_construct_in_each_rdf_format_parses_with_rdflib_and_rapper(live_server: Any,
                                                                    accept: str) -> None:
    response = get(live_server, CONSTRUCT, accept)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(accept)
    graph = rdflib.Dataset() if accept in ("application/n-quads", "application/trig") \
        else rdflib.Graph()
    graph.parse(data=response.content, format=RDFLIB_SYNTAX[accept])
    expected = len(get(live_server, f"SELECT DISTINCT ?p ?o WHERE {{ <{HUAWEI}> ?p ?o }}").json()
                   ["results"]["bindings"])
    assert len(graph) == expected > 5
    if accept in RAPPER_SYNTAX:
        assert rapper_count(response.content, RAPPER_SYNTAX[accept]) == expected


def test_ask_and_accept_preferences(live_server: Any) -> None:
    response = get(live_server, "ASK { ?s a tg:Firm }",
                   "application/sparql-results+xml;q=0.5, application/sparql-results+json")
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert response.json()["boolean"] is True


# ------------------------------------------------------------------ dataset


def test_default_graph_uri_restricts_the_dataset(live_server: Any) -> None:
    graphs = get(live_server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a tg:Document } }")
    documents = sorted(r["g"]["value"] for r in graphs.json()["results"]["bindings"])
    assert len(documents) == 3
    count = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a tg:Document }"
    everything = get(live_server, count).json()["results"]["bindings"][0]["n"]["value"]
    one = get(live_server, count, **{"default-graph-uri": documents[0]})
    assert (everything, one.json()["results"]["bindings"][0]["n"]["value"]) == ("3", "1")


def test_named_graph_uri_limits_graph_patterns(live_server: Any) -> None:
    graphs = get(live_server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a tg:Document } }")
    first = sorted(r["g"]["value"] for r in graphs.json()["results"]["bindings"])[0]
    response = httpx.post(live_server.sparql, timeout=30, data={
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": first})
    assert [r["g"]["value"] for r in response.json()["results"]["bindings"]] == [first]


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize(("query", "words"), [
    ("SELEC * WHERE { ?s ?p ?o }", "line 1, column 1"),
    ("SELECT * WHERE { ?s nope:p ?o }", "nope"),
    ("", "empty"),
])
def test_malformed_queries_get_400_with_a_reason(live_server: Any, query: str,
                                                 words: str) -> None:
    response = get(live_server, query)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert words in response.text


def test_two_query_parameters_are_refused(live_server: Any) -> None:
    response = httpx.get(live_server.sparql, params=[("query", "ASK {}"), ("query", "ASK {}")])
    assert response.status_code == 400
    assert "2 'query' parameters" in response.text


def test_unacceptable_format_is_406(live_server: Any) -> None:
    response = get(live_server, FIRMS, "image/png")
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text


def test_oversized_request_is_413(live_server: Any) -> None:
    big = "ASK {} #" + "x" * 1_100_000
    response = httpx.post(live_server.sparql, content=big.encode(), timeout=30,
                          headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413
    assert "limit" in response.text


def test_unknown_content_type_is_415(live_server: Any) -> None:
    response = httpx.post(live_server.sparql, content=b"ASK {}", timeout=30,
                          headers={"Content-Type": "application/json"})
    assert response.status_code == 415


def test_update_by_get_is_refused(live_server: Any) -> None:
    response = httpx.get(live_server.sparql, params={"update": "CLEAR ALL"})
    assert response.status_code == 400
    assert "POST" in response.text


def test_service_is_refused_unless_allowed(live_server: Any) -> None:
    federated = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = get(live_server, federated)
    assert response.status_code == 400
    assert "SERVICE" in response.text
    # The word inside a literal is data, not a keyword.
    mention = get(live_server, 'SELECT ?x WHERE { BIND("SERVICE charge" AS ?x) }')
    assert mention.status_code == 200


# ------------------------------------------------------------------ service description


def test_service_description_without_a_query(live_server: Any) -> None:
    response = httpx.get(live_server.sparql, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = rdflib.URIRef(live_server.sparql)
    assert (service, rdflib.RDF.type, sd.Service) in graph
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (service, sd.supportedLanguage, sd.SPARQL11Update) not in graph


# ------------------------------------------------------------------ real clients


def test_sparqlwrapper_select(live_server: Any) -> None:
    client = SPARQLWrapper(live_server.sparql)
    client.setQuery("PREFIX tg: <https://w3id.org/tradegraph/ontology#> "
                    "SELECT ?action WHERE { ?action tg:target <" + HUAWEI + "> }")
    client.setReturnFormat(JSON)
    rows = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    assert len(rows) >= 2


def test_rdflib_sparqlstore(live_server: Any) -> None:
    graph = rdflib.Graph(SPARQLStore(live_server.sparql, returnFormat="json"))
    rows = list(graph.query(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        f"SELECT ?label WHERE {{ <{HUAWEI}> rdfs:label ?label }}"))
    assert {str(row[0]) for row in rows} == {"Huawei Technologies Co., Ltd."}  # type: ignore[index]


def test_results_json_is_valid_json_for_odd_literals(live_server: Any) -> None:
    query = 'SELECT ?x WHERE { BIND("quote \\" tab \\t newline \\n ünï" AS ?x) }'
    value = get(live_server, query).json()["results"]["bindings"][0]["x"]["value"]
    assert value == 'quote " tab \t newline \n ünï'
    assert json.loads(json.dumps(value)) == value


def test_relative_iris_resolve_against_the_endpoint(live_server: Any) -> None:
    response = get(live_server, "CONSTRUCT { <s> <p> 1 } WHERE {}", "application/n-triples")
    assert response.status_code == 200, response.text
    assert response.text.startswith(f"<{live_server.root}s> <{live_server.root}p> ")


def test_body_in_another_charset_is_refused(live_server: Any) -> None:
    response = httpx.post(live_server.sparql, content="ASK {}".encode("utf-16"), timeout=30,
                          headers={"Content-Type": "application/sparql-query; charset=UTF-16"})
    assert response.status_code == 415
    assert "UTF-8" in response.text
