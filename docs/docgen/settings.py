"""The settings reference: every `TRADEGRAPH_*` variable, from the settings object.

Until the one settings object exists (issue #27), the page is written by hand and the
tests check it against every `TRADEGRAPH_*` name the code reads (`variables_in_code`).
"""

from __future__ import annotations

import re
from pathlib import Path

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


def reference() -> str:
    """Markdown: the settings table (generated once the settings object exists)."""
    raise LookupError("the settings object does not exist yet (issue #27); "
                      "docs/pages/reference/settings.md holds the table by hand until then")
