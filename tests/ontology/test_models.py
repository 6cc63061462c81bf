"""The pydantic fact models accept well-formed facts and reject malformed ones."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from tradegraph.ontology.models import (
    Action,
    ActionType,
    DatePrecision,
    Document,
    Entity,
    EntityRef,
    EntityType,
    Evidence,
    Extraction,
    Mention,
    PartialDate,
    Status,
)

FIRM = EntityRef(type=EntityType.FIRM, key="northwind-optics")
STRANGER = EntityRef(type=EntityType.FIRM, key="someone-else")
PRODUCT = EntityRef(type=EntityType.PRODUCT, key="semiconductors")

SPAN: dict[str, Any] = {
    "start": 4, "end": 9, "quote": "quick", "extractor": "x", "extractor_version": "1",
}


def test_the_example_extraction_is_valid(make_extraction: Callable[..., Extraction]) -> None:
    extraction = make_extraction()
    assert len(extraction.actions) == 2
    assert extraction.entity(FIRM).label == "Northwind Optics Co."
    with pytest.raises(KeyError):
        extraction.entity(STRANGER)


# ---------------------------------------------------------------- keys and refs


@pytest.mark.parametrize("key", ["huawei", "zte-kangxun", "5g-equipment", "a1-b2-c3"])
def test_good_keys(key: str) -> None:
    assert EntityRef(type=EntityType.FIRM, key=key).key == key


@pytest.mark.parametrize("key", ["", "Huawei", "zte_kangxun", "-zte", "zte-", "a--b", "a b",
                                 "é", "x" * 201])
def test_bad_keys(key: str) -> None:
    with pytest.raises(ValidationError):
        EntityRef(type=EntityType.FIRM, key=key)


def test_entity_ref_is_hashable_and_prints_as_a_path() -> None:
    assert str(FIRM) == "firm/northwind-optics"
    assert EntityRef(type="Firm", key="northwind-optics") == FIRM
    assert len({FIRM, EntityRef(type=EntityType.FIRM, key="northwind-optics")}) == 1
    with pytest.raises(ValidationError):
        EntityRef(type="Company", key="northwind-optics")


def test_entity_needs_a_name() -> None:
    with pytest.raises(ValidationError):
        Entity(type=EntityType.FIRM, key="northwind-optics", label="")
    entity = Entity(type=EntityType.FIRM, key="northwind-optics", label="Northwind Optics")
    assert entity.ref == FIRM


# ---------------------------------------------------------------- evidence


def test_good_evidence() -> None:
    evidence = Evidence(**SPAN, confidence=0.25)
    assert (evidence.start, evidence.end, evidence.confidence) == (4, 9, 0.25)


@pytest.mark.parametrize("changes", [
    {"start": 9, "end": 9, "quote": ""},        # empty span
    {"start": 9, "end": 4},                     # reversed span
    {"start": -1, "end": 4},                    # negative offset
    {"quote": "quic"},                          # quote shorter than span
    {"quote": "quick!"},                        # quote longer than span
    {"confidence": -0.01},
    {"confidence": 1.01},
    {"confidence": float("nan")},
    {"extractor": ""},
    {"extractor_version": ""},
])
def test_bad_evidence(changes: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Evidence(**{**SPAN, **changes})


def test_evidence_outside_the_text_is_rejected(
    make_extraction: Callable[..., Extraction], make_listing: Callable[..., Action],
    doc_text: str,
) -> None:
    end = len(doc_text) + 5
    past_end = Evidence(start=end - 5, end=end, quote="later", extractor="x",
                        extractor_version="1")
    with pytest.raises(ValidationError, match="does not quote"):
        make_extraction(actions=[make_listing(evidence=[past_end])])


def test_evidence_that_misquotes_the_text_is_rejected(
    make_extraction: Callable[..., Extraction], make_listing: Callable[..., Action],
    doc_text: str,
) -> None:
    start = doc_text.index("Northwind")
    wrong = Evidence(start=start, end=start + 9, quote="Southwind", extractor="x",
                     extractor_version="1")
    with pytest.raises(ValidationError, match="does not quote"):
        make_extraction(actions=[make_listing(evidence=[wrong])])


def test_mention_evidence_is_checked_too(make_extraction: Callable[..., Extraction]) -> None:
    extraction = make_extraction()
    bad = Evidence(start=0, end=5, quote="Lorem", extractor="x", extractor_version="1")
    data = extraction.model_dump()
    data["mentions"].append(Mention(entity=FIRM, evidence=bad).model_dump())
    with pytest.raises(ValidationError, match="does not quote"):
        Extraction.model_validate(data)


# ---------------------------------------------------------------- references


def test_action_with_an_unknown_agent_is_rejected(
    make_extraction: Callable[..., Extraction], make_listing: Callable[..., Action],
) -> None:
    with pytest.raises(ValidationError, match="unknown entity"):
        make_extraction(actions=[make_listing(agents=[STRANGER])])


@pytest.mark.parametrize("role", ["targets", "beneficiaries"])
def test_action_with_an_unknown_party_is_rejected(
    make_extraction: Callable[..., Extraction], make_listing: Callable[..., Action], role: str,
) -> None:
    with pytest.raises(ValidationError, match="unknown entity"):
        make_extraction(actions=[make_listing(**{role: [STRANGER]})])


def test_action_with_an_unknown_product_is_rejected(
    make_extraction: Callable[..., Extraction], make_listing: Callable[..., Action],
) -> None:
    chips = EntityRef(type=EntityType.PRODUCT, key="memory-chips")
    with pytest.raises(ValidationError, match="unknown entity"):
        make_extraction(actions=[make_listing(products=[chips])])


def test_mention_of_an_unknown_entity_is_rejected(
    make_extraction: Callable[..., Extraction],
) -> None:
    data = make_extraction().model_dump()
    data["mentions"][0]["entity"] = STRANGER.model_dump()
    with pytest.raises(ValidationError, match="unknown entity"):
        Extraction.model_validate(data)


# ---------------------------------------------------------------- actions


def test_products_must_be_products(make_listing: Callable[..., Action]) -> None:
    with pytest.raises(ValidationError, match="not a product"):
        make_listing(products=[FIRM])
    assert make_listing(products=[PRODUCT]).products == [PRODUCT]


def test_action_needs_evidence(make_listing: Callable[..., Action]) -> None:
    with pytest.raises(ValidationError):
        make_listing(evidence=[])


def test_action_defaults(make_listing: Callable[..., Action]) -> None:
    action = Action(type=ActionType.STATEMENT, evidence=make_listing().evidence)
    assert action.status is Status.REPORTED
    assert action.agents == action.targets == []


@pytest.mark.parametrize("duration", ["P90D", "P1Y", "P6M", "P1Y6M", "P10Y2M3D"])
def test_good_durations(make_listing: Callable[..., Action], duration: str) -> None:
    assert make_listing(duration=duration).duration == duration


@pytest.mark.parametrize("duration", ["P", "90 days", "PT5H", "P1.5Y", "p90d", "P90"])
def test_bad_durations(make_listing: Callable[..., Action], duration: str) -> None:
    with pytest.raises(ValidationError):
        make_listing(duration=duration)


@pytest.mark.parametrize("changes", [
    {"currency": "usd"}, {"currency": "US$"}, {"currency": "DOLLARS"},
    {"confidence": 1.5}, {"confidence": -0.1},
    {"amount": Decimal("NaN")}, {"amount": "a lot"},
    {"type": "Embargo"}, {"status": "rumoured"},
])
def test_bad_action_fields(make_listing: Callable[..., Action], changes: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        make_listing(**changes)


@pytest.mark.parametrize(("action_type", "label"), [
    (ActionType.ENTITY_LIST_ADDITION, "Entity List addition"),
    (ActionType.ENTITY_LIST_REMOVAL, "Entity List removal"),
    (ActionType.TEMPORARY_GENERAL_LICENSE, "Temporary general license"),
    (ActionType.DENIAL_ORDER, "Denial order"),
    (ActionType.TARIFF, "Tariff"),
])
def test_action_type_labels(action_type: ActionType, label: str) -> None:
    assert action_type.label == label


def test_status_local_names() -> None:
    assert Status.IN_FORCE.local_name == "InForce"
    assert Status.SPECULATIVE.local_name == "Speculative"
    assert Status("in force") is Status.IN_FORCE


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(("text", "precision"), [
    ("2019", DatePrecision.YEAR), ("2019-05", DatePrecision.MONTH),
    ("2019-05-16", DatePrecision.DAY), (" 2020-02-29 ", DatePrecision.DAY),
])
def test_partial_dates_parse(text: str, precision: DatePrecision) -> None:
    date = PartialDate.parse(text)
    assert date.precision is precision
    assert date.isoformat() == text.strip()
    assert str(date) == text.strip()


@pytest.mark.parametrize("text", ["2019-02-30", "2019-13", "2019-5", "May 2019", "19", "",
                                  "2019-05-16T10:00", "2021-02-29"])
def test_bad_partial_dates(text: str) -> None:
    with pytest.raises(ValueError):  # ValidationError is a ValueError too
        PartialDate.parse(text)


def test_a_day_needs_a_month() -> None:
    with pytest.raises(ValidationError):
        PartialDate(year=2019, day=3)


def test_partial_date_truncation_and_first_day() -> None:
    day = dt.date(2019, 5, 16)
    assert PartialDate.of(day).isoformat() == "2019-05-16"
    assert PartialDate.of(day, DatePrecision.MONTH).isoformat() == "2019-05"
    assert PartialDate.of(day, DatePrecision.YEAR).isoformat() == "2019"
    assert PartialDate.parse("2019-05").first_day() == dt.date(2019, 5, 1)
    assert PartialDate.parse("2019").first_day() == dt.date(2019, 1, 1)
    assert PartialDate.parse("2019-05") == PartialDate(year=2019, month=5)


# ---------------------------------------------------------------- documents


def document(**changes: Any) -> Document:
    fields: dict[str, Any] = {
        "key": "harbor-bulletin", "text": "A port authority fined a freight forwarder.",
        "source": "bulletin.txt", "title": "Fine", "published": "2022-07-01",
    }
    fields.update(changes)
    return Document(**fields)


def test_content_hash_is_stable() -> None:
    first = document().content_hash
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", first)
    assert document().content_hash == first
    # where it was read from is not stored, so it does not change the hash
    assert document(source="https://elsewhere.example/bulletin").content_hash == first
    assert Document.model_validate_json(document().model_dump_json()).content_hash == first


@pytest.mark.parametrize("changes", [
    {"text": "A port authority fined a freight forwarder!"},
    {"text": "A port authority fined a freight forwarder. "},
    {"title": "Fined"},
    {"published": "2022-07-02"},
    {"metadata": {"section": "ports"}},
])
def test_content_hash_changes_with_stored_content(changes: dict[str, Any]) -> None:
    assert document(**changes).content_hash != document().content_hash


@pytest.mark.parametrize("changes", [{"text": ""}, {"key": "Harbor Bulletin"}])
def test_bad_documents(changes: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        document(**changes)


def test_extraction_needs_pipeline_and_extractor(
    make_extraction: Callable[..., Extraction],
) -> None:
    data = make_extraction().model_dump()
    for field in ("pipeline", "extractor", "extractor_version"):
        with pytest.raises(ValidationError):
            Extraction.model_validate({**data, field: ""})


def test_an_action_kind_narrows_its_type_and_is_a_subclass_of_it() -> None:
    from rdflib import RDFS, Graph

    from tradegraph.ontology.action_kinds import ActionKind
    from tradegraph.ontology.models import Action, ActionType
    from tradegraph.ontology.terms import TG

    evidence = {"start": 0, "end": 3, "quote": "TDO", "extractor": "t", "extractor_version": "1"}
    act = Action(type=ActionType.DENIAL_ORDER, kinds=[ActionKind.TEMPORARY_DENIAL_ORDER],
                 evidence=[evidence])
    assert act.kinds[0].type == ActionType.DENIAL_ORDER
    with pytest.raises(ValueError, match="TemporaryDenialOrder is a kind of DenialOrder"):
        Action(type=ActionType.SANCTION, kinds=[ActionKind.TEMPORARY_DENIAL_ORDER],
               evidence=[evidence])
    ontology = Graph().parse(Path(__file__).parents[2] / "ontology" / "tradegraph.ttl")
    for kind in ActionKind:
        assert (TG[kind.value], RDFS.subClassOf, TG[kind.type]) in ontology
