"""Entity resolution within a document: one record per entity, with the canonical label
(the gazetteer's, else the fullest name the text uses) and every name the text uses.

A definite description ("the company", "the Chinese telecom giant") refers to an entity
but is not one of its names, so it is neither an alias nor a label."""

from __future__ import annotations

from tradegraph.ingest.analysis import Analysis, EntityRecord
from tradegraph.ingest.stages.named_spans import keep_weak
from tradegraph.ontology.gazetteer import Gazetteer

DESCRIPTION_METHODS = frozenset({"definite-description"})
"""Mention methods whose surface describes its entity rather than naming it."""


class EntityResolver:
    """Fill `analysis.entities` from the mentions."""

    name = "resolution"
    version = "3"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, analysis: Analysis) -> None:
        """Group mentions by entity and choose each entity's label."""
        keep_weak(analysis)
        for mention in analysis.mentions:
            record = analysis.entities.get(mention.ref)
            if record is None:
                known = mention.ref.key in self.gazetteer and (
                    self.gazetteer.ref(mention.ref.key) == mention.ref
                )
                label = self.gazetteer.entry(mention.ref.key).label if known else mention.surface
                record = EntityRecord(ref=mention.ref, label=label, from_gazetteer=known)
                analysis.entities[mention.ref] = record
            if mention.method in DESCRIPTION_METHODS:
                continue
            record.aliases.add(mention.surface)
            if not record.from_gazetteer and len(mention.surface) > len(record.label):
                record.label = mention.surface
