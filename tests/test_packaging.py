"""What an installed tradegraph holds: every package folder of the four code folders is
listed in pyproject.toml's `[tool.setuptools] packages`, the build puts nothing but
`tradegraph` at the top level of site-packages (no generic names such as `graph` or `ui`),
and every file of the code folders (modules and data alike) is in the build."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ("ontology", "ingest", "graph", "ui")


@pytest.fixture(scope="module")
def setuptools_config() -> dict[str, Any]:
    config: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return config["tool"]["setuptools"]


def _skipped(path: Path) -> bool:
    return any(part == "__pycache__" or part.startswith(".") for part in path.parts)


def package_folders() -> dict[str, Path]:
    """Every folder of the code folders that holds Python modules, by its package name."""
    found = {}
    for floor in FLOORS:
        for module in (ROOT / floor).rglob("*.py"):
            folder = module.parent
            if not _skipped(folder.relative_to(ROOT)):
                found[".".join(["tradegraph", *folder.relative_to(ROOT).parts])] = folder
    return found


def test_every_package_folder_is_listed(setuptools_config: dict[str, Any]) -> None:
    listed = set(setuptools_config["packages"])
    missing = sorted(set(package_folders()) - listed)
    assert missing == [], f"add to [tool.setuptools] packages in pyproject.toml: {missing}"


def test_every_listed_package_is_a_folder_with_an_init(setuptools_config: dict[str, Any]
                                                       ) -> None:
    for name in setuptools_config["packages"]:
        top, floor, *rest = name.split(".")
        assert top == "tradegraph" and floor in FLOORS, name
        assert setuptools_config["package-dir"][f"tradegraph.{floor}"] == floor
        assert (ROOT / floor / Path(*rest) / "__init__.py").is_file(), name


@pytest.mark.slow
def test_the_build_holds_only_tradegraph_and_every_file(tmp_path: Path) -> None:
    # build_py lays out exactly what a wheel installs into site-packages (a wheel adds
    # only its .dist-info folder); it needs neither the network nor the wheel package.
    build = tmp_path / "lib"
    run = subprocess.run(
        [sys.executable, "-c", "from setuptools import setup; setup()", "-q", "build_py",
         "--build-lib", str(build)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    assert sorted(path.name for path in build.iterdir()) == ["tradegraph"]
    assert sorted(path.name for path in (build / "tradegraph").iterdir()) == sorted(FLOORS)
    built = {path.relative_to(build / "tradegraph") for path in build.rglob("*")
             if path.is_file()}
    sources = {path.relative_to(ROOT) for floor in FLOORS for path in (ROOT / floor).rglob("*")
               if path.is_file() and not _skipped(path.relative_to(ROOT))}
    assert sorted(map(str, sources - built)) == []
