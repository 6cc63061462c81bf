"""A run of `ingest` goes on past input that used to stop it, and what it stores agrees with
the shapes (issue #26)."""

from __future__ import annotations

from pathlib import Path

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.loading.ingestion import Outcome

EL = "Entity List (EL) - Bureau of Industry and Security"


def test_json_nested_a_thousand_deep_fails_its_file_and_the_run_goes_on(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a-deep.json").write_text('{"text": ' + "[" * 1000 + "]" * 1000 + "}",
                                        encoding="utf-8")
    (corpus / "b-news.txt").write_text(
        "title: ZTE order\npublished: 2018-04-16\n\nThe Commerce Department issued a denial "
        "order against ZTE Corporation on April 15, 2018.\n", encoding="utf-8")
    with TradeGraph.open(str(tmp_path / "store")) as graph:
        report = graph.ingest([corpus], workers=1)
    outcomes = {Path(r.source).name: (r.outcome, r.reason) for r in report.results}
    assert outcomes["a-deep.json"][0] is Outcome.FAILED
    assert "nested deeper than 64 levels" in (outcomes["a-deep.json"][1] or "")
    assert outcomes["b-news.txt"][0] is Outcome.INGESTED


def test_validate_passes_on_our_own_data_after_a_list_with_a_broken_row(tmp_path: Path) -> None:
    listing = tmp_path / "el.csv"
    listing.write_text("source,type,name,federal_register_notice,start_date\n"
                       f"{EL},Entity,Sugon,84 FR 29371,2019-06-24\n"
                       f'{EL},Entity,"Hangzhou Hikvision Co., Ltd.,84 FR 54002,2019-10-09\n'
                       f"{EL},Entity,Megvii,84 FR 54002,2019-10-09\n", encoding="utf-8")
    with TradeGraph.open(str(tmp_path / "store")) as graph:
        report = graph.ingest([listing], workers=1)
        assert [result.lost for result in report.results] == [1]  # the broken row
        validation = graph.validate()
    assert validation.conforms, validation.issues[:3]
