"""Where merge statements live for each kind of store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pytest

from tradegraph.graph.loading.merge_statements import merges_path, state_merge
from tradegraph.graph.store.protocol import GraphStore
from tradegraph.ingest.merges import MergeError


@dataclass
class Located:
    """Only what `merges_path` reads of a store."""

    location: str


def test_an_embedded_store_keeps_them_in_its_folder(tmp_path: Path) -> None:
    store = cast(GraphStore, Located(str(tmp_path / "store")))
    assert merges_path(store) == tmp_path / "store" / "merges.json"


def test_a_remote_store_keeps_them_in_the_users_data_folder_without_credentials(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    store = cast(GraphStore, Located("http://127.0.0.1:8890/sparql?x=1"))
    path = merges_path(store)
    assert path is not None
    assert path.parent == tmp_path / "data" / "tradegraph" / "merges" and path.parent.is_dir()
    assert path.name == "http-127-0-0-1-8890-sparql.json"


def test_a_memory_store_keeps_none() -> None:
    store = cast(GraphStore, Located(":memory:"))
    assert merges_path(store) is None
    with pytest.raises(MergeError, match="in-memory"):
        state_merge(store, "firm/a", "firm/b")
