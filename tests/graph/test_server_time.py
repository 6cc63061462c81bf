"""`/status` and `/deadlines` on a live `tradegraph serve` over the demo corpus (both
backends): JSON for programs, HTML for people, clear errors for unknown names and
malformed dates; resource pages of firms link to their status."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import httpx

from tradegraph.graph.facade import TradeGraph

HUAWEI = "https://w3id.org/tradegraph/id/firm/huawei"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def get(server: Any, path: str, accept: str = "*/*", **params: str) -> httpx.Response:
    return httpx.get(server.root + path, params=params, headers={"Accept": accept},
                     timeout=60)


def test_status_as_json_on_three_days(demo_server: Any, demo_graph: TradeGraph) -> None:
    before = get(demo_server, "status", entity=HUAWEI, **{"as-of": "2019-05-10"})
    assert before.status_code == 200 and before.headers["content-type"] == "application/json"
    assert before.json()["standings"] == [] and before.json()["in_force"] is False
    listed = get(demo_server, "status", entity="Huawei", **{"as-of": "2019-05-20"}).json()
    assert listed["entity"] == HUAWEI and listed["as_of"] == "2019-05-20"
    # the executive order the article mentions names no party: it is no regime of Huawei's
    assert listed["regimes_in_force"] == ["Entity List", "temporary general license"]
    entry = next(s for s in listed["standings"] if s["citations"])
    assert entry["citations"] == ["84 FR 22961"] and entry["confirmed"] is True
    later = get(demo_server, "status", entity="firm/huawei", as_of="2020-08-20").json()
    assert "temporary general license" not in later["regimes_in_force"]
    assert later == demo_graph.status(HUAWEI, "2020-08-20").to_dict()


def test_status_page_for_people(demo_server: Any) -> None:
    page = get(demo_server, "status", BROWSER, entity=HUAWEI, **{"as-of": "2019-05-20"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = page.text
    assert "As of 2019-05-20: Entity List, temporary general license" in text
    assert '<input type="date" name="as-of" value="2019-05-20">' in text
    assert "84 FR 22961" in text and "confirmed by the legal record" in text
    assert f'href="{demo_server.root}id/action/' in text  # actions link to their pages
    json_link = unescape(re.search(r'href="([^"]+format=json)"', text).group(1))  # type: ignore[union-attr]
    assert httpx.get(json_link, timeout=60).json()["as_of"] == "2019-05-20"


def test_unknown_entities_get_404_with_candidates(demo_server: Any) -> None:
    missing = get(demo_server, "status", "application/json", entity="Huawai")
    assert missing.status_code == 404
    assert missing.json()["candidates"][0]["iri"] == HUAWEI
    assert "no entity named 'Huawai'" in missing.json()["error"]
    page = get(demo_server, "status", BROWSER, entity="Huawai")
    assert page.status_code == 404 and "Huawei Technologies Co., Ltd.</a>" in page.text
    nothing = get(demo_server, "status", entity="Qwertzuiop Xylophone Holdings")
    assert nothing.status_code == 404 and nothing.json()["candidates"] == []
    iri = get(demo_server, "status", entity="https://w3id.org/tradegraph/id/firm/nobody")
    assert iri.status_code == 404 and "is not in the graph" in iri.json()["error"]


def test_bad_requests_say_what_is_wrong(demo_server: Any) -> None:
    for day in ("2019-13-01", "20/05/2019", "May"):
        bad = get(demo_server, "status", entity=HUAWEI, **{"as-of": day})
        assert bad.status_code == 400, day
        assert "YYYY-MM-DD" in bad.json()["error"] and repr(day) in bad.json()["error"]
    plain = get(demo_server, "status", "text/plain;q=0.5, application/json;q=0.1",
                entity=HUAWEI, **{"as-of": "soon"})
    assert plain.status_code == 400 and "YYYY-MM-DD" in plain.text
    assert get(demo_server, "status").status_code == 400
    assert "entity" in get(demo_server, "status").json()["error"]
    assert get(demo_server, "status", "image/png", entity=HUAWEI).status_code == 406
    assert get(demo_server, "deadlines", **{"as-of": "2019-02-30"}).status_code == 400


def test_deadlines_as_json_and_html(demo_server: Any, demo_graph: TradeGraph) -> None:
    open_ = get(demo_server, "deadlines", **{"as-of": "2019-11-25"}).json()
    assert open_["as_of"] == "2019-11-25" and open_["include_closed"] is False
    assert [d["state"] for d in open_["deadlines"]] == ["open"]
    assert open_["deadlines"][0]["due"] == "2019-12-20"
    every = get(demo_server, "deadlines", entity="Huawei", all="true",
                **{"as-of": "2019-11-25"}).json()["deadlines"]
    expected = demo_graph.deadlines("2019-11-25", entity="Huawei", include_closed=True)
    assert [d["deadline"] for d in every] == [d.deadline for d in expected]
    page = get(demo_server, "deadlines", BROWSER, **{"as-of": "2019-11-25"})
    assert page.status_code == 200 and "Open deadlines as of 2019-11-25" in page.text
    assert "Deadline to answer the intent to deny" in page.text


def test_a_firm_page_links_to_its_status(demo_server: Any) -> None:
    page = get(demo_server, "id/firm/huawei", BROWSER)
    link = re.search(r'<a href="([^"]+)" rel="status">', page.text)
    assert link is not None
    status = httpx.get(unescape(link.group(1)), headers={"Accept": "application/json"},
                       timeout=60)
    assert status.status_code == 200 and status.json()["entity"] == HUAWEI
    document = get(demo_server, "id/doc/03-huawei-entity-list-2019", BROWSER)
    assert document.status_code == 200 and 'rel="status"' not in document.text  # no party
