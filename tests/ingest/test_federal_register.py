"""Federal Register API documents: the rule as a document of the legal record and as an
action with its agencies, citation, dates and the firms its title or abstract names; the
body through the news pipeline. Fixtures under fixtures/federal_register/ are ours."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tradegraph.ingest.errors import LoadError
from tradegraph.ingest.extraction import ExtractionPipeline
from tradegraph.ingest.loaders import load_file
from tradegraph.ontology.models import (
    Action,
    ActionType,
    Document,
    EntityRef,
    EntityType,
    Extraction,
    PartialDate,
    Status,
)

BIS = EntityRef(type=EntityType.AGENCY, key="bis")
HUAWEI = EntityRef(type=EntityType.FIRM, key="huawei")


def fr_file(fixtures: Path, name: str) -> Path:
    return fixtures / "federal_register" / name


def rule_action(extraction: Extraction) -> Action:
    """The action read from the document's fields (it carries the citation)."""
    [action] = [a for a in extraction.actions if a.citations]
    return action


@pytest.fixture(scope="module")
def huawei_rule(fixtures: Path) -> Document:
    [document] = load_file(fr_file(fixtures, "2019-10616.json"))
    assert isinstance(document, Document), document
    return document


def test_an_api_document_is_a_document_of_the_legal_record(huawei_rule: Document) -> None:
    assert huawei_rule.key == "fr-2019-10616"
    assert huawei_rule.structured == "federal-register"
    assert huawei_rule.citation == "84 FR 22961"
    assert huawei_rule.published == dt.date(2019, 5, 21)
    assert huawei_rule.doc_type == "Federal Register rule"
    assert huawei_rule.text.startswith("Addition of Entities to the Entity List\n\nWith this")
    assert json.loads(huawei_rule.record or "")["effective_on"] == "2019-05-16"


def test_the_rule_is_an_action_with_agency_citation_dates_and_targets(
        pipeline: ExtractionPipeline, huawei_rule: Document) -> None:
    facts = pipeline.extract(huawei_rule)
    rule = rule_action(facts)
    assert rule.type is ActionType.ENTITY_LIST_ADDITION
    assert rule.agents == [BIS]  # the most specific agency, not its parent department
    assert rule.targets == [HUAWEI]
    assert rule.date == rule.start_date == PartialDate.parse("2019-05-16")  # effective date
    assert rule.citations == ["84 FR 22961"] and rule.status is Status.IN_FORCE
    assert rule.evidence[0].quote == "Addition of Entities to the Entity List"
    assert facts.pipeline == pipeline.fingerprint_for(huawei_rule)


def test_the_rule_is_quoted_by_its_title_and_the_abstract_sentence_naming_its_target(
        pipeline: ExtractionPipeline, huawei_rule: Document) -> None:
    rule = rule_action(pipeline.extract(huawei_rule))
    quotes = [evidence.quote for evidence in rule.evidence]
    assert quotes[0] == "Addition of Entities to the Entity List"
    assert quotes[1].startswith("With this final rule the Bureau of Industry and Security adds "
                                "Huawei Technologies Co., Ltd.")
    for evidence in rule.evidence:  # every quote is the stored text at its offsets
        assert huawei_rule.text[evidence.start:evidence.end] == evidence.quote


def test_the_prose_goes_through_the_news_pipeline_without_restating_the_rule(
        pipeline: ExtractionPipeline, huawei_rule: Document, tmp_path: Path) -> None:
    record = json.loads(huawei_rule.record or "")
    record["full_text"] = ("SUPPLEMENTARY INFORMATION: In a separate action the Commerce "
                           "Department denied a license application from ZTE.")
    path = tmp_path / "with-body.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    [document] = load_file(path)
    assert isinstance(document, Document)
    assert document.text.endswith("denied a license application from ZTE.")
    facts = pipeline.extract(document)
    assert facts.document.structured == "federal-register"  # the original document is kept
    from_prose = [a for a in facts.actions if not a.citations]
    assert [a.type for a in from_prose] == [ActionType.LICENSE_DENIAL]
    assert from_prose[0].targets == [EntityRef(type=EntityType.FIRM, key="zte")]
    # the abstract's "adds Huawei ... to the Entity List" is the rule itself: one action
    additions = [a for a in facts.actions if a.type is ActionType.ENTITY_LIST_ADDITION]
    assert len(additions) == 1 and additions[0].citations == ["84 FR 22961"]


def test_a_search_response_gives_one_document_per_result_and_names_the_bad_one(
        pipeline: ExtractionPipeline, fixtures: Path) -> None:
    loaded = load_file(fr_file(fixtures, "search-results.json"))
    documents = [d for d in loaded if isinstance(d, Document)]
    errors = [e for e in loaded if isinstance(e, LoadError)]
    assert [d.key for d in documents] == ["fr-2018-15633", "fr-2020-28031"]
    assert [e.reason for e in errors] == ["result 3: no document_number"]

    termination = rule_action(pipeline.extract(documents[0]))
    assert termination.type is ActionType.DENIAL_ORDER
    assert termination.status is Status.TERMINATED  # "Order Terminating Denial Order ..."
    assert termination.date == PartialDate.parse("2018-07-23")  # no effective date: published
    smic = rule_action(pipeline.extract(documents[1]))
    # "Addition of ..., Revision of ..., and Removal of ..." is an addition: the first wording
    assert smic.type is ActionType.ENTITY_LIST_ADDITION
    assert {t.key for t in smic.targets} == {"smic", "dji"}


@pytest.mark.parametrize(("record", "reason"), [
    ({"document_number": "2019-1", "citation": "84 FR 1", "title": "T",
      "publication_date": "May 21"}, "publication_date 'May 21' is not a date"),
    ({"document_number": "2019-1", "citation": "84 FR 1", "title": "T", "agencies": "BIS"},
     "agencies must be a list of objects"),
    ({"document_number": "2019-1", "type": "Rule", "title": ""}, "no title"),
    ({"document_number": "2019-1", "type": "Rule", "title": 5}, "title must be text"),
])
def test_malformed_records_are_refused_with_the_field(
        tmp_path: Path, record: dict[str, object], reason: str) -> None:
    path = tmp_path / "rule.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    [error] = load_file(path)
    assert isinstance(error, LoadError) and error.source == str(path)
    assert reason in error.reason


def test_a_tariff_notice_targets_the_country_its_title_names(
        pipeline: ExtractionPipeline, tmp_path: Path) -> None:
    path = tmp_path / "duty.json"
    path.write_text(json.dumps({
        "document_number": "2025-99999", "citation": "90 FR 100", "type": "Notice",
        "title": "Steel Racks From the People's Republic of China: Countervailing Duty Order",
        "agencies": [{"id": 54, "name": "Commerce Department"},
                     {"id": 261, "name": "International Trade Administration",
                      "parent_id": 54}],
        "publication_date": "2025-04-07"}), encoding="utf-8")
    [document] = load_file(path)
    assert isinstance(document, Document)
    rule = rule_action(pipeline.extract(document))
    assert rule.type is ActionType.TARIFF
    assert rule.agents == [EntityRef(type=EntityType.AGENCY, key="ita")]
    assert rule.targets == [EntityRef(type=EntityType.COUNTRY, key="china")]


def test_an_agency_the_gazetteer_lacks_becomes_an_agency_of_its_own(
        pipeline: ExtractionPipeline, tmp_path: Path) -> None:
    path = tmp_path / "rule.json"
    path.write_text(json.dumps({
        "document_number": "2024-00001", "citation": "89 FR 5", "type": "Rule",
        "title": "Harbor Maintenance Fee Adjustments",
        "agencies": [{"id": 9999, "name": "Harbor Fee Office"}],
        "publication_date": "2024-01-02"}), encoding="utf-8")
    [document] = load_file(path)
    assert isinstance(document, Document)
    facts = pipeline.extract(document)
    rule = rule_action(facts)
    assert rule.type is ActionType.REGULATION
    assert facts.entity(rule.agents[0]).label == "Harbor Fee Office"


@pytest.mark.parametrize(("content", "reason"), [
    ({"citation": "84 FR 22961", "publication_date": "2019-05-21", "title": "T",
      "agencies": []}, "document: no document_number"),
    ({"results": [], "count": 0, "description": "Documents matching nothing"},
     "the Federal Register search response holds no documents"),
    ({"document_number": "2019-1", "type": "Rule", "title": "T", "effective_on": 20190516},
     "document: effective_on must be text, not int"),
])
def test_records_that_are_no_document_are_named_as_federal_register_json(
        tmp_path: Path, content: dict[str, object], reason: str) -> None:
    path = tmp_path / "api.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    [error] = load_file(path)
    assert isinstance(error, LoadError) and error.source == str(path)
    assert error.reason == reason


def test_each_bad_result_is_named_by_position_and_number_and_the_rest_load(
        tmp_path: Path) -> None:
    good = {"document_number": "2019-10616", "title": "Addition of Entities to the Entity List",
            "publication_date": "2019-05-21", "type": "Rule"}
    path = tmp_path / "search.json"
    path.write_text(json.dumps({"count": 5, "results": [
        good, 5, {"document_number": 201912345, "title": "Y", "type": "Rule"},
        {"document_number": "2019-1", "title": "Z", "citation": 84},
        {"document_number": "2019-2", "title": "Z", "publication_date": "2019-13-40"}]}),
        encoding="utf-8")
    loaded = load_file(path)
    assert [d.key for d in loaded if isinstance(d, Document)] == ["fr-2019-10616"]
    assert [e.reason for e in loaded if isinstance(e, LoadError)] == [
        "result 2: expected a JSON object, found int",
        "result 3: document_number must be text, not int",
        "result 4 (2019-1): citation must be text, not int",
        "result 5 (2019-2): publication_date '2019-13-40' is not a date (YYYY-MM-DD)"]


def test_news_json_with_a_results_list_is_still_news(tmp_path: Path) -> None:
    path = tmp_path / "news.json"
    path.write_text(json.dumps({"text": "The Commerce Department added Huawei to the Entity "
                                        "List.", "title": "News", "type": "article",
                                "abstract": "A short note.", "results": []}), encoding="utf-8")
    [document] = load_file(path)
    assert isinstance(document, Document) and document.structured is None
