"""Screening a whole customer list through the facade, on both backends: a CSV file in,
one result per row in order (bad rows reported by line, the rest screened), CSV and JSON
out that read back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.screening.customers import read_customers
from tradegraph.graph.screening.writers import CSV_COLUMNS, write_csv, write_json

CUSTOMERS = """\
Account,Customer Name,Country
A-1,"HUAWEI TECHNOLOGIES CO.,LTD",CN
A-2,Chung-hsing Telecommunications Equipment,
A-3,,CN
A-4,"Broken, "quote,CN
A-5,Northwind Bakery Supplies,GB
A-6,Рособоронэкспорт,RU
A-7,China Unicom,CN
"""


def _screened(graph: TradeGraph, tmp_path: Path) -> list[dict[str, object]]:
    path = tmp_path / "customers.csv"
    path.write_text(CUSTOMERS, encoding="utf-8")
    seen: list[int] = []
    out = io.StringIO()
    write_json(graph.screen(read_customers(path), limit=3, progress=seen.append), out)
    assert seen == [7]
    rows: list[dict[str, object]] = json.loads(out.getvalue())
    return rows


def test_a_customer_list_is_screened_row_by_row(pair_set_graph: TradeGraph,
                                                pair_set_iris: dict[str, str],
                                                tmp_path: Path) -> None:
    rows = _screened(pair_set_graph, tmp_path)
    assert [row["line"] for row in rows] == [2, 3, 4, 5, 6, 7, 8]
    by_line = {row["line"]: row for row in rows}
    best = {line: row["candidates"][0]["iri"]  # type: ignore[index]
            for line, row in by_line.items() if row.get("candidates")}
    assert best[2] == pair_set_iris["huawei"]
    assert best[3] == pair_set_iris["zte"]
    assert best[7] == pair_set_iris["rosoboronexport"]
    assert best[8] == pair_set_iris["china-unicom"]
    assert by_line[4]["error"] == "no name in 'Customer Name'"
    assert "broken quotes" in str(by_line[5]["error"])
    assert by_line[6]["candidates"] == []
    huawei = by_line[2]["candidates"][0]  # type: ignore[index]
    assert huawei["listed_in_force"] is True and huawei["listings"][0]["evidence"]
    assert {f["kind"] for f in huawei["features"]} >= {"name", "words", "country"}
    assert by_line[2]["input"]["extra"] == {"Account": "A-1"}  # type: ignore[index]


def test_the_csv_output_has_a_line_per_candidate_and_per_bad_row(
        pair_set_graph: TradeGraph, tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_text(CUSTOMERS, encoding="utf-8")
    out = io.StringIO()
    count = write_csv(pair_set_graph.screen(read_customers(path), limit=1), out)
    assert count == 7
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(table[0]) == [*CSV_COLUMNS, "Account"]
    assert [(r["line"], r["status"]) for r in table] == [
        ("2", "match"), ("3", "match"), ("4", "error"), ("5", "error"), ("6", "no match"),
        ("7", "match"), ("8", "match")]
    assert table[0]["listed_in_force"] == "yes" and "85 FR" in table[0]["citations"]
    assert table[0]["Account"] == "A-1" and float(table[0]["score"]) >= 0.8


def test_plain_names_and_json_lines(pair_set_graph: TradeGraph) -> None:
    out = io.StringIO()
    write_json(pair_set_graph.screen(["ZTE", "", "Zhejiang Dahua Technology"], limit=1),
               out, lines=True)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [row["line"] for row in rows] == [1, 2, 3]
    assert "error" in rows[1] and "empty" in rows[1]["error"]
    assert rows[2]["candidates"][0]["label"] == "Zhejiang Dahua Technology Co., Ltd."


def test_an_empty_run_writes_the_header_only() -> None:
    out = io.StringIO()
    assert write_csv([], out) == 0
    assert out.getvalue().strip() == ",".join(CSV_COLUMNS)
    out = io.StringIO()
    assert write_json([], out) == 0 and json.loads(out.getvalue()) == []


def test_two_worker_processes_give_the_same_rows_in_the_same_order(
        pair_set_graph: TradeGraph, labelled_pairs: list[object]) -> None:
    names: list[str] = [pair.query for pair in labelled_pairs] * 3  # type: ignore[attr-defined]
    names[7] = ""  # a bad row in the middle of a chunk
    seen: list[int] = []
    parallel = list(pair_set_graph.screen(names, limit=3, workers=2, progress=seen.append))
    single = list(pair_set_graph.screen(names, limit=3, workers=1))
    assert len(names) > 1000 and seen[-1] == len(names) and len(seen) > 2
    assert parallel == single
    assert [row.line for row in parallel] == list(range(1, len(names) + 1))
    assert parallel[7].error is not None and parallel[7].error.line == 8
