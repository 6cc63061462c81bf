"""The SPARQL behind the SPARQL page's completion: the ontology's terms and entity labels."""

from __future__ import annotations

from tradegraph.ontology.terms import ONTOLOGY_IRI
from tradegraph.ui.explorer.queries.fragments import class_terms


def ontology_terms() -> str:
    """Every class and property of the ontology, with its label and kind."""
    return f"""SELECT ?term (SAMPLE(?l) AS ?label) (SAMPLE(?k) AS ?kind) WHERE {{
  GRAPH <{ONTOLOGY_IRI}> {{
    ?term a ?k . FILTER(?k IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty,
                               owl:NamedIndividual))
    OPTIONAL {{ ?term rdfs:label ?l FILTER(LANG(?l) IN ("", "en")) }}
  }}
}} GROUP BY ?term"""


def entity_labels(limit: int = 3000) -> str:
    """A label and class for entities (firms, agencies, ...), up to `limit`, for
    completing IRIs from names."""
    return f"""SELECT ?entity (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?class) WHERE {{
  {{ SELECT DISTINCT ?entity ?c WHERE {{ VALUES ?c {{ {class_terms([])} }} ?entity a ?c }}
     LIMIT {int(limit)} }}
  ?entity rdfs:label ?l .
}} GROUP BY ?entity"""
