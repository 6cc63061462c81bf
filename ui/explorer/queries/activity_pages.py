"""The SPARQL of the network, timeline, documents and export pages."""

from __future__ import annotations

from tradegraph.ui.explorer.queries.fragments import (
    date_range_filter,
    involving,
    iri,
    types_values,
)

# ------------------------------------------------------------------ network and timeline

def network_step(frontier: list[str], types: list[str], start: str | None, end: str | None,
                 limit: int = 300) -> str:
    """Real actions (no report of another: `tg:sameActionAs`) touching any entity of the
    frontier, with all their participants and a date (the first it has of effective,
    published, announced, dated, first reported)."""
    values = " ".join(iri(e) for e in frontier)
    dated = date_range_filter("?date", start, end)
    return f"""SELECT DISTINCT ?action ?class ?date ?role ?node WHERE {{
  {{ SELECT DISTINCT ?action ?class ?date WHERE {{
      VALUES ?seed {{ {values} }}
      VALUES ?via {{ tg:agent tg:target tg:beneficiary tg:product }}
      ?action ?via ?seed .
      FILTER NOT EXISTS {{ ?action tg:sameActionAs ?real }}
      ?action a ?class . ?class rdfs:subClassOf tg:Action . {types_values("?class", types)}
      {_BEST_DATE} {dated}
  }} LIMIT {int(limit)} }}
  VALUES (?p ?role) {{ (tg:agent "agent") (tg:target "target") (tg:beneficiary "beneficiary")
                      (tg:product "product") }}
  ?action ?p ?node .
}}"""


_BEST_DATE = """OPTIONAL { ?action tg:effectiveOn ?effective }
      OPTIONAL { ?action tg:publishedOn ?published }
      OPTIONAL { ?action tg:announcedOn ?announced } OPTIONAL { ?action tg:date ?dated }
      OPTIONAL { ?action tg:firstReportedOn ?first }
      BIND(COALESCE(?effective, ?published, ?announced, ?dated, ?first) AS ?date)"""
"""Binds ?date to an action's best date, as `real_actions.RealAction.date` chooses it."""


def parents_of(organisations: list[str]) -> str:
    """The parent organisation (`tg:parentOrganization`) of each of some organisations."""
    values = " ".join(iri(o) for o in organisations)
    return f"""SELECT DISTINCT ?child ?parent WHERE {{
  VALUES ?child {{ {values} }} ?child tg:parentOrganization ?parent
}}"""


def action_types() -> str:
    """Every action class with its label."""
    return """SELECT DISTINCT ?class ?label WHERE {
  ?class rdfs:subClassOf tg:Action ; rdfs:label ?label FILTER(LANG(?label) IN ("", "en"))
} ORDER BY ?label"""


def timeline(entity: str | None, types: list[str], start: str | None, end: str | None,
             limit: int = 1000) -> str:
    """Real actions (of one entity, or all) with their class and first report date: of
    one entity every one (up to `limit`); of everything the `limit` most recently first
    reported, within `start`..`end` by that date. Their dates by kind come from
    `actions.action_details` (the page shows the best one), their labels from `labels`."""
    real = "FILTER NOT EXISTS { ?action tg:sameActionAs ?real }"
    if entity:
        return f"""SELECT DISTINCT ?action ?class ?first WHERE {{
  {involving("?action", iri(entity))} {real}
  ?action a ?class . ?class rdfs:subClassOf tg:Action . {types_values("?class", types)}
  OPTIONAL {{ ?action tg:firstReportedOn ?first }}
}} LIMIT {int(limit)}"""
    return f"""SELECT DISTINCT ?action ?class ?first WHERE {{
  {{ SELECT ?action ?first WHERE {{
      ?action tg:firstReportedOn ?first {real} {date_range_filter("?first", start, end)}
    }} ORDER BY DESC(?first) LIMIT {int(limit)} }}
  ?action a ?class . ?class rdfs:subClassOf tg:Action . {types_values("?class", types)}
}}"""


# ------------------------------------------------------------------ documents

def documents(limit: int = 500, offset: int = 0) -> str:
    """Ingested documents with their metadata, newest first."""
    return f"""SELECT DISTINCT ?doc ?title ?issued ?publisher ?type ?url WHERE {{
  ?doc a tg:Document .
  OPTIONAL {{ ?doc dcterms:title ?title }}
  OPTIONAL {{ ?doc dcterms:issued ?issued }}
  OPTIONAL {{ ?doc dc:publisher ?publisher }}
  OPTIONAL {{ ?doc tg:documentType ?type }}
  OPTIONAL {{ ?doc schema:url ?url }}
}} ORDER BY DESC(STR(?issued)) ?doc LIMIT {int(limit)} OFFSET {int(offset)}"""


def document_text(doc: str) -> str:
    """A document's metadata and stored text."""
    return f"""SELECT ?title ?issued ?publisher ?url ?text WHERE {{
  {iri(doc)} tg:text ?text .
  OPTIONAL {{ {iri(doc)} dcterms:title ?title }}
  OPTIONAL {{ {iri(doc)} dcterms:issued ?issued }}
  OPTIONAL {{ {iri(doc)} dc:publisher ?publisher }}
  OPTIONAL {{ {iri(doc)} schema:url ?url }}
}} LIMIT 1"""


def document_annotations(doc: str) -> str:
    """What was recognised in a document: entities and action sentences, with offsets."""
    node = iri(doc)
    return f"""SELECT DISTINCT ?start ?end ?body ?label ?kind WHERE {{
  GRAPH {node} {{
    ?annotation oa:hasTarget ?target ; oa:hasBody ?body ; oa:motivatedBy ?motive .
    ?target oa:hasSource {node} ; oa:hasSelector ?position .
    ?position oa:start ?start ; oa:end ?end .
    OPTIONAL {{ ?body rdfs:label ?label }}
  }}
  BIND(IF(?motive = oa:describing, "action", "entity") AS ?kind)
}} ORDER BY ?start"""


def actions_evidence(actions: list[str], limit: int = 300) -> str:
    """One evidence quote per action and document, with offsets, for a set of actions."""
    values = " ".join(iri(a) for a in actions)
    return f"""SELECT ?action (SAMPLE(?q) AS ?quote) ?doc (SAMPLE(?title) AS ?docTitle)
  (MIN(?s) AS ?start) (MIN(?e) AS ?end) WHERE {{
  VALUES ?action {{ {values} }}
  ?action tg:evidence/oa:hasTarget ?target .
  ?target oa:hasSource ?doc ; oa:hasSelector ?selector , ?position .
  ?selector oa:exact ?q . ?position oa:start ?s ; oa:end ?e .
  OPTIONAL {{ ?doc dcterms:title ?title }}
}} GROUP BY ?action ?doc ORDER BY ?action LIMIT {int(limit)}"""


def filtered_actions(types: list[str], start: str | None, end: str | None,
                     limit: int = 5000) -> str:
    """Actions of some types in a date range (at most `limit`), for `actions_graph`."""
    return f"""SELECT DISTINCT ?action WHERE {{
  ?action a ?class . ?class rdfs:subClassOf tg:Action . {types_values("?class", types)}
  {"?action tg:date ?date ." if (start or end) else ""} {date_range_filter("?date", start, end)}
}} ORDER BY ?action LIMIT {int(limit)}"""


def actions_graph(actions: list[str]) -> str:
    """Some actions with their statements, their evidence (annotation, target, selectors)
    and a label for each resource they point to: what the Export page writes."""
    values = f"VALUES ?action {{ {' '.join(iri(a) for a in actions)} }}"
    return f"""CONSTRUCT {{ ?action ?p ?o . ?o rdfs:label ?label .
  ?annotation ?ap ?ao . ?target ?tp ?to . ?selector ?sp ?so }}
WHERE {{
  {{ SELECT DISTINCT ?action ?p ?o WHERE {{ {values} ?action ?p ?o }} }}
  UNION {{ SELECT ?o (SAMPLE(?l) AS ?label) WHERE {{
      {{ SELECT DISTINCT ?o WHERE {{ {values} ?action ?p ?o
                                   FILTER(isIRI(?o) && ?p != tg:evidence) }} }}
      ?o rdfs:label ?l }} GROUP BY ?o }}
  UNION {{ SELECT DISTINCT ?annotation ?ap ?ao WHERE {{
      {values} ?action tg:evidence ?annotation . ?annotation ?ap ?ao }} }}
  UNION {{ SELECT DISTINCT ?target ?tp ?to WHERE {{
      {values} ?action tg:evidence/oa:hasTarget ?target . ?target ?tp ?to }} }}
  UNION {{ SELECT DISTINCT ?selector ?sp ?so WHERE {{
      {values} ?action tg:evidence/oa:hasTarget/oa:hasSelector ?selector . ?selector ?sp ?so }} }}
}}"""
