"""The RDF dataset of a query (SPARQL 1.1 Query 13.2, Protocol 2.1.4): the query's `FROM` /
`FROM NAMED` clauses, the protocol's `default-graph-uri` / `named-graph-uri` replacing them,
through the facade on both backends and through a live `tradegraph serve`."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.store.datasets import (
    EMPTY_GRAPH,
    dataset_clauses,
    spelled_out,
    without_dataset_clauses,
)
from tradegraph.graph.store.embedded import OxigraphStore
from tradegraph.ontology.iris import IriMinter

DOC = IriMinter().document
LICENSES, ENTITY_LIST, ZTE = (DOC(k) for k in (
    "huawei-licenses", "huawei-entity-list", "zte-denial-order"))
UNKNOWN = "https://example.org/no-such-graph"
DOCUMENTS = "SELECT DISTINCT ?d {dataset} WHERE {{ ?d a tg:Document }} ORDER BY ?d"
GRAPHS = "SELECT DISTINCT ?g {dataset} WHERE {{ GRAPH ?g {{ ?g a tg:Document }} }} ORDER BY ?g"


# ------------------------------------------------------------------ reading the clauses


@pytest.mark.parametrize(("query", "default", "named"), [
    ("SELECT * WHERE { ?s ?p ?o }", False, False),
    ("SELECT * FROM <http://g/1> WHERE { ?s ?p ?o }", True, False),
    ("select * from named <http://g/1> { ?s ?p ?o }", False, True),
    ("PREFIX ex: <http://g/>\nSELECT * FROM ex:1 FROM NAMED ex:2 { ?s ?p ?o }", True, True),
    ("CONSTRUCT { ?s ?p ?o } FROM <http://g/1> WHERE { ?s ?p ?o }", True, False),
    ("DESCRIBE <http://s> FROM NAMED <http://g/1>", False, True),
    # a FROM that is data, a name or a comment is no clause
    ('SELECT * WHERE { ?s ?p "FROM <http://g/1>" }', False, False),
    ("SELECT ?from WHERE { ?s tg:from ?from }  # FROM <http://g/1>", False, False),
    ("SELECT * WHERE { <http://x/FROM> ?p ?o }", False, False),
])
def test_dataset_clauses_are_found_at_the_top_level_only(query: str, default: bool,
                                                          named: bool) -> None:
    clauses = dataset_clauses(query)
    assert (clauses.default, clauses.named) == (default, named)


def test_cutting_the_clauses_keeps_every_other_character_in_place() -> None:
    query = "SELECT ?o\nFROM <http://g/1> FROM NAMED <http://g/2>\nWHERE { ?s ?p ?o }"
    cut = without_dataset_clauses(query)
    assert len(cut) == len(query) and cut.splitlines()[2] == "WHERE { ?s ?p ?o }"
    assert not dataset_clauses(cut).any


def test_a_merging_server_gets_the_dataset_spelled_out() -> None:
    query = "SELECT * FROM <http://g/1> WHERE { GRAPH ?g { ?s ?p ?o } }"
    alone = spelled_out(query, (), ())  # FROM alone: no named graph visible
    assert dataset_clauses(alone.sparql).named and EMPTY_GRAPH in alone.sparql
    replaced = spelled_out(query, ("http://g/2",), ())  # the request's dataset replaces it
    assert not dataset_clauses(replaced.sparql).any
    assert (replaced.default_graphs, replaced.named_graphs) == (("http://g/2",),
                                                                (EMPTY_GRAPH,))


# ------------------------------------------------------------------ the facade, both backends


def _values(graph: TradeGraph, query: str, variable: str) -> list[str]:
    return [row[variable] or "" for row in graph.select(query)]


def test_the_facade_honours_from_and_from_named(shared_news_graph: TradeGraph) -> None:
    graph = shared_news_graph
    assert _values(graph, DOCUMENTS.format(dataset=""), "d") == sorted(
        [LICENSES, ENTITY_LIST, ZTE])
    assert graph.select(f"SELECT * FROM <{UNKNOWN}> WHERE {{ ?s ?p ?o }}") == []
    assert _values(graph, DOCUMENTS.format(dataset=f"FROM <{ZTE}>"), "d") == [ZTE]
    assert _values(graph, DOCUMENTS.format(dataset=f"FROM <{ZTE}> FROM <{LICENSES}>"), "d") == \
        sorted([ZTE, LICENSES])
    # FROM alone: no named graphs; FROM NAMED alone: an empty default graph
    assert _values(graph, GRAPHS.format(dataset=f"FROM <{ZTE}>"), "g") == []
    assert _values(graph, GRAPHS.format(dataset=f"FROM NAMED <{ZTE}>"), "g") == [ZTE]
    assert _values(graph, DOCUMENTS.format(dataset=f"FROM NAMED <{ZTE}>"), "d") == []


def test_the_protocol_dataset_replaces_the_query_clauses(shared_news_graph: TradeGraph
                                                          ) -> None:
    def ask(query: str, defaults: tuple[str, ...], named: tuple[str, ...], name: str
            ) -> list[str]:
        result = shared_news_graph.query_dataset(query, default_graphs=defaults,
                                                 named_graphs=named)
        return sorted(row[name].value for row in result)  # type: ignore[union-attr]

    assert ask(DOCUMENTS.format(dataset=f"FROM <{ZTE}>"), (LICENSES,), (), "d") == [LICENSES]
    assert ask(GRAPHS.format(dataset=f"FROM NAMED <{ZTE}>"), (), (LICENSES,), "g") == [LICENSES]
    # the request names a default graph only: no named graphs, whatever the query says
    assert ask(GRAPHS.format(dataset=f"FROM NAMED <{ZTE}>"), (LICENSES,), (), "g") == []
    assert ask(DOCUMENTS.format(dataset=""), (), (LICENSES,), "d") == []


def test_internal_queries_without_the_union_see_the_real_default_graph() -> None:
    with TradeGraph.open(":memory:") as graph:
        store = graph.store
        assert isinstance(store, OxigraphStore)
        # the real default graph (empty here) when union is off, and no FROM in sight
        assert list(store.query("SELECT * WHERE { ?s ?p ?o }", union=False)) == []


# ------------------------------------------------------------------ the live endpoint


def _bindings(response: httpx.Response, name: str) -> list[str]:
    assert response.status_code == 200, response.text
    return sorted(row[name]["value"] for row in response.json()["results"]["bindings"])


def _get(server: Any, query: str, **params: str | list[str]) -> httpx.Response:
    return httpx.get(server.sparql, params={"query": query, **params}, timeout=30,
                     headers={"Accept": "application/sparql-results+json"})


def test_the_endpoint_answers_from_the_dataset_the_query_names(live_server: Any) -> None:
    everything = _get(live_server, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert len(_bindings(everything, "s")) == 1
    nothing = _get(live_server, f"SELECT * FROM <{UNKNOWN}> WHERE {{ ?s ?p ?o }}")
    assert _bindings(nothing, "s") == []
    assert _bindings(_get(live_server, DOCUMENTS.format(dataset=f"FROM <{ZTE}>")), "d") == [ZTE]
    assert _bindings(_get(live_server, GRAPHS.format(dataset=f"FROM <{ZTE}>")), "g") == []
    named = _get(live_server, GRAPHS.format(dataset=f"FROM NAMED <{ZTE}> FROM NAMED <{UNKNOWN}>"))
    assert _bindings(named, "g") == [ZTE]
    construct = httpx.post(live_server.sparql, timeout=30, headers={"Accept": "text/turtle"},
                           data={"query": f"CONSTRUCT {{ ?s ?p ?o }} FROM <{UNKNOWN}> "
                                          "WHERE { ?s ?p ?o }"})
    assert construct.status_code == 200 and "tradegraph" not in construct.text


def test_the_endpoint_lets_protocol_parameters_replace_the_query_dataset(live_server: Any
                                                                          ) -> None:
    query = DOCUMENTS.format(dataset=f"FROM <{ZTE}>")
    replaced = _get(live_server, query, **{"default-graph-uri": LICENSES})
    assert _bindings(replaced, "d") == [LICENSES]
    by_form = httpx.post(live_server.sparql, timeout=30, data={
        "query": GRAPHS.format(dataset=f"FROM NAMED <{ZTE}>"),
        "named-graph-uri": [LICENSES, ENTITY_LIST]},
        headers={"Accept": "application/sparql-results+json"})
    assert _bindings(by_form, "g") == sorted([LICENSES, ENTITY_LIST])
    by_body = httpx.post(live_server.sparql, timeout=30,
                         params={"default-graph-uri": UNKNOWN},
                         content=f"SELECT * FROM <{ZTE}> WHERE {{ ?s ?p ?o }}".encode(),
                         headers={"Content-Type": "application/sparql-query",
                                  "Accept": "application/sparql-results+json"})
    assert _bindings(by_body, "s") == []
    # a default graph named alone: GRAPH ?g sees no named graph
    alone = _get(live_server, GRAPHS.format(dataset=""), **{"default-graph-uri": LICENSES})
    assert _bindings(alone, "g") == []
