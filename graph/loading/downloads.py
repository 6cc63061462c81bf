"""Where fetched files go: `downloads` beside the store. The fetchers themselves need no
store and live with their source kinds in ingest (`tradegraph.ingest.sources.<kind>.fetcher`);
they are named here too, for the CLI."""

from __future__ import annotations

from pathlib import Path

from tradegraph.graph.store.location import MEMORY, default_store_path
from tradegraph.graph.store.remote import is_remote
from tradegraph.ingest.fetching import Fetched, FetchError, UnreachableError
from tradegraph.ingest.sources.federal_register.fetcher import fetch_federal_register
from tradegraph.ingest.sources.screening_list.fetcher import ListFormat, fetch_screening_list


def downloads_folder(store: str | None = None) -> Path:
    """Where fetched files are kept by default: `downloads` beside the store folder (for a
    store in memory or on a server: beside the default store)."""
    if store and store != MEMORY and not is_remote(store):
        return Path(store).expanduser().absolute().parent / "downloads"
    return default_store_path().parent / "downloads"


__all__ = ["FetchError", "Fetched", "ListFormat", "UnreachableError", "downloads_folder",
           "fetch_federal_register", "fetch_screening_list"]
