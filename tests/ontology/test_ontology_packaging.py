"""The installed `tradegraph.ontology` ships its data, and the `tradegraph` command is declared."""

from __future__ import annotations

import ast
import importlib.metadata
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

ROOT = Path(__file__).resolve().parents[2]
GAZETTEER_FILES = {"agencies.toml", "countries.toml", "firms.toml", "organizations.toml",
                   "persons.toml", "products.toml"}


@pytest.fixture(scope="module")
def pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


@pytest.mark.parametrize("name", ["tradegraph.ttl", "shapes.ttl"])
def test_turtle_files_ship_with_the_package(name: str) -> None:
    resource = resources.files("tradegraph.ontology").joinpath(name)
    assert resource.is_file()
    graph = Graph().parse(data=resource.read_bytes(), format="turtle")
    assert len(graph) > 50


def test_py_typed_ships_with_the_package() -> None:
    assert resources.files("tradegraph.ontology").joinpath("py.typed").is_file()


def test_gazetteer_files_ship_with_the_package() -> None:
    folder = resources.files("tradegraph.ontology.gazetteer")
    shipped = {item.name for item in folder.iterdir() if item.name.endswith(".toml")}
    assert shipped == GAZETTEER_FILES
    for name in shipped:
        data = tomllib.loads(folder.joinpath(name).read_text("utf-8"))
        assert data["entity"], name


def test_package_data_globs_cover_the_data(pyproject: dict[str, Any]) -> None:
    setuptools = pyproject["tool"]["setuptools"]
    assert {"tradegraph.ontology", "tradegraph.ontology.gazetteer"} <= set(setuptools["packages"])
    assert setuptools["package-dir"]["tradegraph.ontology"] == "ontology"
    data = setuptools["package-data"]
    assert "*.ttl" in data["tradegraph.ontology"]
    assert "*.toml" in data["tradegraph.ontology.gazetteer"]


def test_console_script_is_declared(pyproject: dict[str, Any]) -> None:
    assert pyproject["project"]["scripts"]["tradegraph"] == "tradegraph.ui.cli:main"


def test_installed_metadata_declares_the_console_script(pyproject: dict[str, Any]) -> None:
    points = importlib.metadata.entry_points(group="console_scripts", name="tradegraph")
    assert [point.value for point in points] == [pyproject["project"]["scripts"]["tradegraph"]]


def test_console_script_target_exists() -> None:
    """`tradegraph.ui.cli` maps to `ui/cli/__init__.py`, which defines `main` (read, not
    imported)."""
    tree = ast.parse((ROOT / "ui" / "cli" / "__init__.py").read_text("utf-8"))
    names = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    names |= {t.id for node in tree.body if isinstance(node, ast.Assign)
              for t in node.targets if isinstance(t, ast.Name)}
    assert "main" in names
