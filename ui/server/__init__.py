"""`tradegraph serve`: the store as a SPARQL 1.1 endpoint and as linked data."""

from __future__ import annotations

from tradegraph.graph.errors import StoreError
from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.store.location import MEMORY
from tradegraph.ui.server.options import ServerSettings

__all__ = ["ServerSettings", "check_store", "serve"]


def check_store(settings: ServerSettings) -> None:
    """Fail now, with the reason (StoreError), if there is no store to serve there or its
    server cannot be reached: before anything says the endpoint is serving."""
    if settings.store == MEMORY:
        raise StoreError("the endpoint serves a store on disk or a SPARQL server, not "
                         "':memory:' (its query workers could not see it)")
    TradeGraph.open(settings.store, read_only=True).close()


def serve(settings: ServerSettings) -> None:
    """Run the endpoint until interrupted (blocks)."""
    import uvicorn

    from tradegraph.ui.server.app import protected_app
    from tradegraph.ui.server.connections import timed_protocol

    check_store(settings)
    uvicorn.run(protected_app(settings), host=settings.host, port=settings.port,
                log_level="warning", access_log=False,
                http=timed_protocol(settings.idle_seconds, settings.request_seconds,
                                    settings.max_url_bytes + 48 * 1024),
                timeout_keep_alive=settings.idle_seconds,  # type: ignore[arg-type]
                limit_concurrency=settings.max_connections)
