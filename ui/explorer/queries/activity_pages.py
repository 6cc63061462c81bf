"""The SPARQL of the network, timeline, documents and export pages."""

from __future__ import annotations

from tradegraph.ui.explorer.queries.fragments import (
    date_range_filter,
    date_range_test,
    involving,
    iri,
    literal,
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


_RANKED_DATES = """VALUES (?p ?rank) { (tg:effectiveOn "1") (tg:publishedOn "2")
        (tg:announcedOn "3") (tg:date "4") (tg:firstReportedOn "5") }
      ?action ?p ?d . BIND(CONCAT(?rank, STR(?d)) AS ?key)"""
"""Each date of an action, keyed by its kind's rank then its text: the smallest key of an
action is its best date (`real_actions.RealAction.date`: effective, else published,
announced, dated, first reported; the earliest of that kind). One index scan per kind, no
OPTIONAL per action: 3x faster on a million quads than COALESCE over five OPTIONALs."""


def timeline(entity: str | None, types: list[str], start: str | None, end: str | None,
             limit: int = 1000) -> str:
    """Real actions (of one entity, or all) with their class and the date the timeline
    plots (their best date, see `_RANKED_DATES`), within `start`..`end` by that same date:
    the newest `limit` of them.

    Only real actions have a first-report date (reports folded into one by
    `tg:sameActionAs` have none): an action whose dates include one is a real action."""
    scope = involving("?action", iri(entity)) if entity else ""
    # the actions of the types first (DISTINCT: a type is stated in every document graph)
    typed = (f"{{ SELECT DISTINCT ?action WHERE {{ {types_values('?wanted', types)} "
             "?action a ?wanted } }" if types_values("?wanted", types) else "")
    best = "SUBSTR(MIN(?key), 2)"
    within = date_range_test(best, start, end)
    return f"""SELECT DISTINCT ?action ?class ?date WHERE {{
  {{ SELECT ?action ({best} AS ?date) WHERE {{
      {scope} {typed} {_RANKED_DATES}
    }} GROUP BY ?action HAVING(MAX(?rank) = "5"{f" && {within}" if within else ""})
    ORDER BY DESC(?date) LIMIT {int(limit)} }}
  ?action a ?class . ?class rdfs:subClassOf tg:Action . {types_values("?class", types)}
}}"""


# ------------------------------------------------------------------ documents

def documents(limit: int = 500, offset: int = 0, *, text: str = "",
              kinds: list[str] | None = None, start: str | None = None,
              end: str | None = None) -> str:
    """Ingested documents with their metadata, newest first: those whose title or publisher
    contains `text` (any case), of the `kinds` (document types) and published within
    `start`..`end`, when given. Screening lists pass the date filter: they state no date
    of their own, and the page dates them (`document_dates`)."""
    needle = literal(text.strip().lower())
    matching = (f"FILTER(CONTAINS(LCASE(STR(COALESCE(?title, \"\"))), {needle}) || "
                f"CONTAINS(LCASE(STR(COALESCE(?publisher, \"\"))), {needle}))"
                if text.strip() else "")
    typed = (f"VALUES ?type {{ {' '.join(literal(k) for k in kinds)} }} "
             "?doc tg:documentType ?type ." if kinds else
             "OPTIONAL { ?doc tg:documentType ?type }")
    return f"""SELECT DISTINCT ?doc ?title ?issued ?publisher ?type ?url WHERE {{
  ?doc a tg:Document . {typed}
  OPTIONAL {{ ?doc dcterms:title ?title }}
  OPTIONAL {{ ?doc dcterms:issued ?issued }}
  OPTIONAL {{ ?doc dc:publisher ?publisher }}
  OPTIONAL {{ ?doc schema:url ?url }}
  {matching} {_dated(start, end)}
}} ORDER BY DESC(STR(?issued)) ?doc LIMIT {int(limit)} OFFSET {int(offset)}"""


def _dated(start: str | None, end: str | None) -> str:
    within = date_range_test("?issued", start, end)
    return f'FILTER(COALESCE(?type = "screening list", false) || ({within}))' if within else ""


def document_kinds() -> str:
    """The document types (`tg:documentType`) in the store, with how many of each."""
    return """SELECT ?type (COUNT(DISTINCT ?doc) AS ?n) WHERE {
  ?doc tg:documentType ?type
} GROUP BY ?type ORDER BY DESC(?n)"""


def document_text(doc: str) -> str:
    """A document's metadata and stored text."""
    return f"""SELECT ?title ?issued ?publisher ?url ?type ?text WHERE {{
  {iri(doc)} tg:text ?text .
  OPTIONAL {{ {iri(doc)} tg:documentType ?type }}
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
    """One evidence quote per action and document, with offsets, for a set of actions;
    each action's documents earliest first (then by IRI), so a page showing the first few
    shows the same ones on every store."""
    values = " ".join(iri(a) for a in actions)
    return f"""SELECT ?action (SAMPLE(?q) AS ?quote) ?doc (SAMPLE(?title) AS ?docTitle)
  (MIN(?s) AS ?start) (MIN(?e) AS ?end) (MIN(STR(?i)) AS ?issued) WHERE {{
  VALUES ?action {{ {values} }}
  ?action tg:evidence/oa:hasTarget ?target .
  ?target oa:hasSource ?doc ; oa:hasSelector ?selector , ?position .
  ?selector oa:exact ?q . ?position oa:start ?s ; oa:end ?e .
  OPTIONAL {{ ?doc dcterms:title ?title }}
  OPTIONAL {{ ?doc dcterms:issued ?i }}
}} GROUP BY ?action ?doc ORDER BY ?action ?issued ?doc LIMIT {int(limit)}"""


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
