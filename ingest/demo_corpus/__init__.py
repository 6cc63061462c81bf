"""The demo corpus: short news-style documents written for tradegraph, stating real public
events of U.S. and Chinese export controls (2018-2023) in our own words, and an extract of
the Consolidated Screening List in its CSV layout with the listings those events concern.

`tradegraph demo` ingests them; tests and the tour (docs/pages/tutorial/tour.md) use them too.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path


def demo_paths() -> list[Path]:
    """Paths of the demo documents (news in publication order, then a screening-list
    extract that confirms several of the listings they report)."""
    folder = files(__name__) / "docs"
    with as_file(folder) as path:  # a real folder for an installed or editable package
        return sorted([*Path(path).glob("*.txt"), *Path(path).glob("*.csv")])
