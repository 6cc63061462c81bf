"""`tradegraph docs`: the documentation site, served locally by MkDocs while you read it."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from tradegraph.ui.cli.shared import err, fail

CONFIG = Path(__file__).resolve().parents[2] / "docs" / "mkdocs.yml"
"""The site's configuration in a clone (the docs are not part of an installed package)."""


def docs(
    *,
    host: Annotated[str, typer.Option(help="Address to bind; 127.0.0.1 keeps it local.")] =
    "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8001,
) -> None:
    """Serve the documentation site (tutorial, how-to, reference, explanation) locally.

    Runs `mkdocs serve` on docs/mkdocs.yml of the clone tradegraph is installed from; the
    reference pages are generated from the code as the site is built.
    """
    if not CONFIG.is_file():
        fail(f"no documentation site at {CONFIG}: the docs come with a clone of tradegraph, "
             "not with an installed package")
    if importlib.util.find_spec("mkdocs") is None:
        fail("MkDocs is not installed: install tradegraph with its docs extra "
             "(pip install -e '.[docs]', as scripts/setup.sh does)")
    err.print(f"tradegraph docs on http://{host}:{port}/ (Ctrl-C to stop)")
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(CONFIG),
               "--dev-addr", f"{host}:{port}"]
    raise typer.Exit(subprocess.call(command))
