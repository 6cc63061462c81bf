"""Where the store lives: option, then $TRADEGRAPH_STORE, then the XDG default."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradegraph.graph.store.location import (
    MEMORY,
    STORE_ENV,
    default_store_path,
    resolve_store_location,
)


def test_default_path_follows_xdg_data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_store_path() == tmp_path / "tradegraph" / "store"


def test_default_path_without_xdg_data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_store_path() == tmp_path / ".local" / "share" / "tradegraph" / "store"


def test_option_beats_environment_beats_default(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(STORE_ENV, raising=False)
    assert resolve_store_location() == str(tmp_path / "xdg" / "tradegraph" / "store")
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "env"))
    assert resolve_store_location() == str(tmp_path / "env")
    assert resolve_store_location(MEMORY) == ":memory:"
    assert resolve_store_location(str(tmp_path / "opt")) == str(tmp_path / "opt")
