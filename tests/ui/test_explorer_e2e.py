"""End to end: `tradegraph explore` on a loopback port, driven by headless Chromium (Debian's
/usr/bin/chromium through Playwright), clicking and typing as an analyst would, on every
page. Screenshots of each step go to test-artifacts/e2e/ (gitignored), named after the
step and the store's backend.

Every wait is on what the page shows: a locator's state (`expect(...)`), an attribute the
network's script sets when its drawing is fitted (`data-tg-ready`), the URL. Nothing waits
for a load event or sleeps. (The flake of `test_an_analyst_clicks_through_every_page` in
CI: `Page.wait_for_load_state("networkidle")` timed out at 45 s, as a Streamlit page with
component frames and a websocket may never go network-idle; and a click at a bundle's
coordinates could land while the drawing was still being laid out or a rerun redrew it,
so the URL never got its `open=`. Both waits are gone: the click comes once the drawing
says it is fitted and the page has stopped running.)

The record the issue asks for: the Chromium suite (this file and
test_explorer_lifecycle.py, both backends: 15 tests) ten times in a row, each run a
separate `pytest`, on the 2-core machine loaded by a CPU hog on each core (`yes >
/dev/null`, twice) besides the other helpers' work (load average 7-10 at the end of runs):

    run  1: 15 passed, 273 s, load 9.9     run  6: 15 passed, 354 s, load 8.8
    run  2: 15 passed, 282 s, load 7.3     run  7: 15 passed, 377 s, load 8.4
    run  3: 15 passed, 383 s, load 9.5     run  8: 15 passed, 367 s, load 8.7
    run  4: 15 passed, 346 s, load 7.1     run  9: 15 passed, 333 s, load 7.0
    run  5: 15 passed, 263 s, load 8.1     run 10: 15 passed, 343 s, load 7.1
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.slow

HUAWEI_LABEL = "Huawei Technologies Co., Ltd."
HUAWEI = "https://w3id.org/tradegraph/id/firm/huawei"
NETWORK = "iframe[title*='st_cytoscape']"


@pytest.fixture
def shots(artifacts: Path, demo_store: Path | str) -> Any:
    """`shots(page, "01-search")` saves a screenshot named after the step and backend."""
    backend = "virtuoso" if str(demo_store).startswith("http") else "oxigraph"

    def take(page: Page, name: str, *, full: bool = False) -> None:
        quiet(page)
        page.screenshot(path=artifacts / f"{name}-{backend}.png", full_page=full)

    return take


def quiet(page: Page) -> None:
    """The page has stopped running (no "running" indicator) and shows no exception."""
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=60_000)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def main(page: Page) -> Any:
    """The page's main area (not the sidebar)."""
    return page.get_by_test_id("stMain")


def cytoscape(page: Page, script: str) -> Any:
    """Run `script` (a function of the Cytoscape.js instance) inside the network's frame."""
    body = page.frame_locator(NETWORK).locator("body")
    return body.evaluate("(b, script) => { const cy = [...b.querySelectorAll('div')]"
                         ".find(d => d._cyreg)._cyreg.cy; return eval(script)(cy) }", script)


def drawing_ready(page: Page, edges: int | None = None) -> dict[str, float]:
    """Wait until the network's drawing (with `edges` edges, when given) is fitted to the
    screen; the frame's box."""
    drawn = f"[data-tg-edges='{edges}']" if edges is not None else ""
    frame = page.locator(f"{NETWORK}[data-tg-ready='true']{drawn}")
    expect(frame).to_have_count(1, timeout=60_000)
    quiet(page)
    box = frame.bounding_box()
    assert box is not None
    return box


def point_at(page: Page, frame: dict[str, float], selector: str) -> dict[str, Any]:
    """Move the pointer onto the first element matching `selector` in the drawing; what
    it is and the label it shows under the pointer."""
    where = cytoscape(page, f"cy => {{ const e = cy.$({selector!r})[0]; const p = e.isNode() "
                            "? e.renderedPosition() : e.renderedMidpoint(); "
                            "return {id: e.id(), x: p.x, y: p.y} }")
    page.mouse.move(frame["x"] + where["x"], frame["y"] + where["y"])
    hovered = page.frame_locator(NETWORK).locator("body")
    expect(hovered).to_have_attribute("data-tg-hover", where["id"], timeout=10_000)
    return {**where, **cytoscape(page, f"cy => ({{label: cy.$id({where['id']!r})"
                                       ".style('label'), name: cy.$id("
                                       f"{where['id']!r}).data('name'), title: cy.$id("
                                       f"{where['id']!r}).data('title')}})")}


# ------------------------------------------------------------------ the walk through


def _search(page: Page, url: str, shots: Any) -> None:
    page.goto(f"{url}/?page=search")
    expect(main(page).get_by_role("heading", name="Search")).to_be_visible()
    expect(page.get_by_test_id("stToolbar")).to_be_attached()
    expect(page.get_by_test_id("stAppDeployButton")).to_have_count(0)  # no "Deploy"
    expect(page.get_by_role("button", name="Deploy")).to_have_count(0)
    expect(main(page).get_by_role("textbox")).to_have_count(1)  # one search box
    box = page.get_by_label("Name or alias")
    box.fill("huawei")
    box.press("Enter")
    rows = main(page).locator("table.tg tr", has=page.get_by_role("link", name=HUAWEI_LABEL,
                                                                   exact=True))
    expect(rows).to_have_count(1)  # one row per entity, its aliases in it
    expect(rows).to_contain_text("Huawei Technologies Co. Ltd.")
    expect(rows).to_contain_text("China")
    expect(rows.locator(".tg-flag.listed")).to_have_text("listed")
    assert "q=huawei" in page.url  # the search is in the URL
    shots(page, "01-search")
    rows.get_by_role("link", name=HUAWEI_LABEL, exact=True).click()
    expect(page.get_by_role("heading", name=HUAWEI_LABEL)).to_be_visible()


def _entity(page: Page, shots: Any) -> None:
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
    # the columns that matter are drawn whole in the first screen of the table
    headers = grid.locator("[role=columnheader]")
    expect(headers.filter(has_text=re.compile(r"^legal record$"))).to_have_count(1)
    assert {"type", "date", "legal record"} <= set(headers.all_inner_texts())
    summaries = page.locator("details.tg-action > summary").all_inner_texts()
    assert len(summaries) == actions
    listing = [s for s in summaries if s.startswith("Entity List addition · 2019-05")]
    assert len(listing) == 1 and listing[0].startswith("Entity List addition · 2019-05-16")
    shots(page, "02-entity")
    # a date typed in the date box applies on Enter
    day = page.get_by_label("Status as of", exact=True)
    day.fill("2019-05-10")
    day.press("Enter")
    expect(page).to_have_url(re.compile(r"asof=2019-05-10"))
    expect(status).to_contain_text("On 2019-05-10: no list or restriction in force")
    shots(page, "02b-entity-status-on-a-day")


def _network(page: Page, shots: Any) -> None:
    page.get_by_role("link", name="Network", exact=True).click()
    expect(page.get_by_role("heading", name="Network", exact=True)).to_be_visible()
    frame = drawing_ready(page)
    viewport = page.viewport_size
    assert viewport is not None
    # the drawing fills the first screen, and everything drawn is inside it
    assert frame["y"] + frame["height"] <= viewport["height"] + 1 and frame["height"] >= 380
    inside = cytoscape(page, "cy => cy.nodes().every(n => { const b = n.renderedBoundingBox("
                             "{includeLabels: false}); return b.x1 >= 0 && b.y1 >= 0 && "
                             "b.x2 <= cy.width() && b.y2 <= cy.height() })")
    assert inside
    legend = page.locator(".tg-legend")
    expect(legend).to_contain_text("Actions (agent → target)")
    expect(legend).to_contain_text("Entity List addition")
    labels = cytoscape(page, "cy => cy.nodes().map(n => n.data('label'))")
    assert not [x for x in labels if "not named" in x]  # no made-up node
    loops = cytoscape(page, "cy => cy.edges().filter(e => e.source().id() === "
                            "e.target().id()).map(e => e.classes().join(' '))")
    assert loops and all("noagent" in c for c in loops)
    bundle = cytoscape(page, "cy => { const e = cy.edges('.bundle').max(x => "
                             "parseInt(x.data('label'))).ele; const p = e.renderedMidpoint(); "
                             "return {id: e.id(), label: e.data('label'), x: p.x, y: p.y, "
                             "source: e.source().id(), target: e.target().id()} }")
    count = int(bundle["label"].split()[0])
    assert count >= 5
    edges = cytoscape(page, "cy => cy.edges().length")
    shots(page, "03-network")
    page.mouse.click(frame["x"] + bundle["x"], frame["y"] + bundle["y"])
    expect(page).to_have_url(re.compile(r"open=" + bundle["id"].split(":", 1)[1]),
                             timeout=30_000)
    frame = drawing_ready(page, edges - 1 + count)  # the new drawing, the bundle opened
    between = cytoscape(page, f"cy => cy.edges().filter(e => e.source().id() === "
                              f"'{bundle['source']}' && e.target().id() === "
                              f"'{bundle['target']}').map(e => [e.classes().join(' '), "
                              "e.data('label')])")
    assert len(between) == count and not any("bundle" in c for c, _ in between)
    assert all(label == "" for _, label in between)  # too many to label: no overlap
    shots(page, "04-network-opened")
    edge = point_at(page, frame, f"edge[source = '{bundle['source']}']"
                                 f"[target = '{bundle['target']}']")
    assert edge["label"] == edge["title"] and edge["title"]  # its name under the pointer
    shots(page, "04b-network-edge-under-the-pointer")


def _network_two_hops(page: Page, url: str, shots: Any) -> None:
    page.goto(f"{url}/?page=network&iri={HUAWEI}&depth=2&via=all")
    frame = drawing_ready(page)
    long = cytoscape(page, "cy => cy.nodes().filter(n => n.data('label') !== "
                           "n.data('name') && !n.isParent()).map(n => n.id())")
    assert long, "a node whose label is cut"
    node = point_at(page, frame, f"node[id = '{long[0]}']")
    assert node["label"] == node["name"] and len(node["name"]) > 34  # whole, under the pointer
    shots(page, "04c-network-two-hops-name-under-the-pointer")


def _timeline(page: Page, url: str, shots: Any) -> None:
    page.goto(f"{url}/?page=entity&iri={HUAWEI}")
    expect(page.get_by_role("heading", name=HUAWEI_LABEL)).to_be_visible()
    page.get_by_test_id("stSidebar").get_by_text("Timeline", exact=True).click()
    expect(page.get_by_role("heading", name="Timeline", exact=True)).to_be_visible()
    charts = page.get_by_test_id("stVegaLiteChart")
    expect(charts).to_have_count(2)
    point = charts.nth(1).locator("path[aria-label*='action: ']"
                                  "[aria-label*='type: Entity List addition']"
                                  "[aria-label*='date: 2019-05-16']").first
    expect(point).to_be_attached(timeout=30_000)
    # one time axis: a month's tick stands at the same place in both charts
    ticks = [charts.nth(i).locator("g.role-axis-label text", has_text="2020-01").first
             for i in range(2)]
    boxes = [t.bounding_box() for t in ticks]
    assert boxes[0] and boxes[1] and abs(boxes[0]["x"] - boxes[1]["x"]) < 1
    # the type filter names types as people say them
    page.get_by_test_id("stMultiSelect").first.click()
    expect(page.get_by_role("option", name="Entity List addition")).to_be_visible()
    page.keyboard.press("Escape")
    shots(page, "05-timeline")
    point.click(force=True)
    expect(page).to_have_url(re.compile(r"action="), timeout=30_000)
    expect(page.get_by_role("heading", name="The action you chose")).to_be_visible()
    focus = page.locator("mark.tg-focus", has_text="added Huawei Technologies Co.").first
    focus.scroll_into_view_if_needed()
    expect(focus).to_be_visible()
    colour = focus.evaluate("node => getComputedStyle(node).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    shots(page, "06-timeline-action")
    # a year typed in "From" applies on Enter and keeps what is plotted in that year
    start = page.get_by_label("From", exact=True)
    start.fill("2020")
    start.press("Enter")
    expect(page).to_have_url(re.compile(r"from=2020"))
    table = main(page).locator("table.tg")
    expect(table.locator("tr", has_text="2019-05-16")).to_have_count(0)
    expect(table.locator("tr", has_text="2020-05-15").filter(
        has_text="Temporary general license")).to_have_count(1)
    shots(page, "06b-timeline-from-2020")


def _sparql(page: Page, shots: Any) -> None:
    page.get_by_test_id("stSidebar").get_by_text("SPARQL", exact=True).click()
    expect(page.get_by_role("heading", name="SPARQL", exact=True)).to_be_visible()
    frame = page.frame_locator("iframe[title*='code_editor']")
    editor = frame.locator(".ace_text-input")
    expect(editor.first).to_be_attached(timeout=30_000)
    expect(frame.locator(".ace_content").first).to_contain_text("SELECT")
    editor.first.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("SELECT ?a ?t WHERE { ?a tg:target ?t ; a tg:Enti", delay=40)
    popup = frame.locator(".ace_autocomplete")
    expect(popup).to_be_visible(timeout=10_000)
    expect(popup).to_contain_text("EntityListAddition")
    offered = popup.inner_text().replace("\n", "")
    assert "tg:EntityListAddition" in offered
    shots(page, "07-sparql-completion")
    page.keyboard.press("Enter")
    page.keyboard.type(" }", delay=40)
    expect(frame.locator(".ace_content").first).to_contain_text("tg:EntityListAddition }")
    assert "tg:tg:" not in frame.locator(".ace_content").first.inner_text()
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("button", name="Download CSV")).to_be_visible(timeout=30_000)
    assert "EntityListAddition" in page.url  # the query is in the URL
    # labels beside the IRIs
    cell = main(page).locator("table.tg td", has=page.locator("small.tg-iri",
                                                              has_text="firm/huawei")).first
    expect(cell.get_by_role("link", name=HUAWEI_LABEL)).to_be_visible()
    shots(page, "08-sparql-result")


def _screen(page: Page, shots: Any) -> None:
    page.get_by_test_id("stSidebar").get_by_text("Screen", exact=True).click()
    expect(page.get_by_role("heading", name="Screen", exact=True)).to_be_visible()
    page.get_by_label("Names", exact=True).fill("HUAWEI TECHNOLOGIES CO.,LTD\nAcme Widgets Ltd")
    page.get_by_role("button", name="Screen").click()
    expect(page.get_by_text(re.compile(r"2 rows: 1 with a match"))).to_be_visible(
        timeout=60_000)
    grid = page.get_by_test_id("stDataFrame").locator("[role=grid]").first
    expect(grid).to_contain_text(HUAWEI_LABEL)
    expect(grid).to_contain_text("under Entity List since 2019-05-16")
    headers = grid.locator("[role=columnheader]")
    expect(headers.filter(has_text=re.compile(r"^status$"))).to_have_count(1)
    assert {"name", "match", "restricted", "status"} <= set(headers.all_inner_texts())
    expect(page.locator("blockquote.tg").first).to_be_visible()
    shots(page, "09-screen")


def test_an_analyst_clicks_through_every_page(demo_explorer: Any, browser_page: Page,
                                              shots: Any) -> None:
    page = browser_page
    page.set_default_timeout(45_000)
    _search(page, demo_explorer.url, shots)
    _entity(page, shots)
    _network(page, shots)
    _network_two_hops(page, demo_explorer.url, shots)
    _timeline(page, demo_explorer.url, shots)
    _sparql(page, shots)
    _screen(page, shots)
    log = demo_explorer.log.read_text(encoding="utf-8")
    assert "missing ScriptRunContext" not in log and "No runtime found" not in log


def test_documents_search_filter_and_a_list_dated_by_its_entries(
        demo_explorer: Any, browser_page: Page, shots: Any) -> None:
    page = browser_page
    page.set_default_timeout(45_000)
    page.goto(f"{demo_explorer.url}/?page=documents")
    table = main(page).locator("table.tg")
    listing = table.locator("tr", has_text="Screening list")
    expect(listing).to_have_count(1)
    expect(listing.locator("td").first).to_have_text("2020-12-18")  # its newest entry
    box = page.get_by_label("Search titles and publishers")
    box.fill("huawei")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"dq=huawei"))
    expect(listing).to_have_count(0)
    titles = table.locator("tr td:nth-child(2)")
    expect(titles.first).to_be_visible()
    assert all("huawei" in t.lower() for t in titles.all_inner_texts())
    shots(page, "10-documents-search")
    page.goto(f"{demo_explorer.url}/?page=documents&kind=screening+list")
    expect(table.locator("tr", has=page.locator("td"))).to_have_count(1)
    expect(listing).to_have_count(1)


def test_export_offers_the_entity_on_screen_in_formats_as_people_say_them(
        demo_explorer: Any, browser_page: Page, shots: Any) -> None:
    page = browser_page
    page.set_default_timeout(45_000)
    page.goto(f"{demo_explorer.url}/?page=entity&iri={HUAWEI}")
    expect(page.get_by_role("heading", name=HUAWEI_LABEL)).to_be_visible()
    page.get_by_role("link", name="Export", exact=True).click()
    expect(page.get_by_role("heading", name="Export", exact=True)).to_be_visible()
    expect(main(page).get_by_text("The description of")).to_contain_text(HUAWEI_LABEL)
    expect(page.get_by_role("button", name=re.compile(r"^Download huawei\.ttl \(Turtle, "))) \
        .to_be_visible()
    expect(page.get_by_role("combobox", name="Format")).to_have_value("Turtle")
    shots(page, "11-export")


def test_a_bad_date_in_a_link_says_so(demo_explorer: Any, browser_page: Page,
                                      shots: Any) -> None:
    page = browser_page
    page.set_default_timeout(45_000)
    page.goto(f"{demo_explorer.url}/?page=entity&iri={HUAWEI}&asof=2019-13-45")
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text(
        "Status as of: “2019-13-45” is not a date")
    expect(page.locator(".tg-status").first).to_contain_text("Today:")
    shots(page, "12-bad-date-in-a-link")


def test_upload_ingests_good_files_and_reports_bad_ones(
        serve_explorer: Any, demo_copy: Path, browser_page: Page,
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
    quiet(page)
    results.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "13-upload.png")
    # the list under the form already holds the new document
    expect(page.get_by_role("link", name="Norland listed")).to_have_count(1)
    results.get_by_role("link", name="norland-listing").click()
    expect(page.get_by_role("heading", name="Norland listed")).to_be_visible()
    expect(page.locator("mark.tg-entity", has_text="Norland Photonics").first).to_be_visible()
