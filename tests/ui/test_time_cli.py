"""`tradegraph status`, `deadlines`, `same-action`, `distinct-actions`,
`action-statements` and `rederive`: through typer's CliRunner on the demo corpus (both
backends), and as the installed command for the exit codes a script sees."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from tradegraph.graph.facade import TradeGraph
from tradegraph.ui.cli import app

Run = Callable[..., subprocess.CompletedProcess[str]]
ID = "https://w3id.org/tradegraph/id/"
HUAWEI = ID + "firm/huawei"
SMIC_REPORTS = ("action/entity-list-addition-57de4c689c8145c0",
                "action/entity-list-addition-afef0721faba2831")
"""The article's and the list's reports of SMIC's listing, folded into one action."""
runner = CliRunner()


def invoke(store: Path | str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--store", str(store), *args], env={"COLUMNS": "300"})
    return result.exit_code, result.stdout, result.stderr


def reader(store: Path | str) -> TradeGraph:
    return TradeGraph.open(str(store), read_only=True)


def test_status_of_huawei_on_three_days_as_a_table(demo_store: Path | str) -> None:
    code, before, _ = invoke(demo_store, "status", "Huawei", "--as-of", "2019-05-10")
    assert code == 0
    assert "as of 2019-05-10: nothing in force" in before
    code, listed, _ = invoke(demo_store, "status", "huawei", "--as-of", "2019-05-20")
    assert code == 0
    assert "Entity List, temporary general license" in listed  # the order names no party
    # one line per regime, then the history behind it
    assert "\n  Entity List: in force since 2019-05-16 by Entity List addition; confirmed by " \
           "the legal record [84 FR 22961]; " in listed
    assert "\n    - in force: Entity List addition from 2019-05-16; confirmed by the legal " \
           "record [84 FR 22961]" in listed
    code, later, _ = invoke(demo_store, "status", "firm/huawei", "--as-of", "2020-08-20")
    assert code == 0
    assert "\n  temporary general license (authorization): ended 2020-08-13" in later
    assert "as of 2020-08-20: Entity List, regulation\n" in later
    assert later.count("Entity List: in force") == 1  # one listing, whatever the reports


def test_status_as_json_and_csv_agree_with_the_facade(demo_store: Path | str) -> None:
    code, text, _ = invoke(demo_store, "status", HUAWEI, "--as-of", "2019-05-20", "-f", "json")
    assert code == 0
    data = json.loads(text)
    with reader(demo_store) as graph:
        expected = graph.status(HUAWEI, "2019-05-20")
    assert data["regimes_in_force"] == expected.regimes_in_force
    assert [s["action"] for s in data["standings"]] == [s.action for s in expected.standings]
    listing = next(s for s in data["standings"] if s["regime"] == "Entity List")
    assert listing["citations"] == ["84 FR 22961"] and listing["confirmed"] is True
    code, text, _ = invoke(demo_store, "status", "Huawei", "--as-of", "2019-05-20",
                           "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert code == 0 and len(rows) == len(expected.standings)
    assert {row["state"] for row in rows} == {"in force"}


def test_status_of_an_unknown_name_lists_the_closest_and_exits_2(demo_store: Path | str) -> None:
    code, out, err = invoke(demo_store, "status", "Huawai")
    assert code == 2 and not out
    assert "no entity named 'Huawai'" in err and HUAWEI in err
    code, _, err = invoke(demo_store, "status", "Qwertzuiop Xylophone Holdings")
    assert code == 2 and "'Qwertzuiop Xylophone Holdings' is not in the graph" in err


def test_a_malformed_date_names_the_accepted_forms(demo_store: Path | str) -> None:
    for bad in ("20/05/2019", "2019-13-01", "May 2019"):
        code, _, err = invoke(demo_store, "status", "Huawei", "--as-of", bad)
        assert code == 2, bad
        assert "YYYY-MM-DD" in err and "'today'" in err and repr(bad) in err
    code, _, err = invoke(demo_store, "deadlines", "--as-of", "yesterday")
    assert code == 2 and "YYYY-MM-DD" in err


def test_deadlines_open_and_all(demo_store: Path | str) -> None:
    code, text, _ = invoke(demo_store, "deadlines", "--as-of", "2019-11-25")
    assert code == 0
    assert "2019-12-20 (25 days left) open: Deadline to answer the intent to deny" in text
    assert "Expiry" not in text  # passed by then: only with --all
    code, text, _ = invoke(demo_store, "deadlines", "--as-of", "2019-11-25", "--all",
                           "--entity", "Huawei", "-f", "json")
    found = json.loads(text)
    assert code == 0
    with reader(demo_store) as graph:
        expected = graph.deadlines("2019-11-25", entity="Huawei", include_closed=True)
    assert [(d["due"], d["state"]) for d in found] == [(d.due, d.state) for d in expected]
    assert {d["state"] for d in found} >= {"open", "passed"}
    code, _, err = invoke(demo_store, "deadlines", "--entity", "Huawai")
    assert code == 2 and "closest" in err


def folded(store: Path) -> bool:
    with reader(store) as graph:
        return bool(graph.select(f"SELECT ?real WHERE {{ <{ID}{SMIC_REPORTS[0]}> "
                                 "tg:sameActionAs ?real }"))


def test_action_statements_are_made_listed_and_withdrawn(demo_copy: Path) -> None:
    assert folded(demo_copy)
    code, out, _ = invoke(demo_copy, "distinct-actions", *SMIC_REPORTS, "--note", "two rules")
    assert code == 0 and "are distinct actions (two rules)" in out
    assert not folded(demo_copy)
    code, out, _ = invoke(demo_copy, "action-statements")
    assert code == 0 and out.startswith("1. ") and "distinct actions" in out
    code, out, _ = invoke(demo_copy, "action-statements", "--withdraw", "1")
    assert code == 0 and out.startswith("withdrew: ")
    assert folded(demo_copy)
    code, out, _ = invoke(demo_copy, "action-statements")
    assert out.strip() == "no action statements"
    code, _, err = invoke(demo_copy, "action-statements", "--withdraw", "3")
    assert code == 2 and "no such action statement" in err
    code, _, err = invoke(demo_copy, "same-action", "action/not-a-report", SMIC_REPORTS[0])
    assert code == 2 and "no document of the graph reports this action" in err


def test_the_installed_command_answers_and_fails_as_documented(
        cli: Run, embedded_demo_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(embedded_demo_store, store)
    found = cli("status", "Huawei", "--as-of", "2019-05-20", "--format", "json", store=store)
    assert found.returncode == 0, found.stderr
    assert "Entity List" in json.loads(found.stdout)["regimes_in_force"]
    unknown = cli("status", "Huawai", store=store)
    assert unknown.returncode == 2 and "closest: Huawei Technologies" in unknown.stderr
    bad = cli("deadlines", "--as-of", "2019-02-30", store=store)
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr
    stated = cli("same-action", *SMIC_REPORTS, store=store)
    assert stated.returncode == 0 and "are the same action" in stated.stdout
    assert "1. " in cli("action-statements", store=store).stdout


def test_rederive_derives_the_whole_store_again(tmp_path: Path) -> None:
    store = tmp_path / "store"
    truth = Path(__file__).parents[1] / "graph" / "fixtures" / "truth"
    code, _, _ = invoke(store, "ingest", str(truth), "-q")
    assert code == 0
    with TradeGraph.open(str(store)) as graph:  # lose a derived graph, as by other means
        kept = graph.store.graph_quads(graph.minter.lifecycles_graph)
        assert kept
        graph.store.remove_graph(graph.minter.lifecycles_graph)
    code, output, _ = invoke(store, "rederive")
    assert code == 0 and "3 standings" in output
    with reader(store) as graph:
        assert graph.store.graph_quads(graph.minter.lifecycles_graph) == kept
