"""Screening lists in the store: typed listings with their citations next to the news, one
node per firm across sources, SHACL-valid, skipped when unchanged, extracted again from
the stored table, on both backends."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.lifeline import Lifeline, lifeline
from tradegraph.graph.loading.ingestion import Outcome, _extract_chunk, _init_worker
from tradegraph.graph.loading.merge_statements import stored_documents
from tradegraph.ingest.extraction import PipelineSettings
from tradegraph.ingest.loaders import load_file
from tradegraph.ingest.merges import MergeRules

LISTS = Path(__file__).parents[1] / "ingest" / "fixtures" / "screening_lists"
"""Our screening-list fixtures (shared with the ingest tests)."""


def copy_list(tmp_path: Path, suffix: str = "csv") -> Path:
    target = tmp_path / f"consolidated.{suffix}"
    shutil.copyfile(LISTS / f"consolidated.{suffix}", target)
    return target


def test_a_list_is_stored_as_a_legal_record_with_typed_listings(
        disk_graph: TradeGraph, tmp_path: Path) -> None:
    report = disk_graph.ingest([copy_list(tmp_path)], workers=1)
    [result] = report.results
    assert result.outcome is Outcome.INGESTED and result.actions == 5
    assert [w.split(":")[0] for w in result.warnings] == ["line 7", "line 8", "line 9"]
    rows = disk_graph.select("""
        SELECT ?type ?citation ?policy ?list WHERE {
          ?action a ?type ; tg:target <https://w3id.org/tradegraph/id/firm/huawei> ;
                  tg:citation ?citation ; tg:licensePolicy ?policy ; tg:sourceList ?list ;
                  tg:reportedIn ?document .
          ?document a tg:LegalRecord ; tg:sourceFormat "screening-list" .
        }""")
    assert rows == [{"type": "https://w3id.org/tradegraph/ontology#EntityListAddition",
                     "citation": "84 FR 22961", "policy": "Presumption of denial.",
                     "list": "Entity List (EL) - Bureau of Industry and Security"}]
    assert disk_graph.validate().conforms


def test_news_and_list_name_one_huawei_enriched_by_the_list(
        news_graph: TradeGraph, tmp_path: Path) -> None:
    assert news_graph.ingest([copy_list(tmp_path)], workers=1).ok
    rows = news_graph.select("""
        SELECT DISTINCT ?document WHERE {
          GRAPH ?document { ?document tg:mentions <https://w3id.org/tradegraph/id/firm/huawei> }
        }""")
    documents = {row["document"] or "" for row in rows}
    assert any(d.endswith("/doc/consolidated") for d in documents)
    assert any(d.endswith("/doc/huawei-entity-list") for d in documents)
    aliases = {row["alias"] for row in news_graph.select("""
        SELECT ?alias WHERE { GRAPH <https://w3id.org/tradegraph/id/doc/consolidated> {
          <https://w3id.org/tradegraph/id/firm/huawei> skos:altLabel ?alias } }""")}
    assert "Huawei Technologies" in aliases
    addresses = news_graph.select("""
        SELECT ?street ?country WHERE {
          <https://w3id.org/tradegraph/id/firm/huawei> schema:address ?address .
          ?address schema:streetAddress ?street ; schema:addressCountry ?country }""")
    assert addresses == [{"street": "Bantian, Longgang District, Shenzhen", "country": "CN"}]


def test_an_unchanged_list_is_skipped_and_a_stored_list_can_be_extracted_again(
        disk_graph: TradeGraph, tmp_path: Path) -> None:
    path = copy_list(tmp_path, "json")
    assert disk_graph.ingest([path], workers=1).ok
    before = disk_graph.store.graph_quads("https://w3id.org/tradegraph/id/doc/consolidated")
    [again] = disk_graph.ingest([path], workers=1).results
    assert again.outcome is Outcome.SKIPPED
    stored = [d for d in stored_documents(disk_graph.store) if d.key == "consolidated"]
    assert stored[0].structured == "screening-list"
    report = disk_graph.ingest_documents(stored, force=True)
    [result] = report.results
    assert result.outcome is Outcome.REPLACED and result.actions == 5
    after = disk_graph.store.graph_quads("https://w3id.org/tradegraph/id/doc/consolidated")
    assert after == before  # the same facts from the stored table


def test_a_list_with_no_readable_row_stores_its_document_and_reports_each_row(
        disk_graph: TradeGraph, tmp_path: Path) -> None:
    path = tmp_path / "broken.tsv"
    path.write_text("source\tname\tstart_date\nEL\t\t2019-01-01\nEL\tAcme Co.\tsoon\n",
                    encoding="utf-8")
    [result] = disk_graph.ingest([path], workers=1).results
    assert result.outcome is Outcome.INGESTED and result.actions == 0
    assert result.warnings == ["line 2: the row has no name; row skipped",
                               "line 3: start date 'soon' is not a date; row skipped"]


def test_worker_processes_send_back_a_list_s_warnings(tmp_path: Path) -> None:
    [document] = load_file(copy_list(tmp_path))
    assert not isinstance(document, Exception)
    # as in a worker process: a lifeline from this process, as its parent
    settings = PipelineSettings(MergeRules().model_dump_json())
    _init_worker("https://w3id.org/tradegraph/id/", settings,
                 Lifeline(lifeline().watch, os.getppid(), death_signal=False))
    [result] = _extract_chunk([document])
    assert not isinstance(result, str)
    nquads, actions, warnings, lost = result
    assert actions == 5 and len(warnings) == 3 and b"84 FR 22961" in nquads
    assert lost == 0  # its skipped rows have bad values; the file itself is sound
