"""No table of what classes mean outside the registry (`ontology/schema.py`): the code of the
derivations and of the faces names no set of action or party classes, and decides nothing by
comparing with an action class's name; it asks the registry, which reads the ontology.

The check reads the code's syntax trees (a grep that knows strings from names): a literal
collection holding two class names or more (a set: one action class), a string with two `tg:`
class terms or more (a SPARQL `VALUES` table), and an `==`/`in` test against an action
class's name are tables.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tradegraph.ontology.schema import schema

ROOT = Path(__file__).parents[1]
SCANNED = ("graph", "ui", "ontology")
"""The derivations and the faces; extraction (ingest/) maps words to classes by lexicon."""
REGISTRY = {Path("ontology/schema.py"), Path("ontology/terms.py"), Path("ontology/models.py")}
"""The registry; the vocabulary's list of terms and the enums of class names it is checked
against (tests/ontology/test_terms.py, test_schema.py)."""
ALLOWED = {
    Path("ui/explorer/palette.py"): "colours per class: how the explorer draws, not what a "
                                    "class means",
    Path("ui/explorer/network_model.py"): "which classes the network view walks on through "
                                          "(firms and people): how it draws, not what a "
                                          "class means",
}

ACTION_CLASSES = frozenset(schema().actions)
CLASS_NAMES = ACTION_CLASSES | frozenset(schema().entities) | {"Party"}
_TG_TERM = re.compile(r"\btg:([A-Z][A-Za-z]+)")


def _names_in(node: ast.AST) -> set[str]:
    text = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None
    if text is None:
        return set()
    return {text.removeprefix("tg:")} & CLASS_NAMES


def _tables(tree: ast.AST) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple | ast.List | ast.Set | ast.Dict):
            members = node.keys + node.values if isinstance(node, ast.Dict) else node.elts
            names = set().union(*(_names_in(m) for m in members if m is not None))
            if len(names) >= 2 or (isinstance(node, ast.Set) and names & ACTION_CLASSES):
                found.append((node.lineno, f"a table of classes: {sorted(names)}"))
        elif isinstance(node, ast.Compare):
            for side in (node.left, *node.comparators):
                named = _names_in(side) & ACTION_CLASSES
                if named:
                    found.append((node.lineno, f"a decision by class name: {sorted(named)}"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            terms = set(_TG_TERM.findall(node.value)) & CLASS_NAMES
            if len(terms) >= 2:
                found.append((node.lineno, f"a table of classes in a query: {sorted(terms)}"))
    return found


def _modules() -> list[Path]:
    return sorted(path.relative_to(ROOT) for folder in SCANNED
                  for path in (ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("module", _modules(), ids=str)
def test_no_class_behaviour_table_outside_the_registry(module: Path) -> None:
    if module in REGISTRY or module in ALLOWED:
        return
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    assert [f"{module}:{line}: {what}" for line, what in _tables(tree)] == []


def test_the_scan_finds_what_it_looks_for() -> None:
    sample = ast.parse(
        'STANDING = frozenset({"EntityListAddition", "DenialOrder"})\n'
        'REGIMES = {"TemporaryGeneralLicense": "TGL", "Sanction": "sanction"}\n'
        'if cls == "TemporaryGeneralLicense": pass\n'
        'Q = "VALUES ?class { tg:Firm tg:Agency }"\n'
        'ONE = ("Firm", "a firm")\n'
        'AUTHORIZATIONS = frozenset({"TemporaryGeneralLicense"})\n')
    assert sorted(line for line, _ in _tables(sample)) == [1, 2, 3, 4, 6]


def test_the_allowed_exceptions_exist() -> None:
    assert all((ROOT / path).exists() for path in ALLOWED | dict.fromkeys(REGISTRY))
