"""The explorer shows what the legal record says: on entity pages and the Timeline, a news
action is "confirmed by" its list entry or "reported only", and a list entry shows its
citation and list; the Overview counts both kinds. On the demo corpus, whose screening-list
extract lists the firms its articles report."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from tradegraph.graph.facade import TradeGraph

HUAWEI_IRI = "https://w3id.org/tradegraph/id/firm/huawei"

LIST_ENTRY = "https://w3id.org/tradegraph/id/action/entity-list-addition-b87a702d7618841e"
"""The demo list's Huawei entry: added by BIS on 2019-05-16 (the IRI comes from exactly that)."""


def rows_of(app: Any) -> list[str]:
    body = "\n".join(str(m.value) for m in app.markdown)
    return [unquote(html.unescape(row)) for row in re.findall(r"<tr>(.*?)</tr>", body)]


def no_problems(app: Any) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def test_huawei_page_shows_the_listing_in_the_legal_record(explorer: Any) -> None:
    app = explorer(page="entity", iri=HUAWEI_IRI)
    no_problems(app)
    frame = app.dataframe[0].value
    records = dict(zip(frame["date"] + " " + frame["type"], frame["legal record"],
                       strict=True))
    # the news report (2019-05-15) and the list entry (2019-05-16) are one action, whose
    # record is the list's; a later release that names it without a day is one of its
    # reports, not an action of its own
    assert records["2019-05-16 Entity List addition"] == (
        "confirmed by the legal record [84 FR 22961]")
    assert "2019-05-15 Entity List addition" not in records
    assert not any(key.startswith("2019-08-19 Entity List") for key in records)
    assert "reported only" in records.values()


def test_the_list_entry_page_and_the_timeline_show_the_record(explorer: Any) -> None:
    page = explorer(page="entity", iri=LIST_ENTRY)
    no_problems(page)
    body = "\n".join(str(m.value) for m in page.markdown)
    assert "confirms" in body and "84 FR 22961" in body
    timeline = explorer(page="timeline", iri=HUAWEI_IRI)
    no_problems(timeline)
    rows = rows_of(timeline)
    assert any("2019-05-16" in r and "confirmed by the legal record [84 FR 22961]" in r
               for r in rows)
    assert any("reported only" in r for r in rows)


def test_overview_counts_confirmed_and_reported_only_actions(
        explorer: Any, demo_store: Path, demo_copy: Path) -> None:
    def counts(app: Any) -> tuple[int, int]:
        no_problems(app)
        [caption] = [c.value for c in app.caption if "Reported in the news" in c.value]
        found = re.findall(r"(\d+) actions confirmed by the legal record, (\d+) reported only",
                           caption)
        return int(found[0][0]), int(found[0][1])

    with TradeGraph.open(str(demo_store), read_only=True) as graph:
        rows = graph.confirmations()
    expected = (len({r["action"] for r in rows if r["status"] == "confirmed"}),
                len({r["action"] for r in rows if r["status"] == "reported only"}))
    assert expected[0] >= 5 and expected[1] >= 15  # Huawei, ZTE, Hikvision/Dahua, SMIC
    assert counts(explorer()) == expected
    # without the list, nothing is confirmed and every news action is reported only
    with TradeGraph.open(str(demo_copy)) as graph:
        assert graph.remove("20-screening-list-extract.csv")
    assert counts(explorer(store=demo_copy)) == (0, sum(expected))
