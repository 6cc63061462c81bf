"""The floors hold: read (never import) every module of the four code folders and fail on an
import upward between the floors (ontology < ingest < graph < ui) or on a circle of imports
inside a floor.

An import is what an `import` or `from ... import` statement names, wherever it stands
(inside functions and `if TYPE_CHECKING:` blocks too: a type-only import is still a
dependency): `from package import module` is an import of that module, `from module import
name` one of the module. The parent packages Python runs first are not counted: a
package's `__init__` may gather its own modules.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ("ontology", "ingest", "graph", "ui")
"""The code folders, lowest first: each may import only the ones before it."""

KNOWN_CIRCLES: list[list[str]] = []
"""Circles that exist today and have an issue to remove them; no new one may join."""


def modules(root: Path) -> dict[str, Path]:
    """Every module of the code folders under `root`, by its dotted name."""
    found = {}
    for floor in FLOORS:
        for path in sorted((root / floor).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(["tradegraph", *parts])] = path
    return found


def _imported(tree: ast.AST, name: str, is_package: bool, known: set[str]) -> Iterator[str]:
    """The modules of ours a module's import statements name."""
    package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved against the importing package
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                # `from package import module` imports the module; `from module import
                # name` the module that defines (or re-exports) the name.
                submodule = f"{base}.{alias.name}"
                yield submodule if submodule in known else base


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the modules of ours it imports."""
    known = modules(root)
    edges: dict[str, set[str]] = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        targets = set(_imported(tree, name, path.name == "__init__.py", set(known)))
        edges[name] = {target for target in targets if target in known and target != name}
    return edges


def floor_of(module: str) -> str:
    """`tradegraph.graph.store` -> `graph`."""
    return module.split(".")[1]


def upward_imports(edges: dict[str, set[str]]) -> list[str]:
    """Every import of a higher floor by a lower one, as a sentence."""
    rank = {floor: index for index, floor in enumerate(FLOORS)}
    return sorted(f"{module} imports {target} ({floor_of(target)} is above "
                  f"{floor_of(module)})"
                  for module, targets in edges.items() for target in targets
                  if rank[floor_of(target)] > rank[floor_of(module)])


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The import circles inside each floor (Tarjan's strongly connected components of
    more than one module), each sorted, in sorted order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in edges.get(module, ()):
            if floor_of(target) != floor_of(module):
                continue  # across floors only downward imports remain: no circle there
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return sorted(found)


def test_no_floor_imports_a_floor_above_it() -> None:
    assert upward_imports(import_graph(ROOT)) == []


def test_no_import_circle_inside_a_floor() -> None:
    assert circles(import_graph(ROOT)) == KNOWN_CIRCLES


def test_every_code_folder_is_read() -> None:
    names = set(modules(ROOT))
    for floor in FLOORS:
        assert f"tradegraph.{floor}" in names
    assert {"tradegraph.graph.facade", "tradegraph.ui.cli", "tradegraph.ingest.pipeline",
            "tradegraph.ontology.terms"} <= names
    # the tree by concern: graph's sub-packages, and the HTTP server among the faces
    assert {f"tradegraph.graph.{concern}"
            for concern in ("store", "query", "loading", "time", "screening")} <= names
    assert {"tradegraph.ui.server", "tradegraph.ui.server.app",
            "tradegraph.ui.explorer"} <= names
    assert all(floor_of(name) == "ui" for name in names if "server" in name.split("."))


FACES = ("tradegraph.ui.cli", "tradegraph.ui.explorer", "tradegraph.ui.server")
"""The faces: the command line, the explorer and the HTTP server, all on the ui floor."""


def test_graph_never_imports_a_face() -> None:
    edges = import_graph(ROOT)
    reaching = sorted(f"{module} imports {target}" for module, targets in edges.items()
                      if floor_of(module) != "ui" for target in targets
                      if target.startswith(FACES))
    assert reaching == []


GRAPH_TOP_MODULES = 12
"""At most this many modules lie directly in graph/: the rest is in sub-packages by concern."""


def test_graph_keeps_its_modules_in_sub_packages() -> None:
    top = sorted(path.name for path in (ROOT / "graph").glob("*.py"))
    assert len(top) <= GRAPH_TOP_MODULES, top
    assert {"__init__.py", "facade.py", "errors.py"} <= set(top)


def _write(root: Path, files: dict[str, str]) -> None:
    for floor in FLOORS:
        (root / floor).mkdir(parents=True, exist_ok=True)
        (root / floor / "__init__.py").touch()
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")


def test_the_checks_catch_an_upward_import_and_a_circle(tmp_path: Path) -> None:
    _write(tmp_path, {
        "ingest/loader.py": "def f():\n    from tradegraph.graph import store\n",
        "graph/store.py": "from tradegraph.ontology import terms\n",
        "ontology/terms.py": "",
        "ui/a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                   "    from tradegraph.ui.b import B\n",
        "ui/b.py": "from tradegraph.ui import a\n",
        "ui/pkg/__init__.py": "from . import c\n",
        "ui/pkg/c.py": "from .. import a\nfrom tradegraph.ui.pkg import d\n",
        "ui/pkg/d.py": "import tradegraph.ui.pkg\n",
    })
    edges = import_graph(tmp_path)
    assert edges["tradegraph.ui.pkg"] == {"tradegraph.ui.pkg.c"}
    assert edges["tradegraph.ui.pkg.c"] == {"tradegraph.ui.a", "tradegraph.ui.pkg.d"}
    assert upward_imports(edges) == [
        "tradegraph.ingest.loader imports tradegraph.graph.store (graph is above ingest)"]
    assert circles(edges) == [["tradegraph.ui.a", "tradegraph.ui.b"],
                              ["tradegraph.ui.pkg", "tradegraph.ui.pkg.c",
                               "tradegraph.ui.pkg.d"]]
    assert circles({"tradegraph.ui.x": {"tradegraph.graph.y"},
                    "tradegraph.graph.y": {"tradegraph.ui.x"}}) == []  # caught as upward
