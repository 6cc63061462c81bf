"""`tradegraph serve`: the store as a SPARQL 1.1 endpoint and as linked data."""

from __future__ import annotations

from tradegraph.graph.errors import StoreError
from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.store.location import MEMORY
from tradegraph.ui.server.options import ServerSettings

__all__ = ["ServerSettings", "serve"]


def serve(settings: ServerSettings) -> None:
    """Run the endpoint until interrupted (blocks)."""
    import uvicorn

    from tradegraph.ui.server.app import create_app

    if settings.store == MEMORY:
        raise StoreError("the endpoint serves a store on disk or a SPARQL server, not "
                         "':memory:' (its query workers could not see it)")
    # Fail now, with the reason, if there is no store there or its server cannot be reached.
    TradeGraph.open(settings.store, read_only=True).close()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port,
                log_level="warning", access_log=False)
