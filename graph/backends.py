"""Choosing the store backend from a location: a path or `:memory:` opens the embedded
pyoxigraph store, an `http(s)://` URL a remote SPARQL 1.1 server."""

from __future__ import annotations

from tradegraph.graph.remote_store import RemoteStore, is_remote
from tradegraph.graph.store import GraphStore, OxigraphStore


def open_store(location: str, *, read_only: bool = False) -> GraphStore:
    """The store at `location`, embedded or remote."""
    if is_remote(location):
        return RemoteStore.open(location, read_only=read_only)
    return OxigraphStore.open(location, read_only=read_only)
