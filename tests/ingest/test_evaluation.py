"""Scoring extraction against gold annotations, on documents and gold files we wrote."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tradegraph.ingest.evaluation import EvaluationError, evaluate, normalise_name


def edit_gold(gold: Path, name: str, change: dict[str, object]) -> None:
    path = gold / name
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, **change}), encoding="utf-8")


def test_scores_count_what_was_found_missed_and_invented(corpus: tuple[Path, Path]) -> None:
    report = evaluate(*corpus)
    assert [d.doc for d in report.documents] == ["listing-note.txt", "order-note.txt"]
    entities, actions = report.entities(), report.actions()
    # The gold of listing-note names an association and a denial the text does not state.
    assert (entities.tp, entities.fp, entities.fn) == (5, 0, 1)
    assert (actions.tp, actions.fp, actions.fn) == (2, 0, 1)
    assert actions.precision == 1.0
    assert actions.recall == pytest.approx(2 / 3)
    assert actions.f1 == pytest.approx(0.8)
    assert report.date_accuracy() == 1.0
    listing = report.documents[0]
    assert "entity Organization 'Semiconductor Industry Association'" in listing.misses
    assert any(m.startswith("action LicenseDenial") for m in listing.misses)
    assert report.entities_by_type()["Organization"].recall == 0.0


def test_a_prediction_without_gold_is_a_false_alarm(corpus: tuple[Path, Path]) -> None:
    docs, gold = corpus
    edit_gold(gold, "order-note.json", {"actions": []})
    document = evaluate(docs, gold).documents[1]
    assert (document.actions.tp, document.actions.fp) == (0, 1)
    assert document.false_alarms == [
        "action DenialOrder (2018-07-13): 'The Commerce Department lifted the denial order "
        "against ZTE on Friday.'"]


def test_a_wrong_date_lowers_date_accuracy_only(corpus: tuple[Path, Path]) -> None:
    docs, gold = corpus
    data = json.loads((gold / "order-note.json").read_text(encoding="utf-8"))
    data["actions"][0]["date"] = "2018-06"
    edit_gold(gold, "order-note.json", {"actions": data["actions"]})
    report = evaluate(docs, gold)
    assert report.actions().tp == 2
    assert report.date_accuracy() == 0.5
    assert report.documents[1].date_errors == ["DenialOrder: found 2018-07-13, gold 2018-06"]


def test_a_date_agrees_at_the_gold_precision(corpus: tuple[Path, Path]) -> None:
    # as the independent scorer reads it: a day inside the gold month is right
    docs, gold = corpus
    data = json.loads((gold / "order-note.json").read_text(encoding="utf-8"))
    data["actions"][0]["date"] = "2018-07"
    edit_gold(gold, "order-note.json", {"actions": data["actions"]})
    assert evaluate(docs, gold).date_accuracy() == 1.0


def test_statements_are_scored_apart_from_the_core_actions(corpus: tuple[Path, Path]) -> None:
    docs, gold = corpus
    data = json.loads((gold / "order-note.json").read_text(encoding="utf-8"))
    said = {**data["actions"][0], "type": "Statement", "agent": [], "targets": []}
    edit_gold(gold, "order-note.json", {"actions": [*data["actions"], said]})
    report = evaluate(docs, gold)
    assert (report.actions().tp, report.actions().fn) == (2, 1)
    assert (report.tally().statements.tp, report.tally().statements.fn) == (0, 1)
    assert report.documents[1].with_statements().actions.fn == 1


def test_the_agent_must_be_one_the_gold_accepts(corpus: tuple[Path, Path]) -> None:
    docs, gold = corpus
    data = json.loads((gold / "order-note.json").read_text(encoding="utf-8"))
    data["actions"][0]["agent"] = ["Federal Communications Commission"]
    edit_gold(gold, "order-note.json", {"actions": data["actions"]})
    document = evaluate(docs, gold).documents[1]
    assert (document.actions.tp, document.actions.fp, document.actions.fn) == (0, 1, 1)


@pytest.mark.parametrize(("name", "normalised"), [
    ("The Commerce Department", "commerce department"),
    ("China’s Huawei", "china's huawei"),
    ("Huawei's", "huawei"),
    ("  Huawei  Technologies Co., Ltd. ", "huawei technologies co., ltd"),
])
def test_names_are_compared_normalised(name: str, normalised: str) -> None:
    assert normalise_name(name) == normalised


def test_bad_gold_files_are_reported_and_the_rest_scored(corpus: tuple[Path, Path]) -> None:
    docs, gold = corpus
    (gold / "broken.json").write_text('{"doc": "x.txt", "entities": [{"type": 1}]', "utf-8")
    (gold / "orphan.json").write_text('{"doc": "nowhere.txt"}', encoding="utf-8")
    report = evaluate(docs, gold)
    assert len(report.documents) == 2
    assert any(e.startswith(str(gold / "broken.json")) and "malformed gold file" in e
               for e in report.errors)
    assert any("nowhere.txt is not in" in e for e in report.errors)


@pytest.mark.parametrize("which", ["docs", "gold", "empty"])
def test_unusable_folders_are_refused(corpus: tuple[Path, Path], tmp_path: Path,
                                      which: str) -> None:
    docs, gold = corpus
    empty = tmp_path / "empty"
    empty.mkdir()
    arguments = {"docs": (tmp_path / "none", gold), "gold": (docs, tmp_path / "none"),
                 "empty": (docs, empty)}[which]
    with pytest.raises(EvaluationError, match=r"folder|no gold"):
        evaluate(*arguments)


def test_eval_command_prints_json(corpus: tuple[Path, Path]) -> None:
    docs, gold = corpus
    run = subprocess.run([sys.executable, "-m", "tradegraph.ui.cli", "eval", "--docs",
                          str(docs), "--gold", str(gold), "--json"],
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    overall = json.loads(run.stdout)["overall"]
    assert overall["actions"]["tp"] == 2 and overall["actions"]["fn"] == 1
    assert overall["entities_by_type"]["Firm"]["f1"] == 1.0


def test_eval_command_fails_on_a_bad_gold_file_but_scores_the_rest(
        corpus: tuple[Path, Path]) -> None:
    docs, gold = corpus
    (gold / "broken.json").write_bytes(b"\xff\xfe not json")
    run = subprocess.run([sys.executable, "-m", "tradegraph.ui.cli", "eval", "--docs",
                          str(docs), "--gold", str(gold), "--no-details"],
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 1
    assert "broken.json" in run.stderr
    assert "overall" in run.stdout


def test_a_docs_folder_that_matches_no_gold_file_is_an_error_not_a_perfect_score(
        corpus: tuple[Path, Path], tmp_path: Path) -> None:
    _, gold = corpus
    wrong = tmp_path / "other-docs"
    wrong.mkdir()
    (wrong / "unrelated.txt").write_text("Nothing to score here.\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"no document could be scored .*is not in"):
        evaluate(wrong, gold)
