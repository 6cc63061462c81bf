"""The README's promises: its example queries run, its two commands exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import tradegraph.graph as graph_api
from tradegraph.graph import TradeGraph

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```sparql\n(.*?)```", README, flags=re.DOTALL)
PYTHON = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)


def test_the_readme_has_example_queries() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("sparql", EXAMPLES, ids=[f"example-{i}" for i in range(len(EXAMPLES))])
def test_each_example_query_answers_on_the_demo_store(demo_store: Path, sparql: str) -> None:
    with TradeGraph.open(str(demo_store), read_only=True) as graph:
        rows = graph.select(sparql)
    assert rows, "the example returns nothing on the demo corpus"
    assert all(any(value is not None for value in row.values()) for row in rows)


def test_the_python_examples_import_only_the_front_door() -> None:
    imports = [line.strip() for block in PYTHON for line in block.splitlines()
               if re.match(r"\s*(from|import)\s+tradegraph", line)]
    assert imports, "the README shows no Python import"
    for line in imports:
        assert line.startswith("from tradegraph.graph import "), line
        names = line.removeprefix("from tradegraph.graph import ").split("#")[0]
        for name in (part.strip() for part in names.split(",")):
            assert name in graph_api.__all__, f"{name} is not in the front door"
            assert getattr(graph_api, name) is not None


def test_the_two_commands_and_ci_exist() -> None:
    assert "bash scripts/demo.sh" in README and "bash scripts/test.sh" in README
    for script in ("scripts/setup.sh", "scripts/demo.sh", "scripts/test.sh"):
        assert (ROOT / script).is_file()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/test.sh" in ci
