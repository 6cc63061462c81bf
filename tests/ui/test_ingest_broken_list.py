"""`tradegraph ingest` of a screening list whose file is broken: the good rows are stored,
the broken row is reported by its line, and the exit code says rows were lost."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

Run = Callable[..., subprocess.CompletedProcess[str]]

EL = "Entity List (EL) - Bureau of Industry and Security"
HEADER = "source,type,name,federal_register_notice,start_date\n"
ROWS = [
    f"{EL},Entity,Sugon,84 FR 29371,2019-06-24\n",
    f"{EL},Entity,iFlytek,84 FR 54002,2019-10-09\n",
    f'{EL},Entity,"Hangzhou Hikvision Digital Technology Co., Ltd.,84 FR 54002,2019-10-09\n',
    f"{EL},Entity,Megvii,84 FR 54002,2019-10-09\n",
    f"{EL},Entity,SenseTime,84 FR 54002,2019-10-09\n",
    f'{EL},Entity,"Huawei Technologies Co., Ltd.",84 FR 22961,2019-05-16\n',
]
QUERY = ("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a tg:EntityListAddition }")


def listings(cli: Run, store: Path) -> int:
    result = cli("query", "--format", "json", QUERY, store=store)
    assert result.returncode == 0, result.stderr
    return int(json.loads(result.stdout)["results"]["bindings"][0]["n"]["value"])


def test_a_broken_quote_loses_one_row_stores_the_rest_and_exits_1(
        cli: Run, tmp_path: Path) -> None:
    listing = tmp_path / "el.csv"
    listing.write_text(HEADER + "".join(ROWS), encoding="utf-8")  # row 3 (line 4) is broken
    store = tmp_path / "store"
    result = cli("ingest", "--quiet", str(listing), store=store)
    assert result.returncode == 1, result.stderr
    assert "1 ingested" in result.stdout and "5 actions extracted" in result.stdout
    assert "el.csv: line 4: unclosed quote; row skipped" in result.stderr
    assert "incomplete" in result.stderr and "1 part" in result.stderr
    assert listings(cli, store) == 5  # rows 4-6 after the broken one are stored too


def test_a_broken_list_left_unchanged_still_fails_the_next_run(
        cli: Run, tmp_path: Path) -> None:
    listing = tmp_path / "el.csv"
    listing.write_text(HEADER + "".join(ROWS), encoding="utf-8")
    store = tmp_path / "store"
    assert cli("ingest", "--quiet", str(listing), store=store).returncode == 1
    again = cli("ingest", "--quiet", str(listing), store=store)
    assert again.returncode == 1, again.stderr  # not read again, but still broken
    assert "1 skipped" in again.stdout
    assert "incomplete" in again.stderr and "has not changed since" in again.stderr
    listing.write_text(HEADER + "".join(ROWS).replace('Ltd.,84', 'Ltd.",84'), encoding="utf-8")
    mended = cli("ingest", "--quiet", str(listing), store=store)
    assert mended.returncode == 0, mended.stderr
    assert "1 replaced" in mended.stdout and "incomplete" not in mended.stderr
    assert listings(cli, store) == 6
    assert cli("ingest", "--quiet", str(listing), store=store).returncode == 0


def test_an_all_empty_row_is_reported_and_the_list_is_sound(cli: Run, tmp_path: Path) -> None:
    listing = tmp_path / "el.csv"
    listing.write_text(HEADER + ROWS[0] + ",,,,\n" + ROWS[1] + "\n", encoding="utf-8")
    store = tmp_path / "store"
    result = cli("ingest", "--quiet", str(listing), store=store)
    assert result.returncode == 0, result.stderr
    assert "el.csv: line 3: empty row; skipped" in result.stderr
    assert "incomplete" not in result.stderr
    assert listings(cli, store) == 2
