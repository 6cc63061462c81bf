"""Federal Register documents in the store: a legal record with its citation and its typed
rule action, one Huawei node with the news, SHACL-valid, skipped when unchanged, extracted
again from the stored record (also after a merge statement), a bad file or result reported
while the rest is stored; on both backends. The fixtures are ours."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.loading.ingestion import Outcome
from tradegraph.graph.loading.merge_statements import state_merge, stored_documents

RULES = Path(__file__).parents[1] / "ingest" / "fixtures" / "federal_register"
"""Our Federal Register fixtures (shared with the ingest tests)."""
ID = "https://w3id.org/tradegraph/id/"
RULE_DOC = ID + "doc/fr-2019-10616"


def copy_rule(tmp_path: Path, name: str = "2019-10616.json") -> Path:
    target = tmp_path / name
    shutil.copyfile(RULES / name, target)
    return target


def test_a_rule_is_a_legal_record_with_its_typed_action(
        disk_graph: TradeGraph, tmp_path: Path) -> None:
    [result] = disk_graph.ingest([copy_rule(tmp_path)], workers=1).results
    assert result.outcome is Outcome.INGESTED and result.actions == 1
    rows = disk_graph.select(f"""
        SELECT ?type ?agent ?date ?status ?citation ?doccitation ?issued WHERE {{
          ?action a ?type ; tg:agent ?agent ; tg:date ?date ; tg:status ?status ;
                  tg:citation ?citation ; tg:reportedIn ?document ;
                  tg:target <{ID}firm/huawei> .
          ?type rdfs:subClassOf tg:Action .
          ?document a tg:LegalRecord ; tg:sourceFormat "federal-register" ;
                    tg:citation ?doccitation ; dcterms:issued ?issued .
        }}""")
    assert rows == [{
        "type": "https://w3id.org/tradegraph/ontology#EntityListAddition",
        "agent": ID + "agency/bis", "date": "2019-05-16",
        "status": "https://w3id.org/tradegraph/ontology#InForce",
        "citation": "84 FR 22961", "doccitation": "84 FR 22961", "issued": "2019-05-21"}]
    quotes = {row["quote"] for row in disk_graph.select(f"""
        SELECT ?quote WHERE {{
          ?action tg:citation "84 FR 22961" ;
                  tg:evidence/oa:hasTarget ?target .
          ?target oa:hasSource <{RULE_DOC}> ; oa:hasSelector/oa:exact ?quote .
        }}""")}
    assert "Addition of Entities to the Entity List" in quotes
    assert disk_graph.validate().conforms


def test_news_and_the_rule_name_one_huawei(news_graph: TradeGraph, tmp_path: Path) -> None:
    assert news_graph.ingest([copy_rule(tmp_path)], workers=1).ok
    rows = news_graph.select(f"""
        SELECT DISTINCT ?document WHERE {{
          GRAPH ?document {{ ?document tg:mentions <{ID}firm/huawei> }} }}""")
    documents = {row["document"] for row in rows}
    assert RULE_DOC in documents and ID + "doc/huawei-entity-list" in documents
    additions = news_graph.select(f"""
        SELECT DISTINCT ?document WHERE {{
          ?action a tg:EntityListAddition ; tg:target <{ID}firm/huawei> ;
                  tg:reportedIn ?document }}""")
    assert {row["document"] for row in additions} >= {RULE_DOC, ID + "doc/huawei-entity-list"}
    assert news_graph.validate().conforms


def test_an_unchanged_rule_is_skipped_and_the_stored_record_extracts_again(
        disk_graph: TradeGraph, tmp_path: Path) -> None:
    path = copy_rule(tmp_path)
    assert disk_graph.ingest([path], workers=1).ok
    before = disk_graph.store.graph_quads(RULE_DOC)
    [again] = disk_graph.ingest([path], workers=1).results
    assert again.outcome is Outcome.SKIPPED
    [stored] = [d for d in stored_documents(disk_graph.store) if d.key == "fr-2019-10616"]
    assert stored.structured == "federal-register" and stored.citation == "84 FR 22961"
    assert json.loads(stored.record or "")["agencies"][1]["id"] == 241
    [result] = disk_graph.ingest_documents([stored], force=True).results
    assert result.outcome is Outcome.REPLACED and result.actions == 1
    assert disk_graph.store.graph_quads(RULE_DOC) == before  # the same facts, from the store


def test_a_merge_statement_extracts_the_stored_rule_again(
        disk_graph: TradeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a remote store's merge statements live in the user's data folder: keep them in ours
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    disk_graph.ingest([copy_rule(tmp_path, "search-results.json")], workers=1)
    targets = """
        SELECT ?target WHERE {
          ?action tg:citation "83 FR 34825" ; tg:target ?target } ORDER BY ?target"""
    assert [row["target"] for row in disk_graph.select(targets)] == [
        ID + "firm/zte", ID + "firm/zte-kangxun"]
    state_merge(disk_graph.store, "firm/zte-kangxun", "firm/zte")
    report = disk_graph.reextract()
    assert [r.outcome for r in report.results] == [Outcome.REPLACED] * 2  # both results
    assert [row["target"] for row in disk_graph.select(targets)] == [ID + "firm/zte"]
    assert disk_graph.validate().conforms


def test_a_bad_file_and_a_bad_result_are_reported_and_the_rest_is_stored(
        disk_graph: TradeGraph, tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    copy_rule(folder)
    copy_rule(folder, "search-results.json")
    (folder / "truncated.json").write_text('{"document_number": "2019-1", "title": ',
                                           encoding="utf-8")
    report = disk_graph.ingest([folder], workers=1)
    failures = {(Path(f.source).name, f.reason) for f in report.failures}
    assert failures == {
        ("search-results.json", "result 3: no document_number"),
        ("truncated.json", "malformed JSON (line 1 column 40: Expecting value)")}
    stored = {row["d"] for row in disk_graph.select(
        "SELECT ?d WHERE { ?d a tg:LegalRecord }")}
    assert stored == {RULE_DOC, ID + "doc/fr-2018-15633", ID + "doc/fr-2020-28031"}
