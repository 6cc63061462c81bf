"""Stating and undoing merges with `tradegraph merge / split / merges`: a real store on disk,
re-extracted from the text it keeps."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

Run = Callable[..., subprocess.CompletedProcess[str]]

ID = "https://w3id.org/tradegraph/id/"
TARGETS = "SELECT DISTINCT ?t WHERE { ?a a tg:EntityListAddition ; tg:target ?t } ORDER BY ?t"


def targets(cli: Run, store: Path) -> list[str]:
    result = cli("query", "-f", "csv", TARGETS, store=store)
    assert result.returncode == 0, result.stderr
    return [line.removeprefix(ID) for line in result.stdout.split()[1:]]


def two_reports(tmp_path: Path, cli: Run) -> Path:
    """Two reports naming one firm two ways the rules cannot tie together."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "one.txt").write_text(
        "published: 2021-03-02\n\nThe Commerce Department added Kestrel Photonics Co., Ltd. "
        "to the Entity List on Monday.\n", encoding="utf-8")
    (corpus / "two.txt").write_text(
        "published: 2021-03-03\n\nThe Commerce Department added Kestrel Optical Corp. "
        "to the Entity List on Tuesday.\n", encoding="utf-8")
    store = tmp_path / "store"
    result = cli("ingest", "-q", str(corpus), store=store)
    assert result.returncode == 0, result.stderr
    return store


def test_a_stated_merge_makes_one_firm_and_withdrawing_it_makes_two_again(
        cli: Run, tmp_path: Path) -> None:
    store = two_reports(tmp_path, cli)
    assert targets(cli, store) == ["firm/kestrel-optical", "firm/kestrel-photonics"]

    merged = cli("merge", "firm/kestrel-optical", "firm/kestrel-photonics", store=store)
    assert merged.returncode == 0, merged.stderr
    assert "2 replaced" in merged.stdout
    assert targets(cli, store) == ["firm/kestrel-photonics"]
    # the merged firm keeps both names as aliases
    aliases = cli("query", "-f", "csv", f"SELECT ?n WHERE {{ <{ID}firm/kestrel-photonics> "
                  "skos:altLabel|rdfs:label ?n }", store=store).stdout
    assert "Kestrel Optical Corp." in aliases

    listed = cli("merges", store=store)
    assert "1. firm/kestrel-optical is the same as firm/kestrel-photonics" in listed.stdout
    withdrawn = cli("merges", "--withdraw", "1", store=store)
    assert withdrawn.returncode == 0, withdrawn.stderr
    assert targets(cli, store) == ["firm/kestrel-optical", "firm/kestrel-photonics"]
    assert "no merge statements" in cli("merges", store=store).stdout


def test_split_undoes_a_merge_the_rules_made(cli: Run, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("published: 2021-03-02\n\nThe Commerce Department added Huawei "
                       "Technologies Co., Ltd. to the Entity List on Monday.\n",
                       encoding="utf-8")
    store = tmp_path / "store"
    assert cli("ingest", "-q", str(article), store=store).returncode == 0
    assert targets(cli, store) == ["firm/huawei"]

    split = cli("split", "Huawei Technologies Co., Ltd.", "--from", "firm/huawei", store=store)
    assert split.returncode == 0, split.stderr
    assert "1 replaced" in split.stdout
    assert targets(cli, store) == ["firm/huawei-technologies-co-ltd"]
    saved = json.loads((store / "merges.json").read_text(encoding="utf-8"))
    assert saved["distinct"] == [{"name": "Huawei Technologies Co., Ltd.",
                                  "entity": "firm/huawei"}]


def test_bad_statements_are_refused_and_change_nothing(cli: Run, tmp_path: Path) -> None:
    store = two_reports(tmp_path, cli)
    for arguments, message in [
        (("merge", "kestrel-optical", "firm/kestrel-photonics"), "is not an entity"),
        (("merge", "firm/kestrel-optical", "agency/bis"), "one type"),
        (("merge", "firm/x", "firm/x"), "same as itself"),
        (("merges", "--withdraw", "3"), "no such merge statement"),
    ]:
        result = cli(*arguments, store=store)
        assert result.returncode != 0
        assert message in result.stderr
    assert not (store / "merges.json").exists()
    assert targets(cli, store) == ["firm/kestrel-optical", "firm/kestrel-photonics"]


def test_a_malformed_merge_file_is_named_in_the_error(cli: Run, tmp_path: Path) -> None:
    store = two_reports(tmp_path, cli)
    (store / "merges.json").write_text('{"same": [{"entity": "firm/a"}]}', encoding="utf-8")
    result = cli("merges", store=store)
    assert result.returncode != 0
    assert "merges.json" in result.stderr and "malformed merge file" in result.stderr
