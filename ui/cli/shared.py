"""What every command shares: the consoles, the `--store` option (given after the command
or before it), exit codes, failing with a message, opening the graph through the facade,
and reporting an ingest."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tradegraph.graph.errors import QueryError, StoreError
from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.loading.ingestion import UNCHANGED, IngestReport, Outcome
from tradegraph.graph.store.location import STORE_ENV, resolve_store_location
from tradegraph.ingest.text import printable
from tradegraph.ontology.settings import SettingsError

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

StoreOption = Annotated[
    str | None,
    typer.Option("--store", "-s", metavar="PATH",
                 help=f"Store folder, ':memory:' or a SPARQL server URL. Default: "
                      f"${STORE_ENV}, else "
                      "~/.local/share/tradegraph/store.",
                 show_default=False),
]

AsOfOption = Annotated[str | None, typer.Option(
    "--as-of", metavar="DATE", help="The day asked about: YYYY-MM-DD or 'today'. Default: "
                                    "today.", show_default=False)]

EXIT_FAILED = 1
EXIT_USAGE = 2


def shown(text: str) -> str:
    """A file name or other outside text, safe to print: control and invisible characters
    as escapes (`printable`), rich's markup escaped."""
    return escape(printable(text))


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print an error to stderr and stop with `code`."""
    err.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(code)


def store_location(store: str | None) -> str:
    """Where the command's store is: `--store` (given after the command or before it), else
    `$TRADEGRAPH_STORE`, else the default path."""
    try:
        return resolve_store_location(store)
    except SettingsError as error:
        fail(str(error))


@contextlib.contextmanager
def opened(store: str | None, *, read_only: bool) -> Iterator[TradeGraph]:
    """The graph at `store`, with store and query errors turned into clean exits."""
    try:
        graph = TradeGraph.open(store, read_only=read_only)
    except (StoreError, SettingsError) as error:
        fail(str(error))
    try:
        yield graph
    except (StoreError, QueryError) as error:
        fail(str(error))
    finally:
        graph.close()


def ingest_with_progress(
    graph: TradeGraph, paths: list[str], *, force: bool, workers: int | None, quiet: bool
) -> IngestReport:
    """`graph.ingest` with a progress bar on a terminal."""
    progress = Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(),
        MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.fields[source]}"),
        console=err, transient=True, disable=quiet or not err.is_terminal,
    )
    with progress:
        task = progress.add_task("ingesting", total=None, source="")

        def advance(done: int, total: int, source: str) -> None:
            progress.update(task, completed=done, total=total,
                            source=printable(Path(source).name))

        return graph.ingest(paths, force=force, workers=workers, progress=advance)


def print_ingest_report(report: IngestReport) -> None:
    """The counts by outcome, then every document skipped for a reason other than being
    unchanged, every warning about a part (a row skipped, a value dropped), every note, every
    failed document with its reason, and every document stored without parts its broken file
    lost."""
    counts = ", ".join(f"{report.count(outcome)} {outcome.value}" for outcome in Outcome)
    actions = sum(result.actions for result in report.results
                  if result.outcome in (Outcome.INGESTED, Outcome.REPLACED))
    out.print(f"{counts}; {actions} actions extracted")
    for result in report.results:
        if result.outcome is Outcome.SKIPPED and result.reason not in (None, UNCHANGED):
            err.print(f"[yellow]skipped[/] {shown(result.source)}: {shown(result.reason)}")
        for warning in result.warnings:  # each says what became of its part
            err.print(f"[yellow]warning[/] {shown(result.source)}: {shown(warning)}")
        for note in result.notes:
            err.print(f"[cyan]note[/] {shown(result.source)}: {shown(note)}")
    for failure in report.failures:
        reason = shown(failure.reason or "unknown reason")
        err.print(f"[red]failed[/] {shown(failure.source)}: {reason}")
    for result in report.incomplete:
        parts = f"{result.lost} part{'s' if result.lost != 1 else ''}"
        when = ("could not be read when it was stored, and it has not changed since"
                if result.outcome is Outcome.SKIPPED
                else "could not be read (see above) and the rest is stored")
        err.print(f"[red]incomplete[/] {shown(result.source)}: {parts} of the broken file "
                  f"{when}; mend the file and ingest it again")
