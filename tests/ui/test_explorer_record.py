"""The explorer shows what the legal record says: on entity pages and the Timeline, a news
action is "confirmed by" its list entry or "reported only", and a list entry shows its
citation and list; the Overview counts both kinds."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from tradegraph.graph.facade import TradeGraph
from tradegraph.ontology.mapping import extraction_to_quads
from tradegraph.ontology.models import (
    Action,
    ActionType,
    Document,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    PartialDate,
    Status,
)

HUAWEI_IRI = "https://w3id.org/tradegraph/id/firm/huawei"
ENTITY_LIST = "Entity List (EL) - Bureau of Industry and Security"
ROW = "Huawei Technologies Co., Ltd. | Entity List | 84 FR 22961 | 2019-05-16"


@pytest.fixture
def listed_store(demo_copy: Path) -> tuple[Path, str]:
    """The demo store plus a screening list with Huawei's row (the real mapping), linked;
    the store and the list entry's action IRI."""
    huawei = Entity(type=EntityType.FIRM, key="huawei", label="Huawei Technologies Co., Ltd.")
    bis = Entity(type=EntityType.AGENCY, key="bis", label="Bureau of Industry and Security")
    day = PartialDate.parse("2019-05-16")
    action = Action(type=ActionType.ENTITY_LIST_ADDITION, agents=[bis.ref],
                    targets=[huawei.ref], date=day, start_date=day, status=Status.IN_FORCE,
                    citations=["84 FR 22961"], source_list=ENTITY_LIST,
                    evidence=[Evidence(start=0, end=len(ROW), quote=ROW, extractor="test-list",
                                       extractor_version="1")])
    document = Document(key="screening-list", text=ROW, source="list.csv",
                        title="Consolidated Screening List", structured="screening-list")
    extraction = Extraction(document=document, pipeline="test", extractor="test-list",
                            extractor_version="1", entities=[huawei, bis], actions=[action])
    with TradeGraph.open(str(demo_copy)) as graph:
        graph.store.replace_graph(graph.minter.document(document.key),
                                  extraction_to_quads(extraction, graph.minter))
        assert graph.corroborate().confirmed
        entry = graph.minter.action(action)
    return demo_copy, entry


def rows_of(app: Any) -> list[str]:
    body = "\n".join(str(m.value) for m in app.markdown)
    return [unquote(html.unescape(row)) for row in re.findall(r"<tr>(.*?)</tr>", body)]


def no_problems(app: Any) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def test_huawei_page_shows_the_news_listing_confirmed_by_its_list_entry(
        explorer: Any, listed_store: tuple[Path, str]) -> None:
    store, entry = listed_store
    app = explorer(store=store, page="entity", iri=HUAWEI_IRI)
    no_problems(app)
    rows = rows_of(app)
    news = [r for r in rows if r.startswith("<td>Entity List addition</td><td>2019-05-15<")]
    assert news and all("confirmed by <a href=" in r and entry in r for r in news)
    assert all("(84 FR 22961)" in r for r in news)
    listing = [r for r in rows if r.startswith("<td>Entity List addition</td><td>2019-05-16<")]
    assert listing and "legal record: 84 FR 22961; " + ENTITY_LIST in listing[0]
    # another action in the news that no list entry confirms
    assert any("<td>reported only</td>" in r for r in rows)


def test_the_list_entry_page_and_the_timeline_show_the_record(
        explorer: Any, listed_store: tuple[Path, str]) -> None:
    store, entry = listed_store
    page = explorer(store=store, page="entity", iri=entry)
    no_problems(page)
    body = "\n".join(str(m.value) for m in page.markdown)
    assert "confirms" in body and "84 FR 22961" in body
    timeline = explorer(store=store, page="timeline", iri=HUAWEI_IRI)
    no_problems(timeline)
    rows = rows_of(timeline)
    assert any("2019-05-15" in r and "confirmed by" in r for r in rows)
    assert any("2019-05-16" in r and "legal record: 84 FR 22961" in r for r in rows)


def test_overview_counts_confirmed_and_reported_only_actions(
        explorer: Any, listed_store: tuple[Path, str]) -> None:
    store, _ = listed_store
    app = explorer(store=store)
    no_problems(app)
    [caption] = [c.value for c in app.caption if "Reported in the news" in c.value]
    confirmed, reported = map(int, re.findall(
        r"(\d+) actions confirmed by the legal record, (\d+) reported only", caption)[0])
    with TradeGraph.open(str(store), read_only=True) as graph:
        rows = graph.confirmations()
    # the demo reports Huawei's listing three times: dated the day before, dated May 2019,
    # and undated (the one list entry of that type and firm, so it is the one meant)
    assert confirmed == len({r["action"] for r in rows if r["status"] == "confirmed"}) == 3
    assert reported == len({r["action"] for r in rows if r["status"] == "reported only"}) >= 20
    plain = explorer()  # the demo corpus alone: nothing is confirmed
    [caption] = [c.value for c in plain.caption if "Reported in the news" in c.value]
    assert caption.startswith("Reported in the news: 0 actions confirmed")

