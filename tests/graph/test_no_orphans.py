"""No process of ours outlives its parent: after `kill -9` of `tradegraph ingest` (its
extraction workers and multiprocessing's resource tracker), of `tradegraph serve` (its query
workers, one of them busy) and of a screening run (its forked workers), nothing it started
is alive 5 seconds later; and the store holds every document whole or not at all.

Each process under test starts a session of its own, so everything it starts shares its
process group, found in /proc (Linux, where the tests run; the pipe watch of
`tradegraph.graph.lifeline` works on every POSIX system, the parent-death signal on Linux).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from pyoxigraph import NamedNode, Quad

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.screening.pair_evaluation import listing_csv, read_listed
from tradegraph.graph.store.embedded import OxigraphStore, open_snapshot
from tradegraph.ontology.iris import IriMinter

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")]

GRACE = 5.0
"""Seconds within which every process of a killed parent must be gone."""
SCRIPTS = Path(__file__).parent / "scripts"
LISTED = Path(__file__).parent / "screening" / "fixtures" / "listed_parties.csv"
BULLETINS = 1_200
DOCUMENTS = IriMinter().document("")
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def group(pgid: int) -> dict[int, str]:
    """The live (not zombie) processes of a process group, with their command lines."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue  # gone meanwhile
        state, _ppid, group_id = stat.rpartition(")")[2].split()[:3]
        if int(group_id) == pgid and state not in ("Z", "X"):
            found[int(entry.name)] = command.strip()
    return found


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def start(command: list[str]) -> subprocess.Popen[str]:
    """A process in a session (and process group) of its own."""
    return subprocess.Popen(command, start_new_session=True, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def kill_and_count_survivors(process: subprocess.Popen[str]) -> dict[int, str]:
    """SIGKILL the process; what of its group is still alive after the grace period."""
    pgid = process.pid
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)
    deadline = time.monotonic() + GRACE
    while (left := group(pgid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


@pytest.fixture
def reaper() -> Iterator[list[int]]:
    """Process groups to kill after the test, whatever it found (so a failure leaves no
    workers behind on the shared machine)."""
    groups: list[int] = []
    yield groups
    for pgid in groups:
        for pid in group(pgid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def cli(store: Path, *arguments: str) -> list[str]:
    return [sys.executable, "-m", "tradegraph.ui.cli", "--store", str(store), *arguments]


# ------------------------------------------------------------------ ingest


def stored_documents(store: Path) -> int:
    """How many document graphs a read-only snapshot of the store shows right now."""
    if not (store / "CURRENT").exists():
        return 0
    try:
        snapshot = open_snapshot(store)
    except OSError:
        return 0  # the writer is just creating it
    return sum(1 for graph in snapshot.named_graphs()
               if isinstance(graph, NamedNode) and graph.value.startswith(DOCUMENTS))


def test_kill_9_of_an_ingest_leaves_no_worker_and_no_half_document(
        tmp_path: Path, reaper: list[int], bulletins: Callable[[Path, int, int], list[Path]]
) -> None:
    corpus, store = tmp_path / "corpus", tmp_path / "store"
    bulletins(corpus, BULLETINS, 1)  # written in several rounds of extraction and writes
    process = start(cli(store, "ingest", str(corpus), "--workers", "2", "--quiet"))
    reaper.append(process.pid)
    # the parent, two extraction workers and the resource tracker
    wait_for(lambda: len(group(process.pid)) >= 4, 120, "the extraction workers")
    members = group(process.pid)
    assert any("resource_tracker" in command for command in members.values()), members
    wait_for(lambda: stored_documents(store) > 0, 300, "the first documents to be stored")
    assert process.poll() is None, "the ingest finished before it could be killed"
    survivors = kill_and_count_survivors(process)
    assert survivors == {}, f"alive {GRACE:g} s after kill -9 of the ingest: {survivors}"

    # every document stored is whole: exactly what a clean ingest makes of it
    with TradeGraph.open(":memory:") as clean:
        assert clean.ingest([corpus], workers=1).ok
        expected = {name: clean.store.graph_quads(name)
                    for name in clean.store.named_graphs() if name.startswith(DOCUMENTS)}
    opened = OxigraphStore.open(str(store))  # a writable open runs crash recovery
    try:
        stored = [name for name in opened.named_graphs() if name.startswith(DOCUMENTS)]
        assert 0 < len(stored) < BULLETINS, "killed part-way through"
        for name in stored:
            quads: set[Quad] = opened.graph_quads(name)
            assert quads == expected[name], f"{name} is not whole"
    finally:
        opened.close()


# ------------------------------------------------------------------ serve


def test_kill_9_of_the_endpoint_stops_its_query_workers_even_a_busy_one(
        news_store: Path, reaper: list[int]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    process = start(cli(news_store, "serve", "--port", str(port), "--workers", "2",
                        "--timeout", "600"))
    reaper.append(process.pid)
    url = f"http://127.0.0.1:{port}/sparql"

    def answers() -> bool:
        try:
            return httpx.get(url, params={"query": "ASK {}"}, timeout=5).status_code == 200
        except httpx.TransportError:
            return False

    wait_for(answers, 90, "the endpoint")
    wait_for(lambda: len(group(process.pid)) >= 4, 60, "the query workers")

    def runaway() -> None:
        with contextlib.suppress(httpx.TransportError):  # the server is killed under it
            httpx.get(url, params={"query": SLOW}, timeout=30)

    threading.Thread(target=runaway, daemon=True).start()
    time.sleep(2.0)  # a worker is now busy on the runaway query
    survivors = kill_and_count_survivors(process)
    assert survivors == {}, f"alive {GRACE:g} s after kill -9 of serve: {survivors}"


# ------------------------------------------------------------------ screening


def test_kill_9_of_a_screening_run_stops_its_forked_workers(
        tmp_path: Path, reaper: list[int]) -> None:
    # multiprocessing's fork pool closes its workers' copies of the parent's pipe ends, so
    # they also stop at their next result (a broken pipe); the lifeline stops them at once,
    # in the middle of a chunk
    store, listing = tmp_path / "store", tmp_path / "listed.csv"
    listing.write_text(listing_csv(read_listed(LISTED)), encoding="utf-8")
    with TradeGraph.open(str(store)) as graph:
        assert graph.ingest([listing], workers=1).ok
    process = start([sys.executable, str(SCRIPTS / "screen_slowly.py"), str(store)])
    reaper.append(process.pid)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "screening", process.stderr
    assert len(group(process.pid)) >= 3, "the parent and its two forked workers"
    survivors = kill_and_count_survivors(process)
    assert survivors == {}, f"alive {GRACE:g} s after kill -9 of screening: {survivors}"


# ------------------------------------------------------------------ the mechanism itself


@pytest.mark.parametrize("where", ["main", "thread"])
def test_children_outlive_the_thread_that_started_them_but_not_the_parent(
        where: str, reaper: list[int]) -> None:
    process = start([sys.executable, str(SCRIPTS / "lifeline_parent.py"), where])
    reaper.append(process.pid)
    assert process.stdout is not None
    alive = process.stdout.readline().split()
    assert len(alive) == 2, f"both children should be running: {alive}"
    survivors = kill_and_count_survivors(process)
    assert survivors == {}, f"alive {GRACE:g} s after kill -9 of their parent: {survivors}"
