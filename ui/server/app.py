"""The HTTP application of `tradegraph serve`: the routes of each concern (SPARQL Protocol,
Graph Store Protocol, linked data, dumps, status and deadlines, screening, reconciliation)
on one endpoint state and one live graph, behind the middleware every answer goes through
(`protection`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from tradegraph.ui.server import (
    dumps,
    graph_store,
    linked,
    matching,
    reconciliation,
    sparql_routes,
    time_routes,
)
from tradegraph.ui.server.endpoint import Endpoint
from tradegraph.ui.server.live import LiveGraph
from tradegraph.ui.server.options import ServerSettings
from tradegraph.ui.server.protection import Protection


def create_app(settings: ServerSettings) -> FastAPI:
    """The FastAPI application serving one store (serve it wrapped: `protected_app`)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        endpoint = Endpoint(settings)
        app.state.endpoint = endpoint
        app.state.live = LiveGraph(settings.store, settings.snapshot_refresh,
                                   settings.base_iri)
        try:
            yield
        finally:
            endpoint.pool.close()
            app.state.live.close()

    app = FastAPI(title="tradegraph", lifespan=lifespan, docs_url="/api", redoc_url=None)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins,
                           allow_methods=["GET", "POST", "OPTIONS"],
                           allow_headers=["Accept", "Content-Type", "Authorization"])
    for routes in (sparql_routes, graph_store, linked, dumps, time_routes, matching,
                   reconciliation):
        app.include_router(routes.router)
    return app


def protected_app(settings: ServerSettings) -> Protection:
    """The application behind its middleware: what `tradegraph serve` runs."""
    return Protection(create_app(settings), settings)
