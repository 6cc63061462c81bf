"""The settings reference: every `TRADEGRAPH_*` variable, generated from the one settings
object (`tradegraph.ontology.settings`: its fields' names, defaults and descriptions).

The tests check the other direction too: no code names a `TRADEGRAPH_*` variable the
settings object does not declare (`variables_in_code`).
"""

from __future__ import annotations

import re
from pathlib import Path

from tradegraph.ontology.settings import documented

ROOT = Path(__file__).resolve().parents[2]
CODE = ("ontology", "ingest", "graph", "ui")
VARIABLE = re.compile(r"\bTRADEGRAPH_[A-Z][A-Z_]*[A-Z]\b")


def variables_in_code() -> set[str]:
    """Every `TRADEGRAPH_*` name that appears in the code folders."""
    names: set[str] = set()
    for folder in CODE:
        for source in (ROOT / folder).rglob("*.py"):
            names.update(VARIABLE.findall(source.read_text(encoding="utf-8")))
    return names


def variables() -> list[str]:
    """Every variable the settings object declares, in its order."""
    return [name for name, _, _ in documented()]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def reference() -> str:
    """Markdown: a row per variable with its meaning and default, as the code declares them."""
    lines = ["| variable | meaning | default |", "| --- | --- | --- |"]
    for name, meaning, default in documented():
        plain = default[1:-1] if default[:1] == default[-1:] == "'" else default
        shown = "unset" if default == "unset" else f"`{plain}`"
        lines.append(f"| `{name}` | {_cell(meaning)} | {_cell(shown)} |")
    return "\n".join(lines) + "\n"
