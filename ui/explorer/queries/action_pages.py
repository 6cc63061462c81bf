"""The SPARQL of real actions (one node per action, `tg:sameActionAs` from each report to
it; see docs/pages/explanation/time.md) for the entity page and the timeline: which real
actions an entity takes part in, their details, reports, evidence and lifecycles.

The queries over a known set of actions take them as VALUES and are run per chunk of at
most 400 (`data.Store.chunked`), so each is an index look-up per action on any store.
"""

from __future__ import annotations

from tradegraph.ui.explorer.queries.fragments import iri

ROLES = """VALUES (?p ?role) { (tg:agent "agent") (tg:target "target")
    (tg:beneficiary "beneficiary") (tg:product "product") }"""

DATE_KINDS = ("effectiveOn", "publishedOn", "announcedOn", "date", "firstReportedOn")
"""The dates of a real action by kind, in the order the best one is chosen: when it took
effect, else when it was published, announced, dated, or first reported."""


def _values(var: str, resources: list[str]) -> str:
    return f"VALUES {var} {{ {' '.join(iri(r) for r in resources)} }}"


def real_actions(entity: str, limit: int = 1000) -> str:
    """The real actions the entity takes part in, with its role and their class: actions
    that are no report of another (`tg:sameActionAs`)."""
    return f"""SELECT DISTINCT ?action ?role ?class WHERE {{
  {{ SELECT DISTINCT ?action ?role WHERE {{ {ROLES} ?action ?p {iri(entity)} .
      FILTER NOT EXISTS {{ ?action tg:sameActionAs ?real }} }} LIMIT {int(limit)} }}
  ?action a ?class . ?class rdfs:subClassOf tg:Action .
}}"""


def classes_of_actions(actions: list[str]) -> str:
    """The action class of each of some actions."""
    return f"""SELECT DISTINCT ?action ?class WHERE {{
  {_values("?action", actions)} ?action a ?class . ?class rdfs:subClassOf tg:Action .
}}"""


def action_details(actions: list[str]) -> str:
    """Dates by kind, status, citations, lists and end dates of some actions (`?p` is the
    property's local name)."""
    wanted = ", ".join(f"tg:{name}" for name in
                       (*DATE_KINDS, "status", "citation", "sourceList", "endDate"))
    # FILTER IN, not a second VALUES: pyoxigraph joins two VALUES blocks with the whole
    # store (1 s for 400 actions on a million quads; see graph/time/status.py)
    return f"""SELECT ?action ?p ?o WHERE {{
  {_values("?action", actions)}
  ?action ?property ?o . FILTER(?property IN ({wanted}))
  BIND(STRAFTER(STR(?property), "#") AS ?p)
}}"""


def action_reports(actions: list[str]) -> str:
    """The reports of some real actions: each report (the action itself when nothing was
    folded into it), the document reporting it, and the report's own date."""
    # VALUES inside each branch: Virtuoso does not carry an outer VALUES into a UNION
    values = _values("?action", actions)
    return f"""SELECT DISTINCT ?action ?report ?doc ?date WHERE {{
  {{ {values} ?action tg:reportedIn ?doc BIND(?action AS ?report) }}
  UNION {{ {values} ?report tg:sameActionAs ?action ; tg:reportedIn ?doc }}
  OPTIONAL {{ ?report tg:date ?date }}
}}"""


def documents_meta(documents: list[str]) -> str:
    """Title, publication date, type and whether it is in the legal record, of some
    documents."""
    return f"""SELECT ?doc (SAMPLE(?t) AS ?title) (SAMPLE(?i) AS ?issued) (SAMPLE(?k) AS ?kind)
  (MAX(?l) AS ?legal) WHERE {{
  {_values("?doc", documents)}
  OPTIONAL {{ ?doc dcterms:title ?t }}
  OPTIONAL {{ ?doc dcterms:issued ?i }}
  OPTIONAL {{ ?doc tg:documentType ?k }}
  BIND(EXISTS {{ ?doc a tg:LegalRecord }} AS ?l)
}} GROUP BY ?doc"""


def list_dates(documents: list[str]) -> str:
    """The newest date among the actions each of some documents reports (for screening
    lists, which state no date of their own)."""
    return f"""SELECT ?doc (MAX(STR(?d)) AS ?date) WHERE {{
  {_values("?doc", documents)} ?action tg:reportedIn ?doc ; tg:date ?d
}} GROUP BY ?doc"""


def action_quotes(actions: list[str]) -> str:
    """Every evidence quote of some actions, with its document and character offsets (a
    real action holds the evidence of all its reports)."""
    return f"""SELECT DISTINCT ?action ?quote ?doc ?start ?end WHERE {{
  {_values("?action", actions)}
  ?action tg:evidence/oa:hasTarget ?target .
  ?target oa:hasSource ?doc ; oa:hasSelector ?selector , ?position .
  ?selector oa:exact ?quote . ?position oa:start ?start ; oa:end ?end .
}}"""


def standings_of(entity: str) -> str:
    """The entity's standings: when each real action applied to it, until when, and what
    ended it (the lifecycles graph)."""
    return f"""SELECT ?standing ?action ?from ?until ?endedBy WHERE {{
  ?standing tg:party {iri(entity)} ; tg:appliesFrom ?from .
  ?action tg:standing ?standing .
  OPTIONAL {{ ?standing tg:appliesUntil ?until }}
  OPTIONAL {{ ?standing tg:endedBy ?endedBy }}
}} ORDER BY ?from"""


def deadlines_of(actions: list[str]) -> str:
    """Deadlines some actions set: due day, basis, and the follow-up if any."""
    return f"""SELECT ?action ?due ?basis ?followUp WHERE {{
  {_values("?action", actions)}
  ?action tg:deadline ?deadline . ?deadline tg:dueOn ?due .
  OPTIONAL {{ ?deadline tg:deadlineBasis ?basis }}
  OPTIONAL {{ ?deadline tg:followUp ?followUp }}
}}"""
