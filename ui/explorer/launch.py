"""Start the explorer: `streamlit run` on the app script, with the store in the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tradegraph.graph.settings import STORE_ENV

APP = Path(__file__).with_name("app.py")
"""The Streamlit script."""


def command(host: str, port: int, headless: bool) -> list[str]:
    """The `streamlit run` command line for the explorer."""
    return [sys.executable, "-m", "streamlit", "run", str(APP),
            "--server.address", host, "--server.port", str(port),
            "--server.headless", "true" if headless else "false",
            "--browser.gatherUsageStats", "false", "--global.developmentMode", "false"]


def run(store: str, host: str, port: int, headless: bool, timeout: float = 30.0) -> int:
    """Run the explorer in the foreground until it stops; its exit code."""
    from tradegraph.ui.explorer.views.sparql import TIMEOUT_ENV

    env = dict(os.environ, **{STORE_ENV: store, TIMEOUT_ENV: str(timeout)})
    try:
        return subprocess.call(command(host, port, headless), env=env)
    except KeyboardInterrupt:
        return 0
