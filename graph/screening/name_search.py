"""Turning what a user asks into a query the index answers: the name analysed, the country
read as an ISO code, the settings checked; and searching a batch of rows, on one process
or on several."""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Iterable, Iterator

from tradegraph.graph.lifeline import hold, lifeline
from tradegraph.graph.screening.candidate_scores import Query
from tradegraph.graph.screening.index import ScreeningIndex
from tradegraph.graph.screening.names import NotANameError, analyze
from tradegraph.graph.screening.results import CustomerRow, MatchResult
from tradegraph.graph.screening.store_parties import country_code
from tradegraph.ontology.errors import TradegraphError

Searched = tuple[MatchResult | None, str | None]
"""A row's result (listings not yet attached), or the reason it could not be screened."""


class ScreeningError(TradegraphError, ValueError):
    """A name that cannot be screened, or a bad setting (threshold, limit); the message
    says which and why."""


def check_settings(limit: int, threshold: float) -> None:
    """A `ScreeningError` for a limit below 1 or a threshold outside [0, 1]."""
    if limit < 1:
        raise ScreeningError(f"limit must be at least 1, not {limit}")
    if not 0.0 <= threshold <= 1.0:
        raise ScreeningError(f"threshold must lie between 0 and 1, not {threshold}")


def _clean(value: str | None) -> str | None:
    text = " ".join((value or "").split())
    return text or None


def make_query(name: str, country: str | None = None, address: str | None = None) -> Query:
    """The query for a name; a `ScreeningError` saying why if it is no name."""
    try:
        analysed = analyze(name)
    except NotANameError as error:
        raise ScreeningError(f"cannot screen {name!r}: {error}") from None
    given = _clean(country)
    return Query(name, analysed, (country_code(given) or given.upper()) if given else None,
                 _clean(address))


def search_rows(index: ScreeningIndex, rows: Iterable[CustomerRow], limit: int,
                threshold: float) -> list[Searched]:
    """Search each row's name in the index."""
    searched: list[Searched] = []
    for row in rows:
        try:
            query = make_query(row.name, row.country, row.address)
        except ScreeningError as error:
            searched.append((None, str(error)))
            continue
        found = index.search(query, limit=limit, threshold=threshold)
        searched.append((MatchResult(row.name, query.country, query.address, tuple(found)),
                         None))
    return searched


_WORKER_INDEX: ScreeningIndex | None = None
"""The index a forked worker searches: inherited from the parent, never pickled."""


def _search_in_worker(job: tuple[list[CustomerRow], int, float]) -> list[Searched]:
    rows, limit, threshold = job
    assert _WORKER_INDEX is not None, "a worker started without an index"
    return search_rows(_WORKER_INDEX, rows, limit, threshold)


def search_in_parallel(index: ScreeningIndex, chunks: Iterator[list[CustomerRow]],
                       workers: int, limit: int, threshold: float
                       ) -> Iterator[list[Searched]]:
    """Search chunks of rows on `workers` forked processes, results in order.

    The workers are forked after the index is built, so they share its memory (copy on
    write) rather than receiving a copy; they search only, never touching the store, and die
    with this process (`tradegraph.graph.lifeline`)."""
    global _WORKER_INDEX  # noqa: PLW0603 - the one way to hand a fork the index unpickled
    _WORKER_INDEX = index
    gc.freeze()  # the collector in a worker would touch, and so copy, every shared page
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=hold,
                                                       initargs=(lifeline(),)) as pool:
            yield from pool.imap(_search_in_worker,
                                 ((chunk, limit, threshold) for chunk in chunks))
    finally:
        gc.unfreeze()
        _WORKER_INDEX = None
