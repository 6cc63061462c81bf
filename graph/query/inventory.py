"""What a store holds, as plain values: query rows as dicts of strings, the counts of
`tradegraph stats`, the list of `tradegraph documents`."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, QuerySolutions

from tradegraph.graph.errors import QueryError
from tradegraph.graph.store.protocol import GraphStore, QueryResult

Row = dict[str, str | None]
"""A result row: variable name -> plain text of its value (None where unbound)."""


@dataclass
class Stats:
    """What the store holds."""

    quads: int
    graphs: int
    documents: int
    entities: dict[str, int] = field(default_factory=dict)
    actions: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentInfo:
    """One ingested document."""

    iri: str
    title: str | None
    published: str | None
    doc_type: str | None
    quads: int


STATS_ENTITIES = """
SELECT ?class (COUNT(DISTINCT ?entity) AS ?n) WHERE {
  ?document tg:mentions ?entity . ?entity a ?class .
  VALUES ?class { tg:Agency tg:Firm tg:Organization tg:Person tg:Country tg:Product }
} GROUP BY ?class ORDER BY ?class"""

# Real actions: a report folded into a real action of several reports is counted once, as
# that action (graph/time/action_identity.py).
STATS_ACTIONS = """
SELECT ?class (COUNT(DISTINCT ?action) AS ?n) WHERE {
  ?action a ?class . ?class rdfs:subClassOf tg:Action .
  FILTER NOT EXISTS { ?action tg:sameActionAs ?real }
} GROUP BY ?class ORDER BY ?class"""

DOCUMENTS = """
SELECT ?document ?title ?published ?type (COUNT(*) AS ?quads) WHERE {
  GRAPH ?document {
    ?document a tg:Document .
    ?s ?p ?o .
    OPTIONAL { ?document dcterms:title ?title }
    OPTIONAL { ?document dcterms:issued ?published }
    OPTIONAL { ?document tg:documentType ?type }
  }
} GROUP BY ?document ?title ?published ?type ORDER BY ?document"""


def term_text(term: object) -> str | None:
    """Plain text of a query-result term (IRI, literal value or blank node id)."""
    if term is None:
        return None
    if isinstance(term, NamedNode | Literal):
        return term.value
    return str(term)


def rows(result: QueryResult) -> list[Row]:
    """The rows of a SELECT result as dicts of plain strings; QueryError for other forms."""
    if not isinstance(result, QuerySolutions):
        raise QueryError("select() needs a SELECT query")
    names = [variable.value for variable in result.variables]
    return [{name: term_text(row[name]) for name in names} for row in result]


def stats(store: GraphStore) -> Stats:
    """Counts of quads, graphs, documents, mentioned entities and actions."""
    documents_count = rows(store.query(
        "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a tg:Document }"))
    return Stats(
        quads=len(store),
        graphs=len(store.named_graphs()),
        documents=int(documents_count[0]["n"] or 0),
        entities={_local(r["class"]): int(r["n"] or 0)
                  for r in rows(store.query(STATS_ENTITIES))},
        actions={_local(r["class"]): int(r["n"] or 0)
                 for r in rows(store.query(STATS_ACTIONS))},
    )


def documents(store: GraphStore) -> list[DocumentInfo]:
    """Every ingested document, by IRI."""
    return [
        DocumentInfo(iri=row["document"] or "", title=row["title"],
                     published=row["published"], doc_type=row["type"],
                     quads=int(row["quads"] or 0))
        for row in rows(store.query(DOCUMENTS))
    ]


def _local(iri: str | None) -> str:
    return (iri or "").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
