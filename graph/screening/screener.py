"""Screening on a store: the index kept in step with the store, one name or a whole list
matched against it, and each candidate's listings attached.

The index is built from the store on first use and rebuilt when the store's documents
change: the screener compares a fingerprint of the stored document graphs (their content
hashes and pipeline versions) at most every `recheck_seconds`, so a list ingested by
another process is seen within that time, and the facade drops the index at once after its
own writes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace

from tradegraph.graph.screening.defaults import DEFAULT_LIMIT, DEFAULT_THRESHOLD
from tradegraph.graph.screening.index import ScreeningIndex
from tradegraph.graph.screening.listings import ListingSource
from tradegraph.graph.screening.name_search import (
    Searched,
    check_settings,
    make_query,
    search_in_parallel,
    search_rows,
)
from tradegraph.graph.screening.results import (
    Candidate,
    CustomerRow,
    MatchResult,
    RowError,
    ScreenedRow,
    ScreenProgress,
)
from tradegraph.graph.screening.standings import StatusListings
from tradegraph.graph.screening.store_parties import read_parties
from tradegraph.graph.store.protocol import GraphStore

RECHECK_SECONDS = 2.0
MAX_WORKERS = 4
_CHUNK = 500
"""Rows screened before their candidates' listings are fetched in one go."""


def store_fingerprint(store: GraphStore) -> str:
    """A digest of the stored documents' states: it changes whenever a document graph is
    added, replaced or removed."""
    digest = hashlib.sha256()
    for iri, state in sorted(store.document_states().items()):
        digest.update(f"{iri}\t{state.content_hash}\t{state.pipeline}\n".encode())
    return digest.hexdigest()


class Screener:
    """Name screening against one store."""

    def __init__(self, store: GraphStore, listings: ListingSource | None = None,
                 recheck_seconds: float = RECHECK_SECONDS) -> None:
        self.store = store
        self.listing_source: ListingSource = listings or StatusListings(store)
        self.recheck_seconds = recheck_seconds
        self._index: ScreeningIndex | None = None
        self._checked = 0.0

    def rebind(self, store: GraphStore) -> None:
        """Screen against `store` from now on (a fresh snapshot of the same store): the
        index is kept while the documents are the same, the listings are read again."""
        self.store = store
        self.listing_source = StatusListings(store)
        self._checked = 0.0

    def invalidate(self) -> None:
        """Forget the index: the next screening rebuilds it (after a write)."""
        self._index = None
        self.listing_source.changed()

    def index(self) -> ScreeningIndex:
        """The index, rebuilt first if the store changed since it was built."""
        now = time.monotonic()
        if self._index is not None and now - self._checked < self.recheck_seconds:
            return self._index
        fingerprint = store_fingerprint(self.store)
        self._checked = now
        if self._index is None or self._index.fingerprint != fingerprint:
            self.listing_source.changed()
            self._index = ScreeningIndex(read_parties(self.store), fingerprint)
        return self._index

    def _with_listings(self, found: list[list[Candidate]], as_of: dt.date | None
                       ) -> list[list[Candidate]]:
        unique = {c.iri: c for candidates in found for c in candidates}
        if not unique:
            return found
        day = as_of or dt.date.today()
        listings = self.listing_source.listings(unique.keys(), day)
        statuses = self.listing_source.statuses(unique.values(), day)
        return [[replace(c, listings=listings.get(c.iri, ()), status=statuses.get(c.iri))
                 for c in candidates] for candidates in found]

    def match(self, name: str, *, country: str | None = None, address: str | None = None,
              limit: int = DEFAULT_LIMIT, threshold: float = DEFAULT_THRESHOLD,
              as_of: dt.date | None = None) -> MatchResult:
        """The candidates for one name, best first, with their listings as of `as_of`
        (default: today). A `ScreeningError` if the name cannot be screened."""
        check_settings(limit, threshold)
        query = make_query(name, country, address)
        found = self.index().search(query, limit=limit, threshold=threshold)
        (candidates,) = self._with_listings([found], as_of)
        return MatchResult(name, query.country, query.address, tuple(candidates))

    def screen(self, rows: Iterable[CustomerRow | RowError | str], *,
               limit: int = DEFAULT_LIMIT, threshold: float = DEFAULT_THRESHOLD,
               as_of: dt.date | None = None, progress: ScreenProgress | None = None,
               workers: int | None = None) -> Iterator[ScreenedRow]:
        """Screen rows (customer rows, plain names, or the reader's row errors, which are
        passed through), yielding one result per row in order. A row whose name cannot
        be screened is reported with its line; the others go on.

        Lists longer than one chunk are searched by `workers` processes (default: one
        per core, at most `MAX_WORKERS`; 1: this process only)."""
        check_settings(limit, threshold)
        index = self.index()
        chunks = _chunks(rows)
        first = next(chunks, None)
        if first is None:
            return
        chunks = itertools.chain([first], chunks)
        count = min(workers or os.cpu_count() or 1, MAX_WORKERS)
        if count > 1 and len(first) == _CHUNK:
            pending: deque[list[CustomerRow | RowError]] = deque()

            def sent() -> Iterator[list[CustomerRow]]:
                for chunk in chunks:
                    pending.append(chunk)  # the pool's feeder thread; deques are safe so
                    yield _customers(chunk)

            paired: Iterator[tuple[list[CustomerRow | RowError], list[Searched]]] = (
                (pending.popleft(), searched) for searched in
                search_in_parallel(index, sent(), count, limit, threshold))
        else:
            paired = ((chunk, search_rows(index, _customers(chunk), limit, threshold))
                      for chunk in chunks)
        done = 0
        for chunk, searched in paired:
            yield from self._screened(chunk, searched, as_of)
            done += len(chunk)
            if progress is not None:
                progress(done)

    def _screened(self, chunk: list[CustomerRow | RowError], searched: list[Searched],
                  as_of: dt.date | None) -> Iterator[ScreenedRow]:
        results = iter(searched)
        outcomes: list[tuple[CustomerRow | None, MatchResult | None, RowError | None]] = []
        for item in chunk:
            if isinstance(item, RowError):
                outcomes.append((None, None, item))
                continue
            result, reason = next(results)
            outcomes.append((item, result, None if reason is None
                             else RowError(item.line, reason)))
        with_listings = self._with_listings(
            [list(result.candidates) if result else [] for _, result, _ in outcomes], as_of)
        for (row, found, error), candidates in zip(outcomes, with_listings, strict=True):
            line = error.line if error is not None else row.line if row else 0
            yield ScreenedRow(line, row, None if found is None else replace(
                found, candidates=tuple(candidates)), error)


def _chunks(rows: Iterable[CustomerRow | RowError | str]
            ) -> Iterator[list[CustomerRow | RowError]]:
    """The rows in chunks, plain names made rows numbered from 1."""
    numbered = (item if isinstance(item, CustomerRow | RowError) else CustomerRow(n, item)
                for n, item in enumerate(rows, start=1))
    while chunk := list(itertools.islice(numbered, _CHUNK)):
        yield chunk


def _customers(chunk: list[CustomerRow | RowError]) -> list[CustomerRow]:
    return [item for item in chunk if isinstance(item, CustomerRow)]
