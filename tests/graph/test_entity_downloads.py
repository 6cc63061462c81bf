"""An entity's downloads carry the actions about it: the endpoint's `/id/...` in Turtle and
JSON-LD and the explorer's entity downloads give, for each real action, its type, dates by
kind, citations, status, the entity's standing, and each evidence quote with its source
document; on the demo corpus, on both backends."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from tradegraph.graph.facade import TradeGraph
from tradegraph.ui.explorer.queries import describe
from tradegraph.ui.explorer.rdf import serialize_triples

TG = Namespace("https://w3id.org/tradegraph/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
HUAWEI = URIRef("https://w3id.org/tradegraph/id/firm/huawei")
LIST_DOCUMENT = URIRef("https://w3id.org/tradegraph/id/doc/20-screening-list-extract")


def the_listing(graph: Graph) -> URIRef:
    """The real action of Huawei's Entity List listing (the one that holds its standing)."""
    [action] = {a for a, _, s in graph.triples((None, TG.standing, None))
                if (a, RDF.type, TG.EntityListAddition) in graph
                and (s, TG.party, HUAWEI) in graph}
    assert isinstance(action, URIRef)
    return action


def check(graph: Graph) -> None:
    action = the_listing(graph)
    assert (action, TG.effectiveOn, Literal("2019-05-16", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#date"))) in graph
    assert (action, TG.citation, Literal("84 FR 22961")) in graph
    assert (action, TG.status, TG.InForce) in graph
    [standing] = graph.objects(action, TG.standing)
    assert str(graph.value(standing, TG.appliesFrom)) == "2019-05-16"
    quotes = {str(graph.value(s, OA.exact)) for a in graph.objects(action, TG.evidence)
              for t in graph.objects(a, OA.hasTarget) for s in graph.objects(t, OA.hasSelector)
              if graph.value(s, OA.exact) is not None}
    sources = {d for a in graph.objects(action, TG.evidence)
               for t in graph.objects(a, OA.hasTarget) for d in graph.objects(t, OA.hasSource)}
    assert any("Huawei" in quote for quote in quotes)
    assert LIST_DOCUMENT in sources


@pytest.mark.parametrize("accept", ["text/turtle", "application/ld+json"])
def test_the_endpoints_downloads_carry_the_actions(demo_server: Any, accept: str) -> None:
    reply = httpx.get(demo_server.root + "id/firm/huawei", headers={"Accept": accept},
                      timeout=30)
    assert reply.status_code == 200
    data = Dataset() if accept == "application/ld+json" else Graph()
    if accept == "application/ld+json":
        data.parse(data=reply.text, format="json-ld", publicID=demo_server.root)
        graph = Graph()
        for s, p, o, _ in data.quads():
            graph.add((s, p, o))
    else:
        graph = data.parse(data=reply.text, format="turtle")
    check(graph)


def test_the_explorers_downloads_carry_the_actions(demo_graph: TradeGraph) -> None:
    turtle = serialize_triples(demo_graph, describe(str(HUAWEI)), "turtle")
    check(Graph().parse(data=turtle, format="turtle"))
