"""The listing actions on candidates: which lists name them, since when, under which
citation, whether still in force, and the source passage that says so.

`ListingSource` is all the screener asks for. `StoreListings` reads the listing facts
from the store, deciding "in force on a day" from `tg:status`, `tg:startDate`/`tg:date`
and `tg:endDate` alone (`listing_in_force`); the screener's default source,
`graph/screening/standings.py`, decides it from the standings the lifecycles derived
(later removals, terminations and successors end a listing) and adds each candidate's
status on the day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import replace
from typing import Protocol

from tradegraph.graph.screening.results import Candidate, Evidence, Listing
from tradegraph.graph.screening.store_parties import select_rows
from tradegraph.graph.store.protocol import GraphStore
from tradegraph.graph.time.corroboration import date_interval
from tradegraph.graph.time.status import EntityStatus
from tradegraph.ontology.schema import schema

LISTING_CLASSES = schema().listing_classes
"""Action classes that put a party on a list, take it off or change its entry."""

_ENDED = frozenset({"Terminated", "Suspended"})


class ListingSource(Protocol):
    """Where the screener gets listings from."""

    def listings(self, iris: Collection[str], as_of: dt.date
                 ) -> dict[str, tuple[Listing, ...]]:
        """The listing actions on each entity (those without any left out), each with
        `in_force` decided for the day `as_of`."""

    def statuses(self, candidates: Collection[Candidate], as_of: dt.date
                 ) -> dict[str, EntityStatus]:
        """Each candidate's status on the day `as_of`, by IRI."""

    def changed(self) -> None:
        """The store changed: forget what was read from it."""


def listing_in_force(listing: Listing, as_of: dt.date) -> bool | None:
    """Whether a listing was in force on `as_of`, from its dates and stored status.

    A removal is never "in force" as a listing. A listing that starts after `as_of`, or
    ended before it, was not; one whose end lies after `as_of` was; otherwise its stored
    status decides (InForce yes, Terminated or Suspended no, anything else: unknown)."""
    if schema().action(listing.action_type).ends:
        return False
    start = date_interval(listing.start_date or listing.date)
    end = date_interval(listing.end_date)
    if start is not None and start.first > as_of:
        return False
    if end is not None:
        return end.last >= as_of
    if listing.status == "InForce":
        return True
    if listing.status in _ENDED:
        return False
    return None


_CLASSES = " ".join(f"tg:{name}" for name in LISTING_CLASSES)

# One listing per real action: a report folded into a real action of several reports is
# read as that action (its node carries every report's citations, lists, statuses and
# evidence, and its dates by kind). Its own date and start win over the dates by kind
# (one value each, so every read gives the listing the same dates).
_ACTIONS = f"""
SELECT DISTINCT ?entity ?action ?class ?list ?date ?start ?end ?status WHERE {{
  VALUES ?class {{ {_CLASSES} }}
  ?action tg:target ?entity ; a ?class .
  FILTER NOT EXISTS {{ ?action tg:sameActionAs ?real }}
  OPTIONAL {{ ?action tg:sourceList ?list }}
  OPTIONAL {{ ?action tg:date ?dated }} OPTIONAL {{ ?action tg:announcedOn ?announced }}
  BIND(COALESCE(?dated, ?announced) AS ?date)
  OPTIONAL {{ ?action tg:startDate ?started }} OPTIONAL {{ ?action tg:effectiveOn ?effective }}
  BIND(COALESCE(?started, ?effective) AS ?start)
  OPTIONAL {{ ?action tg:endDate ?end }}
  OPTIONAL {{ ?action tg:status ?status }}
}}"""

_CITATIONS = f"""
SELECT DISTINCT ?action ?citation WHERE {{
  VALUES ?class {{ {_CLASSES} }} ?action a ?class ; tg:citation ?citation }}"""

_EVIDENCE = f"""
SELECT DISTINCT ?action ?document ?quote ?start ?end WHERE {{
  VALUES ?class {{ {_CLASSES} }}
  ?action a ?class ; tg:evidence/oa:hasTarget ?target .
  ?target oa:hasSource ?document ; oa:hasSelector ?q . ?q oa:exact ?quote .
  OPTIONAL {{ ?target oa:hasSelector ?p . ?p oa:start ?start ; oa:end ?end }}
}}"""
"""Three queries over the whole store: measured on 20,000 listings, about a second in all,
where the same facts asked for by batches of actions took ten times as long."""


def _local(iri: str | None) -> str | None:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if iri else None


class StoreListings:
    """Listings read from the store by SPARQL: every listing action at once on first use
    (screening a list asks for thousands of entities; one pass over the listings is
    cheaper than thousands of lookups), read again after the store changes."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._by_entity: dict[str, list[Listing]] | None = None

    def changed(self) -> None:
        """Forget the listings read (the next lookup reads them again)."""
        self._by_entity = None

    def listings(self, iris: Collection[str], as_of: dt.date
                 ) -> dict[str, tuple[Listing, ...]]:
        """The listing actions on each entity, with `in_force` for `as_of`."""
        if self._by_entity is None:
            self._by_entity = self._read()
        found = {}
        for iri in iris:
            items = self._by_entity.get(iri)
            if items:
                found[iri] = tuple(replace(item, in_force=listing_in_force(item, as_of))
                                   for item in items)
        return found

    def _read(self) -> dict[str, list[Listing]]:
        rows = select_rows(self.store, _ACTIONS)
        citations: dict[str, set[str]] = defaultdict(set)
        for row in select_rows(self.store, _CITATIONS):
            citations[row["action"] or ""].add(row["citation"] or "")
        evidence: dict[str, set[Evidence]] = defaultdict(set)
        for row in select_rows(self.store, _EVIDENCE):
            evidence[row["action"] or ""].add(Evidence(
                row["document"] or "", row["quote"] or "",
                int(row["start"]) if row["start"] else None,
                int(row["end"]) if row["end"] else None))
        by_entity: dict[str, dict[str, Listing]] = defaultdict(dict)
        for row in rows:
            entity, action = row["entity"] or "", row["action"] or ""
            if action in by_entity[entity]:  # an action with two dates or statuses: one
                continue
            by_entity[entity][action] = Listing(
                action=action, action_type=_local(row["class"]) or "",
                source_list=row["list"], citations=tuple(sorted(citations[action])),
                date=row["date"], start_date=row["start"], end_date=row["end"],
                status=_local(row["status"]),
                evidence=tuple(sorted(evidence[action], key=lambda e: (e.document,
                                                                       e.start or 0))))
        return {entity: sorted(items.values(), key=lambda x: (x.start_date or x.date or "",
                                                              x.action))
                for entity, items in by_entity.items()}
