"""The `tradegraph` command line: one module per group of commands, every command on the
store through the facade (`tradegraph.graph.facade.TradeGraph`).

Every command works on one store: `--store PATH` (or `:memory:`, or a SPARQL server's URL),
else `$TRADEGRAPH_STORE`, else the default path (see `tradegraph.graph.settings`). Commands
that only read open the store read-only, so they can run while another process ingests.

Exit codes: 0 success; 1 some documents (or rows of a list to screen) failed, or the graph
does not conform; 2 a bad argument (an unknown name, a malformed date or query) or a store
that cannot be opened; 3 `match` / `screen` found a candidate listed in force (see
`tradegraph.ui.cli.screening`).
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from tradegraph.graph.settings import STORE_ENV
from tradegraph.ingest.pipeline import package_version
from tradegraph.ui.cli import (
    docs,
    documents,
    evaluation,
    identity,
    reading,
    screening,
    serving,
    time_commands,
)
from tradegraph.ui.cli.common import StoreOption, out
from tradegraph.ui.cli.fetch import fetch_app

app = typer.Typer(
    name="tradegraph",
    help="A knowledge graph of trade and export-control actions: ingest documents, "
         "query them with SPARQL, export linked data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# In the order `tradegraph --help` lists them.
app.command()(documents.ingest)
app.command()(reading.query)
app.command()(reading.export)
app.command()(reading.stats)
app.command("documents")(reading.list_documents)
app.command()(reading.validate)
app.command()(documents.remove)
app.command()(documents.demo)
app.command("eval")(evaluation.evaluate)
app.command()(serving.serve)
app.command()(identity.merge)
app.command()(identity.split)
app.command()(identity.merges)
app.command()(serving.explore)
app.add_typer(fetch_app, name="fetch")
app.command()(reading.confirmations)
app.command()(time_commands.status)
app.command()(time_commands.deadlines)
app.command("same-action")(time_commands.same_action)
app.command("distinct-actions")(time_commands.distinct_actions)
app.command("action-statements")(time_commands.action_statements)
app.command()(screening.match)
app.command()(screening.screen)
app.command("docs")(docs.docs)


def _print_version(value: bool) -> None:
    if value:
        out.print(f"tradegraph {package_version()}")
        raise typer.Exit()


@app.callback()
def main_options(
    store: StoreOption = None,
    version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True,
        help="Print the version and exit.")] = False,
) -> None:
    """Options that apply to every command (`tradegraph --store PATH stats`)."""
    if store:
        os.environ[STORE_ENV] = store  # the commands' own --store still wins


def _configure_streams() -> None:
    # Piped output (| head) should end quietly; text output stays UTF-8 on any locale.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def main() -> None:
    """Entry point of the `tradegraph` console script."""
    _configure_streams()
    try:
        app()
    except BrokenPipeError:
        sys.stderr.close()
