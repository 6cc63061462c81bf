"""Every `python` block of the README and the site runs: a page's blocks in order, in one
namespace (a later block may use what an earlier one defined), in a workspace holding a copy
of the demo store as `$TRADEGRAPH_STORE`, the tour's `customers.csv` and an `articles/`
folder. Every `>>>` example in the code's docstrings runs in tests/test_docstring_examples.py."""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "docs"))  # docgen is loaded by MkDocs from docs/, not installed

from docgen import python_api  # noqa: E402


def test_python_examples_run(python_page: Path, workspace: Path, read_blocks: Any) -> None:
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    for block in read_blocks.of(python_page, "python"):
        code = compile(block.text, block.where, "exec")
        try:
            exec(code, namespace)  # the documentation's own example, as a reader runs it
        except Exception as error:
            pytest.fail(f"the example at {block.where} fails: {error!r}")


def test_python_examples_import_only_the_documented_api(python_page: Path,
                                                        read_blocks: Any) -> None:
    # The documented API is the front door (tradegraph.graph's __all__) once it exists.
    api = set(python_api.exported())
    for block in read_blocks.of(python_page, "python"):
        for node in ast.walk(ast.parse(block.text)):
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("tradegraph") for a in node.names), \
                    f"{block.where}: import names from the API instead"
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tradegraph"):
                for alias in node.names:
                    name = f"{node.module}.{alias.name}"
                    assert name in api, f"{block.where} imports {name}, which is not the API"
