"""The user's merge statements for one store, and re-extraction of stored documents after
they change (the store keeps each document's text, so no source file is needed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import ValidationError

from tradegraph.graph.store.backends import beside_store
from tradegraph.graph.store.protocol import GraphStore, solutions
from tradegraph.ingest.merges import (
    MERGES_FILE,
    DistinctName,
    MergeError,
    MergeRules,
    SameEntity,
    load_merges,
    parse_ref,
    save_merges,
)
from tradegraph.ontology.models import Document

_STORED_DOCUMENTS = """
SELECT ?document ?key ?text ?title ?publisher ?rights ?type ?issued ?url ?citation ?format
       ?record WHERE {
  GRAPH ?document {
    ?document a tg:Document ; dcterms:identifier ?key ; tg:text ?text .
    OPTIONAL { ?document dcterms:title ?title }
    OPTIONAL { ?document dc:publisher ?publisher }
    OPTIONAL { ?document dc:rights ?rights }
    OPTIONAL { ?document tg:documentType ?type }
    OPTIONAL { ?document dcterms:issued ?issued }
    OPTIONAL { ?document schema:url ?url }
    OPTIONAL { ?document tg:citation ?citation }
    OPTIONAL { ?document tg:sourceFormat ?format }
    OPTIONAL { ?document tg:sourceRecord ?record }
  }
} ORDER BY ?document"""


def merges_path(store: GraphStore) -> Path | None:
    """Where a store's merge statements live (see `backends.beside_store`)."""
    path = beside_store(store.location, MERGES_FILE, "merges")
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    return path


def read_merges(store: GraphStore) -> MergeRules:
    """The store's merge statements (none yet: empty)."""
    path = merges_path(store)
    return load_merges(path) if path else MergeRules()


def _write(store: GraphStore, rules: MergeRules) -> None:
    path = merges_path(store)
    if path is None:
        raise MergeError(store.location, "an in-memory store keeps no merge statements")
    save_merges(path, rules)


def state_merge(store: GraphStore, entity: str, into: str) -> SameEntity:
    """Record that `entity` is the same as `into` (both `type/key`)."""
    try:
        rule = SameEntity(entity=entity, into=into)
    except ValidationError as error:
        raise MergeError(f"{entity} -> {into}", _first_message(error)) from None
    if rule.entity == rule.into:
        raise MergeError(rule.entity, "an entity is already the same as itself")
    if parse_ref(rule.entity).type != parse_ref(rule.into).type:
        raise MergeError(f"{rule.entity} -> {rule.into}",
                         "only entities of one type can be merged")
    rules = read_merges(store)
    rules.same = [r for r in rules.same if r.entity != rule.entity] + [rule]
    _write(store, rules)
    return rule


def state_distinct(store: GraphStore, name: str, entity: str) -> DistinctName:
    """Record that the name `name`, resolved to `entity`, is an entity of its own."""
    try:
        rule = DistinctName(name=name, entity=entity)
    except ValidationError as error:
        raise MergeError(f"{name} / {entity}", _first_message(error)) from None
    rules = read_merges(store)
    rules.distinct = [r for r in rules.distinct
                      if (r.name.casefold(), r.entity) != (name.casefold(), rule.entity)]
    rules.distinct.append(rule)
    _write(store, rules)
    return rule


def withdraw(store: GraphStore, number: int) -> SameEntity | DistinctName:
    """Remove statement `number` (1-based, in the order `list_statements` gives)."""
    rules = read_merges(store)
    statements: list[SameEntity | DistinctName] = [*rules.same, *rules.distinct]
    if not 1 <= number <= len(statements):
        raise MergeError(str(number), f"no such merge statement (there are {len(statements)})")
    removed = statements[number - 1]
    rules.same = [r for r in rules.same if r is not removed]
    rules.distinct = [r for r in rules.distinct if r is not removed]
    _write(store, rules)
    return removed


def list_statements(store: GraphStore) -> list[SameEntity | DistinctName]:
    """Every statement, `same` ones first."""
    rules = read_merges(store)
    return [*rules.same, *rules.distinct]


def stored_documents(store: GraphStore) -> list[Document]:
    """Every document of the store, rebuilt from its graph (text, metadata, sources)."""
    documents = []
    states = store.document_states()
    for row in solutions(store.query(_STORED_DOCUMENTS)):
        values = {name: term.value if term is not None else None
                  for name in ("document", "key", "text", "title", "publisher", "rights",
                               "type", "issued", "url", "citation", "format", "record")
                  for term in [row[name]]}
        issued, iri = values["issued"], values["document"] or ""
        state = states.get(iri)
        documents.append(Document(
            key=values["key"] or "", text=values["text"] or "", source=iri,
            title=values["title"], publisher=values["publisher"], rights=values["rights"],
            doc_type=values["type"], url=values["url"],
            published=dt.date.fromisoformat(issued) if issued else None,
            citation=values["citation"], structured=values["format"], record=values["record"],
            source_key=state.source_key if state else None,
            source_path=state.source_path if state else None,
        ))
    return documents


def _first_message(error: ValidationError) -> str:
    """The first problem pydantic found, without its "Value error, " prefix."""
    return str(error.errors()[0]["msg"]).removeprefix("Value error, ")
