"""The module map: every package and module of tradegraph with the first paragraph of its
docstring, read from the source files (nothing is imported), so the map follows every move."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FLOORS = ("ontology", "ingest", "graph", "ui")
"""The code folders, lowest floor first; each installs as `tradegraph.<folder>`."""
BAR = "\\|"
"""A bar escaped for a table cell."""


def summary(source: Path) -> str:
    """The first paragraph of a module's docstring, on one line ("" if it has none)."""
    docstring = ast.get_docstring(ast.parse(source.read_text(encoding="utf-8"))) or ""
    return " ".join(docstring.split("\n\n", 1)[0].split())


def modules(floor: str) -> list[tuple[str, str]]:
    """(dotted name, summary) of every module of one floor, packages before their modules."""
    folder = ROOT / floor
    found = []
    for source in sorted(folder.rglob("*.py")):
        parts = source.relative_to(folder).with_suffix("").parts
        if parts[-1] == "__main__":
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found.append((".".join(("tradegraph", floor, *parts)), summary(source)))
    return sorted(found)


def reference() -> str:
    """Markdown: a table per floor of its modules and what each holds."""
    sections = []
    for floor in FLOORS:
        rows = [f"| `{name}` | {text.replace('|', BAR)} |" for name, text in modules(floor)]
        sections.append("\n".join([f"### `tradegraph.{floor}`", "",
                                   "| module | what it holds |", "| --- | --- |", *rows, ""]))
    return "\n".join(sections)
