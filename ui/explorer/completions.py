"""What the SPARQL editor offers as you type (Ace's live completion in streamlit-code-editor):
the predeclared prefixes, the ontology's classes and properties (`tg:EntityListAddition`),
the terms of the other vocabularies the graph uses, SPARQL keywords, and entity labels from
the store, each inserting the entity's IRI.

Ace takes the word before the cursor as what to complete, and a colon ends a word: after
`tg:Enti` it completes `Enti`. So a prefixed term is offered under its full name
(`tg:EntityListAddition`, what the popup shows and matches) but inserts only its local
name, which lands after the prefix already typed."""

from __future__ import annotations

from typing import Any

import streamlit as st

from tradegraph.ontology.terms import PREFIXES
from tradegraph.ui.explorer.data import Store
from tradegraph.ui.explorer.queries import completion
from tradegraph.ui.explorer.tables import local_name

KEYWORDS = ("SELECT", "DISTINCT", "WHERE", "FILTER", "OPTIONAL", "UNION", "GRAPH", "VALUES",
            "BIND", "GROUP BY", "ORDER BY", "LIMIT", "OFFSET", "CONSTRUCT", "ASK", "DESCRIBE",
            "COUNT", "SAMPLE", "STR", "LANG", "REGEX", "CONTAINS", "LCASE", "NOT EXISTS",
            "EXISTS", "COALESCE", "DESC", "ASC", "HAVING", "MINUS", "PREFIX")
OTHER_TERMS = ("rdf:type", "rdfs:label", "rdfs:comment", "rdfs:subClassOf", "skos:altLabel",
               "skos:broader", "owl:sameAs", "dcterms:title", "dcterms:issued", "dc:publisher",
               "schema:url", "schema:address", "oa:hasTarget", "oa:hasSource", "oa:hasSelector",
               "oa:hasBody", "oa:exact", "oa:start", "oa:end", "oa:motivatedBy",
               "xsd:date", "xsd:gYear", "xsd:gYearMonth", "prov:wasDerivedFrom")
_KINDS = {"Class": "class", "ObjectProperty": "property", "DatatypeProperty": "property",
          "NamedIndividual": "value"}


def prefixed(term: str, caption: str, meta: str, score: int) -> dict[str, Any]:
    """A completion for a prefixed name: shown and matched as `caption` (tg:Foo),
    inserting the part after the colon (see the module's documentation)."""
    return {"caption": caption, "value": caption.split(":", 1)[1], "meta": meta,
            "score": score, "name": term}


def build(terms: list[dict[str, str | None]], entities: list[dict[str, str | None]]
          ) -> list[dict[str, Any]]:
    """The completion list from the ontology's terms and the store's entity labels."""
    items: list[dict[str, Any]] = [
        {"caption": f"{p}:", "value": f"{p}:", "meta": ns, "score": 1000, "name": p}
        for p, ns in PREFIXES.items()]
    items += [{"caption": k, "value": k, "meta": "keyword", "score": 100, "name": k}
              for k in KEYWORDS]
    for row in terms:
        term = row["term"] or ""
        if not term.startswith(PREFIXES["tg"]):
            continue
        kind = _KINDS.get(local_name(row["kind"]), "term")
        caption = f"tg:{term[len(PREFIXES['tg']):]}"
        meta = f"{kind}: {row['label']}" if row["label"] else kind
        items.append(prefixed(term, caption, meta, 500 if kind == "class" else 400))
    items += [prefixed(t, t, "term", 300) for t in OTHER_TERMS]
    for row in entities:
        label, entity = row["label"] or "", row["entity"] or ""
        if label and entity:
            items.append({"caption": label, "value": f"<{entity}>",
                          "meta": local_name(row["class"]) or "entity", "score": 200,
                          "name": entity})
    return items


@st.cache_data(max_entries=4, show_spinner=False)
def _cached(location: str, generation: float) -> list[dict[str, Any]]:
    store = Store(location, generation)
    return build(store.select(completion.ontology_terms()),
                 store.select(completion.entity_labels()))


def for_store(store: Store) -> list[dict[str, Any]]:
    """The completion list of the store, cached for its generation."""
    return _cached(store.location, store.generation)
