"""The SPARQL page's gallery: example queries, some with parameters (`$firm`, `$from`,
`$to`) that the page fills in as escaped string literals."""

from __future__ import annotations

from dataclasses import dataclass, field

from tradegraph.ui.explorer.queries import literal


@dataclass(frozen=True)
class Example:
    """One gallery entry."""

    title: str
    query: str
    parameters: dict[str, str] = field(default_factory=dict)  # name -> default value

    def fill(self, values: dict[str, str]) -> str:
        """The query with each `$name` replaced by the value as a string literal."""
        text = self.query
        for name, default in self.parameters.items():
            text = text.replace(f"${name}", literal(values.get(name, default)))
        return text


CONFIRMATIONS = Example(
    "Reported actions confirmed by the legal record, and those reported only", """\
SELECT DISTINCT ?status ?date ?type ?action ?confirmedBy ?citation WHERE {
  ?action tg:reportedIn ?doc ; a ?class .
  ?doc a tg:Document . FILTER NOT EXISTS { ?doc a tg:LegalRecord }
  ?class rdfs:subClassOf tg:Action ; rdfs:label ?type .
  OPTIONAL { ?action tg:date ?date }
  OPTIONAL { ?action tg:confirmedBy ?confirmedBy
             OPTIONAL { ?confirmedBy tg:citation ?citation } }
  BIND(IF(BOUND(?confirmedBy), "confirmed", "reported only") AS ?status)
} ORDER BY ?status ?date""")
"""The gallery entry that lists confirmed and reported-only actions (linked from the
Overview)."""


EXAMPLES = [
    Example("Everything that happened to a firm, with the sentence that says so", """\
SELECT DISTINCT ?date ?type ?agency ?quote ?action WHERE {
  ?firm rdfs:label|skos:altLabel $firm .
  ?action tg:target ?firm ; a ?class ;
          tg:evidence/oa:hasTarget/oa:hasSelector/oa:exact ?quote .
  ?class rdfs:subClassOf tg:Action ; rdfs:label ?type .
  OPTIONAL { ?action tg:agent/rdfs:label ?agency }
  OPTIONAL { ?action tg:date ?date }
} ORDER BY ?date""", {"firm": "Huawei"}),
    Example("Actions in a date range", """\
SELECT DISTINCT ?date ?type ?action ?target WHERE {
  ?action tg:date ?date ; a ?class .
  ?class rdfs:subClassOf tg:Action ; rdfs:label ?type .
  OPTIONAL { ?action tg:target ?target }
  FILTER(STR(?date) >= $from && SUBSTR(STR(?date), 1, STRLEN($to)) <= $to)
} ORDER BY ?date""", {"from": "2019-01-01", "to": "2019-12-31"}),
    Example("Firms most often added to the Entity List", """\
SELECT ?firm (COUNT(DISTINCT ?action) AS ?additions) WHERE {
  ?action a tg:EntityListAddition ; tg:target ?firm .
} GROUP BY ?firm ORDER BY DESC(?additions)"""),
    Example("What an agency and its sub-agencies did", """\
SELECT DISTINCT ?unit ?type ?action WHERE {
  ?top rdfs:label|skos:altLabel $agency .
  ?unit tg:parentOrganization* ?top .
  ?action tg:agent ?unit ; a ?class .
  ?class rdfs:subClassOf tg:Action ; rdfs:label ?type .
} ORDER BY ?unit ?type""", {"agency": "Commerce Department"}),
    Example("Intended actions, such as intent-to-deny letters", """\
SELECT DISTINCT ?type ?target ?quote WHERE {
  ?action tg:status tg:Intended ; a ?class ; tg:target ?target ;
          tg:evidence/oa:hasTarget/oa:hasSelector/oa:exact ?quote .
  ?class rdfs:subClassOf tg:Action ; rdfs:label ?type .
}"""),
    Example("Products named in actions, with their broader category", """\
SELECT DISTINCT ?product ?category WHERE {
  ?action tg:product ?product .
  OPTIONAL { ?product skos:broader ?category }
} ORDER BY ?product"""),
    Example("Documents and how many actions each reports", """\
SELECT ?doc ?title (COUNT(DISTINCT ?action) AS ?actions) WHERE {
  ?doc a tg:Document ; dcterms:title ?title .
  OPTIONAL { ?action tg:reportedIn ?doc }
} GROUP BY ?doc ?title ORDER BY DESC(?actions)"""),
    CONFIRMATIONS,
    Example("A firm's description as RDF (CONSTRUCT)", """\
CONSTRUCT { ?firm ?p ?o } WHERE {
  ?firm rdfs:label|skos:altLabel $firm ; ?p ?o .
  FILTER(?p != tg:evidence)
}""", {"firm": "Huawei"}),
]
"""The gallery, in the order shown."""
