"""`tradegraph match` and `tradegraph screen` on the demo corpus (both backends): candidates
with score, features, listings and status on the day; bad rows by line; the documented
exit codes; CSV and JSON out."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from tradegraph.ui.cli import app

Run = Callable[..., subprocess.CompletedProcess[str]]
HUAWEI = "https://w3id.org/tradegraph/id/firm/huawei"
ZTE = "https://w3id.org/tradegraph/id/firm/zte"
runner = CliRunner()
CUSTOMERS = (
    "Company,Country,Reference\n"
    "\"HUAWEI TECHNOLOGIES CO.,LTD\",CN,c-1\n"
    '"Broken quote,CN,c-2\n'
    "Zhongxing Telecommunication Equipment Corp,China,c-3\n"
    "Quietbrook Garden Supplies,GB,c-4\n"
    ",CN,c-5\n"
    "!!!,,c-6\n"
)


def invoke(store: Path | str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--store", str(store), *args], env={"COLUMNS": "300"})
    return result.exit_code, result.stdout, result.stderr


def test_match_reports_status_on_the_day_and_exits_3_for_a_hit(demo_store: Path | str
                                                                ) -> None:
    code, text, _ = invoke(demo_store, "match", "Huawei Technologies Co", "--as-of",
                           "2019-05-20", "-f", "json")
    assert code == 3
    data = json.loads(text)
    assert data["as_of"] == "2019-05-20" and data["threshold"] == 0.8
    best = data["candidates"][0]
    assert best["iri"] == HUAWEI and best["score"] >= 0.9 and best["listed_in_force"]
    assert {f["kind"] for f in best["features"]} >= {"name", "words"}
    assert best["status"]["as_of"] == "2019-05-20"
    assert best["status"]["regimes_in_force"] == ["Entity List", "temporary general license"]
    assert any(listing["citations"] == ["84 FR 22961"] and listing["evidence"]
               for listing in best["listings"])
    code, text, _ = invoke(demo_store, "match", "Huawei Technologies Co", "--as-of",
                           "2019-05-10", "-f", "json")  # before the listing: no hit
    assert code == 0
    before = json.loads(text)["candidates"][0]
    assert before["iri"] == HUAWEI and not before["listed_in_force"]
    assert before["status"]["standings"] == []


def test_a_removal_or_termination_ends_the_hit(demo_store: Path | str) -> None:
    code, text, _ = invoke(demo_store, "match", "ZTE Corporation", "--as-of", "2018-05-01",
                           "-f", "json")
    assert code == 3, text  # the denial order of April 2018 was in force
    assert json.loads(text)["candidates"][0]["status"]["regimes_in_force"] == ["denial order"]
    code, text, _ = invoke(demo_store, "match", "ZTE Corporation", "--as-of", "2019-01-01",
                           "-f", "json")
    assert code == 0  # lifted in July 2018
    assert json.loads(text)["candidates"][0]["status"]["regimes_in_force"] == []


def test_match_table_country_threshold_and_bad_input(demo_store: Path | str) -> None:
    code, text, _ = invoke(demo_store, "match", "Chung-hsing Telecommunications Equipment",
                           "--country", "CN", "--as-of", "2019-01-01")
    assert code == 0
    assert "1. 1.000 ZTE Corporation (Firm, CN)" in text and "why the best:" in text
    code, text, _ = invoke(demo_store, "match", "Huawei Device Co")
    assert code == 0 and "no candidate for 'Huawei Device Co' at or above 0.80" in text
    code, text, _ = invoke(demo_store, "match", "Huawei Device Co", "--threshold", "0.5",
                           "-f", "json")
    assert HUAWEI in {c["iri"] for c in json.loads(text)["candidates"]}
    for args, said in ((["   "], "the name is empty"),
                       (["Huawei", "--as-of", "05/20/2019"], "YYYY-MM-DD"),
                       (["Huawei", "--threshold", "1.5"], "--threshold")):
        code, _, err = invoke(demo_store, "match", *args)
        assert code == 2 and said in err, (args, err)


def test_screen_writes_csv_reports_bad_rows_by_line_and_exits_4(
        demo_store: Path | str, tmp_path: Path) -> None:
    customers = tmp_path / "customers.csv"
    customers.write_text(CUSTOMERS, encoding="utf-8")
    code, text, err = invoke(demo_store, "screen", str(customers), "--as-of", "2019-05-20")
    assert code == 4  # hits, and rows that could not be screened
    rows = list(csv.DictReader(io.StringIO(text)))
    by_line = {int(row["line"]): row for row in rows}
    assert by_line[2]["candidate_iri"] == HUAWEI and by_line[2]["listed_in_force"] == "yes"
    assert "Entity List" in by_line[2]["in_force"]
    assert by_line[2]["Reference"] == "c-1"  # the other columns are carried through
    assert by_line[4]["candidate_iri"] == ZTE and by_line[4]["listed_in_force"] == "no"
    assert by_line[5]["status"] == "no match"
    assert {line for line, row in by_line.items() if row["status"] == "error"} == {3, 6, 7}
    for line in (3, 6, 7):
        assert f"{customers}: line {line}: " in err
    assert "6 rows screened" in err and "1 listed in force on 2019-05-20" in err


def test_screen_to_json_and_the_exit_codes_of_clean_lists(demo_store: Path | str,
                                                          tmp_path: Path) -> None:
    clean = tmp_path / "clean.csv"
    clean.write_text("name\nQuietbrook Garden Supplies\nZTE Corporation\n", encoding="utf-8")
    out = tmp_path / "screened.json"
    code, _, err = invoke(demo_store, "screen", str(clean), "-o", str(out), "--as-of",
                          "2019-05-20")
    assert code == 0, err  # ZTE matches, but nothing was in force that day
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [row["line"] for row in data] == [2, 3]
    assert data[1]["candidates"][0]["iri"] == ZTE
    assert data[1]["candidates"][0]["status"]["as_of"] == "2019-05-20"
    assert not (tmp_path / "screened.json.partial").exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("name\n!!!\nQuietbrook Garden Supplies\n", encoding="utf-8")
    code, _, err = invoke(demo_store, "screen", str(bad), "-f", "jsonl")
    assert code == 1 and f"{bad}: line 2:" in err
    hit = tmp_path / "hit.tsv"
    hit.write_text("ref\tcustomer\nx\tHangzhou Hikvision Digital Technology\n", encoding="utf-8")
    code, text, _ = invoke(demo_store, "screen", str(hit), "--name-column", "2",
                           "--as-of", "2020-01-01", "-f", "table")
    assert code == 3 and "Hangzhou Hikvision" in text and "in force: Entity List" in text


def test_screen_refuses_what_it_cannot_read(demo_store: Path | str, tmp_path: Path) -> None:
    missing = tmp_path / "missing.csv"
    code, _, err = invoke(demo_store, "screen", str(missing))
    assert code == 2 and str(missing) in err
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\x00\x01\x02\xff" * 50)
    code, _, err = invoke(demo_store, "screen", str(binary))
    assert code == 2 and str(binary) in err
    listed = tmp_path / "list.csv"
    listed.write_text("name\nHuawei\n", encoding="utf-8")
    code, _, err = invoke(demo_store, "screen", str(listed), "-o", str(tmp_path / "x.xlsx"))
    assert code == 2 and "--format" in err
    code, _, err = invoke(demo_store, "screen", str(listed), "--name-column", "Firma")
    assert code == 2 and "Firma" in err


def test_screen_as_the_installed_command(cli: Run, embedded_demo_store: Path,
                                         tmp_path: Path) -> None:
    customers = tmp_path / "customers.csv"
    customers.write_text(CUSTOMERS, encoding="utf-8")
    result = cli("screen", str(customers), "--as-of", "2019-05-20", "-o",
                 str(tmp_path / "out.csv"), store=embedded_demo_store)
    assert result.returncode == 4, result.stderr
    assert "line 3: a quoted field is never closed" in result.stderr
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))
    assert rows[0]["candidate_iri"] == HUAWEI
    hit = cli("match", "Huawei", "--as-of", "2019-05-20", store=embedded_demo_store)
    assert hit.returncode == 3 and "Huawei Technologies Co., Ltd." in hit.stdout


def test_a_long_list_is_screened_in_order_by_worker_processes(
        cli: Run, embedded_demo_store: Path, tmp_path: Path) -> None:
    names = ["Quietbrook Garden Supplies", "ZTE Corporation", "HUAWEI TECHNOLOGIES",
             "Tallowmere Bakery"]
    lines = ["name,ref"] + [f"{names[i % 4]},r{i}" for i in range(1200)]
    lines[701] = '"broken,r700'  # line 702 of the file
    customers = tmp_path / "long.csv"
    customers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "long.jsonl"
    result = cli("screen", str(customers), "--workers", "2", "--as-of", "2019-05-20",
                 "-o", str(out), store=embedded_demo_store)
    assert result.returncode == 4, result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["line"] for row in rows] == list(range(2, 1202))
    assert rows[700]["error"].startswith("a quoted field")
    assert f"{customers}: line 702:" in result.stderr
    huawei = [row for row in rows if row.get("input", {}).get("extra", {}).get("ref") == "r2"]
    assert huawei[0]["candidates"][0]["iri"] == HUAWEI
    assert huawei[0]["candidates"][0]["status"]["in_force"] is True
    assert "1200 rows screened (utf-8): 600 with candidates, 300 listed in force" \
        in result.stderr  # the broken line was a name without candidates
