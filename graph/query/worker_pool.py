"""The query workers of one store, shared fairly: each query within a time limit, no client
holding more than its share, look-ups answered while long queries run, and a query stopped
when its client goes away.

- **Workers.** `size` general workers run any query; `quick_workers` more are kept for the
  quick lane (`lanes.Lane.QUICK`: `ASK {}`, a resource's page, look-ups anchored on an IRI).
  Each is a process (`worker_process.QueryWorker`) fed by a thread of this pool.
- **Fair turns.** Waiting queries queue per client (an endpoint passes the client's
  address); a free worker serves the clients in turn, the oldest query of each first, so one
  client's hundred queries wait behind each other, not in front of everyone else's.
- **Bounded concurrency per client.** A client runs at most `client_limit` general-lane
  queries at once; the others wait their turn (quick ones are not held back).
- **The quick lane stays quick.** A quick query that holds a worker kept for quick ones
  longer than `quick_seconds` is moved off the lane: that worker becomes a general one for
  as long as the query runs (it goes on, within the time limit, nothing is run twice) and a
  new quick worker is started in its place. The pool shrinks back when the query ends.
- **The CPU goes to look-ups first.** General workers run at a lower priority
  (`niceness`, by default `GENERAL_NICENESS`): on a machine whose cores long queries keep
  busy, the server and the quick workers still get the CPU they need when they need it.
- **Time limit and cancellation.** pyoxigraph cannot cancel a query, so a query past
  `timeout`, or one whose client went away (`Ticket.cancel`), is stopped by stopping its
  worker, which is replaced at once.
- **Fresh data.** Workers take a fresh snapshot when theirs is older than `refresh_seconds`,
  or at once after `store_changed()`.
"""

from __future__ import annotations

import contextlib
import logging
import select
import threading
import time
from collections import Counter, deque
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass, field
from multiprocessing import Pipe
from typing import Any

from tradegraph.graph.query.execution import QueryReply, QueryTimeoutError
from tradegraph.graph.query.lanes import Lane
from tradegraph.graph.query.worker_process import QueryWorker, WorkerJob

BUSY = b"all query workers are busy; try again shortly"
GENERAL_NICENESS = 10
"""How much less CPU general workers ask for than the server and the quick workers."""
MAX_CLIENTS_REMEMBERED = 10_000
REAPER_SECONDS = 0.5
"""How often queries that waited too long for a worker are answered 503."""
STOPPING = b"the endpoint is stopping"

log = logging.getLogger(__name__)


def settle(future: Future[Any], result: Any = None, *,
           error: BaseException | None = None) -> None:
    """Give a ticket its answer (or error), unless it has one already: its client may have
    cancelled it just as the answer came, and a slot must not die of that."""
    with contextlib.suppress(InvalidStateError):
        if error is None:
            future.set_result(result)
        else:
            future.set_exception(error)


@dataclass(eq=False)
class Ticket:
    """A job handed to the pool: its answer arrives in `future`."""

    job: WorkerJob
    client: str
    lane: Lane
    queued: float
    future: Future[Any] = field(default_factory=Future)
    cancelled: bool = False
    slot: _Slot | None = None
    started: threading.Event = field(default_factory=threading.Event)
    """Set when a worker takes the job."""
    general: bool = False
    """Counted against its client's general-lane limit (a general query, or a quick one
    that ran too long)."""


class _Slot:
    """One worker process and the thread that feeds it jobs."""

    def __init__(self, pool: QueryPool, kind: Lane) -> None:
        self.pool = pool
        self.kind = kind
        self.retired = False
        self.stopped = False
        self.worker = self._start()
        self.wake_reader, self.wake_writer = Pipe(duplex=False)
        self._wake_lock = threading.Lock()  # no wake byte written as the pipe closes
        self._wake_open = True
        self.thread = threading.Thread(target=self._loop, daemon=True,
                                       name=f"tradegraph-query-slot-{kind.value}")

    def start(self) -> _Slot:
        """Start feeding the worker jobs."""
        self.thread.start()
        return self

    def _start(self) -> QueryWorker:
        niceness = self.pool.niceness if self.kind is Lane.GENERAL else 0
        return QueryWorker(self.pool.location, self.pool.refresh_seconds, self.pool.generation,
                           niceness)

    def wake(self) -> None:
        """Interrupt the wait for the running job (it was cancelled, or the pool closes)."""
        with self._wake_lock, contextlib.suppress(OSError):
            if self._wake_open:
                self.wake_writer.send_bytes(b"!")

    def end(self) -> None:
        """Stop the worker and close the wake pipe (the slot is done)."""
        self.worker.stop()
        with self._wake_lock:
            self._wake_open = False
            self.wake_reader.close()
            self.wake_writer.close()

    def stop_worker(self) -> None:
        """Stop the worker, whatever it does (a successor is started once the slot knows
        it stays: `_loop`)."""
        self.worker.stop()
        self.stopped = True

    def _loop(self) -> None:
        try:
            while (ticket := self.pool.next_ticket(self)) is not None:
                try:
                    self._run(ticket)
                except Exception as error:  # a slip of ours costs an answer, not a worker
                    log.exception("a query slot failed on a job; its worker is replaced")
                    self.stop_worker()
                    settle(ticket.future, QueryReply(
                        500, body=f"the query failed in the server ({error!r}); it was not "
                                  f"answered".encode()))
                finally:
                    self.pool.finished(self, ticket)
                if self.retired or self.pool.closed:
                    break
                if self.stopped:  # started now, so that it is ready by the next job
                    self.worker = self._start()
                    self.stopped = False
        finally:
            self.end()

    def _run(self, ticket: Ticket) -> None:
        pool = self.pool
        try:
            # a worker replacing a stopped one may still be starting: not the query's time
            if not self.worker.wait_ready(pool.wait_seconds):
                raise OSError("the query worker did not start")
            started = time.monotonic()
            deadline = started + pool.timeout
            quick_until = started + pool.quick_seconds if ticket.lane is Lane.QUICK else None
            self.worker.send(pool.generation, ticket.job)
            answer, wake = self.worker.conn.fileno(), self.wake_reader.fileno()
            watch = select.poll()  # one system call per wait, where `wait` builds a selector
            watch.register(answer, select.POLLIN)
            watch.register(wake, select.POLLIN)
            while True:
                until = min(deadline, quick_until or deadline)
                ready = {fd for fd, _ in watch.poll(max(0.0, until - time.monotonic()) * 1000)}
                if answer in ready:
                    settle(ticket.future, self.worker.conn.recv())
                    return
                if wake in ready:
                    self.wake_reader.recv_bytes()
                    if ticket.cancelled or pool.closed:
                        ticket.future.cancel()
                        self.stop_worker()
                        return
                now = time.monotonic()
                if quick_until is not None and now >= quick_until:
                    pool.ran_long(self, ticket)
                    quick_until = None
                elif now >= deadline:
                    self.stop_worker()
                    settle(ticket.future, error=QueryTimeoutError(
                        f"the query ran longer than this endpoint's limit of "
                        f"{pool.timeout:g} s and was stopped"))
                    return
        except (EOFError, OSError):
            self.stop_worker()
            settle(ticket.future, QueryReply(
                500, body=b"the query worker stopped unexpectedly; the query was not answered"))


class QueryPool:
    """Query workers over one store, shared fairly (see the module's documentation)."""

    def __init__(self, location: str, *, size: int, timeout: float,
                 refresh_seconds: float = 1.0, wait_seconds: float = 30.0,
                 quick_workers: int = 0, quick_seconds: float = 2.0,
                 client_limit: int | None = None, niceness: int = GENERAL_NICENESS) -> None:
        self.location = location
        self.niceness = niceness
        self.size = max(1, size)
        self.quick_workers = max(0, quick_workers)
        self.timeout = timeout
        self.wait_seconds = wait_seconds
        self.quick_seconds = quick_seconds
        self.client_limit = client_limit or self.size
        self.refresh_seconds = refresh_seconds
        self.generation = 0
        self.closed = False
        self._lock = threading.Condition()
        self._waiting: dict[str, deque[Ticket]] = {}
        """Waiting tickets by client, each client's oldest first."""
        self._served: dict[str, int] = {}
        """The turn at which each client was last served."""
        self._turns = 0
        self._general_running: Counter[str] = Counter()
        self._slots: list[_Slot] = []
        for kind, count in ((Lane.GENERAL, self.size), (Lane.QUICK, self.quick_workers)):
            self._slots.extend(_Slot(self, kind).start() for _ in range(count))
        self._reaper = threading.Thread(target=self._reap, daemon=True,
                                        name="tradegraph-query-reaper")
        self._reaper.start()

    # ---------------------------------------------------------------- callers

    def submit(self, job: WorkerJob, *, client: str = "", lane: Lane = Lane.GENERAL) -> Ticket:
        """Queue a job; its answer (or QueryTimeoutError) arrives in `ticket.future`."""
        ticket = Ticket(job, client, lane, time.monotonic())
        with self._lock:
            if self.closed:
                settle(ticket.future, QueryReply(503, body=STOPPING))
                return ticket
            self._waiting.setdefault(client, deque()).append(ticket)
            self._lock.notify_all()
        return ticket

    def run(self, job: WorkerJob, *, client: str = "", lane: Lane = Lane.GENERAL) -> Any:
        """Run a job and wait for its answer; QueryTimeoutError past the time limit."""
        return self.submit(job, client=client, lane=lane).future.result()

    def cancel(self, ticket: Ticket) -> None:
        """Its client went away: drop the job if it waits, stop its worker if it runs."""
        with self._lock:
            ticket.cancelled = True
            queue = self._waiting.get(ticket.client)
            if queue is not None and ticket in queue:
                queue.remove(ticket)
                if not queue:
                    del self._waiting[ticket.client]
                ticket.future.cancel()
                return
            slot = ticket.slot
        if slot is not None:
            slot.wake()

    def store_changed(self) -> None:
        """Make every worker reopen its snapshot before its next query."""
        self.generation += 1

    def close(self) -> None:
        """Stop every worker; queries still waiting are answered 503."""
        with self._lock:
            self.closed = True
            waiting = [t for queue in self._waiting.values() for t in queue]
            self._waiting.clear()
            slots = list(self._slots)
            self._lock.notify_all()
        for ticket in waiting:
            settle(ticket.future, QueryReply(503, body=STOPPING))
        for slot in slots:
            slot.wake()
        for slot in slots:
            slot.thread.join(10)

    def workers(self) -> Counter[Lane]:
        """How many workers of each kind there are now (a quick one moved off its lane while
        its query runs counts as general)."""
        with self._lock:
            return Counter(slot.kind for slot in self._slots)

    # ---------------------------------------------------------------- slot threads

    def next_ticket(self, slot: _Slot) -> Ticket | None:
        """The next job for a free slot, in fair turns (blocks); None once the pool closes."""
        with self._lock:
            while not self.closed:
                ticket = self._pick(slot)
                if ticket is not None:
                    return ticket
                self._lock.wait()
            return None

    def _pick(self, slot: _Slot) -> Ticket | None:
        """The oldest job this slot may run of the client whose turn it is: the one served
        longest ago (never served: first) among those with such a job."""
        for client in sorted(self._waiting, key=lambda c: self._served.get(c, -1)):
            queue = self._waiting[client]
            for ticket in queue:
                if slot.kind is Lane.QUICK and ticket.lane is not Lane.QUICK:
                    continue
                general = ticket.lane is Lane.GENERAL
                if general and self._general_running[client] >= self.client_limit:
                    continue
                queue.remove(ticket)
                if not queue:
                    del self._waiting[client]
                self._turns += 1
                self._served[client] = self._turns
                if len(self._served) > MAX_CLIENTS_REMEMBERED:
                    self._forget_served()
                ticket.slot, ticket.general = slot, general
                self._general_running[client] += general
                ticket.started.set()
                return ticket
        return None

    def _forget_served(self) -> None:
        """Keep the turns of the clients served most recently (and of those waiting)."""
        keep = sorted(self._served, key=self._served.__getitem__)[-MAX_CLIENTS_REMEMBERED // 2:]
        self._served = {c: self._served[c] for c in {*keep, *self._waiting} if c in self._served}

    def ran_long(self, slot: _Slot, ticket: Ticket) -> None:
        """A quick job held its worker past `quick_seconds`: it counts as general from now,
        and a worker kept for quick jobs becomes a general one while it runs, replaced on
        the quick lane at once."""
        with self._lock:
            if not ticket.general:
                ticket.general = True
                self._general_running[ticket.client] += 1
            moved = slot.kind is Lane.QUICK and not self.closed
            if moved:
                slot.kind = Lane.GENERAL
        if not moved:
            return
        slot.worker.lower_priority(self.niceness)
        successor = _Slot(self, Lane.QUICK)  # starts a process: not while holding the lock
        with self._lock:
            if not self.closed:
                self._slots.append(successor.start())
                return
        successor.end()  # the pool closed meanwhile

    def finished(self, slot: _Slot, ticket: Ticket) -> None:
        """A slot is done with a job: its client's count goes down, and a slot beyond the
        pool's size (one moved off the quick lane) retires."""
        with self._lock:
            ticket.slot = None
            if ticket.general:
                self._general_running[ticket.client] -= 1
                if self._general_running[ticket.client] <= 0:
                    del self._general_running[ticket.client]
            general = sum(1 for s in self._slots if s.kind is Lane.GENERAL)
            if slot.kind is Lane.GENERAL and general > self.size:
                slot.retired = True
                self._slots.remove(slot)
            self._lock.notify_all()

    def _reap(self) -> None:
        """Answer 503 to jobs that waited for a worker longer than `wait_seconds`."""
        with self._lock:
            while not self.closed:
                self._lock.wait(REAPER_SECONDS)
                limit = time.monotonic() - self.wait_seconds
                late = [t for queue in self._waiting.values() for t in queue if t.queued < limit]
                for ticket in late:
                    queue = self._waiting[ticket.client]
                    queue.remove(ticket)
                    if not queue:
                        del self._waiting[ticket.client]
                    settle(ticket.future, QueryReply(503, body=BUSY))

