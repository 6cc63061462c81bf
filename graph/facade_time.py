"""What the facade offers about time: one node per real action, lifecycles, status as of a
date, deadlines and the user's statements about which reports are one action. A mixin of
`TradeGraph`, kept apart so the facade stays one screen of plain delegation per concern."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from tradegraph.graph.loading.action_statements import ActionStatement, read_statements
from tradegraph.graph.loading.action_statements import state as state_action_statement
from tradegraph.graph.loading.action_statements import withdraw as withdraw_action_statement
from tradegraph.graph.query.lookup import GraphEntity, parse_day, resolve_entity
from tradegraph.graph.store.protocol import GraphStore
from tradegraph.graph.time.deadlines import DeadlineStatus, deadlines_on
from tradegraph.graph.time.derivations import DerivedTime, derive_time
from tradegraph.graph.time.scope import Changes
from tradegraph.graph.time.status import EntityStatus, entity_status
from tradegraph.graph.time.status_reading import ActionDetails, action_details
from tradegraph.ontology.iris import IriMinter


class TimeViews:
    """Time on a store: `TradeGraph` mixes this in (it has `store` and `minter`)."""

    store: GraphStore
    minter: IriMinter

    def derive_time(self, tolerance_days: int | None = None, *,
                    changes: Changes | None = None) -> DerivedTime:
        """Fold reports of one action into one real action (the actions graph) and derive
        lifecycles, standings and deadlines (the lifecycles graph); see
        `tradegraph.graph.time.derivations`. Run after every ingest and removal: of the
        reports the `changes` touch, or of the whole store (the default), in parts of
        `derivation_parties` parties; what it derived, counted."""
        return derive_time(self.store, self.minter, tolerance_days, changes)

    def resolve(self, name_or_iri: str) -> GraphEntity:
        """The entity a name (label or alias, any case), IRI or `type/key` names.

        Raises `UnknownEntityError` (with the closest labels as `candidates`) or
        `AmbiguousEntityError` (`tradegraph.graph.query.lookup`)."""
        return resolve_entity(self.store, self.minter, name_or_iri)

    def status(self, name_or_iri: str, as_of: str | dt.date | None = None) -> EntityStatus:
        """On which lists and under which restrictions (or licenses) the entity stood on
        `as_of` (YYYY-MM-DD, a date, or None for today): each standing with since when, by
        which action and citation, confirmed or reported only, and whether a document had
        reported it by then. Raises `DateFormatError` for a malformed date and the errors
        of `resolve` for an unknown name."""
        day = parse_day(as_of, what="as-of date")
        return entity_status(self.store, self.resolve(name_or_iri), day)

    def action_details(self, actions: Iterable[str]) -> dict[str, ActionDetails]:
        """What status shows of real actions (IRIs): class, label, citations, dates by kind,
        the documents that report them, and whether the legal record holds or confirms
        them (`ActionDetails.record`); the one reading every face shows."""
        return action_details(self.store, set(actions))

    def deadlines(self, as_of: str | dt.date | None = None, *, entity: str | None = None,
                  include_closed: bool = False) -> list[DeadlineStatus]:
        """Deadlines on `as_of` (default today), soonest first: only the open ones (not
        followed up, not passed) unless `include_closed`; of one entity's actions if
        `entity` (a name or IRI) is given."""
        day = parse_day(as_of, what="as-of date")
        iri = self.resolve(entity).iri if entity is not None else None
        return deadlines_on(self.store, day, iri, include_closed)

    def action_statements(self) -> list[ActionStatement]:
        """The user's "same action" / "distinct actions" statements, numbered from 1."""
        return list(read_statements(self.store).statements)

    def state_actions(self, kind: str, first: str, second: str,
                      note: str | None = None) -> ActionStatement:
        """State that two reports (IRIs or `action/<name>`) are the "same" action or
        "distinct" actions, and derive the actions graph again."""
        statement = state_action_statement(self.store, self.minter, kind, first, second,
                                           note=note)
        self.derive_time()
        return statement

    def withdraw_action_statement(self, number: int) -> ActionStatement:
        """Withdraw statement `number` and derive the actions graph again."""
        statement = withdraw_action_statement(self.store, number)
        self.derive_time()
        return statement
