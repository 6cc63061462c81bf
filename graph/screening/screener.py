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
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import islice

from tradegraph.graph.screening.index import ScreeningIndex
from tradegraph.graph.screening.listings import ListingSource, StoreListings
from tradegraph.graph.screening.names import NotANameError, analyze
from tradegraph.graph.screening.parties import country_code, read_parties
from tradegraph.graph.screening.results import (
    Candidate,
    CustomerRow,
    MatchResult,
    RowError,
    ScreenedRow,
)
from tradegraph.graph.screening.scoring import Query
from tradegraph.graph.store import GraphStore

DEFAULT_THRESHOLD = 0.8
"""The score a candidate needs to be reported (see the README's screening figures)."""
DEFAULT_LIMIT = 10
RECHECK_SECONDS = 2.0
_CHUNK = 500
"""Rows screened before their candidates' listings are fetched in one go."""

ScreenProgress = Callable[[int], None]
"""Called with the number of rows done so far."""


class ScreeningError(ValueError):
    """A name that cannot be screened, or a bad setting (threshold, limit); the message
    says which and why."""


def store_fingerprint(store: GraphStore) -> str:
    """A digest of the stored documents' states: it changes whenever a document graph is
    added, replaced or removed."""
    digest = hashlib.sha256()
    for iri, state in sorted(store.document_states().items()):
        digest.update(f"{iri}\t{state.content_hash}\t{state.pipeline}\n".encode())
    return digest.hexdigest()


def _check(limit: int, threshold: float) -> None:
    if limit < 1:
        raise ScreeningError(f"limit must be at least 1, not {limit}")
    if not 0.0 <= threshold <= 1.0:
        raise ScreeningError(f"threshold must lie between 0 and 1, not {threshold}")


def _clean(value: str | None) -> str | None:
    text = " ".join((value or "").split())
    return text or None


class Screener:
    """Name screening against one store."""

    def __init__(self, store: GraphStore, listings: ListingSource | None = None,
                 recheck_seconds: float = RECHECK_SECONDS) -> None:
        self.store = store
        self.listing_source: ListingSource = listings or StoreListings(store)
        self.recheck_seconds = recheck_seconds
        self._index: ScreeningIndex | None = None
        self._checked = 0.0

    def invalidate(self) -> None:
        """Forget the index: the next screening rebuilds it (after a write)."""
        self._index = None

    def index(self) -> ScreeningIndex:
        """The index, rebuilt first if the store changed since it was built."""
        now = time.monotonic()
        if self._index is not None and now - self._checked < self.recheck_seconds:
            return self._index
        fingerprint = store_fingerprint(self.store)
        self._checked = now
        if self._index is None or self._index.fingerprint != fingerprint:
            self._index = ScreeningIndex(read_parties(self.store), fingerprint)
        return self._index

    def _query(self, name: str, country: str | None, address: str | None) -> Query:
        try:
            analysed = analyze(name)
        except NotANameError as error:
            raise ScreeningError(f"cannot screen {name!r}: {error}") from None
        given = _clean(country)
        return Query(name, analysed, (country_code(given) or given.upper()) if given else None,
                     _clean(address))

    def _with_listings(self, found: list[list[Candidate]], as_of: dt.date | None
                       ) -> list[list[Candidate]]:
        iris = {candidate.iri for candidates in found for candidate in candidates}
        if not iris:
            return found
        listings = self.listing_source.listings(iris, as_of or dt.date.today())
        return [[replace(c, listings=listings.get(c.iri, ())) for c in candidates]
                for candidates in found]

    def match(self, name: str, *, country: str | None = None, address: str | None = None,
              limit: int = DEFAULT_LIMIT, threshold: float = DEFAULT_THRESHOLD,
              as_of: dt.date | None = None) -> MatchResult:
        """The candidates for one name, best first, with their listings as of `as_of`
        (default: today). A `ScreeningError` if the name cannot be screened."""
        _check(limit, threshold)
        query = self._query(name, country, address)
        found = self.index().search(query, limit=limit, threshold=threshold)
        (candidates,) = self._with_listings([found], as_of)
        return MatchResult(name, query.country, query.address, tuple(candidates))

    def screen(self, rows: Iterable[CustomerRow | RowError | str], *,
               limit: int = DEFAULT_LIMIT, threshold: float = DEFAULT_THRESHOLD,
               as_of: dt.date | None = None, progress: ScreenProgress | None = None
               ) -> Iterator[ScreenedRow]:
        """Screen rows (customer rows, plain names, or the reader's row errors, which are
        passed through), yielding one result per row in order. A row whose name cannot
        be screened is reported with its line; the others go on."""
        _check(limit, threshold)
        index = self.index()
        done = 0
        iterator = iter(rows)
        while chunk := list(islice(iterator, _CHUNK)):
            outcomes: list[tuple[CustomerRow | None, Query | None, RowError | None]] = []
            for number, item in enumerate(chunk, start=done + 1):
                if isinstance(item, RowError):
                    outcomes.append((None, None, item))
                    continue
                row = item if isinstance(item, CustomerRow) else CustomerRow(number, item)
                try:
                    outcomes.append((row, self._query(row.name, row.country, row.address),
                                     None))
                except ScreeningError as error:
                    outcomes.append((row, None, RowError(row.line, str(error))))
            found = [index.search(query, limit=limit, threshold=threshold) if query else []
                     for _, query, _ in outcomes]
            found = self._with_listings(found, as_of)
            for (given, query, problem), candidates in zip(outcomes, found, strict=True):
                line = problem.line if problem is not None else given.line if given else 0
                result = None if query is None else MatchResult(
                    query.text, query.country, query.address, tuple(candidates))
                yield ScreenedRow(line, given, result, problem)
            done += len(chunk)
            if progress is not None:
                progress(done)
