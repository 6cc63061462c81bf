"""Endpoint throughput: requests/s and p50/p99 latency of an entity lookup over HTTP under
concurrent load from a second process, next to the same query run directly on the store;
then the same for the entity's linked-data page (`/id/firm/huawei` as HTML).

    .venv/bin/python bench/endpoint_bench.py [--seconds 10] [--concurrency 16] [--store DIR]
        [--baseline-python OTHER_CHECKOUT/.venv/bin/python]

Without --store, the packaged demo corpus is ingested into a scratch store first. The
target for this machine (2 cores) is >= 300 requests/s for the SPARQL lookup. With
--baseline-python, the same store is also served by another checkout's interpreter (e.g. a
worktree of main) and both are measured in turns (baseline, this tree, baseline, this tree),
so that a shared machine's load falls on both alike.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from pyoxigraph import Store

from tradegraph.graph.facade import TradeGraph
from tradegraph.ingest.demo_corpus import demo_paths
from tradegraph.ontology.terms import PREFIXES

LOOKUP = ("SELECT ?p ?o WHERE { <https://w3id.org/tradegraph/id/firm/huawei> ?p ?o }")
TARGET_RPS = 300.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def direct(store_path: str, seconds: float) -> dict[str, float]:
    """The lookup on the store in this process, one after another."""
    store = Store.read_only(store_path)
    latencies = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        list(store.query(LOOKUP, use_default_graph_as_union=True, prefixes=PREFIXES))
        latencies.append(time.perf_counter() - started)
    return {"rps": len(latencies) / seconds, "p50_ms": 1000 * percentile(latencies, 0.5),
            "p99_ms": 1000 * percentile(latencies, 0.99)}


async def _load(url: str, seconds: float, concurrency: int, page: bool) -> dict[str, float]:
    # aiohttp, not httpx: httpx's client tops out near 300 requests/s here and would
    # measure itself instead of the server.
    import aiohttp

    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as client:
        async def user() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                request = ({"headers": {"Accept": "text/html"}} if page
                           else {"params": {"query": LOOKUP}})
                async with client.get(url, **request) as response:
                    await response.read()
                    if response.status != 200:
                        errors += 1
                latencies.append(time.perf_counter() - started)
        await asyncio.gather(*(user() for _ in range(concurrency)))
    return {"rps": len(latencies) / seconds, "p50_ms": 1000 * percentile(latencies, 0.5),
            "p99_ms": 1000 * percentile(latencies, 0.99), "errors": errors}


def load_main(url: str, seconds: float, concurrency: int) -> None:
    """Run in the load-generating process: print the figures as JSON."""
    print(json.dumps(asyncio.run(_load(url, seconds, concurrency, "/id/" in url))))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_and_measure(python: str, store: Path, seconds: float, concurrency: int
                      ) -> tuple[dict[str, float], dict[str, float]]:
    """Serve `store` with `python`'s tradegraph; load the lookup, then the entity page."""
    port = free_port()
    server = subprocess.Popen([python, "-m", "tradegraph.ui.cli", "--store", str(store),
                               "serve", "--port", str(port)],
                              env={**os.environ, "TRADEGRAPH_UPDATE_TOKEN": ""},
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        for _ in range(300):
            try:
                httpx.get(url, params={"query": "ASK {}"})
                break
            except httpx.TransportError:
                time.sleep(0.2)
        http, page = (json.loads(subprocess.run(
            [sys.executable, __file__, "--load", target, "--seconds", str(seconds),
             "--concurrency", str(concurrency)],
            capture_output=True, text=True, check=True).stdout)
            for target in (url, f"http://127.0.0.1:{port}/id/firm/huawei"))
    finally:
        server.terminate()
        server.wait(10)
    return http, page


def best(runs: list[tuple[dict[str, float], dict[str, float]]]
         ) -> tuple[dict[str, float], dict[str, float]]:
    """Of several runs, the one of most lookups per second (the least disturbed)."""
    return (max((run[0] for run in runs), key=lambda figures: figures["rps"]),
            max((run[1] for run in runs), key=lambda figures: figures["rps"]))


def print_http(name: str, http: dict[str, float], page: dict[str, float]) -> None:
    print(f"  {name:14s}: {http['rps']:8.0f} req/s   p50 {http['p50_ms']:6.2f} ms   "
          f"p99 {http['p99_ms']:6.2f} ms   errors {http['errors']:.0f}")
    print(f"  {'entity page':14s}: {page['rps']:8.0f} req/s   p50 {page['p50_ms']:6.2f} ms   "
          f"p99 {page['p99_ms']:6.2f} ms   errors {page['errors']:.0f}  (/id/firm/huawei, HTML)")


def main() -> int:
    """Run both measurements and print them side by side."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--store", type=Path)
    parser.add_argument("--baseline-python", help="another checkout's interpreter to compare")
    parser.add_argument("--rounds", type=int, default=2, help="turns each, with a baseline")
    parser.add_argument("--load", help=argparse.SUPPRESS)  # internal: the client process
    args = parser.parse_args()
    if args.load:
        load_main(args.load, args.seconds, args.concurrency)
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        store = args.store or Path(scratch) / "store"
        if args.store is None:
            with TradeGraph.open(str(store)) as graph:
                graph.ingest([str(p) for p in demo_paths()], workers=1)
        ours: list[tuple[dict[str, float], dict[str, float]]] = []
        theirs: list[tuple[dict[str, float], dict[str, float]]] = []
        for _ in range(args.rounds if args.baseline_python else 1):
            if args.baseline_python:
                theirs.append(serve_and_measure(args.baseline_python, store, args.seconds,
                                                args.concurrency))
            ours.append(serve_and_measure(sys.executable, store, args.seconds,
                                          args.concurrency))
        on_store = direct(str(store), min(args.seconds, 5.0))
    http, page = best(ours)
    print(f"entity lookup, {args.concurrency} concurrent clients in a second process, "
          f"{args.seconds:g} s" + (f", best of {args.rounds} turns each" if theirs else ""))
    if theirs:
        print_http("baseline HTTP", *best(theirs))
    print_http("HTTP endpoint", http, page)
    print(f"  store directly: {on_store['rps']:8.0f} q/s     p50 {on_store['p50_ms']:6.2f} ms   "
          f"p99 {on_store['p99_ms']:6.2f} ms")
    print(f"  endpoint / direct throughput: {http['rps'] / on_store['rps']:.2f}")
    if theirs:
        print(f"  this tree / baseline: lookup {http['rps'] / best(theirs)[0]['rps']:.2f}, "
              f"entity page {page['rps'] / best(theirs)[1]['rps']:.2f}")
    print(f"  (load average {os.getloadavg()[0]:.1f})")
    verdict = "meets" if http["rps"] >= TARGET_RPS else "MISSES"
    print(f"  target >= {TARGET_RPS:g} req/s: {verdict}")
    return 0 if http["rps"] >= TARGET_RPS and not http["errors"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
