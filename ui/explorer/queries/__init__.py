"""The SPARQL behind every explorer page, in one place: `fragments` (checking and escaping
values from the URL, shared parts), `entity_pages` (overview, search, entity pages),
`action_pages` (real actions for the entity page and the timeline), `activity_pages`
(network, timeline, documents, export) and `completion` (the SPARQL page's completion).
Each function returns query text; `bench/explorer_bench.py` times exactly these."""

from __future__ import annotations

from tradegraph.ui.explorer.queries.activity_pages import (
    action_types,
    actions_evidence,
    actions_graph,
    document_annotations,
    document_kinds,
    document_text,
    documents,
    filtered_actions,
    network_step,
    parents_of,
    timeline,
)
from tradegraph.ui.explorer.queries.entity_pages import (
    actions_per_month,
    classes_of,
    corroboration_counts,
    describe,
    entity_children,
    entity_facts,
    entity_header,
    evidence,
    labels,
    latest_actions,
    participants,
    related_entities,
    search,
    search_details,
    top_entities,
)
from tradegraph.ui.explorer.queries.fragments import (
    ACTION_ROLES,
    ENTITY_CLASSES,
    BadParameterError,
    iri,
    literal,
)

__all__ = [
    "ACTION_ROLES",
    "ENTITY_CLASSES",
    "BadParameterError",
    "action_types",
    "actions_evidence",
    "actions_graph",
    "actions_per_month",
    "classes_of",
    "corroboration_counts",
    "describe",
    "document_annotations",
    "document_kinds",
    "document_text",
    "documents",
    "entity_children",
    "entity_facts",
    "entity_header",
    "evidence",
    "filtered_actions",
    "iri",
    "labels",
    "latest_actions",
    "literal",
    "network_step",
    "parents_of",
    "participants",
    "related_entities",
    "search",
    "search_details",
    "timeline",
    "top_entities",
]
