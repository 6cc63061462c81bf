"""The command-line reference: every command's help, from the Typer app itself.

Typer's own documentation generator (`typer.cli.get_docs_for_click`, what `typer ... utils
docs` prints) walks the app, so a new command, option or help text appears on the page at
the next build.
"""

from __future__ import annotations

import click
import typer
import typer.cli

from docgen.locate import first_of


def app() -> typer.Typer:
    """The `tradegraph` Typer application."""
    application: typer.Typer = first_of("tradegraph.ui.cli:app")
    return application


def command() -> click.Command:
    """The click command behind the app (groups hold their sub-commands)."""
    return typer.main.get_command(app())


def command_names(group: click.Command | None = None, prefix: str = "tradegraph") -> list[str]:
    """Every command's full name (`tradegraph ingest`, `tradegraph fetch screening-list`)."""
    group = group or command()
    names: list[str] = []
    if isinstance(group, click.Group):
        for name, sub in group.commands.items():
            names.append(f"{prefix} {name}")
            names.extend(command_names(sub, f"{prefix} {name}"))
    return names


def reference() -> str:
    """Markdown: usage, arguments and options of `tradegraph` and every command."""
    root = command()
    context = typer.Context(root, info_name="tradegraph")
    text = typer.cli.get_docs_for_click(obj=root, ctx=context, name="tradegraph",
                                        title="tradegraph")
    # The page has its own title; the generator's first heading names the program.
    lines = text.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join(lines) + "\n"
