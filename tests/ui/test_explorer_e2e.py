"""End to end: `tradegraph explore` on a loopback port, driven by headless Chromium (Debian's
/usr/bin/chromium through Playwright): search, entity page, network, evidence in the document.
Screenshots of each step go to test-artifacts/e2e/."""

from __future__ import annotations

import math
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pytest
from playwright.sync_api import Page, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
TRADEGRAPH = Path(sys.executable).with_name("tradegraph")

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def start_explorer(tmp_path: Path) -> Iterator[Callable[[Path], str]]:
    """`start_explorer(store)` runs `tradegraph explore` on a free loopback port and returns
    its URL; every explorer started is stopped after the test."""
    started: list[tuple[subprocess.Popen[bytes], IO[str]]] = []

    def start(store: Path) -> str:
        port = _free_port()
        log_path = tmp_path / f"explorer-{port}.log"
        log = log_path.open("w")
        env = {k: v for k, v in os.environ.items() if not k.startswith("TRADEGRAPH_")}
        process = subprocess.Popen(
            [str(TRADEGRAPH), "explore", "--store", str(store), "--port", str(port),
             "--headless"], stdout=log, stderr=subprocess.STDOUT, env=env,
            start_new_session=True)
        started.append((process, log))
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        return url
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("the explorer did not start:\n" + log_path.read_text())
            time.sleep(0.3)

    yield start
    for process, log in started:
        os.killpg(process.pid, signal.SIGTERM)  # the CLI and its streamlit child
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


@pytest.fixture
def page() -> Iterator[Page]:
    """A page in headless Debian Chromium."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield browser.new_page(viewport={"width": 1400, "height": 1000})
        finally:
            browser.close()


def _settled(page: Page) -> None:
    # Streamlit shows a "running" widget while the script runs; wait for it to go.
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=30_000)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def _click_any_node(page: Page, box: dict[str, float] | None) -> bool:
    """Click points of the network canvas in a spiral from its middle until one is a node
    other than the centre (which stays put): the explorer then opens that node's page."""
    assert box is not None
    middle_x, middle_y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for radius in range(30, int(min(box["width"], box["height"]) / 2), 18):
        for step in range(12):
            angle = step * math.pi / 6
            page.mouse.click(middle_x + radius * math.cos(angle),
                             middle_y + radius * math.sin(angle))
            for _ in range(4):  # the page changes once the app has rerun: slower when busy
                page.wait_for_timeout(100)
                if "page=entity" in page.url:
                    return True
    page.wait_for_timeout(5000)  # a late rerun from one of the last clicks
    return "page=entity" in page.url


def test_search_entity_network_document(start_explorer: Callable[[Path], str],
                                        demo_store: Path, page: Page,
                                        artifacts: Path) -> None:
    explorer_url = start_explorer(demo_store)
    page.set_default_timeout(30_000)
    page.goto(f"{explorer_url}/?page=search")
    box = page.get_by_label("Search labels and aliases")
    box.fill("Huawei")
    box.press("Enter")
    result = page.get_by_role("link", name="Huawei Technologies Co., Ltd.", exact=True)
    expect(result.first).to_be_visible()
    assert "q=Huawei" in page.url  # the search is in the URL
    _settled(page)
    page.screenshot(path=artifacts / "01-search.png", full_page=True)

    result.first.click()
    expect(page.get_by_role("heading", name="Huawei Technologies Co., Ltd.")).to_be_visible()
    row = page.locator("tr", has_text="Entity List addition").filter(has_text="2019-05-15")
    expect(row.first).to_be_visible()
    expect(page.locator("blockquote", has_text="added Huawei Technologies Co.").first) \
        .to_be_visible()
    _settled(page)
    page.screenshot(path=artifacts / "02-entity.png", full_page=True)

    page.get_by_role("link", name="Network", exact=True).click()
    expect(page.get_by_role("heading", name="Relationships")).to_be_visible()
    graph = page.frame_locator("iframe[title*='agraph']")
    expect(graph.locator("canvas").first).to_be_visible()
    _settled(page)
    page.wait_for_timeout(1500)  # let the layout settle for the screenshot
    page.screenshot(path=artifacts / "03-network.png", full_page=True)

    source = page.get_by_role("link", name="Huawei placed on U.S. Entity List").first
    source.click()
    expect(page.get_by_role("heading", name="Huawei placed on U.S. Entity List")).to_be_visible()
    focus = page.locator("mark.tg-focus").first
    focus.scroll_into_view_if_needed()
    expect(focus).to_be_visible()
    colour = focus.evaluate("node => getComputedStyle(node).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    quote = " ".join(page.locator("mark.tg-focus").all_inner_texts())
    assert "Huawei" in quote
    _settled(page)
    page.screenshot(path=artifacts / "04-document.png", full_page=True)

    # back on the network, clicking a node opens that node's page
    page.go_back()
    canvas = page.frame_locator("iframe[title*='agraph']").locator("canvas").first
    expect(canvas).to_be_visible()
    _settled(page)
    page.wait_for_timeout(2000)  # the physics layout settles
    opened = _click_any_node(page, canvas.bounding_box())
    assert opened, "no node of the network opened a page"
    expect(page.get_by_role("link", name="Network", exact=True)).to_be_visible()
    assert "huawei" not in page.url
    page.screenshot(path=artifacts / "06-node-clicked.png")
    for step in ("01-search", "02-entity", "03-network", "04-document", "06-node-clicked"):
        assert (artifacts / f"{step}.png").stat().st_size > 10_000


def test_upload_ingests_good_files_and_reports_bad_ones(
        start_explorer: Callable[[Path], str], demo_copy: Path, page: Page,
        artifacts: Path, tmp_path: Path) -> None:
    explorer_url = start_explorer(demo_copy)
    good = tmp_path / "norland-listing.txt"
    good.write_text("title: Norland listed\npublished: 2024-04-02\n\nThe Commerce "
                    "Department's Bureau of Industry and Security added Norland Photonics "
                    "Co., Ltd. to the Entity List on Tuesday.\n", encoding="utf-8")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    page.set_default_timeout(60_000)
    page.goto(f"{explorer_url}/?page=documents")
    page.get_by_text("Add documents", exact=True).click()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files([good, binary, empty])
    expect(page.get_by_text("norland-listing.txt")).to_be_visible()
    page.get_by_role("button", name="Ingest files").click()
    expect(page.get_by_text("1 ingested, 2 failed")).to_be_visible()
    results = page.locator("table.tg").filter(has_text="document or reason")
    expect(results.locator("tr", has_text="scan.txt")).to_contain_text("failed")
    expect(results.locator("tr", has_text="empty.txt")).to_contain_text("empty")
    expect(results.locator("tr", has_text="norland-listing.txt")).to_contain_text("ingested")
    _settled(page)
    results.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "05-upload.png")
    # the list under the form already holds the new document
    expect(page.get_by_role("link", name="Norland listed")).to_have_count(1)
    results.get_by_role("link", name="norland-listing").click()
    expect(page.get_by_role("heading", name="Norland listed")).to_be_visible()
    expect(page.locator("mark.tg-entity", has_text="Norland Photonics").first).to_be_visible()


def test_sparql_editor_runs_the_query_and_puts_it_in_the_url(
        start_explorer: Callable[[Path], str], demo_store: Path, page: Page,
        artifacts: Path) -> None:
    explorer_url = start_explorer(demo_store)
    page.set_default_timeout(30_000)
    page.goto(f"{explorer_url}/?page=sparql")
    _settled(page)
    editor = page.frame_locator("iframe[title*='code_editor']").locator(".ace_text-input")
    expect(editor.first).to_be_attached(timeout=30_000)
    page.wait_for_timeout(500)  # the editor binds its keys once mounted
    editor.first.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("SELECT ?firm WHERE { ?a a tg:DenialOrder ; tg:target ?firm }")
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("button", name="Download CSV")).to_be_visible(timeout=30_000)
    assert "DenialOrder" in page.url  # the query is in the URL
    _settled(page)
    page.screenshot(path=artifacts / "07-sparql.png")
    page.get_by_role("link", name="https://w3id.org/tradegraph/id/firm/zte").first.click()
    expect(page.get_by_role("heading", name="ZTE Corporation")).to_be_visible()
