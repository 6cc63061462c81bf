"""How long a first visit to the explorer takes, cold: `tradegraph explore` started on a fresh
HOME with standard input from /dev/null (as a script or a first-time user starts it), until
it answers, and until its first page is drawn in headless Chromium; then the same page
again (warm: the baseline of the run), another page cold, and how long a SIGTERM takes to
free the port.

    .venv/bin/python bench/explorer_start_bench.py [--runs 3] [--store DIR]

Without `--store` it uses the demo corpus in a temporary store. A page counts as drawn when
its last element is visible and Streamlit's "running" indicator has gone.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from tradegraph.graph.facade import TradeGraph
from tradegraph.ingest.demo_corpus import demo_paths
from tradegraph.ui.explorer.launch import answers

CHROMIUM = "/usr/bin/chromium"
TRADEGRAPH = Path(sys.executable).with_name("tradegraph")


def free_port() -> int:
    """A TCP port free on loopback now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def port_free(port: int) -> bool:
    """Whether nothing listens on the port any more."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def drawn(page: Page, url: str, last: str) -> float:
    """Seconds from asking for `url` until the heading `last` is visible and the page has
    stopped running."""
    started = time.perf_counter()
    page.goto(url)
    expect(page.get_by_role("heading", name=last)).to_be_visible(timeout=120_000)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=120_000)
    return time.perf_counter() - started


def one_run(store: str, page: Page, flags: list[str]) -> dict[str, float]:
    """Start, draw the overview cold and warm, draw the entity page cold, stop."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="tg-home-") as home:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("TRADEGRAPH_", "DISPLAY", "WAYLAND_DISPLAY"))}
        env["HOME"] = home
        started = time.perf_counter()
        figures: dict[str, float] = {}
        process = subprocess.Popen([str(TRADEGRAPH), "explore", "--store", store, "--port",
                                    str(port), *flags], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env=env)
        try:
            while not answers(url + "/"):
                if process.poll() is not None:
                    raise SystemExit(f"tradegraph explore exited with {process.returncode}")
                time.sleep(0.05)
            figures["serves"] = time.perf_counter() - started
            figures["first page, cold"] = drawn(page, f"{url}/", "Most active agencies")
            figures["first page, warm"] = drawn(page, f"{url}/", "Most active agencies")
            figures["entity page, cold"] = drawn(
                page, f"{url}/?page=entity&iri=https://w3id.org/tradegraph/id/firm/huawei",
                "Evidence per action")
        finally:
            stopping = time.perf_counter()
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
            while not port_free(port):
                time.sleep(0.02)
            figures["SIGTERM to a free port"] = time.perf_counter() - stopping
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--store", type=Path)
    parser.add_argument("--headless", action="store_true",
                        help="pass --headless (an explore before #30 stops at Streamlit's "
                             "first-run prompt without it)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tg-bench-") as folder:
        store = args.store
        if store is None:
            store = Path(folder) / "demo"
            with TradeGraph.open(str(store)) as graph:
                graph.ingest([str(p) for p in demo_paths()], workers=1)
        runs = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
            for _ in range(args.runs):
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                runs.append(one_run(str(store), page, ["--headless"] if args.headless else []))
                page.close()
            browser.close()
    print(f"\n`tradegraph explore` on {store if args.store else 'the demo corpus'}, fresh HOME, "
          f"stdin /dev/null; median of {args.runs} runs (s)\n")
    for name in runs[0]:
        values = [r[name] for r in runs]
        print(f"{name:<26} {statistics.median(values):6.2f}   "
              f"({', '.join(f'{v:.2f}' for v in values)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
