"""The query workers shared fairly (issue #26): clients take turns, one client runs at most
its share of the general workers, a quick look-up is answered while long queries run (a
quick one that runs long leaves the quick lane), and a query whose client went away is
stopped with its worker. Real worker processes on a real store."""

from __future__ import annotations

import os
from collections.abc import Iterator
from multiprocessing.connection import wait
from pathlib import Path

import pytest

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.query.execution import QueryJob, QueryReply
from tradegraph.graph.query.lanes import Lane, lane_of
from tradegraph.graph.query.worker_pool import QueryPool

pytestmark = pytest.mark.slow  # worker processes

NEWS = Path(__file__).parent / "fixtures" / "news"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
LOOKUP = "SELECT ?p ?o WHERE { <https://w3id.org/tradegraph/id/firm/huawei> ?p ?o }"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    location = str(tmp_path_factory.mktemp("pool") / "store")
    with TradeGraph.open(location) as graph:
        assert graph.ingest([NEWS], workers=1).ok
    return location


@pytest.fixture
def pools(store: str) -> Iterator[list[QueryPool]]:
    """Pools made by the test, closed after it."""
    made: list[QueryPool] = []
    yield made
    for pool in made:
        pool.close()


def pool_of(pools: list[QueryPool], store: str, **options: float) -> QueryPool:
    settings = {"size": 1, "timeout": 60.0, **options}
    pool = QueryPool(store, **settings)  # type: ignore[arg-type]
    pools.append(pool)
    return pool


def answered(reply: object) -> bool:
    return isinstance(reply, QueryReply) and reply.status == 200


def test_the_lanes_of_queries() -> None:
    assert lane_of(LOOKUP) is Lane.QUICK and lane_of("ASK {}") is Lane.QUICK
    assert lane_of(RUNAWAY) is Lane.GENERAL and lane_of(COUNT) is Lane.GENERAL
    assert lane_of("SELECT * WHERE { ?s a tg:Firm }") is Lane.GENERAL  # a class is no anchor


def test_clients_take_turns(pools: list[QueryPool], store: str) -> None:
    pool = pool_of(pools, store)
    blocker = pool.submit(QueryJob(RUNAWAY, None), client="c")
    assert blocker.started.wait(30)
    order: list[str] = []
    tickets = [pool.submit(QueryJob(COUNT, None), client=client) for client in "aaab"]
    for ticket in tickets:
        ticket.future.add_done_callback(lambda _, who=ticket.client: order.append(who))
    pool.cancel(blocker)  # the worker is free: the waiting queries run one by one
    assert all(answered(ticket.future.result(60)) for ticket in tickets)
    assert order == ["a", "b", "a", "a"]  # b does not wait behind all of a's


def test_a_client_runs_at_most_its_share_of_the_general_workers(
        pools: list[QueryPool], store: str) -> None:
    pool = pool_of(pools, store, size=2, client_limit=1)
    first = pool.submit(QueryJob(RUNAWAY, None), client="greedy")
    second = pool.submit(QueryJob(RUNAWAY, None), client="greedy")
    assert first.started.wait(30)
    other = pool.submit(QueryJob(COUNT, None), client="other")
    assert answered(other.future.result(30))  # the second worker was kept for others
    assert not second.started.is_set()  # greedy's second query waits for its first
    pool.cancel(first)
    assert second.started.wait(30)
    pool.cancel(second)


def test_a_lookup_is_answered_while_runaway_queries_hold_every_general_worker(
        pools: list[QueryPool], store: str) -> None:
    pool = pool_of(pools, store, size=2, quick_workers=1)
    runaways = [pool.submit(QueryJob(RUNAWAY, None), client=client) for client in "xy"]
    assert all(ticket.started.wait(30) for ticket in runaways)
    for sparql in (LOOKUP, "ASK {}"):
        lookup = pool.submit(QueryJob(sparql, None), client="reader", lane=Lane.QUICK)
        assert answered(lookup.future.result(30))
    assert not any(ticket.future.done() for ticket in runaways)
    for ticket in runaways:
        pool.cancel(ticket)


def test_a_quick_query_that_runs_long_leaves_the_quick_lane(
        pools: list[QueryPool], store: str) -> None:
    pool = pool_of(pools, store, size=1, quick_workers=1, quick_seconds=0.5)
    blocker = pool.submit(QueryJob(RUNAWAY, None), client="a")
    assert blocker.started.wait(30)
    mistaken = pool.submit(QueryJob(RUNAWAY, None), client="b", lane=Lane.QUICK)
    assert mistaken.started.wait(30)
    lookup = pool.submit(QueryJob("ASK {}", None), client="c", lane=Lane.QUICK)
    # served by the quick worker started in place of the one the long query holds
    assert answered(lookup.future.result(60))
    assert not mistaken.future.done()
    assert pool.workers() == {Lane.GENERAL: 2, Lane.QUICK: 1}
    moved = mistaken.slot
    assert moved is not None and moved.kind is Lane.GENERAL
    pool.cancel(mistaken)
    moved.thread.join(30)  # the slot moved off the quick lane retires with its query
    assert mistaken.future.cancelled()
    assert pool.workers() == {Lane.GENERAL: 1, Lane.QUICK: 1}  # back to its size
    pool.cancel(blocker)


def test_a_query_whose_client_went_away_is_stopped_with_its_worker(
        pools: list[QueryPool], store: str) -> None:
    pool = pool_of(pools, store)
    runaway = pool.submit(QueryJob(RUNAWAY, None), client="gone")
    assert runaway.started.wait(30)
    assert runaway.slot is not None
    process = runaway.slot.worker.process
    pool.cancel(runaway)
    # the process running it is stopped (its sentinel is ready once it has ended)
    assert wait([process.sentinel], timeout=30) == [process.sentinel]
    assert runaway.future.cancelled()
    assert answered(pool.run(QueryJob(COUNT, None), client="next"))
    waiting = pool.submit(QueryJob(COUNT, None), client="w")
    pool.cancel(waiting)  # gone before it started: never run
    assert waiting.future.cancelled() or answered(waiting.future.result(30))


def test_general_workers_run_at_the_niceness_asked_and_quick_ones_at_ours(
        pools: list[QueryPool], store: str) -> None:
    pool = pool_of(pools, store, quick_workers=1, niceness=7)
    assert answered(pool.run(QueryJob(COUNT, None), lane=Lane.GENERAL))  # both workers are up
    assert answered(pool.run(QueryJob(LOOKUP, None), lane=Lane.QUICK))
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    seen = {(slot.kind, os.getpriority(os.PRIO_PROCESS, slot.worker.process.pid or 0))
            for slot in pool._slots}
    assert seen == {(Lane.GENERAL, min(19, ours + 7)), (Lane.QUICK, ours)}


def test_an_answer_for_a_ticket_cancelled_meanwhile_costs_the_pool_no_worker(
        pools: list[QueryPool], store: str) -> None:
    # A client that goes away cancels its ticket's future; the worker's answer then arrives
    # for a future already done. Each worker gets such a ticket (cancelled before it runs,
    # so the answer surely comes after), then must go on answering.
    pool = pool_of(pools, store, size=1, quick_workers=1)
    dropped = pool.submit(QueryJob(COUNT, None), client="gone")  # only the general worker
    assert dropped.future.cancel()
    assert answered(pool.run(QueryJob(COUNT, None), client="next"))  # served after `dropped`
    blocker = pool.submit(QueryJob(RUNAWAY, None), client="a")
    assert blocker.started.wait(30)  # the general worker is busy: the quick one serves
    dropped = pool.submit(QueryJob("ASK {}", None), client="gone", lane=Lane.QUICK)
    assert dropped.future.cancel()
    assert answered(pool.run(QueryJob(LOOKUP, None), client="next", lane=Lane.QUICK))
    pool.cancel(blocker)
    # both workers answer, side by side
    blocker = pool.submit(QueryJob(RUNAWAY, None), client="a")
    assert blocker.started.wait(30)
    assert answered(pool.run(QueryJob(LOOKUP, None), client="b", lane=Lane.QUICK))
    pool.cancel(blocker)
    assert answered(pool.run(QueryJob(COUNT, None), client="c"))
    assert pool.workers() == {Lane.GENERAL: 1, Lane.QUICK: 1}
    slots = list(pool._slots)
    pool.close()
    assert not any(slot.thread.is_alive() or slot.worker.process.is_alive() for slot in slots)
    assert all(slot.wake_reader.closed and slot.wake_writer.closed for slot in slots)


def test_a_time_limit_reached_for_a_ticket_cancelled_meanwhile_costs_no_worker(
        pools: list[QueryPool], store: str) -> None:
    pool = pool_of(pools, store, size=1, timeout=1.0)
    dropped = pool.submit(QueryJob(RUNAWAY, None), client="gone")
    assert dropped.future.cancel()  # its client left; the worker runs it to the time limit
    assert answered(pool.run(QueryJob(COUNT, None), client="next"))
    assert dropped.future.cancelled()
