"""Screening lists (the Consolidated Screening List as CSV, TSV and JSON, and the older BIS
layout): listed parties and one listing action per row, malformed rows skipped with their
line. The fixtures under fixtures/screening_lists/ are ours, stating public facts."""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

import pytest

from tradegraph.ingest.citations import parse_citations
from tradegraph.ingest.errors import LoadError
from tradegraph.ingest.extraction import ExtractionPipeline
from tradegraph.ingest.loaders import load_file
from tradegraph.ingest.sources.screening_list.fields import parse_list_date
from tradegraph.ingest.sources.screening_list.rows import read_rows
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

HUAWEI = EntityRef(type=EntityType.FIRM, key="huawei")
BIS = EntityRef(type=EntityType.AGENCY, key="bis")


def list_file(fixtures: Path, suffix: str) -> Path:
    return fixtures / "screening_lists" / f"consolidated.{suffix}"


def load_one(path: Path) -> Document:
    [document] = load_file(path)
    assert isinstance(document, Document), document
    return document


def extract_file(pipeline: ExtractionPipeline, path: Path) -> Extraction:
    return pipeline.extract(load_one(path))


def action_on(extraction: Extraction, key: str) -> Action:
    [action] = [a for a in extraction.actions if any(t.key == key for t in a.targets)]
    return action


@pytest.fixture(scope="module")
def csv_facts(pipeline: ExtractionPipeline, fixtures: Path) -> Extraction:
    return extract_file(pipeline, list_file(fixtures, "csv"))


def test_a_list_file_is_one_document_of_the_legal_record(fixtures: Path) -> None:
    document = load_one(list_file(fixtures, "csv"))
    assert document.structured == "screening-list"
    assert document.key == "consolidated"
    assert document.text.startswith("_id,source,")


def test_each_row_is_a_listing_of_the_list_s_kind(csv_facts: Extraction) -> None:
    kinds = {target.key: (action.type, action.agents)
             for action in csv_facts.actions for target in action.targets}
    assert kinds["huawei"] == (ActionType.ENTITY_LIST_ADDITION, [BIS])
    assert kinds["smic"] == (ActionType.ENTITY_LIST_ADDITION, [BIS])
    assert kinds["zte"] == (ActionType.DENIAL_ORDER, [BIS])
    assert kinds["mahan-air"] == (
        ActionType.SANCTION, [EntityRef(type=EntityType.AGENCY, key="ofac")])
    assert len(csv_facts.actions) == 5


def test_a_listing_carries_what_the_list_states(csv_facts: Extraction) -> None:
    huawei = action_on(csv_facts, "huawei")
    assert huawei.targets == [HUAWEI]
    assert huawei.date == huawei.start_date == PartialDate.parse("2019-05-16")
    assert huawei.citations == ["84 FR 22961"]
    assert huawei.source_list == "Entity List (EL) - Bureau of Industry and Security"
    assert huawei.license_requirement == "For all items subject to the EAR."
    assert huawei.license_policy == "Presumption of denial."
    assert huawei.entry_id == "tg-fixture-0001"
    assert huawei.see_also == ["https://www.bis.gov/regulations/ear/744#supplement-4-744"]
    assert huawei.status is Status.IN_FORCE and huawei.confidence == 1.0
    assert action_on(csv_facts, "mahan-air").programs == ["SDGT", "IRAN"]


def test_a_listing_that_ended_before_the_list_s_date_is_terminated(
        csv_facts: Extraction) -> None:
    zte = action_on(csv_facts, "zte")
    assert zte.end_date == PartialDate.parse("2018-07-13")
    assert zte.status is Status.TERMINATED  # the fixture file is younger than 2018


def test_evidence_quotes_the_row(csv_facts: Extraction) -> None:
    text = csv_facts.document.text
    [evidence] = action_on(csv_facts, "huawei").evidence
    assert evidence.quote == text[evidence.start:evidence.end]
    assert evidence.quote.startswith("tg-fixture-0001,Entity List (EL)")
    assert "\n" not in evidence.quote
    mention = next(m for m in csv_facts.mentions if m.entity == HUAWEI)
    assert mention.evidence.quote == "Huawei Technologies Co., Ltd."


def test_listed_parties_resolve_to_the_gazetteer_and_gain_the_list_s_aliases(
        csv_facts: Extraction) -> None:
    huawei = csv_facts.entity(HUAWEI)
    assert huawei.label == "Huawei Technologies Co., Ltd."  # the gazetteer's label
    assert "Huawei Technologies" in huawei.aliases
    [address] = huawei.addresses
    assert address.locality is None and address.country == "CN"
    assert address.street == "Bantian, Longgang District, Shenzhen"
    assert huawei.country == EntityRef(type=EntityType.COUNTRY, key="china")
    # "Zhongxing Telecommunications Equipment Corporation" is the gazetteer's ZTE
    assert csv_facts.entity(EntityRef(type=EntityType.FIRM, key="zte")).label == "ZTE Corporation"


def test_an_unknown_firm_gets_the_key_news_would_give_it(
        csv_facts: Extraction, pipeline: ExtractionPipeline) -> None:
    listed = {t for a in csv_facts.actions for t in a.targets}
    news = pipeline.extract(Document(
        key="meiya-news", source="test", published=dt.date(2019, 10, 8),
        text="The Commerce Department added Xiamen Meiya Pico Information Co., Ltd. to the "
             "Entity List on Monday."))
    named = {m.entity for m in news.mentions}
    assert EntityRef(type=EntityType.FIRM, key="xiamen-meiya-pico-information") in (
        listed & named)


def test_countries_come_from_iso_codes(
        csv_facts: Extraction, pipeline: ExtractionPipeline, tmp_path: Path) -> None:
    mahan = csv_facts.entity(EntityRef(type=EntityType.FIRM, key="mahan-air"))
    assert mahan.country == EntityRef(type=EntityType.COUNTRY, key="iran")  # the gazetteer's
    path = tmp_path / "el.tsv"
    path.write_text("source\ttype\tname\taddresses\n"
                    "EL\tEntity\tKestrel Logistics Co.\tShahr-e Naw, Kabul, AF\n",
                    encoding="utf-8")
    facts = extract_file(pipeline, path)
    party = facts.entity(facts.actions[0].targets[0])
    assert party.country is not None
    country = facts.entity(party.country)  # not in the gazetteer: a country of the list's
    assert (country.key, country.label, country.aliases) == ("afghanistan", "Afghanistan", ["AF"])


def test_malformed_rows_are_reported_by_line_and_skipped(csv_facts: Extraction) -> None:
    assert csv_facts.warnings == [
        "line 7: start date '2019-02-30' is not a date; row skipped",
        "line 8: the row has no name; row skipped",
        "line 9: 30 fields where the header has 29; row skipped",
    ]
    names = {e.label for e in csv_facts.entities}
    assert not {"Example Bad Date Trading Co., Ltd.", "Stray Field Electronics Co., Ltd."} & names


@pytest.mark.parametrize("suffix", ["tsv", "json"])
def test_tsv_and_json_give_the_same_listings_as_csv(
        pipeline: ExtractionPipeline, fixtures: Path, csv_facts: Extraction, suffix: str) -> None:
    other = extract_file(pipeline, list_file(fixtures, suffix))

    def summary(extraction: Extraction) -> dict[str, tuple[object, ...]]:
        return {t.key: (a.type, a.date, tuple(a.citations), a.license_policy, tuple(a.programs))
                for a in extraction.actions for t in a.targets}

    same = summary(other)
    assert same and same.items() <= summary(csv_facts).items()
    if suffix == "json":
        assert len(same) == 5
        assert other.warnings == ["line 6: a record must be a JSON object, not str; row skipped"]
        [address] = other.entity(HUAWEI).addresses
        assert (address.locality, address.country) == ("Shenzhen", "CN")


def test_the_older_bis_layout_merges_repeated_rows(
        pipeline: ExtractionPipeline, tmp_path: Path) -> None:
    header = ["Source List", "Entity Number", "SDN Type", "Programs", "Name", "Title", "Address",
              "City", "State/Province", "Postal Code", "Country", "Federal Register Notice",
              "Effective Date", "Date Lifted/Waived/Expired", "Alternate Name", "Web Link", ""]
    base = ["EL", "", "", "", "Northwind Avionics Company", "", "12 Harbour Road", "Karachi",
            "", "", "Pakistan", "79 FR 56003", "9/22/2014", ""]
    path = tmp_path / "el.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerow([*base, "Northwind Avionics", "http://www.bis.doc.gov/entities"])
        writer.writerow([*base, "NWA", "http://www.bis.doc.gov/entities"])
    facts = extract_file(pipeline, path)
    [action] = facts.actions
    assert action.date == PartialDate.parse("2014-09-22")
    assert len(action.evidence) == 2  # one row each
    party = facts.entity(action.targets[0])
    assert party.type is EntityType.FIRM
    assert {"Northwind Avionics", "NWA"} <= set(party.aliases)
    assert party.country == EntityRef(type=EntityType.COUNTRY, key="pakistan")
    assert party.addresses[0].locality == "Karachi"


def test_an_unknown_list_is_read_as_designations_and_reported(
        pipeline: ExtractionPipeline, tmp_path: Path) -> None:
    path = tmp_path / "other.tsv"
    path.write_text("source\ttype\tname\tstart_date\n"
                    "Harbour Watch List (HWL) - Port Authority\tEntity\tBluefin Shipping Co.\t"
                    "2021-03-01\n", encoding="utf-8")
    facts = extract_file(pipeline, path)
    [action] = facts.actions
    assert action.type is ActionType.DESIGNATION and action.agents == []
    assert facts.warnings == ["list 'Harbour Watch List (HWL) - Port Authority' is not one "
                              "tradegraph knows: its rows are read as designations"]


def test_institutions_on_a_list_are_organisations(pipeline: ExtractionPipeline,
                                                  tmp_path: Path) -> None:
    path = tmp_path / "el.tsv"
    path.write_text("source\ttype\tname\n"
                    "Entity List (EL) - Bureau of Industry and Security\tEntity\t"
                    "Harbin Institute of Technology\n", encoding="utf-8")
    [action] = extract_file(pipeline, path).actions
    assert action.targets[0].type is EntityType.ORGANIZATION


def test_a_csv_that_is_not_a_list_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "prices.csv"
    path.write_text("product,price\nrouter,12\n", encoding="utf-8")
    [error] = load_file(path)
    assert isinstance(error, LoadError) and error.source == str(path)
    assert "not a screening list" in error.reason and "'name'" in error.reason


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "binary content"),
    (b"name,source\n\xff\xfeHuawei,EL\n", "not valid UTF-8"),
])
def test_bad_list_files_get_clear_errors(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(content)
    [error] = load_file(path)
    assert isinstance(error, LoadError) and reason in error.reason


def test_a_list_may_be_larger_than_a_news_document(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRADEGRAPH_MAX_DOCUMENT_BYTES", "100")
    path = tmp_path / "big.json"
    rows = [{"source": "EL", "name": f"Firm {i} Co., Ltd."} for i in range(20)]
    path.write_text(__import__("json").dumps({"results": rows}), encoding="utf-8")
    [document] = load_file(path)
    assert isinstance(document, Document) and document.structured == "screening-list"
    news = tmp_path / "news.json"
    news.write_text('{"text": "' + "word " * 40 + '"}', encoding="utf-8")
    [error] = load_file(news)
    assert isinstance(error, LoadError) and "over the 100 bytes limit" in error.reason
    monkeypatch.setenv("TRADEGRAPH_MAX_LIST_BYTES", "200")
    [too_big] = load_file(path)
    assert isinstance(too_big, LoadError) and "limit" in too_big.reason


def test_rows_spanning_lines_keep_their_span() -> None:
    text = 'source,name,remarks\nEL,"Acme Co., Ltd.","two\nlines"\nEL,Beta Corp.,\n'
    rows = list(read_rows(text.rstrip("\n")))
    assert [row.line for row in rows] == [2, 4]
    assert text[rows[0].start:rows[0].end] == 'EL,"Acme Co., Ltd.","two\nlines"'
    assert rows[1].fields["name"] == "Beta Corp."


@pytest.mark.parametrize(("value", "expected"), [
    ("84 FR 22961, 5/21/19.", ["84 FR 22961"]),
    ("84 FR 22961, 5/21/19. 85 FR 51603, 8/20/20.", ["84 FR 22961", "85 FR 51603"]),
    ("78 F.R. 75485 ", ["78 FR 75485"]),
    ("", []),
])
def test_citations_are_normalised(value: str, expected: list[str]) -> None:
    assert parse_citations(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("2019-05-16", "2019-05-16"), ("5/16/2019", "2019-05-16"), ("2019", "2019"),
    ("2019-05-16T00:00:00", "2019-05-16"), ("", None),
])
def test_list_dates(value: str, expected: str | None) -> None:
    parsed = parse_list_date(value, "start date")
    assert (parsed.isoformat() if parsed else None) == expected


def test_a_changed_list_lexicon_or_file_date_changes_nothing_else(
        pipeline: ExtractionPipeline, fixtures: Path, tmp_path: Path) -> None:
    copy = tmp_path / "consolidated.csv"
    copy.write_bytes(list_file(fixtures, "csv").read_bytes())
    os.utime(copy, (0, dt.datetime(2018, 7, 1, tzinfo=dt.UTC).timestamp()))
    zte = action_on(extract_file(pipeline, copy), "zte")
    assert zte.status is Status.IN_FORCE  # the list predates the end of the order
    assert pipeline.fingerprint_for(load_one(copy)).startswith(pipeline.fingerprint + "+")
