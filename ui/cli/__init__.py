"""The `tradegraph` command line: one module per group of commands, every command on the
store through the facade (`tradegraph.graph.facade.TradeGraph`).

Every command works on one store: `--store PATH` (or `:memory:`, or a SPARQL server's URL;
after the command or before it), else `$TRADEGRAPH_STORE`, else the default path (see
`tradegraph.graph.store.location`). Commands that only read open the store read-only, so
they can run while another process ingests.

Exit codes: 0 success; 1 some documents (or rows of a list to screen) failed, or the graph
does not conform; 2 a bad argument (an unknown name, a malformed date or query) or a store
that cannot be opened; 3 `match` / `screen` found a candidate listed in force (see
`tradegraph.ui.cli.screening_commands`).
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from rich.markup import escape

from tradegraph.ingest.pipeline import package_version
from tradegraph.ontology.settings import SettingsError
from tradegraph.ui.cli import (
    docs_commands,
    document_commands,
    eval_commands,
    merge_commands,
    read_commands,
    screening_commands,
    serve_commands,
    time_commands,
)
from tradegraph.ui.cli.fetch_commands import fetch_app
from tradegraph.ui.cli.shared import EXIT_USAGE, StoreOption, err, out

app = typer.Typer(
    name="tradegraph",
    help="A knowledge graph of trade and export-control actions: ingest documents, "
         "query them with SPARQL, export linked data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# In the order `tradegraph --help` lists them.
app.command()(document_commands.ingest)
app.command()(read_commands.query)
app.command()(read_commands.export)
app.command()(read_commands.stats)
app.command("documents")(read_commands.list_documents)
app.command()(read_commands.validate)
app.command()(document_commands.remove)
app.command()(document_commands.demo)
app.command("eval")(eval_commands.evaluate)
app.command()(serve_commands.serve)
app.command()(merge_commands.merge)
app.command()(merge_commands.split)
app.command()(merge_commands.merges)
app.command()(serve_commands.explore)
app.add_typer(fetch_app, name="fetch")
app.command()(read_commands.confirmations)
app.command()(time_commands.status)
app.command()(time_commands.deadlines)
app.command("same-action")(time_commands.same_action)
app.command("distinct-actions")(time_commands.distinct_actions)
app.command("action-statements")(time_commands.action_statements)
app.command()(time_commands.rederive)
app.command()(screening_commands.match)
app.command()(screening_commands.screen)
app.command("docs")(docs_commands.docs)


def _print_version(value: bool) -> None:
    if value:
        out.print(f"tradegraph {package_version()}")
        raise typer.Exit()


def _store_defaults(command: object, store: str) -> dict[str, Any]:
    """A default map (click's mechanism for option defaults) giving `store` as the default
    of `--store` in every command under `command`."""
    commands: dict[str, object] = getattr(command, "commands", {})
    return {name: {"store": store, **_store_defaults(sub, store)}
            for name, sub in commands.items()}


@app.callback()
def main_options(
    context: typer.Context,
    store: StoreOption = None,
    version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True,
        help="Print the version and exit.")] = False,
) -> None:
    """Options that apply to every command (`tradegraph --store PATH stats`)."""
    if store is not None:  # the command's --store defaults to it (its own still wins)
        context.default_map = _store_defaults(context.command, store)


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
    except SettingsError as error:  # a bad variable met outside the commands' own checks
        err.print(f"[bold red]error:[/] {escape(str(error))}")
        sys.exit(EXIT_USAGE)
