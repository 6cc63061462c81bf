"""The first-sight record, genres and failure classes of `tradegraph eval`, on documents
and gold files we wrote (tests/ingest/fixtures/eval)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tradegraph.ingest.evaluation import (
    DEFAULT_RECORD,
    EvaluationError,
    evaluate,
    evaluate_with_first_sight,
    load_record,
)
from tradegraph.ingest.genres import Genre, genre_from_doc_type

DAY = dt.date(2024, 3, 1)


def test_the_first_run_records_every_document(corpus: tuple[Path, Path],
                                              tmp_path: Path) -> None:
    record_path = tmp_path / "first.json"
    run = evaluate_with_first_sight(*corpus, record_path, on=DAY)
    assert run.added == ["listing-note.txt", "order-note.txt"]
    record = load_record(record_path)
    listing = record.documents["listing-note.txt"]
    assert listing.scored_on == DAY and listing.unseen
    assert (listing.actions.tp, listing.actions.fp, listing.actions.fn) == (1, 0, 1)
    assert listing.missed_actions == {"LicenseDenial": 1}
    assert listing.missed_entities == {"Organization": 1}
    assert listing.dates.right == 1 and listing.dates.scored == 1
    assert listing.pipeline.startswith("tradegraph-news/")
    assert listing.content_hash.startswith("sha256:")


def test_a_later_run_keeps_the_first_score_and_compares(corpus: tuple[Path, Path],
                                                        tmp_path: Path) -> None:
    docs, gold = corpus
    record_path = tmp_path / "first.json"
    evaluate_with_first_sight(docs, gold, record_path, on=DAY)
    before = record_path.read_bytes()
    # The gold now expects a date the extraction does not give: the current score drops,
    # the first-sight score stays as recorded.
    data = json.loads((gold / "order-note.json").read_text(encoding="utf-8"))
    data["actions"][0]["date"] = "2018-06"
    (gold / "order-note.json").write_text(json.dumps(data), encoding="utf-8")
    run = evaluate_with_first_sight(docs, gold, record_path, on=DAY + dt.timedelta(days=1))
    assert run.added == []
    assert record_path.read_bytes() == before
    everything = run.groups[0]
    assert everything.group == "all"
    assert (everything.first.dates_right, everything.current.dates_right) == (2, 1)
    assert everything.current.wrong_dates == 1 and everything.first.wrong_dates == 0
    singles = {g.group: g for g in run.groups if g.single}
    assert set(singles) == {"listing-note.txt", "order-note.txt"}


def test_a_new_document_is_added_beside_the_old_ones(corpus: tuple[Path, Path],
                                                     tmp_path: Path) -> None:
    docs, gold = corpus
    record_path = tmp_path / "first.json"
    (gold / "order-note.json").rename(tmp_path / "later.json")
    assert evaluate_with_first_sight(docs, gold, record_path, on=DAY).added == [
        "listing-note.txt"]
    (tmp_path / "later.json").rename(gold / "order-note.json")
    run = evaluate_with_first_sight(docs, gold, record_path, on=DAY)
    assert run.added == ["order-note.txt"]
    assert set(load_record(record_path).documents) == {"listing-note.txt", "order-note.txt"}


def test_a_changed_document_is_flagged(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    docs, gold = corpus
    record_path = tmp_path / "first.json"
    evaluate_with_first_sight(docs, gold, record_path, on=DAY)
    note = docs / "order-note.txt"
    note.write_text(note.read_text(encoding="utf-8") + "ZTE said little.\n", encoding="utf-8")
    assert evaluate_with_first_sight(docs, gold, record_path).changed == ["order-note.txt"]


def test_groups_split_unseen_from_developed_beside(corpus: tuple[Path, Path],
                                                   tmp_path: Path) -> None:
    record_path = tmp_path / "first.json"
    evaluate_with_first_sight(*corpus, record_path, on=DAY)
    data = json.loads(record_path.read_text(encoding="utf-8"))
    data["documents"]["order-note.txt"]["unseen"] = False
    record_path.write_text(json.dumps(data), encoding="utf-8")
    groups = {g.group: g for g in evaluate_with_first_sight(*corpus, record_path).groups}
    assert groups["unseen at first sight"].current.documents == 1
    assert groups["developed beside"].first.actions.tp == 1


@pytest.mark.parametrize("content", [b"{not json", b'{"documents": {"a": {"doc": 3}}}'])
def test_a_malformed_record_is_refused_by_name(corpus: tuple[Path, Path], tmp_path: Path,
                                               content: bytes) -> None:
    record_path = tmp_path / "first.json"
    record_path.write_bytes(content)
    with pytest.raises(EvaluationError, match=r"first\.json.*malformed first-sight record"):
        evaluate_with_first_sight(*corpus, record_path)
    assert record_path.read_bytes() == content


def test_an_unwritable_record_is_reported(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="cannot write first-sight record"):
        evaluate_with_first_sight(*corpus, tmp_path / "no-such-folder" / "first.json")


def test_reports_give_genres_and_failure_classes(corpus: tuple[Path, Path]) -> None:
    report = evaluate(*corpus)
    assert {d.genre for d in report.documents} == {"unknown"}  # the fixtures have no doc_type
    failures = report.tally().failures()
    assert failures["missed_action"] == {"LicenseDenial": 1}
    assert failures["missed_entity"] == {"Organization": 1}
    assert failures["date"] == {"wrong": 0, "missing": 0}
    assert report.by_genre()["unknown"].documents == 2


@pytest.mark.parametrize(("doc_type", "genre"), [
    ("news article", Genre.NEWS),
    ("government press release (official site)", Genre.PRESS_RELEASE),
    ("Federal Register final rule", Genre.FEDERAL_REGISTER),
    ("Federal Register notice (BIS order)", Genre.ORDER),
    ("Executive Order (Federal Register presidential document)", Genre.PRESIDENTIAL),
    ("CRS report", Genre.REPORT),
    ("provisions of a foreign ministry", Genre.FOREIGN_REGULATION),
    ("a recipe", Genre.UNKNOWN),
    (None, Genre.UNKNOWN),
])
def test_genre_from_doc_type(doc_type: str | None, genre: Genre) -> None:
    assert genre_from_doc_type(doc_type) is genre


def test_eval_command_shows_first_sight_and_json(corpus: tuple[Path, Path],
                                                 tmp_path: Path) -> None:
    docs, gold = corpus
    record_path = tmp_path / "first.json"
    command = [sys.executable, "-m", "tradegraph.ui.cli", "eval", "--docs", str(docs),
               "--gold", str(gold), "--first-sight-file", str(record_path)]
    shown = subprocess.run([*command, "--no-details"], capture_output=True, text=True,
                           timeout=300, check=False, env={"COLUMNS": "200", "PATH": ""})
    assert shown.returncode == 0, shown.stderr
    assert "first sight recorded: listing-note.txt" in shown.stdout
    assert "missed action" in shown.stdout and "LicenseDenial" in shown.stdout
    as_json = subprocess.run([*command, "--json"], capture_output=True, text=True,
                             timeout=300, check=False)
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert data["first_sight"]["added"] == []
    assert data["first_sight"]["groups"][0]["first_sight"]["actions"]["tp"] == 2
    assert data["genres"]["unknown"]["failures"]["missed_action"] == {"LicenseDenial": 1}


def test_the_kept_record_still_holds_the_first_sight_of_the_seven() -> None:
    """The record in the repository is never rewritten: the seven documents added to the
    corpus unseen keep the score they had before any rule was written from them."""
    record = load_record(DEFAULT_RECORD)
    unseen = [entry for entry in record.documents.values() if entry.unseen]
    assert len(record.documents) >= 19
    assert sorted(entry.doc[:3] for entry in unseen)[:7] == [
        "001", "006", "012", "014", "018", "020", "021"]
    seven = [entry for entry in unseen if entry.doc[:3] in {"001", "006", "012", "014", "018",
                                                            "020", "021"}]
    assert sum(e.actions.tp for e in seven) == 6
    assert sum(e.actions.tp + e.actions.fn for e in seven) == 23
    assert sum(e.actions.tp + e.actions.fp for e in seven) == 12
    assert (sum(e.dates.right for e in seven), sum(e.dates.scored for e in seven)) == (1, 6)


def test_an_entry_from_before_statements_were_apart_is_compared_with_them(
        corpus: tuple[Path, Path], tmp_path: Path) -> None:
    docs, gold = corpus
    data = json.loads((gold / "order-note.json").read_text(encoding="utf-8"))
    said = {**data["actions"][0], "type": "Statement", "agent": [], "targets": []}
    (gold / "order-note.json").write_text(json.dumps({**data, "actions": [
        *data["actions"], said]}), encoding="utf-8")
    record_path = tmp_path / "first.json"
    evaluate_with_first_sight(docs, gold, record_path, on=DAY)
    record = json.loads(record_path.read_text(encoding="utf-8"))
    entry = record["documents"]["order-note.txt"]
    assert entry["statements"] == {"tp": 0, "fp": 0, "fn": 1}
    # as recorded before #28: the statement among the actions, no `statements`
    entry["actions"]["fn"] += entry.pop("statements")["fn"]
    record_path.write_text(json.dumps(record), encoding="utf-8")
    run = evaluate_with_first_sight(docs, gold, record_path, on=DAY)
    single = next(g for g in run.groups if g.group == "order-note.txt")
    assert single.first.actions.fn == single.current.actions.fn == 1
