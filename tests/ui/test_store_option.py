"""The store option reaches the command as an argument: `tradegraph --store PATH CMD` gives
CMD that store (its own `--store` still wins), and nothing is written to the environment
(typer's CliRunner, in this process, on stores on disk)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tradegraph.graph import TradeGraph
from tradegraph.graph.store.location import STORE_ENV
from tradegraph.ui.cli import app

runner = CliRunner()


@pytest.fixture
def stores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.delenv(STORE_ENV, raising=False)
    first, second = tmp_path / "first", tmp_path / "second"
    for location in (first, second):
        TradeGraph.open(str(location)).close()
    return first, second


def stats_store(*args: str) -> str:
    result = runner.invoke(app, [*args], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.output.splitlines() if line.startswith("store ")]
    return line.split(maxsplit=1)[1]


def test_the_option_before_the_command_reaches_it(stores: tuple[Path, Path]) -> None:
    first, _ = stores
    assert stats_store("--store", str(first), "stats") == str(first)
    assert STORE_ENV not in os.environ


def test_the_commands_own_option_wins(stores: tuple[Path, Path]) -> None:
    first, second = stores
    assert stats_store("--store", str(first), "stats", "--store", str(second)) == str(second)
    assert STORE_ENV not in os.environ


def test_the_option_wins_over_the_environment(stores: tuple[Path, Path],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = stores
    monkeypatch.setenv(STORE_ENV, str(second))
    assert stats_store("stats") == str(second)
    assert stats_store("--store", str(first), "stats") == str(first)
    assert os.environ[STORE_ENV] == str(second)
