"""Commands that put the store in front of others: `serve` (the SPARQL endpoint and linked
data) and `explore` (the Streamlit explorer)."""

from __future__ import annotations

from typing import Annotated

import typer

from tradegraph.graph.errors import StoreError
from tradegraph.ui.cli.shared import (
    EXIT_FAILED,
    StoreOption,
    err,
    fail,
    opened,
    shown,
    store_location,
)


def serve(
    store: StoreOption = None,
    *,
    host: Annotated[str, typer.Option(help="Address to bind; 127.0.0.1 keeps it local.")] =
    "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    timeout: Annotated[float, typer.Option(help="Seconds a query may run before it is "
                                                 "stopped.")] = 30.0,
    max_result_mb: Annotated[float, typer.Option(help="Largest result, in MB.")] = 50.0,
    workers: Annotated[int | None, typer.Option(help="Query worker processes "
                                                     "[default: CPU count].")] = None,
    allow_service: Annotated[bool, typer.Option(help="Allow SERVICE and LOAD, which make the "
                                                     "server fetch URLs.")] = False,
    cors_origin: Annotated[list[str] | None, typer.Option(help="Origin allowed to call from a "
                                                               "browser (repeatable; * for any).")
                           ] = None,
    explorer_url: Annotated[str | None, typer.Option(help="URL of a running explorer, linked "
                                                          "from resource pages.")] = None,
    public_url: Annotated[str | None, typer.Option(
        help="The address clients reach the server at (behind a proxy, say); links and the "
             "reconciliation manifest use it. [default: $TRADEGRAPH_PUBLIC_URL, else the "
             "address it listens on]", show_default=False)] = None,
) -> None:
    """Serve the store: SPARQL 1.1 endpoint, linked data, status, screening, reconciliation.

    Also VoID and dumps; `/status` and `/deadlines`, `/match` and the W3C Reconciliation
    Service API at `/reconcile` (for OpenRefine) answer from the same store.

    Read-only unless $TRADEGRAPH_UPDATE_TOKEN is set: then SPARQL Update and Graph Store
    writes are allowed to requests that send it as a bearer token.
    """
    from tradegraph.ui.server import ServerSettings, check_store
    from tradegraph.ui.server import serve as run_server

    options = {"store": store_location(store), "host": host, "port": port,
               "query_timeout": timeout, "max_result_bytes": int(max_result_mb * 1_000_000),
               "allow_service": allow_service, "cors_origins": cors_origin or [],
               "explorer_url": explorer_url}
    if workers is not None:
        options["workers"] = workers
    if public_url is not None:
        options["public_url"] = public_url
    try:
        settings = ServerSettings.model_validate(options)
    except ValueError as error:
        fail(f"bad server settings: {error}")
    try:
        check_store(settings)  # before the banner: no "serving" for a store that is not there
    except StoreError as error:
        fail(str(error), EXIT_FAILED)
    where = "loopback only" if settings.local_only else "ALL interfaces"
    writes = "updates allowed with the token" if settings.update_token else "read-only"
    err.print(f"tradegraph serving {shown(settings.store)} at http://{host}:{port}/sparql "
              f"({where}; {writes}; Ctrl-C to stop)")
    try:
        run_server(settings)
    except StoreError as error:
        fail(str(error), EXIT_FAILED)


def explore(
    store: StoreOption = None,
    *,
    host: Annotated[str, typer.Option(help="Address to bind; 127.0.0.1 keeps it local.")] =
    "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8501,
    headless: Annotated[bool, typer.Option(help="Do not open a browser (none is opened "
                                                "without a display either).")] = False,
    timeout: Annotated[float, typer.Option(help="Seconds a query on the SPARQL page may run "
                                                 "before it is stopped.")] = 30.0,
) -> None:
    """Start the Streamlit explorer: overview, search, entity pages, network, timeline,
    documents, SPARQL and export, in the browser."""
    from tradegraph.ui.explorer.launch import browsable_url
    from tradegraph.ui.explorer.launch import run as run_explorer

    with opened(store, read_only=True):
        pass  # a clear error now if there is no store, rather than in the browser
    err.print(f"tradegraph explorer on {browsable_url(host, port)} (Ctrl-C to stop)")
    raise typer.Exit(run_explorer(store_location(store), host, port, headless, timeout))
