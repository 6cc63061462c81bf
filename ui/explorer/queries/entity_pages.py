"""The SPARQL of the overview, search and entity pages."""

from __future__ import annotations

from tradegraph.graph.query.describing import FACTS
from tradegraph.graph.time.action_description import actions_pattern, actions_template
from tradegraph.ui.explorer.queries.fragments import (
    ACTION_ROLES,
    ENTITY_CLASSES,
    BadParameterError,
    class_terms,
    involving,
    iri,
    is_description,
    literal,
    not_a_description,
)

# ------------------------------------------------------------------ overview

_BEST_DATE = """{ SELECT ?a (MIN(?key) AS ?best) WHERE {
    VALUES (?kind ?rank) { (tg:effectiveOn "1") (tg:publishedOn "2") (tg:announcedOn "3") }
    ?a ?kind ?day . BIND(CONCAT(?rank, STR(?day)) AS ?key) } GROUP BY ?a }"""
"""Each real action (they alone carry dates by kind) with its best date after a rank digit
(`?best`): when it took effect, else when it was published, else announced; a report folded
into a real action is counted as that action, once. One pattern and a MIN: OPTIONALs for the
three kinds took ten times as long on a million quads (600 ms)."""


def actions_per_month() -> str:
    """How many real actions took effect (else were published or announced) in each
    month."""
    return f"""SELECT ?month (COUNT(?a) AS ?n) WHERE {{
  {_BEST_DATE} BIND(SUBSTR(?best, 2, 7) AS ?month)
}} GROUP BY ?month ORDER BY ?month"""


def latest_actions(limit: int = 15) -> str:
    """The most recent real actions, each once, by their best date."""
    return f"""SELECT ?action ?date (SAMPLE(?l) AS ?label) (SAMPLE(?t) AS ?type) WHERE {{
  {{ SELECT (?a AS ?action) (SUBSTR(?best, 2) AS ?date) WHERE {{ {_BEST_DATE} }}
     ORDER BY DESC(SUBSTR(?best, 2)) LIMIT {int(limit)} }}
  OPTIONAL {{ ?action rdfs:label ?l }}
  OPTIONAL {{ ?action a ?class . ?class rdfs:subClassOf tg:Action ; rdfs:label ?t }}
}} GROUP BY ?action ?date ORDER BY DESC(?date) ?action"""


def corroboration_counts() -> str:
    """Counts for "confirmed by the legal record" vs "reported only": all actions, those of
    the legal record, those of the legal record also in the news, and confirmed ones.

    Reported actions = all - legal + both; reported only = reported - confirmed. Counted so,
    each part costs an index look-up per action (or per legal action) instead of a test of
    every action's documents (measured 3x slower on a store of 340k quads)."""
    return """SELECT ?all ?legal ?both ?confirmed WHERE {
  { SELECT (COUNT(DISTINCT ?a) AS ?all) WHERE { ?a tg:reportedIn ?d } }
  { SELECT (COUNT(DISTINCT ?a) AS ?legal) WHERE { ?d a tg:LegalRecord . ?a tg:reportedIn ?d } }
  { SELECT (COUNT(DISTINCT ?a) AS ?both) WHERE {
      ?d a tg:LegalRecord . ?a tg:reportedIn ?d , ?n . FILTER(?n != ?d)
      FILTER NOT EXISTS { ?n a tg:LegalRecord } } }
  { SELECT (COUNT(DISTINCT ?a) AS ?confirmed) WHERE { ?a tg:confirmedBy ?l } }
}"""


def top_entities(role: str, cls: str, limit: int = 10) -> str:
    """Entities of `cls` that are most often in `role` (target, agent) of an action.

    Counting comes first and the class is checked on the leaders only: an entity's type
    triple is repeated in every document graph that mentions it, and joining on it first
    multiplies the rows by that number on a large store.
    """
    if role not in ACTION_ROLES or cls not in ENTITY_CLASSES:
        raise BadParameterError(f"unknown role or class: {role}, {cls}")
    return f"""SELECT DISTINCT ?entity ?label ?n WHERE {{
  {{ SELECT ?entity (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a tg:{role} ?entity }}
     GROUP BY ?entity ORDER BY DESC(?n) LIMIT {int(limit) * 20} }}
  FILTER EXISTS {{ ?entity a tg:{cls} }}
  OPTIONAL {{ ?entity rdfs:label ?label }}
}} ORDER BY DESC(?n) ?label LIMIT {int(limit)}"""


# ------------------------------------------------------------------ search

def _typed(classes: list[str] | tuple[str, ...]) -> str:
    # Each (entity, class) once: the union default graph repeats a type triple per document.
    return (f"{{ SELECT DISTINCT ?entity ?class WHERE {{ VALUES ?class "
            f"{{ {class_terms(classes)} }} ?entity a ?class }} }}")


def search(text: str, classes: list[str], limit: int = 25) -> str:
    """Entities whose label or an alias contains `text` (any case), best matches first."""
    needle = literal(text.strip().lower())
    return f"""SELECT ?entity ?label ?class (SAMPLE(?hit) AS ?matched) (MIN(?rank) AS ?score)
WHERE {{
  {{ SELECT DISTINCT ?entity ?hit WHERE {{
      ?entity rdfs:label|skos:altLabel ?hit FILTER(CONTAINS(LCASE(STR(?hit)), {needle}))
      {not_a_description("?hit")} }} }}
  {_typed(classes)}
  BIND(IF(LCASE(STR(?hit)) = {needle}, 0, IF(STRSTARTS(LCASE(STR(?hit)), {needle}), 1, 2))
       AS ?rank)
  OPTIONAL {{ ?entity rdfs:label ?label }}
}} GROUP BY ?entity ?label ?class ORDER BY ?score STRLEN(STR(?label)) ?label LIMIT {int(limit)}"""


def search_details(entities: list[str]) -> str:
    """The real aliases (no descriptions such as "the company") and the country of some
    entities, for the search results."""
    values = " ".join(iri(e) for e in entities)
    return f"""SELECT DISTINCT ?entity ?p ?o WHERE {{
  VALUES ?entity {{ {values} }}
  ?entity ?property ?o . FILTER(?property IN (skos:altLabel, tg:country))
  FILTER(?property != skos:altLabel || !{is_description("?o")})
  BIND(STRAFTER(STR(?property), "#") AS ?p)
}}"""


# ------------------------------------------------------------------ entity

def entity_facts(entity: str) -> str:
    """Every statement about and pointing at a resource (the endpoint's resource page query)."""
    return FACTS.replace("<$IRI>", iri(entity))


def entity_header(entity: str) -> str:
    """Types, labels, aliases (real ones: no descriptions such as "the company"),
    identifiers, parent and country of an entity."""
    node = iri(entity)
    return f"""SELECT DISTINCT ?p ?o ?olabel WHERE {{
  {node} ?p ?o .
  VALUES ?p {{ rdf:type rdfs:label skos:altLabel owl:sameAs tg:parentOrganization tg:country
              rdfs:comment schema:url }}
  FILTER(?p != skos:altLabel || !{is_description("?o")})
  OPTIONAL {{ ?o rdfs:label ?olabel }}
}}"""


def entity_children(entity: str) -> str:
    """Organisations whose parent is the entity."""
    return f"""SELECT DISTINCT ?child ?label WHERE {{
  ?child tg:parentOrganization {iri(entity)} OPTIONAL {{ ?child rdfs:label ?label }}
}} ORDER BY ?label"""


def participants(actions: list[str]) -> str:
    """Who and what takes part in each of some actions, by role (agent, target,
    beneficiary, product)."""
    values = " ".join(iri(a) for a in actions)
    # FILTER IN, not a second VALUES: pyoxigraph joins two VALUES blocks with the whole store
    return f"""SELECT DISTINCT ?action ?role ?node WHERE {{
  VALUES ?action {{ {values} }}
  ?action ?p ?node . FILTER(?p IN (tg:agent, tg:target, tg:beneficiary, tg:product))
  BIND(STRAFTER(STR(?p), "#") AS ?role)
}}"""


def labels(resources: list[str]) -> str:
    """One label per resource.

    Looked up for a known set of IRIs after the main query, because every document graph
    that mentions an entity repeats its label: joining labels inside a query over many
    rows multiplies them by the number of mentions.
    """
    values = " ".join(iri(r) for r in resources)
    return f"""SELECT ?resource (SAMPLE(?l) AS ?label) WHERE {{
  VALUES ?resource {{ {values} }} ?resource rdfs:label ?l
}} GROUP BY ?resource"""


def classes_of(resources: list[str]) -> str:
    """The entity class (Firm, Agency, ...) of each resource that has one."""
    values = " ".join(iri(r) for r in resources)
    listed = ", ".join(f"tg:{n}" for n in ENTITY_CLASSES)
    return f"""SELECT ?resource (SAMPLE(?c) AS ?class) WHERE {{
  VALUES ?resource {{ {values} }} ?resource a ?c FILTER(?c IN ({listed}))
}} GROUP BY ?resource"""


def related_entities(entity: str, limit: int = 30) -> str:
    """Entities that share actions with the entity, most shared first."""
    node = iri(entity)
    return f"""SELECT ?other (COUNT(DISTINCT ?action) AS ?shared) WHERE {{
  {involving("?action", node)}
  VALUES ?p {{ tg:agent tg:target tg:beneficiary tg:product }}
  ?action ?p ?other .
  FILTER(?other != {node})
}} GROUP BY ?other ORDER BY DESC(?shared) ?other LIMIT {int(limit)}"""


def evidence(resource: str, limit: int = 200) -> str:
    """Evidence quotes of the actions the resource takes part in (or of the action itself),
    with the document and the character offsets of the quote."""
    node = iri(resource)
    return f"""SELECT DISTINCT ?about ?aboutLabel ?quote ?doc ?docTitle ?start ?end WHERE {{
  {{ BIND({node} AS ?about) ?about a ?class . ?class rdfs:subClassOf tg:Action }}
  UNION {{ ?about tg:agent|tg:target|tg:beneficiary|tg:product {node} }}
  ?about tg:evidence/oa:hasTarget ?target .
  ?target oa:hasSource ?doc ; oa:hasSelector ?selector , ?position .
  ?selector oa:exact ?quote . ?position oa:start ?start ; oa:end ?end .
  OPTIONAL {{ ?about rdfs:label ?aboutLabel }}
  OPTIONAL {{ ?doc dcterms:title ?docTitle }}
}} ORDER BY ?about ?doc ?start LIMIT {int(limit)}"""


def describe(resource: str) -> str:
    """The resource's description as triples: its statements, what points at it (but the
    documents that mention it), the labels of what it points to, and the actions about it
    with their type, dates by kind, citations, status, standing, evidence and source
    (`graph/time/action_description.py`, as the endpoint's downloads)."""
    node = iri(resource)
    return f"""CONSTRUCT {{ {node} ?p ?o . ?o rdfs:label ?ol . ?s ?q {node} .
  {actions_template(node)} }}
WHERE {{
  {{ SELECT DISTINCT ?p ?o WHERE {{ {node} ?p ?o }} }}
  UNION {{ SELECT DISTINCT ?o ?ol WHERE {{
      {{ SELECT DISTINCT ?o WHERE {{ {node} ?p ?o FILTER(isIRI(?o)) }} }}
      ?o rdfs:label ?ol }} }}
  UNION {{ SELECT DISTINCT ?s ?q WHERE {{ ?s ?q {node} FILTER(?q != tg:mentions) }} }}
  UNION {actions_pattern(node)}
}}"""
