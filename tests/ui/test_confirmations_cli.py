"""`tradegraph confirmations`: reported actions, confirmed by the legal record or reported
only, as a table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from tradegraph.graph.facade import TradeGraph

TESTS = Path(__file__).parents[1]
NEWS = TESTS / "graph" / "fixtures" / "news"
Run = Callable[..., subprocess.CompletedProcess[str]]
LIST = TESTS / "ingest" / "fixtures" / "screening_lists" / "consolidated.csv"


def test_confirmations_lists_confirmed_and_reported_only_actions(cli: Run, tmp_path: Path) -> None:
    store = tmp_path / "store"
    result = cli("ingest", str(NEWS), str(LIST), store=store)
    assert result.returncode == 0, result.stderr

    table = cli("confirmations", store=store, extra_env={"COLUMNS": "400"})
    assert table.returncode == 0, table.stderr
    assert "confirmed" in table.stdout and "reported only" in table.stdout
    assert "84 FR 22961" in table.stdout

    as_json = json.loads(cli("confirmations", "--confirmed", "-f", "json", store=store).stdout)
    bindings = as_json["results"]["bindings"]
    assert {b["citation"]["value"] for b in bindings} == {"84 FR 22961", "83 FR 17644"}
    assert {b["status"]["value"] for b in bindings} == {"confirmed"}

    only = list(csv.DictReader(io.StringIO(
        cli("confirmations", "--reported-only", "--format", "csv", store=store).stdout)))
    assert only and {row["status"] for row in only} == {"reported only"}
    assert all(not row["confirmedBy"] for row in only)
    with TradeGraph.open(str(store), read_only=True) as graph:
        assert len(only) == len(graph.confirmations("reported-only"))


def test_confirmations_refuses_both_filters_and_a_missing_store(cli: Run, tmp_path: Path) -> None:
    both = cli("confirmations", "--confirmed", "--reported-only", store=tmp_path / "none")
    assert both.returncode != 0 and "not both" in both.stderr
    missing = cli("confirmations", store=tmp_path / "none")
    assert missing.returncode != 0 and str(tmp_path / "none") in missing.stderr


def test_a_bad_tolerance_setting_stops_ingest_before_it_writes(cli: Run, tmp_path: Path) -> None:
    store = tmp_path / "store"
    result = cli("ingest", str(NEWS), store=store,
                 extra_env={"TRADEGRAPH_CORROBORATION_DAYS": "a month"})
    assert result.returncode != 0
    assert "TRADEGRAPH_CORROBORATION_DAYS" in result.stderr and "'a month'" in result.stderr
    assert not store.exists()
    good = cli("ingest", str(NEWS), store=store, extra_env={"TRADEGRAPH_CORROBORATION_DAYS": "7"})
    assert good.returncode == 0, good.stderr
