"""The facts of one list (a screening list, the FCC Covered List), merged as its rows arrive.

A list names a party or a designation more than once (the older screening-list layout repeats
a listing per address and alternate name; two class-only Covered List entries of one day are
one designation): what arrives again is merged into what is known, never stored twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tradegraph.ingest.sources.screening_list.rows import Row
from tradegraph.ontology.iris import action_identity
from tradegraph.ontology.models import Action, Document, Entity, EntityRef, Extraction, Mention


@dataclass
class ListFacts:
    """Entities, mentions, actions and warnings of one list, with the rows it lost."""

    entities: dict[EntityRef, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    actions: dict[tuple[str, ...], Action] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    lost: int = 0
    """Rows lost to a quote that never closed: the file itself is broken."""

    def add_entity(self, entity: Entity) -> None:
        """An entity, merged into the one of the same reference if it is known."""
        known = self.entities.setdefault(entity.ref, entity)
        if known is entity:
            return
        known.aliases = sorted(set(known.aliases) | set(entity.aliases) - {known.label})
        known.addresses += [a for a in entity.addresses if a not in known.addresses]
        known.country = known.country or entity.country
        known.parent = known.parent or entity.parent

    def add_action(self, action: Action) -> None:
        """An action, merged into the one of the same identity if it is known."""
        known = self.actions.setdefault(action_identity(action), action)
        if known is action:
            return
        known.evidence += action.evidence
        known.products += [p for p in action.products if p not in known.products]
        for name in ("citations", "programs", "see_also"):
            values: list[str] = getattr(known, name)
            values += [v for v in getattr(action, name) if v not in values]

    def readable(self, row: Row) -> bool:
        """Whether a row has fields to read; an empty or malformed one is reported (and
        counted, when a broken quote lost it) instead."""
        if row.empty:
            self.warnings.append(f"{row.where}: empty row; skipped")
            return False
        self.lost += row.lost
        if row.problem is not None:
            self.skip(row, row.problem)
            return False
        return True

    def skip(self, row: Row, problem: str) -> None:
        """Report a row that cannot be read, by its line."""
        self.warnings.append(f"{row.where}: {problem}; row skipped")

    def extraction(self, document: Document, *, pipeline: str, extractor: str,
                   version: str) -> Extraction:
        """All that was read from the list, as one extraction."""
        return Extraction(
            document=document, pipeline=pipeline, extractor=extractor,
            extractor_version=version, entities=list(self.entities.values()),
            mentions=self.mentions, actions=list(self.actions.values()),
            warnings=self.warnings, lost=self.lost,
        )
