"""Every example in a docstring runs: each module of the four code folders whose text holds
a `>>>` example is imported by its installed name and its examples are run with doctest, the
front door (`tradegraph.graph`) and the facade's tour among them. None may be skipped."""

from __future__ import annotations

import doctest
import importlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ("ontology", "ingest", "graph", "ui")


def modules_with_examples() -> list[str]:
    """The dotted names of the modules holding a `>>>` example."""
    found = []
    for floor in FLOORS:
        for path in sorted((ROOT / floor).rglob("*.py")):
            if ">>> " not in path.read_text("utf-8"):
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found.append(".".join(["tradegraph", *parts]))
    return found


EXAMPLES = modules_with_examples()


def test_the_documented_api_has_examples() -> None:
    assert {"tradegraph.graph", "tradegraph.graph.facade"} <= set(EXAMPLES)


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_examples_of_a_module_run(name: str) -> None:
    module = importlib.import_module(name)
    source = Path(module.__file__ or "").read_text("utf-8")
    assert not re.search(r"doctest:.*\+SKIP", source), f"{name} skips an example"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report = io.StringIO()
    for test in doctest.DocTestFinder(exclude_empty=True).find(module, name):
        runner.run(test, out=report.write)
    result = runner.summarize(verbose=False)
    assert result.attempted > 0, f"{name}: no example was found"
    assert result.failed == 0, report.getvalue()
