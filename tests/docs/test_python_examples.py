"""Every `python` block of the README and the site runs: a page's blocks in order, in one
namespace (a later block may use what an earlier one defined), in a workspace holding a copy
of the demo store as `$TRADEGRAPH_STORE`, the tour's `customers.csv` and an `articles/`
folder. Every `>>>` example in the code's docstrings runs too."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CODE = ("ontology", "ingest", "graph", "ui")


def test_python_examples_run(python_page: Path, workspace: Path, read_blocks: Any) -> None:
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    for block in read_blocks.of(python_page, "python"):
        code = compile(block.text, block.where, "exec")
        try:
            exec(code, namespace)  # the documentation's own example, as a reader runs it
        except Exception as error:
            pytest.fail(f"the example at {block.where} fails: {error!r}")


def docstring_modules() -> list[str]:
    """Every module of ours whose source holds a `>>>` example (found without importing)."""
    modules = []
    for folder in CODE:
        for source in sorted((ROOT / folder).rglob("*.py")):
            if ">>>" in source.read_text(encoding="utf-8"):
                parts = source.relative_to(ROOT / folder).with_suffix("").parts
                parts = parts[:-1] if parts[-1] == "__init__" else parts
                modules.append(".".join(("tradegraph", folder, *parts)))
    return modules


def test_there_are_docstring_examples() -> None:
    assert len(docstring_modules()) >= 4


@pytest.mark.parametrize("name", docstring_modules())
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    tests = finder.find(module, name)
    assert tests, f"{name} holds '>>>' but doctest finds no example in it"
    for test in tests:
        runner.run(test)
    results = runner.summarize(verbose=False)
    assert results.failed == 0, f"{results.failed} docstring example(s) of {name} failed"
    skipped = [example.source for test in tests for example in test.examples
               if example.options.get(doctest.SKIP)]
    assert not skipped, f"{name} skips docstring examples: {skipped}"
