"""The listing actions on candidates: which lists name them, since when, under which
citation, whether still in force, and the source passage that says so.

This is the seam for the time-aware status module (#17): `ListingSource` is all the
screener asks for, and `StoreListings` answers it from the store, deciding "in force on a
day" from `tg:status`, `tg:startDate`/`tg:date` and `tg:endDate` alone (`listing_in_force`).
A status module that knows more (later amendments, removals, corrections) replaces it by
passing another `ListingSource` to the screener.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import replace
from typing import Protocol

from tradegraph.graph.corroboration import date_interval
from tradegraph.graph.screening.parties import select_rows
from tradegraph.graph.screening.results import Evidence, Listing
from tradegraph.graph.store import GraphStore

LISTING_CLASSES = ("EntityListAddition", "EntityListRemoval", "EntityListAmendment",
                   "DenialOrder", "Designation", "Sanction")
"""Action classes that put a party on a list, take it off or change its entry."""

_ENDED = frozenset({"Terminated", "Suspended"})
_BATCH = 200
"""IRIs per query: a VALUES block of this size stays well inside every server's limits."""


class ListingSource(Protocol):
    """Where the screener gets listings from."""

    def listings(self, iris: Collection[str], as_of: dt.date
                 ) -> dict[str, tuple[Listing, ...]]:
        """The listing actions on each entity (those without any left out), each with
        `in_force` decided for the day `as_of`."""


def listing_in_force(listing: Listing, as_of: dt.date) -> bool | None:
    """Whether a listing was in force on `as_of`, from its dates and stored status.

    A removal is never "in force" as a listing. A listing that starts after `as_of`, or
    ended before it, was not; one whose end lies after `as_of` was; otherwise its stored
    status decides (InForce yes, Terminated or Suspended no, anything else: unknown)."""
    if listing.action_type == "EntityListRemoval":
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


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{iri}>" for iri in iris)


_CLASSES = " ".join(f"tg:{name}" for name in LISTING_CLASSES)


def _actions_query(iris: Iterable[str]) -> str:
    return f"""
SELECT DISTINCT ?entity ?action ?class ?list ?date ?start ?end ?status WHERE {{
  VALUES ?entity {{ {_values(iris)} }} VALUES ?class {{ {_CLASSES} }}
  ?action tg:target ?entity ; a ?class .
  OPTIONAL {{ ?action tg:sourceList ?list }} OPTIONAL {{ ?action tg:date ?date }}
  OPTIONAL {{ ?action tg:startDate ?start }} OPTIONAL {{ ?action tg:endDate ?end }}
  OPTIONAL {{ ?action tg:status ?status }}
}}"""


def _citations_query(actions: Iterable[str]) -> str:
    return f"""
SELECT DISTINCT ?action ?citation WHERE {{
  VALUES ?action {{ {_values(actions)} }} ?action tg:citation ?citation }}"""


def _evidence_query(actions: Iterable[str]) -> str:
    return f"""
SELECT DISTINCT ?action ?document ?quote ?start ?end WHERE {{
  VALUES ?action {{ {_values(actions)} }}
  ?action tg:evidence/oa:hasTarget ?target .
  ?target oa:hasSource ?document ; oa:hasSelector ?q . ?q oa:exact ?quote .
  OPTIONAL {{ ?target oa:hasSelector ?p . ?p oa:start ?start ; oa:end ?end }}
}}"""


def _local(iri: str | None) -> str | None:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if iri else None


class StoreListings:
    """Listings read from the store by SPARQL, in batches of IRIs."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def listings(self, iris: Collection[str], as_of: dt.date
                 ) -> dict[str, tuple[Listing, ...]]:
        """The listing actions on each entity, with `in_force` for `as_of`."""
        wanted = sorted(set(iris))
        found: dict[str, list[Listing]] = defaultdict(list)
        for start in range(0, len(wanted), _BATCH):
            for entity, listing in self._batch(wanted[start:start + _BATCH]):
                found[entity].append(replace(listing,
                                             in_force=listing_in_force(listing, as_of)))
        return {entity: tuple(sorted(items, key=lambda x: (x.start_date or x.date or "",
                                                           x.action)))
                for entity, items in found.items()}

    def _batch(self, iris: list[str]) -> list[tuple[str, Listing]]:
        rows = select_rows(self.store, _actions_query(iris))
        if not rows:
            return []
        actions = sorted({row["action"] or "" for row in rows})
        citations: dict[str, set[str]] = defaultdict(set)
        for row in select_rows(self.store, _citations_query(actions)):
            citations[row["action"] or ""].add(row["citation"] or "")
        evidence: dict[str, set[Evidence]] = defaultdict(set)
        for row in select_rows(self.store, _evidence_query(actions)):
            evidence[row["action"] or ""].add(Evidence(
                row["document"] or "", row["quote"] or "",
                int(row["start"]) if row["start"] else None,
                int(row["end"]) if row["end"] else None))
        merged: dict[tuple[str, str], Listing] = {}
        for row in rows:
            entity, action = row["entity"] or "", row["action"] or ""
            if (entity, action) in merged:  # an action with two dates or statuses: one
                continue
            merged[(entity, action)] = Listing(
                action=action, action_type=_local(row["class"]) or "",
                source_list=row["list"], citations=tuple(sorted(citations[action])),
                date=row["date"], start_date=row["start"], end_date=row["end"],
                status=_local(row["status"]),
                evidence=tuple(sorted(evidence[action], key=lambda e: (e.document,
                                                                       e.start or 0))))
        return [(entity, listing) for (entity, _), listing in merged.items()]
