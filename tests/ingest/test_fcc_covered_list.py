"""The FCC Covered List as CSV: told from other CSV files by its header, one designation by
the FCC per entry (its firms the targets, its class the products), class-only entries kept
without a target, the web page's residue and fused cells repaired, bad rows reported by
line. The fixture under fixtures/fcc_covered_list/ is ours, stating public facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradegraph.ingest.errors import LoadError
from tradegraph.ingest.extraction import ExtractionPipeline
from tradegraph.ingest.loaders import load_file
from tradegraph.ingest.sources.fcc_covered_list.entries import (
    Firm,
    clean,
    parse_inclusion_date,
    read_entry,
    split_fused,
)
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

FCC = EntityRef(type=EntityType.AGENCY, key="fcc")
HEADER = "covered_equipment_or_services,date_of_inclusion_on_covered_list"


def covered_list(fixtures: Path) -> Path:
    return fixtures / "fcc_covered_list" / "covered_list.csv"


def load_one(path: Path) -> Document:
    [document] = load_file(path)
    assert isinstance(document, Document), document
    return document


@pytest.fixture(scope="module")
def facts(pipeline: ExtractionPipeline, fixtures: Path) -> Extraction:
    return pipeline.extract(load_one(covered_list(fixtures)))


def on(facts: Extraction, key: str) -> Action:
    [action] = [a for a in facts.actions if any(t.key == key for t in a.targets)]
    return action


def keys(refs: list[EntityRef]) -> list[str]:
    return [ref.key for ref in refs]


# ---------------------------------------------------------------- loading


def test_the_list_is_one_document_of_its_own_kind(fixtures: Path) -> None:
    document = load_one(covered_list(fixtures))
    assert document.structured == "fcc-covered-list"
    assert document.key == "covered-list"
    assert document.text.startswith(HEADER + "\n")


def test_a_screening_list_csv_is_still_a_screening_list(fixtures: Path) -> None:
    document = load_one(fixtures / "screening_lists" / "consolidated.csv")
    assert document.structured == "screening-list"


def test_a_csv_of_neither_kind_is_refused_with_both_reasons(tmp_path: Path) -> None:
    path = tmp_path / "prices.csv"
    path.write_text("product,price\nrouter,12\n", encoding="utf-8")
    [error] = load_file(path)
    assert isinstance(error, LoadError) and error.source == str(path)
    assert error.reason.startswith("a .csv file of no kind tradegraph reads")
    assert "not a screening list" in error.reason
    assert f"not the FCC Covered List: its header is not {HEADER!r}" in error.reason


def test_the_header_must_be_exactly_the_two_columns(tmp_path: Path) -> None:
    path = tmp_path / "more.csv"
    path.write_text(HEADER + ",notes\n\"Routers produced abroad.\",\"March 23, 2026\",x\n",
                    encoding="utf-8")
    [error] = load_file(path)
    assert isinstance(error, LoadError) and "not the FCC Covered List" in error.reason


def test_windows_line_endings_and_a_bom_are_read(pipeline: ExtractionPipeline,
                                                 tmp_path: Path) -> None:
    path = tmp_path / "covered.csv"
    path.write_bytes(("\ufeff" + HEADER + "\r\n\"Telecommunications equipment produced by "
                      "ZTE Corporation, including services.\",\"March 12, 2021\"\r\n"
                      ).encode())
    [action] = pipeline.extract(load_one(path)).actions
    assert keys(action.targets) == ["zte"]
    assert action.evidence[0].quote.endswith("including services.")


# ---------------------------------------------------------------- entries


def _never(_: str) -> bool:
    return False


def test_an_entry_names_its_class_and_firms() -> None:
    entry = read_entry("Telecommunications equipment produced by ZTE Corporation, including "
                       "the services that use it.", _never)
    assert entry.products == "telecommunications equipment"
    assert entry.firms == (Firm("ZTE Corporation"),)
    kaspersky = read_entry("Anti-virus software produced or provided by Kaspersky Lab, Inc. "
                           "or any of its successors.", _never)
    assert kaspersky.firms == (Firm("Kaspersky Lab, Inc."),)
    supplied = read_entry("Security products supplied, directly or indirectly, by AO Kaspersky "
                          "Lab.", _never)
    assert supplied.firms == (Firm("AO Kaspersky Lab"),)
    comma = read_entry("Services provided by Digitalsystem Technology Inc., subject to "
                       "section 214.", _never)
    assert comma.firms == (Firm("Digitalsystem Technology Inc."),)


def test_a_subsidiary_and_an_and_between_firms() -> None:
    entry = read_entry("Services provided by Pacific Networks Corp and its wholly-owned "
                       "subsidiary ComNet (USA) LLC subject to section 214.", _never)
    assert entry.firms == (Firm("Pacific Networks Corp"),
                           Firm("ComNet (USA) LLC", parent="Pacific Networks Corp"))
    both = read_entry("Cameras produced by Alpha Corp and Beta LLC.", lambda n: True)
    assert both.firms == (Firm("Alpha Corp"), Firm("Beta LLC"))
    one = read_entry("Cameras produced by Johnson and Johnson.", lambda n: n != "Johnson")
    assert one.firms == (Firm("Johnson and Johnson"),)


def test_a_class_only_entry_has_no_firm() -> None:
    routers = read_entry(clean("Routers ^ produced in a foreign country, except routers "
                               "granted an approval by DoW or DHS."), _never)
    assert routers.products == "routers" and routers.firms == ()
    inverters = read_entry(clean("Foreign-produced power inverters, £ except approved ones."),
                           _never)
    assert inverters.products == "power inverters" and inverters.firms == ()
    listed = read_entry(clean("All communications equipment listed in Section 1709 of the "
                              "Visit - FY25 NDAA."), _never)
    assert listed.products == "communications equipment"


def test_residue_is_cleaned_and_fused_cells_split() -> None:
    assert clean("Drones †† —except: (a) Visit - UAS on the list,# (b)") == (
        "Drones except: (a) UAS on the list, (b)")
    assert split_fused('Routers made abroad."Power inverters made abroad.') == [
        "Routers made abroad.", "Power inverters made abroad."]
    assert split_fused('Routers described as "small" devices.') == [
        'Routers described as "small" devices.']


@pytest.mark.parametrize(("cell", "date"), [
    ("March 12, 2021", "2021-03-12"),
    ("Sept 20, 2022", None),
    ("December 22, 2025Updated:January 7, 2026Updated:March 18, 2026", "2025-12-22"),
    ("2024-07-23", "2024-07-23"),
    ("", None),
])
def test_inclusion_dates(cell: str, date: str | None) -> None:
    if cell.startswith("Sept"):
        with pytest.raises(ValueError, match="inclusion date 'Sept 20, 2022' is not a date"):
            parse_inclusion_date(cell)
        return
    assert parse_inclusion_date(cell) == (PartialDate.parse(date) if date else None)


# ---------------------------------------------------------------- facts


def test_each_firm_entry_is_a_designation_by_the_fcc(facts: Extraction) -> None:
    huawei = on(facts, "huawei")
    assert huawei.type is ActionType.DESIGNATION and huawei.agents == [FCC]
    assert huawei.targets == [EntityRef(type=EntityType.FIRM, key="huawei")]
    assert keys(huawei.products) == ["telecom-network-equipment"]
    assert huawei.date == huawei.start_date == PartialDate.parse("2021-03-12")
    assert huawei.status is Status.IN_FORCE and huawei.source_list == "FCC Covered List"
    assert huawei.evidence[0].quote.startswith("Telecommunications equipment produced by "
                                               "Huawei Technologies Company")
    assert keys(on(facts, "hikvision").products) == ["surveillance-equipment"]
    assert on(facts, "kaspersky").date == PartialDate.parse("2022-03-25")


def test_firms_resolve_to_the_gazetteer_and_new_ones_keep_their_parent(
        facts: Extraction) -> None:
    entities = {entity.key: entity for entity in facts.entities}
    assert entities["huawei"].label == "Huawei Technologies Co., Ltd."
    assert "Huawei Technologies Company" in entities["huawei"].aliases
    assert entities["hikvision"].type is EntityType.FIRM
    pacific = on(facts, "pacific-networks")
    assert keys(pacific.targets) == ["pacific-networks", "comnet-usa"]
    assert entities["comnet-usa"].parent == EntityRef(type=EntityType.FIRM,
                                                      key="pacific-networks")
    assert entities["cybersecurity-software"].broader == [
        EntityRef(type=EntityType.PRODUCT, key="software")]
    mentioned = {m.entity.key: m.evidence.quote for m in facts.mentions}
    assert mentioned["comnet-usa"] == "ComNet (USA) LLC"


def test_class_only_entries_are_kept_without_a_target(facts: Extraction) -> None:
    partyless = {tuple(keys(a.products)): a for a in facts.actions if not a.targets}
    assert set(partyless) == {("drones",), ("routers",),
                              ("power-inverters", "advanced-robotic-devices")}
    drones = partyless[("drones",)]
    assert drones.date == PartialDate.parse("2025-12-22") and drones.country is None
    assert drones.agents == [FCC]
    fused = partyless[("power-inverters", "advanced-robotic-devices")]
    assert [e.quote for e in fused.evidence] == [
        "Foreign-produced power inverters, £ except approved ones.",
        "Foreign-produced advanced robotic devices, ³ except approved ones."]


def test_bad_rows_are_reported_by_line(facts: Extraction) -> None:
    assert facts.warnings == [
        "line 4: inclusion date 'early 2021' is not a date; date skipped, entry kept",
        "line 9: 2 entries fused in one cell (a doubled quote); read as 2 entries",
        "line 11: the row names no equipment or service; row skipped",
        "line 12: 3 fields where the header has 2; row skipped",
    ]
    zte = on(facts, "zte")
    assert zte.date is None and zte.start_date is None
    assert len(facts.actions) == 8
