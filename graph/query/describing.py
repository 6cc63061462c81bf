"""The SPARQL that describes one resource, shared by the endpoint's resource pages and the
explorer's entity pages: its statements with labels to show, the evidence for it, and its
description as RDF. `$IRI` in the SELECT texts stands for the resource's IRI."""

from __future__ import annotations

from tradegraph.graph.time.action_description import actions_pattern, actions_template

FACTS = """SELECT ?direction ?p ?plabel ?o ?olabel WHERE {
  { <$IRI> ?p ?o BIND("out" AS ?direction) OPTIONAL { ?o rdfs:label ?olabel } }
  UNION
  { ?o ?p <$IRI> FILTER(?p != tg:mentions) BIND("in" AS ?direction)
    OPTIONAL { ?o rdfs:label ?olabel } }
  OPTIONAL { ?p rdfs:label ?plabel }
} ORDER BY ?direction ?p LIMIT 1000"""
"""Every statement about a resource (and pointing at it), with labels to show."""

EVIDENCE = """SELECT DISTINCT ?about ?aboutLabel ?quote ?doc ?docTitle WHERE {
  { BIND(<$IRI> AS ?about) } UNION { ?about tg:agent|tg:target|tg:beneficiary|tg:product <$IRI> }
  ?about tg:evidence ?annotation .
  ?annotation oa:hasTarget ?target .
  ?target oa:hasSource ?doc ; oa:hasSelector ?selector .
  ?selector oa:exact ?quote .
  OPTIONAL { ?about rdfs:label ?aboutLabel }
  OPTIONAL { ?doc dcterms:title ?docTitle }
} ORDER BY ?about LIMIT 200"""
"""Evidence quotes for a resource and for the actions it takes part in."""


def describe(iri: str) -> str:
    """A CONSTRUCT of the resource, what points at it (but the documents that mention it),
    the labels of its neighbours, so that a page can name them, and the actions about it
    with their facts (`graph/time/action_description.py`)."""
    node = f"<{iri}>"
    return f"""CONSTRUCT {{ {node} ?p ?o . ?o rdfs:label ?ol . ?s ?q {node} . ?s rdfs:label ?sl .
  {actions_template(node)} }}
WHERE {{ {{ {node} ?p ?o OPTIONAL {{ ?o rdfs:label ?ol }} }}
  UNION {{ ?s ?q {node} FILTER(?q != tg:mentions) OPTIONAL {{ ?s rdfs:label ?sl }} }}
  UNION {actions_pattern(node)} }}"""
