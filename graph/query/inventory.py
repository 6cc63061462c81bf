"""What a store holds, as plain values: query rows as dicts of strings, the counts of
`tradegraph stats`, the list of `tradegraph documents`."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, QuerySolutions

from tradegraph.graph.errors import QueryError
from tradegraph.graph.store.protocol import GraphStore, QueryResult
from tradegraph.ontology.schema import schema

Row = dict[str, str | None]
"""A result row: variable name -> plain text of its value (None where unbound)."""


@dataclass
class Counts:
    """What the documents hold: how many, the entities they mention by class, and the real
    actions by class (each counted once however many documents report it). What `stats`
    and the explorer's overview count alike."""

    documents: int
    entities: dict[str, int] = field(default_factory=dict)
    actions: dict[str, int] = field(default_factory=dict)


@dataclass
class Stats(Counts):
    """What the store holds: its quads and graphs, and the counts of what its documents
    hold."""

    quads: int = 0
    graphs: int = 0


@dataclass(frozen=True)
class DocumentInfo:
    """One ingested document."""

    iri: str
    title: str | None
    published: str | None
    doc_type: str | None
    quads: int


# The entities the documents mention, once each, then their classes: joining every mention
# with the class first took 4 s on a store of a million quads (its type is stated once per
# document that names it); 70 ms so.
STATS_ENTITIES = f"""
SELECT ?class (COUNT(?entity) AS ?n) WHERE {{
  {{ SELECT DISTINCT ?entity ?class WHERE {{
      {{ SELECT DISTINCT ?entity WHERE {{ ?document tg:mentions ?entity }} }}
      ?entity a ?class .
      VALUES ?class {{ {" ".join(f"tg:{name}" for name in schema().entity_classes)} }} }} }}
}} GROUP BY ?class ORDER BY ?class"""

# Real actions: a report folded into a real action of several reports is counted once, as
# that action (graph/time/action_identity.py). The classes are the registry's (a VALUES
# block is twice as fast as joining on rdfs:subClassOf).
STATS_ACTIONS = f"""
SELECT ?class (COUNT(DISTINCT ?action) AS ?n) WHERE {{
  VALUES ?class {{ {" ".join(f"tg:{name}" for name in schema().action_classes)} }}
  ?action a ?class .
  FILTER NOT EXISTS {{ ?action tg:sameActionAs ?real }}
}} GROUP BY ?class ORDER BY ?class"""

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


def counts(store: GraphStore) -> Counts:
    """Documents, the entities they mention and the real actions, by class."""
    documents_count = rows(store.query(
        "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a tg:Document }"))
    return Counts(
        documents=int(documents_count[0]["n"] or 0),
        entities={_local(r["class"]): int(r["n"] or 0)
                  for r in rows(store.query(STATS_ENTITIES))},
        actions={_local(r["class"]): int(r["n"] or 0)
                 for r in rows(store.query(STATS_ACTIONS))},
    )


def stats(store: GraphStore) -> Stats:
    """Counts of quads, graphs, documents, mentioned entities and actions."""
    found = counts(store)
    return Stats(documents=found.documents, entities=found.entities, actions=found.actions,
                 quads=len(store), graphs=len(store.named_graphs()))


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
