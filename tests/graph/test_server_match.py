"""`POST /match` on a live `tradegraph serve` over the demo corpus (both backends): a batch
of names, each answered with candidates (score, features, listings with evidence, status
on the day) or with its own error while the others go on."""

from __future__ import annotations

import json
from typing import Any

import httpx

HUAWEI = "https://w3id.org/tradegraph/id/firm/huawei"
ZTE = "https://w3id.org/tradegraph/id/firm/zte"


def post(server: Any, body: Any, **params: str) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.post(server.root + "match", params=params, content=content,
                      headers={"Content-Type": "application/json"}, timeout=120)


def test_a_batch_of_names_with_status_on_the_day(demo_server: Any) -> None:
    answer = post(demo_server, {"queries": {
        "ours": {"name": "HUAWEI TECHNOLOGIES CO.,LTD", "country": "CN"},
        "opensanctions": {"schema": "Company",
                          "properties": {"name": ["Zhongxing Telecommunication Equipment"],
                                         "country": ["cn"]}},
        "nobody": {"name": "Quietbrook Garden Supplies"},
        "no_letters": {"name": "!!!"},
        "no_name": {"country": "CN"},
    }}, **{"as-of": "2019-05-20"})
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    data = answer.json()
    assert (data["as_of"], data["threshold"], data["limit"]) == ("2019-05-20", 0.8, 10)
    responses = data["responses"]
    huawei = responses["ours"]
    assert huawei["status"] == 200 and huawei["query"]["country"] == "CN"
    best = huawei["results"][0]
    assert best["iri"] == HUAWEI and best["match"] is True and best["listed_in_force"]
    assert best["status"]["regimes_in_force"] == ["Entity List", "temporary general license"]
    assert any(f["kind"] == "country" for f in best["features"])
    assert any(e["quote"] for listing in best["listings"] for e in listing["evidence"])
    zte = responses["opensanctions"]["results"][0]
    assert zte["iri"] == ZTE and zte["status"]["regimes_in_force"] == []  # lifted in 2018
    assert responses["nobody"] == {"status": 200, "query": {
        "name": "Quietbrook Garden Supplies", "country": None, "address": None},
        "results": [], "total": 0}
    assert responses["no_letters"]["status"] == 400
    assert "no letters" in responses["no_letters"]["error"]
    assert responses["no_name"]["status"] == 400 and "name" in responses["no_name"]["error"]


def test_cutoff_brings_weaker_candidates_not_matches(demo_server: Any) -> None:
    strict = post(demo_server, {"queries": {"q": {"name": "Huawei Device Co"}}})
    assert strict.json()["responses"]["q"]["results"] == []
    loose = post(demo_server, {"queries": {"q": {"name": "Huawei Device Co"}},
                               "cutoff": 0.5, "limit": 3}).json()
    results = loose["responses"]["q"]["results"]
    assert loose["cutoff"] == 0.5 and loose["limit"] == 3 and len(results) <= 3
    assert results[0]["iri"] == HUAWEI and results[0]["match"] is False


def test_bad_batches_are_refused_whole(demo_server: Any) -> None:
    assert post(demo_server, b"{not json").status_code == 400
    assert "queries" in post(demo_server, {"names": ["Huawei"]}).json()["error"]
    assert post(demo_server, {"queries": {}}).status_code == 400
    too_many = post(demo_server, {"queries": {f"q{i}": {"name": "ZTE"} for i in range(101)}})
    assert too_many.status_code == 413 and "at most 100" in too_many.json()["error"]
    for params, said in (({"threshold": "high"}, "threshold"),
                         ({"cutoff": "0.9", "threshold": "0.8"}, "cutoff"),
                         ({"limit": "0"}, "limit"), ({"as-of": "2019-02-30"}, "YYYY-MM-DD")):
        bad = post(demo_server, {"queries": {"q": {"name": "ZTE"}}}, **params)
        assert bad.status_code == 400 and said in bad.json()["error"], (params, bad.text)
    assert httpx.get(demo_server.root + "match", timeout=30).status_code == 405
