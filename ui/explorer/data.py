"""Store access for the explorer, cached.

Pages read a read-only snapshot of the store (so `tradegraph ingest` can write beside the
explorer). Snapshots and query results are cached under the store's *generation*, the
newest modification time of its files: any write makes a new generation, so the next run
of a page opens a fresh snapshot and re-runs its queries instead of showing stale rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from tradegraph.graph.errors import StoreError
from tradegraph.graph.facade import Row, TradeGraph
from tradegraph.graph.query.inventory import Counts
from tradegraph.graph.store.location import MEMORY, resolve_store_location
from tradegraph.graph.time.status import EntityStatus
from tradegraph.graph.time.status_reading import ActionDetails
from tradegraph.ui.explorer import queries
from tradegraph.ui.explorer.rdf import serialize_triples


@st.cache_resource(max_entries=2, show_spinner=False)
def _snapshot(location: str, generation: float) -> TradeGraph:
    # The generation is part of the key only: a new one opens a new snapshot.
    del generation
    return TradeGraph.open(location, read_only=True)


@st.cache_data(max_entries=1000, show_spinner=False)
def _select(location: str, generation: float, sparql: str) -> list[Row]:
    return _snapshot(location, generation).select(sparql)


@dataclass(frozen=True)
class Store:
    """The store the explorer shows, at one generation."""

    location: str
    generation: float

    @classmethod
    def current(cls, location: str | None = None) -> Store:
        """The configured store (`--store`, else $TRADEGRAPH_STORE, else the default)."""
        where = resolve_store_location(location)
        if where == MEMORY:
            raise StoreError("the explorer needs a store on disk, not ':memory:'")
        # A SPARQL server does not say when it changed: its generation stays 0.
        generation = TradeGraph.last_change(where) or 0.0
        store = cls(where, generation)
        store.graph()  # a clear error now rather than on every page
        return store

    def graph(self) -> TradeGraph:
        """The cached read-only snapshot."""
        return _snapshot(self.location, self.generation)

    def select(self, sparql: str) -> list[Row]:
        """Rows of a SELECT query, cached for this generation."""
        return _select(self.location, self.generation, sparql)

    def chunked(self, query: Callable[[list[str]], str], resources: list[str]) -> list[Row]:
        """Rows of `query(chunk)` for the resources in chunks of at most 400 (a VALUES
        block per chunk), each chunk cached like any query."""
        return [row for chunk in _chunks(resources) for row in self.select(query(chunk))]

    def status(self, entity: str, day: dt.date) -> EntityStatus:
        """`TradeGraph.status` of the entity on the day, cached for this generation."""
        return _status(self.location, self.generation, entity, day.isoformat())

    def details(self, actions: list[str]) -> dict[str, ActionDetails]:
        """`TradeGraph.action_details` of real actions, cached for this generation: what
        the legal record says of each, as status says it."""
        return {iri: found for chunk in _chunks(actions)
                for iri, found in _details(self.location, self.generation, tuple(chunk)).items()}

    def counts(self) -> Counts:
        """`TradeGraph.counts`: what `tradegraph stats` counts of the documents, cached for
        this generation."""
        return _counts(self.location, self.generation)

    def labels(self, resources: list[str]) -> dict[str, str]:
        """A label for each resource that has one."""
        return {r["resource"] or "": r["label"] or "" for chunk in _chunks(resources)
                for r in self.select(queries.labels(chunk))}

    def classes(self, resources: list[str]) -> dict[str, str]:
        """The entity class (local name: Firm, Agency, ...) of each resource that has one."""
        return {r["resource"] or "": (r["class"] or "").rsplit("#", 1)[-1]
                for chunk in _chunks(resources) for r in self.select(queries.classes_of(chunk))}


@st.cache_data(max_entries=200, show_spinner=False)
def _status(location: str, generation: float, entity: str, day: str) -> EntityStatus:
    return _snapshot(location, generation).status(entity, day)


@st.cache_data(max_entries=200, show_spinner=False)
def _details(location: str, generation: float, actions: tuple[str, ...]
             ) -> dict[str, ActionDetails]:
    return _snapshot(location, generation).action_details(actions)


@st.cache_data(max_entries=4, show_spinner=False)
def _counts(location: str, generation: float) -> Counts:
    return _snapshot(location, generation).counts()


def _chunks(items: list[str], size: int = 400) -> list[list[str]]:
    unique = sorted(set(items))
    return [unique[i:i + size] for i in range(0, len(unique), size)]


def invalidate() -> None:
    """Forget every cached snapshot and result (after this process wrote to the store)."""
    _select.clear()
    _snapshot.clear()


@st.cache_data(max_entries=200, show_spinner=False)
def _construct(location: str, generation: float, sparql: str, fmt: str) -> bytes:
    return serialize_triples(_snapshot(location, generation), sparql, fmt)


def construct(store: Store, sparql: str, fmt: str) -> bytes:
    """`serialize_triples` on the store's snapshot, cached for its generation."""
    return _construct(store.location, store.generation, sparql, fmt)
