"""Where the store lives: `--store`, else `$TRADEGRAPH_STORE`, else the default path."""

from __future__ import annotations

import os
from pathlib import Path

from tradegraph.ontology.settings import env_name, settings

STORE_ENV = env_name("store")
MEMORY = ":memory:"
"""Store location meaning "in memory, gone when the process ends"."""


def default_store_path() -> Path:
    """`$XDG_DATA_HOME/tradegraph/store`, or `~/.local/share/tradegraph/store` (the XDG Base
    Directory convention, not a setting of ours: it is read where it is used)."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "tradegraph" / "store"


def resolve_store_location(option: str | None = None) -> str:
    """The store location in force: the option, the setting or the default."""
    return option or settings().store or str(default_store_path())
