"""MkDocs hook: replace `<!-- generate: NAME -->` lines with the reference `NAME` generates.

Loaded by `docs/mkdocs.yml` (`hooks:`); an unknown name or a failing generator stops the
build, so a page never shows a stale or missing reference.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # docs/, where docgen lives

from docgen import GENERATORS
from docgen.modules import FLOORS

MARKER = re.compile(r"^<!-- generate: ([a-z-]+) -->$", flags=re.MULTILINE)


def expand(markdown: str) -> str:
    """`markdown` with each marker replaced by its generated reference."""

    def generated(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in GENERATORS:
            raise KeyError(f"no reference generator named {name!r}; known: "
                           f"{', '.join(sorted(GENERATORS))}")
        return GENERATORS[name]()

    return MARKER.sub(generated, markdown)


def link_sources(docs: Path) -> None:
    """Link the four code folders as `docs/.api-src/tradegraph/<folder>`, the layout the
    package installs as, so mkdocstrings reads the sources as `tradegraph.*`."""
    tree = docs / ".api-src" / "tradegraph"
    tree.mkdir(parents=True, exist_ok=True)
    # A regular package, so that no other `tradegraph` on the path (the console script in
    # .venv/bin) joins it as a namespace.
    (tree / "__init__.py").write_text('"""tradegraph, as installed."""\n', encoding="utf-8")
    for folder in FLOORS:
        link = tree / folder
        if not link.is_symlink():
            link.symlink_to(Path("..", "..", "..", folder), target_is_directory=True)


@event_priority(100)  # before mkdocstrings' own on_config, which drops paths that do not exist
def on_config(config: Any, **_: Any) -> Any:
    """MkDocs event: make the source tree mkdocstrings reads before any page needs it."""
    link_sources(Path(config["config_file_path"]).resolve().parent)
    return config


def on_page_markdown(markdown: str, **_: Any) -> str:
    """MkDocs event: expand the markers of every page before it is rendered."""
    return expand(markdown)
