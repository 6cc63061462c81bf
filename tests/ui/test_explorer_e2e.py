"""End to end: `tradegraph explore` on a loopback port, driven by headless Chromium (Debian's
/usr/bin/chromium through Playwright), clicking as an analyst would: search "huawei" → the
entity page (status first, real aliases, one row per real action) → the network (legend,
bundled edges, a click opens a bundle) → the timeline (a click on a point opens the action
with its sentence highlighted) → SPARQL (completion of `tg:Enti`) → Screen (pasted names
matched). Screenshots of each step go to test-artifacts/e2e/."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.slow

HUAWEI_LABEL = "Huawei Technologies Co., Ltd."


def _settled(page: Page) -> None:
    # Streamlit shows a "running" widget while the script runs; wait for it to go.
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=60_000)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def _cytoscape(page: Page, script: str) -> Any:
    """Run `script` (a function of the Cytoscape.js instance) inside the network's frame."""
    body = page.frame_locator("iframe[title*='st_cytoscape']").locator("body")
    return body.evaluate("(b, script) => { const cy = [...b.querySelectorAll('div')]"
                         ".find(d => d._cyreg)._cyreg.cy; return eval(script)(cy) }", script)


def _search_to_entity(page: Page, url: str, artifacts: Path) -> None:
    page.goto(f"{url}/?page=search")
    box = page.get_by_label("Search labels and aliases")
    box.fill("huawei")
    box.press("Enter")
    result = page.get_by_role("link", name=HUAWEI_LABEL, exact=True)
    expect(result.first).to_be_visible()
    assert "q=huawei" in page.url  # the search is in the URL
    _settled(page)
    page.screenshot(path=artifacts / "01-search.png", full_page=True)
    result.first.click()
    expect(page.get_by_role("heading", name=HUAWEI_LABEL)).to_be_visible()


def _entity(page: Page, artifacts: Path) -> None:
    status = page.locator(".tg-status").first
    expect(status).to_contain_text("on the Entity List since 2019-05-16")
    expect(status).to_contain_text("confirmed by the legal record [84 FR 22961]")
    names = page.locator("p", has_text="Also known as").first
    expect(names).to_contain_text("Huawei Technologies Co. Ltd.")
    assert "the company" not in names.inner_text().lower()
    heading = page.get_by_role("heading", name=re.compile(r"^Actions \(\d+\)"))
    expect(heading).to_be_visible()
    actions = int(re.search(r"\d+", heading.inner_text()).group(0))
    grid = page.get_by_test_id("stDataFrame").locator("[role=grid]").first
    expect(grid).to_have_attribute("aria-rowcount", str(actions + 1))  # and the header
    summaries = page.locator("details.tg-action > summary").all_inner_texts()
    assert len(summaries) == actions
    listing = [s for s in summaries if s.startswith("Entity List addition · 2019-05")]
    assert len(listing) == 1 and listing[0].startswith("Entity List addition · 2019-05-16")
    _settled(page)
    page.screenshot(path=artifacts / "02-entity.png", full_page=True)


def _network(page: Page, artifacts: Path) -> None:
    page.get_by_role("link", name="Network", exact=True).click()
    expect(page.get_by_role("heading", name="Relationships")).to_be_visible()
    legend = page.locator(".tg-legend")
    expect(legend).to_contain_text("Actions (agent → target)")
    expect(legend).to_contain_text("Entity List addition")
    expect(page.frame_locator("iframe[title*='st_cytoscape']").locator("canvas").first) \
        .to_be_visible()
    _settled(page)
    page.wait_for_timeout(1000)
    bundle = _cytoscape(page, "cy => { const e = cy.edges('.bundle').max(x => "
                              "parseInt(x.data('label'))).ele; const p = e.renderedMidpoint(); "
                              "return {id: e.id(), label: e.data('label'), x: p.x, y: p.y, "
                              "source: e.source().id(), target: e.target().id()} }")
    count = int(bundle["label"].split()[0])
    assert count >= 5
    page.screenshot(path=artifacts / "03-network.png", full_page=True)
    frame = page.locator("iframe[title*='st_cytoscape']").bounding_box()
    assert frame is not None
    page.mouse.click(frame["x"] + bundle["x"], frame["y"] + bundle["y"])
    expect(page).to_have_url(re.compile(r"open=" + bundle["id"].split(":", 1)[1]),
                             timeout=30_000)
    _settled(page)
    page.wait_for_timeout(1500)
    between = _cytoscape(page, f"cy => cy.edges().filter(e => e.source().id() === "
                               f"'{bundle['source']}' && e.target().id() === "
                               f"'{bundle['target']}').map(e => e.classes().join(' '))")
    assert len(between) == count and not any("bundle" in c for c in between)
    page.screenshot(path=artifacts / "04-network-opened.png", full_page=True)


def _timeline(page: Page, artifacts: Path) -> None:
    page.get_by_test_id("stSidebar").get_by_text("Timeline", exact=True).click()
    expect(page.get_by_role("heading", name="Timeline", exact=True)).to_be_visible()
    point = page.locator("[data-testid=stVegaLiteChart] path[aria-label*='action: ']"
                         "[aria-label*='type: Entity List addition']"
                         "[aria-label*='date: 2019-05-16']").first
    expect(point).to_be_attached(timeout=30_000)
    _settled(page)
    page.screenshot(path=artifacts / "05-timeline.png", full_page=True)
    point.click(force=True)
    expect(page).to_have_url(re.compile(r"action="), timeout=30_000)
    expect(page.get_by_role("heading", name="The action you chose")).to_be_visible()
    focus = page.locator("mark.tg-focus", has_text="added Huawei Technologies Co.").first
    focus.scroll_into_view_if_needed()
    expect(focus).to_be_visible()
    colour = focus.evaluate("node => getComputedStyle(node).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    _settled(page)
    page.screenshot(path=artifacts / "06-timeline-action.png", full_page=True)


def _sparql(page: Page, artifacts: Path) -> None:
    page.get_by_test_id("stSidebar").get_by_text("SPARQL", exact=True).click()
    _settled(page)
    frame = page.frame_locator("iframe[title*='code_editor']")
    editor = frame.locator(".ace_text-input")
    expect(editor.first).to_be_attached(timeout=30_000)
    page.wait_for_timeout(800)  # the editor binds its keys once mounted
    editor.first.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("SELECT ?a WHERE { ?a a tg:Enti", delay=40)
    popup = frame.locator(".ace_autocomplete")
    expect(popup).to_be_visible(timeout=10_000)
    expect(popup).to_contain_text("EntityListAddition")
    offered = popup.inner_text().replace("\n", "")
    assert "tg:EntityListAddition" in offered
    page.screenshot(path=artifacts / "07-sparql-completion.png")
    page.keyboard.press("Enter")
    page.keyboard.type(" }", delay=40)
    content = frame.locator(".ace_content").first.inner_text()
    assert "tg:EntityListAddition }" in content and "tg:tg:" not in content
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("button", name="Download CSV")).to_be_visible(timeout=30_000)
    assert "EntityListAddition" in page.url  # the query is in the URL
    _settled(page)
    page.screenshot(path=artifacts / "08-sparql-result.png")


def _screen(page: Page, artifacts: Path) -> None:
    page.get_by_test_id("stSidebar").get_by_text("Screen", exact=True).click()
    expect(page.get_by_role("heading", name="Screen", exact=True)).to_be_visible()
    page.get_by_label("Names", exact=True).fill("HUAWEI TECHNOLOGIES CO.,LTD\nAcme Widgets Ltd")
    page.get_by_role("button", name="Screen").click()
    expect(page.get_by_text(re.compile(r"2 rows: 1 with a match"))).to_be_visible(
        timeout=60_000)
    grid = page.get_by_test_id("stDataFrame").locator("[role=grid]").first
    expect(grid).to_contain_text(HUAWEI_LABEL)
    expect(grid).to_contain_text("under Entity List since 2019-05-16")
    expect(page.locator("blockquote.tg").first).to_be_visible()
    _settled(page)
    page.screenshot(path=artifacts / "09-screen.png", full_page=True)


def test_an_analyst_clicks_through_every_page(serve_explorer: Callable[..., Any],
                                              demo_store: Path | str, browser_page: Page,
                                              artifacts: Path) -> None:
    page = browser_page
    page.set_default_timeout(45_000)
    served = serve_explorer(demo_store)
    _search_to_entity(page, served.url, artifacts)
    _entity(page, artifacts)
    _network(page, artifacts)
    _timeline(page, artifacts)
    _sparql(page, artifacts)
    _screen(page, artifacts)
    for shot in artifacts.glob("0*.png"):
        assert shot.stat().st_size > 10_000, shot


def test_upload_ingests_good_files_and_reports_bad_ones(
        serve_explorer: Callable[..., Any], demo_copy: Path, browser_page: Page,
        artifacts: Path, tmp_path: Path) -> None:
    page = browser_page
    explorer_url = serve_explorer(demo_copy).url
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
    page.screenshot(path=artifacts / "10-upload.png")
    # the list under the form already holds the new document
    expect(page.get_by_role("link", name="Norland listed")).to_have_count(1)
    results.get_by_role("link", name="norland-listing").click()
    expect(page.get_by_role("heading", name="Norland listed")).to_be_visible()
    expect(page.locator("mark.tg-entity", has_text="Norland Photonics").first).to_be_visible()
