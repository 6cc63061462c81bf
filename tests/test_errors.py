"""One root error: every exception class of the four code folders derives from
`TradegraphError` (on the lowest floor, `tradegraph.ontology.errors`), keeping the standard
bases its callers catch; the front door exports the root."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

from tradegraph.ontology.errors import TradegraphError

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ("ontology", "ingest", "graph", "ui")
SCRIPTS = {"tradegraph.ui.cli.__main__", "tradegraph.ui.explorer.app"}
"""Modules that run when imported (a console entry, the Streamlit script): read, not imported."""


def module_names() -> dict[str, Path]:
    found = {}
    for floor in FLOORS:
        for path in sorted((ROOT / floor).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(["tradegraph", *parts])] = path
    return found


MODULES = module_names()


def test_scripts_define_no_class() -> None:
    for name in SCRIPTS:
        tree = ast.parse(MODULES[name].read_text("utf-8"))
        assert not any(isinstance(node, ast.ClassDef) for node in ast.walk(tree)), name


def exception_classes() -> list[type[BaseException]]:
    found = []
    for name in sorted(set(MODULES) - SCRIPTS):
        module = importlib.import_module(name)
        found.extend(value for value in vars(module).values()
                     if inspect.isclass(value) and issubclass(value, BaseException)
                     and value.__module__ == name)
    return found


def test_every_error_of_ours_derives_from_the_root() -> None:
    classes = exception_classes()
    assert len(classes) >= 35
    strays = [f"{cls.__module__}.{cls.__qualname__}" for cls in classes
              if not issubclass(cls, TradegraphError)]
    assert strays == []


@pytest.mark.parametrize(("name", "also"), [
    ("tradegraph.graph.query.lookup.DateFormatError", ValueError),
    ("tradegraph.graph.screening.name_search.ScreeningError", ValueError),
    ("tradegraph.graph.screening.customers.CustomerListError", ValueError),
    ("tradegraph.ontology.gazetteer.GazetteerError", ValueError),
    ("tradegraph.ingest.fetch_hosts.RefusedAddressError", ValueError),
    ("tradegraph.graph.errors.GraphWriteError", Exception),
])
def test_the_standard_bases_callers_catch_stay(name: str, also: type[Exception]) -> None:
    module, _, attribute = name.rpartition(".")
    cls = getattr(importlib.import_module(module), attribute)
    assert issubclass(cls, TradegraphError) and issubclass(cls, also)


def test_the_front_door_exports_the_root() -> None:
    import tradegraph.graph as front_door

    assert front_door.TradegraphError is TradegraphError
    assert issubclass(front_door.StoreError, TradegraphError)
