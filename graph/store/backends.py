"""The backend choice, the one place that reads what a store location names: a path opens
the embedded pyoxigraph store, `:memory:` one in memory, an `http(s)://` URL a remote
SPARQL 1.1 server. Everything else works on the `GraphStore` protocol."""

from __future__ import annotations

import contextlib
from pathlib import Path

from tradegraph.graph.store.embedded import OxigraphStore
from tradegraph.graph.store.location import MEMORY, default_store_path
from tradegraph.graph.store.protocol import GraphStore
from tradegraph.graph.store.remote import RemoteStore, is_remote
from tradegraph.graph.store.sparql_client import public_url
from tradegraph.ontology.iris import slugify


def open_store(location: str, *, read_only: bool = False) -> GraphStore:
    """The store at `location`, embedded or remote."""
    if is_remote(location):
        return RemoteStore.open(location, read_only=read_only)
    return OxigraphStore.open(location, read_only=read_only)


def disk_folder(location: str) -> Path | None:
    """The folder of an embedded store on this machine; None for `:memory:` or a SPARQL
    server's URL."""
    if location == MEMORY or is_remote(location):
        return None
    return Path(location).expanduser()


def beside_store(location: str, file_name: str, server_folder: str) -> Path | None:
    """Where a file of the user's statements about a store lives: `file_name` in an embedded
    store's folder; for a SPARQL server, in `server_folder` of the user's data folder under a
    name made from its URL (never with credentials); None for a store in memory."""
    if location == MEMORY:
        return None
    folder = disk_folder(location)
    if folder is not None:
        return folder / file_name
    return default_store_path().parent / server_folder / f"{slugify(public_url(location))}.json"


def last_change(location: str) -> float | None:
    """When the store last changed (seconds since the epoch), read without opening it: the
    newest modification time of an embedded store's files. None where it cannot be told: a
    SPARQL server (which does not say), a store in memory, or no store yet."""
    folder = disk_folder(location)
    if folder is None or not (folder / "CURRENT").exists():
        return None
    times = []
    for file in folder.iterdir():
        with contextlib.suppress(OSError):  # a writer may delete a compacted file meanwhile
            if file.is_file():
                times.append(file.stat().st_mtime)
    return max(times, default=None)
