"""`tradegraph docs` serves the site on a loopback port: the how-to for screening a CSV is
there, with its reference generated."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # starts the tradegraph command and MkDocs
TRADEGRAPH = Path(sys.executable).with_name("tradegraph")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as reply:
        return str(reply.read().decode("utf-8"))


def test_tradegraph_docs_serves_the_site() -> None:
    port = _free_port()
    process = subprocess.Popen([str(TRADEGRAPH), "docs", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        assert process.stderr is not None
        log = []
        for line in process.stderr:  # MkDocs says when it serves (or ends, on an error)
            log.append(line)
            if "Serving on" in line:
                break
        assert process.poll() is None, "".join(log)
        site = f"http://127.0.0.1:{port}"
        assert "Screen a customer list" in _get(f"{site}/how-to/screen.html")
        assert "tradegraph screen" in _get(f"{site}/reference/cli.html")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
