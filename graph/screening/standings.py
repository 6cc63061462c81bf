"""Listings and status on a day, from the time-aware status module (`graph/time/status.py`).

The screener's `ListingSource`: each candidate's listing actions, one per real action
(read by `StoreListings`), with `in_force` decided by the standing the lifecycles derived
for it (so a later removal, termination or successor ends it), and the candidate's whole
status on the day, as `tradegraph status` gives it. An act of a class that opens standings
but holds none for the candidate (a listing while it was already listed, a recall without a
day) is not in force of its own; a removal or an amendment, or any listing in a store whose
time was not derived, keeps the reading of its own dates and status (`listing_in_force`).

What is read once per store state, and kept until the store changes: every standing of
every party (one query) and which report belongs to which real action (one query). The
details of the actions (class, citations, dates by kind, reports) are read for the
candidates' actions as they come, in blocks, and kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import replace

from tradegraph.graph.query.lookup import GraphEntity
from tradegraph.graph.screening.listings import StoreListings
from tradegraph.graph.screening.results import Candidate, Listing
from tradegraph.graph.store.protocol import GraphStore
from tradegraph.graph.time.status import EntityStatus, state_on, status_from
from tradegraph.graph.time.status_reading import (
    ActionDetails,
    StandingRow,
    action_details,
    all_standings,
    involved_actions,
)
from tradegraph.ontology.schema import schema


class StatusListings:
    """Listings with `in_force` from the lifecycles' standings, and each entity's status
    on the day (`statuses`)."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.facts = StoreListings(store)
        self._standings: dict[str, list[StandingRow]] | None = None
        self._details: dict[str, ActionDetails] = {}

    def changed(self) -> None:
        """Forget what was read (the next lookup reads the store again)."""
        self.facts.changed()
        self._standings = None
        self._details = {}

    def _rows(self) -> dict[str, list[StandingRow]]:
        if self._standings is None:
            self._standings = all_standings(self.store)
        return self._standings

    def listings(self, iris: Collection[str], as_of: dt.date
                 ) -> dict[str, tuple[Listing, ...]]:
        """The listing actions on each entity, `in_force` on `as_of` from their standings."""
        found = self.facts.listings(iris, as_of)
        standings = self._rows()
        if not standings:  # time not derived: each listing's own reading
            return found
        for iri, items in found.items():
            by_action = {row.action: row for row in standings.get(iri, ())}
            found[iri] = tuple(self._decided(item, by_action, as_of) for item in items)
        return found

    @staticmethod
    def _decided(listing: Listing, by_action: dict[str, StandingRow],
                 as_of: dt.date) -> Listing:
        row = by_action.get(listing.action)
        if row is not None:
            return replace(listing, in_force=state_on(row, None, as_of) == "in force")
        if schema().action(listing.action_type).opens_standing:
            return replace(listing, in_force=False)  # no standing of its own for the party
        return listing

    def statuses(self, parties: Collection[Candidate], as_of: dt.date
                 ) -> dict[str, EntityStatus]:
        """Each candidate's status on `as_of` (an empty one where nothing applied)."""
        standings = self._rows()
        wanted = {a for party in parties for a in involved_actions(standings.get(party.iri, []))}
        missing = wanted - self._details.keys()
        if missing:
            self._details.update(action_details(self.store, missing))
        return {party.iri: status_from(GraphEntity(party.iri, party.label, party.kind),
                                       standings.get(party.iri, []), self._details, as_of)
                for party in parties}
