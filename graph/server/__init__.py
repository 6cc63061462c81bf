"""`tradegraph serve`: the store as a SPARQL 1.1 endpoint and as linked data."""

from __future__ import annotations

from pathlib import Path

from tradegraph.graph.errors import StoreError
from tradegraph.graph.remote_store import RemoteStore, is_remote
from tradegraph.graph.server.settings import ServerSettings

__all__ = ["ServerSettings", "serve"]


def serve(settings: ServerSettings) -> None:
    """Run the endpoint until interrupted (blocks)."""
    import uvicorn

    from tradegraph.graph.server.app import create_app

    if is_remote(settings.store):
        # Fail now, with the reason, if the SPARQL server cannot be reached.
        RemoteStore.open(settings.store, read_only=True).close()
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port,
                    log_level="warning", access_log=False)
        return
    path = Path(settings.store)
    if not (path / "CURRENT").exists():
        raise StoreError(f"no tradegraph store at {path}: the endpoint serves an on-disk store; "
                         "run `tradegraph ingest` or `tradegraph demo` first")
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port,
                log_level="warning", access_log=False)
