"""Listings and status on a day, from the time-aware status module (`graph/time/status.py`).

The screener's `ListingSource`: each candidate's listing actions (read by `StoreListings`)
with `in_force` decided by the standing the lifecycles derived for the real action the
listing reports (so a later removal, termination or successor ends it), and the
candidate's whole status on the day, as `tradegraph status` gives it. A listing without a
standing (a removal, an amendment, or a store whose time was not derived) keeps the
reading of its own dates and status (`listing_in_force`).

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
from tradegraph.graph.store.protocol import GraphStore, solutions
from tradegraph.graph.time.status import (
    ActionDetails,
    EntityStatus,
    StandingRow,
    action_details,
    all_standings,
    involved_actions,
    state_on,
    status_from,
)

_REAL_ACTIONS = "SELECT ?report ?real WHERE { ?report tg:sameActionAs ?real }"


class StatusListings:
    """Listings with `in_force` from the lifecycles' standings, and each entity's status
    on the day (`statuses`)."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.facts = StoreListings(store)
        self._standings: dict[str, list[StandingRow]] | None = None
        self._real: dict[str, str] = {}
        self._details: dict[str, ActionDetails] = {}

    def changed(self) -> None:
        """Forget what was read (the next lookup reads the store again)."""
        self.facts.changed()
        self._standings = None
        self._real = {}
        self._details = {}

    def _rows(self) -> dict[str, list[StandingRow]]:
        if self._standings is None:
            self._standings = all_standings(self.store)
            self._real = {row["report"].value: row["real"].value
                          for row in solutions(self.store.query(_REAL_ACTIONS))}
        return self._standings

    def listings(self, iris: Collection[str], as_of: dt.date
                 ) -> dict[str, tuple[Listing, ...]]:
        """The listing actions on each entity, `in_force` on `as_of` from their standings."""
        found = self.facts.listings(iris, as_of)
        standings = self._rows()
        for iri, items in found.items():
            by_action = {row.action: row for row in standings.get(iri, ())}
            if by_action:
                found[iri] = tuple(self._decided(item, by_action, as_of) for item in items)
        return found

    def _decided(self, listing: Listing, by_action: dict[str, StandingRow],
                 as_of: dt.date) -> Listing:
        row = by_action.get(self._real.get(listing.action, listing.action))
        if row is None:
            return listing
        return replace(listing, in_force=state_on(row, None, as_of) == "in force")

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
