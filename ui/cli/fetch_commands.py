"""`tradegraph fetch`: the legal record from its official addresses (or local files), then
ingested through the facade. The downloads touch no store: an address that cannot be
reached leaves nothing behind."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from tradegraph.graph.loading import downloads
from tradegraph.graph.loading.downloads import FetchError, ListFormat
from tradegraph.ui.cli.shared import (
    EXIT_FAILED,
    EXIT_USAGE,
    StoreOption,
    err,
    fail,
    opened,
    print_ingest_report,
    shown,
    store_location,
)

fetch_app = typer.Typer(help="Fetch the legal record (the Consolidated Screening List, Federal "
                             "Register documents) from its official addresses, or take local "
                             "files, and ingest it.", no_args_is_help=True)
FolderOption = Annotated[Path | None, typer.Option(
    "--to", help="Folder to keep the fetched files in [default: downloads/ beside the store "
                 "folder]", show_default=False)]


@fetch_app.command("screening-list")
def fetch_screening_list(
    list_format: Annotated[ListFormat, typer.Option(
        "--format", help="the download format", case_sensitive=False)] = ListFormat.CSV,
    local: Annotated[Path | None, typer.Option(
        "--from", help="a local copy of the list (CSV, TSV or JSON) instead of downloading",
        show_default=False)] = None,
    folder: FolderOption = None,
    store: StoreOption = None,
) -> None:
    """Download trade.gov's Consolidated Screening List (or take --from FILE) and ingest it."""
    try:
        path = downloads.fetch_screening_list(
            list_format, folder or downloads.downloads_folder(store_location(store)),
            local)
    except (FetchError, OSError) as error:
        fail(str(error), EXIT_FAILED)
    _ingest_fetched(store, [path])


@fetch_app.command("federal-register")
def fetch_federal_register(
    numbers: Annotated[list[str] | None, typer.Argument(
        help="Federal Register document numbers, e.g. 2019-10616", show_default=False)] = None,
    local: Annotated[list[Path] | None, typer.Option(
        "--from", help="a local API JSON file instead of downloading (repeatable)",
        show_default=False)] = None,
    folder: FolderOption = None,
    store: StoreOption = None,
) -> None:
    """Download Federal Register documents by number from the Federal Register API, with
    their full text (or take --from FILE), and ingest them."""
    if not numbers and not local:
        fail("name at least one document number, or a file with --from", EXIT_USAGE)
    try:
        fetched = downloads.fetch_federal_register(
            numbers or [], folder or downloads.downloads_folder(store_location(store)),
            local or [])
    except (FetchError, OSError) as error:
        fail(str(error), EXIT_FAILED)
    for warning in fetched.warnings:
        err.print(f"[yellow]warning:[/] {escape(warning)}")
    for failure in fetched.failures:
        err.print(f"[red]failed[/] {escape(failure)}")
    if not fetched.paths:
        raise typer.Exit(EXIT_FAILED)
    _ingest_fetched(store, fetched.paths, failed=bool(fetched.failures))


def _ingest_fetched(store: str | None, paths: list[Path], *, failed: bool = False) -> None:
    for path in paths:
        err.print(f"fetched {shown(str(path))}")
    with opened(store, read_only=False) as graph:
        report = graph.ingest([str(path) for path in paths], workers=1)
    print_ingest_report(report)
    if failed or not report.ok:
        raise typer.Exit(EXIT_FAILED)
