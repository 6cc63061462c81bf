"""The timeline on the demo corpus (both backends): one point per dated real action, whole
lane labels, dated ticks, date filters from the pickers, the action a point opens with its
sentence highlighted, and an entity's lifecycles as bars with report and deadline marks."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

from tradegraph.graph.facade import TradeGraph
from tradegraph.ui.explorer import queries

BASE = "https://w3id.org/tradegraph/id/"
HUAWEI = BASE + "firm/huawei"


def rows_of(app: Any, pages: Any) -> list[list[str]]:
    """The cells of the table under the chart, tags removed."""
    body = pages.html(app)
    rows = [[html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td>(.*?)</td>", r)]
            for r in re.findall(r"<tr>(.*?)</tr>", body)]
    return [r for r in rows if r]  # not the header


def test_one_point_per_dated_real_action(explorer: Any, pages: Any,
                                         demo_store: Path | str) -> None:
    app = explorer(page="timeline", iri=HUAWEI)
    pages.ok(app)
    count = int(next(c.value for c in app.caption if "dated actions" in c.value).split()[0])
    with TradeGraph.open(str(demo_store), read_only=True) as graph:
        [row] = graph.select(f"""SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{
          VALUES ?p {{ tg:agent tg:target tg:beneficiary tg:product }} ?a ?p <{HUAWEI}> .
          FILTER NOT EXISTS {{ ?a tg:sameActionAs ?r }} }}""")
    assert count == int(row["n"] or 0)
    rows = rows_of(app, pages)
    assert len(rows) == count
    assert [r for r in rows if r[0] == "2019-05-16" and r[1] == "Entity List addition"]
    assert not [r for r in rows if r[0] == "2019-05-15" and r[1] == "Entity List addition"]
    everything = explorer(page="timeline")
    total = int(next(c.value for c in everything.caption if "dated" in c.value).split()[0])
    assert count < total


def test_lanes_have_whole_labels_dated_ticks_and_tooltips(explorer: Any, pages: Any) -> None:
    from tradegraph.ui.explorer.time_axis import LANE_WIDTH

    app = explorer(page="timeline", iri=HUAWEI)
    dots = next(s for s in pages.charts(app) if s.get("mark", {}).get("type") == "circle")
    lanes = {d["lane"] for d in dots["data"]["values"]}
    assert "Entity List addition" in lanes  # types as people say them, not class names
    assert not any(lane[0].isupper() and " " not in lane and lane[1:] != lane[1:].lower()
                   for lane in lanes)
    assert dots["encoding"]["y"]["axis"]["labelLimit"] >= 7 * max(len(x) for x in lanes)
    assert dots["encoding"]["y"]["axis"]["minExtent"] == LANE_WIDTH
    assert dots["encoding"]["x"]["axis"]["format"] == "%Y-%m"
    assert [t["field"] for t in dots["encoding"]["tooltip"]] == ["date", "type", "label"]
    assert any(p.get("name") == "pick" for p in dots["params"])


def test_the_date_pickers_filter_and_live_in_the_url(explorer: Any, pages: Any) -> None:
    window = explorer(page="timeline", **{"from": "2019-05-01", "to": "2019-05-31"})
    pages.ok(window)
    dates = [r[0] for r in rows_of(window, pages)]
    assert dates and all(d.startswith("2019-05") for d in dates)
    app = explorer(page="timeline")
    app.text_input(key="url:timeline:from").input("2020-01-01").run()
    assert pages.url(app, "from") == "2020-01-01"
    assert all(r[0] >= "2020" for r in rows_of(app, pages))
    year = explorer(page="timeline", **{"from": "2019", "to": "2019"})  # a link with years
    assert all(r[0].startswith("2019") for r in rows_of(year, pages))
    wrong = explorer(page="timeline", **{"from": "2019-13"})
    assert [e.value for e in wrong.error] == [
        "From: “2019-13” is not a date; write it as YYYY, YYYY-MM or YYYY-MM-DD "
        "(e.g. 2019-05-16); not applied"]


def test_the_dates_filter_on_the_date_plotted(explorer: Any, pages: Any,
                                             demo_store: Path | str) -> None:
    # every action of 2020 by its plotted date is kept, whenever it was first reported
    with TradeGraph.open(str(demo_store), read_only=True) as graph:
        plotted = {r["action"] or "": (r["date"] or "")
                   for r in graph.select(queries.timeline(None, [], None, None))}
    in_2020 = sorted(a for a, d in plotted.items() if d.startswith("2020"))
    app = explorer(page="timeline", **{"from": "2020", "to": "2020"})
    shown = rows_of(app, pages)
    assert len(shown) == len(in_2020) and all(r[0].startswith("2020") for r in shown)
    assert [r for r in shown if r[0] == "2020-08-17" and r[1] == "Entity List addition"]
    dots = next(s for s in pages.charts(app) if s.get("mark", {}).get("type") == "circle")
    assert sorted(d["action"] for d in dots["data"]["values"]) == in_2020


def test_lifecycles_and_actions_share_one_time_axis(explorer: Any, pages: Any) -> None:
    app = explorer(page="timeline", iri=HUAWEI)
    layered = next(s for s in pages.charts(app) if "layer" in s)
    dots = next(s for s in pages.charts(app) if s.get("mark", {}).get("type") == "circle")
    bars = layered["layer"][0]["encoding"]
    assert bars["x"]["scale"]["domain"] == dots["encoding"]["x"]["scale"]["domain"]
    assert bars["y"]["axis"]["minExtent"] == dots["encoding"]["y"]["axis"]["minExtent"]
    first, last = bars["x"]["scale"]["domain"]
    days = [d["when"] for d in dots["data"]["values"]]
    assert first < min(days) and max(days) < last


def test_an_act_of_no_duration_is_a_mark_not_a_bar(pages: Any) -> None:
    from streamlit.testing.v1 import AppTest

    def script() -> None:
        from tradegraph.ui.explorer.views import lifecycle_chart

        bar = {"lane": "denial order · 2018-04-15", "start": "2018-04-15", "open": "ended",
               "cls": "DenialOrder", "type": "Denial order", "record": "reported only",
               "action": "https://example.org/a"}
        lifecycle_chart.render([{**bar, "end": "2018-07-13", "until": "2018-07-13"},
                                {**bar, "lane": "denial order · 2019-01-02",
                                 "start": "2019-01-02", "end": "2019-01-02",
                                 "until": "2019-01-02"}], [], ("2018-01-01", "2019-06-01"))

    app = AppTest.from_function(script).run()
    assert not app.exception
    [spec] = pages.charts(app)
    marks = {layer["mark"]["type"]: layer["data"]["values"] for layer in spec["layer"]}
    assert [b["start"] for b in marks["bar"]] == ["2018-04-15"]  # no bar of no length
    assert [p["day"] for p in marks["point"]] == ["2019-01-02"]
    assert marks["point"][0]["what"] == "act (no duration)"



def test_an_opened_action_shows_its_sentence_highlighted(explorer: Any, pages: Any,
                                                         demo_store: Path | str) -> None:

    with TradeGraph.open(str(demo_store), read_only=True) as graph:
        [row] = graph.select(f"""SELECT ?a WHERE {{ ?a a tg:EntityListAddition ;
            tg:target <{HUAWEI}> ; tg:effectiveOn ?d FILTER(STR(?d) = "2019-05-16")
            FILTER NOT EXISTS {{ ?a tg:sameActionAs ?r }} }}""")
    action = row["a"] or ""
    app = explorer(page="timeline", iri=HUAWEI, action=action)
    pages.ok(app)
    assert "The action you chose" in [h.value for h in app.subheader]
    body = pages.html(app)
    marks = re.findall(r'<mark class="tg-focus"[^>]*>(.*?)</mark>', body)
    assert any("added Huawei Technologies Co." in html.unescape(m) for m in marks)
    # the highlighted quote sits in its context, and links to its place in the document
    excerpt = next(b for b in body.split('<div class="tg-doc">')[1:] if "tg-focus" in b)
    plain = html.unescape(re.sub(r"<[^>]+>", "", excerpt.split("</div>", 1)[0]))
    quote = html.unescape(re.sub(r"<[^>]+>", "", excerpt.split("<mark", 1)[1].split("</mark>")[0]))
    assert len(plain) > len(quote) + 40
    assert "page=documents" in excerpt and "start=" in excerpt


def test_lifecycles_are_bars_with_marks_for_reports_and_deadlines(explorer: Any,
                                                                  pages: Any) -> None:
    from tradegraph.ui.explorer.data import Store
    from tradegraph.ui.explorer.views.lifecycle_chart import data

    app = explorer(page="timeline", iri=HUAWEI)
    pages.ok(app)
    assert "Lifecycles" in [h.value for h in app.subheader]
    layered = next(s for s in pages.charts(app) if "layer" in s)
    assert layered["layer"][0]["mark"]["type"] == "bar"
    assert layered["layer"][0]["encoding"]["x2"]["field"] == "end"
    bars, marks = data(Store.current(), HUAWEI)
    licenses = sorted((b for b in bars if b["cls"] == "TemporaryGeneralLicense"),
                      key=lambda b: b["start"])
    assert len(licenses) >= 3 and all(b["open"] == "ended" for b in licenses[:2])
    assert licenses[0]["until"] == licenses[1]["start"]  # extended: one ends, the next begins
    listing = next(b for b in bars if b["cls"] == "EntityListAddition"
                   and b["start"] == "2019-05-16")
    assert listing["open"] == "open" and listing["end"] == dt.date.today().isoformat()
    assert {m["what"].split()[0] for m in marks} >= {"report", "deadline"}
    assert any(m["lane"] == listing["lane"] and m["what"] == "report" for m in marks)
    # the legend names the kinds of mark drawn, and no other
    legend = next(layer["encoding"]["shape"]["scale"]["domain"] for layer in layered["layer"]
                  if "shape" in layer.get("encoding", {}))
    assert set(legend) == {m["what"] for m in marks} | (
        {"act (no duration)"} if any(b["end"] <= b["start"] for b in bars) else set())
