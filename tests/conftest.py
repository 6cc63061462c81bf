"""Fixtures shared by every test folder: throw-away Virtuoso servers on loopback, for the
remote store backend; and the fast lane's rule (`pytest -m "not slow"`): a test is slow
when it needs another process (a Virtuoso, a `tradegraph serve`, the `tradegraph` command,
the Streamlit app), or is marked so.

Each server is Debian's `virtuoso-opensource`, started by `scripts/start-virtuoso.sh` on free
127.0.0.1 ports with its database in a temporary directory, and stopped (by its own PID) when
the session ends. If Virtuoso is not installed the fixtures fail with what to do: the remote
backend is part of the product, so its tests never skip.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tradegraph.ontology.settings import use_settings

ROOT = Path(__file__).resolve().parents[1]
STARTER = ROOT / "scripts" / "start-virtuoso.sh"
DBA = ("dba", "dba")
"""A fresh Virtuoso database's administrator account."""
CREDENTIALS = {"TRADEGRAPH_STORE_USER": DBA[0], "TRADEGRAPH_STORE_PASSWORD": DBA[1]}


class SettingsMonkeyPatch(pytest.MonkeyPatch):
    """`monkeypatch` whose changes to the environment the next `settings()` reads: settings
    are read once per process, so each change forgets the ones read before."""

    def setenv(self, name: str, value: str, prepend: str | None = None) -> None:
        super().setenv(name, value, prepend)
        use_settings(None)

    def delenv(self, name: str, raising: bool = True) -> None:
        super().delenv(name, raising)
        use_settings(None)


@pytest.fixture
def monkeypatch() -> Iterator[pytest.MonkeyPatch]:
    """pytest's `monkeypatch`, with the environment's settings read again after a change."""
    patch = SettingsMonkeyPatch()
    yield patch
    patch.undo()
    use_settings(None)


@pytest.fixture(autouse=True)
def _settings_read_afresh() -> Iterator[None]:
    """Every test starts from the settings its environment gives (a session fixture may
    have changed it), and leaves none behind."""
    use_settings(None)
    yield
    use_settings(None)


SLOW_FIXTURES = frozenset({
    "virtuoso_pool",        # a Virtuoso server (every remote-store fixture needs it)
    "live_server", "serve", "demo_server", "news_server",  # a `tradegraph serve` process
    "cli", "embedded_demo_store",  # the `tradegraph` command in a subprocess
    "explorer",             # the Streamlit app
})
"""Fixtures that start processes: a test using one is slow."""


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark as slow every test that starts processes (see SLOW_FIXTURES), including the
    `virtuoso` cases of fixtures parametrised over both backends."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        callspec = getattr(item, "callspec", None)
        backends = list(callspec.params.values()) if callspec is not None else []
        if fixtures & SLOW_FIXTURES or "virtuoso" in backends:
            item.add_marker(pytest.mark.slow)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class VirtuosoServer:
    """One throw-away Virtuoso: its SPARQL URL, and ways to stop, kill, restart and empty it."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.http_port = _free_port()
        self.sql_port = _free_port()
        self.root = f"http://127.0.0.1:{self.http_port}"
        self.url = f"{self.root}/sparql"
        self.pid = 0

    def start(self) -> None:
        """Start the server (on an existing database directory, if any) and wait for it."""
        run = subprocess.run(["bash", str(STARTER), str(self.directory), str(self.http_port),
                              str(self.sql_port)], capture_output=True, text=True, timeout=180,
                             check=False)
        if run.returncode != 0:
            raise RuntimeError(f"Virtuoso did not start: {run.stderr.strip()}")
        self.pid = int(run.stdout.split()[-1])

    def kill(self) -> None:
        """Kill the server at once (SIGKILL), as a crash would."""
        os.kill(self.pid, signal.SIGKILL)
        self._wait_gone()

    def stop(self) -> None:
        """Stop the server cleanly."""
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        self._wait_gone()

    def _wait_gone(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                return
            # virtuoso-t is not our child (the starter backgrounded it): poll until gone
            time.sleep(0.1)
        os.kill(self.pid, signal.SIGKILL)

    def graphs(self) -> list[str]:
        """Every graph holding a triple, the server's own ones included."""
        # GROUP BY: Virtuoso's SELECT DISTINCT ?g enumeration can spin for minutes.
        response = httpx.post(self.url, data={
            "query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"},
            headers={"Accept": "application/sparql-results+json"}, timeout=30)
        response.raise_for_status()
        return [row["g"]["value"] for row in response.json()["results"]["bindings"]]

    def clear(self) -> None:
        """Remove every graph tradegraph may have written (the server's own ones stay)."""
        from tradegraph.graph.store.dialects import VIRTUOSO

        auth = httpx.DigestAuth(*DBA)
        for graph in self.graphs():
            if not VIRTUOSO.is_system_graph(graph):
                httpx.delete(f"{self.root}/sparql-graph-crud-auth", params={"graph": graph},
                             auth=auth, timeout=30).raise_for_status()


def _start_virtuoso(directory: Path) -> VirtuosoServer:
    if shutil.which("virtuoso-t") is None:
        pytest.fail("Virtuoso is not installed: the remote-store tests need Debian's "
                    "virtuoso-opensource; run `bash scripts/setup.sh` as root (CI does)",
                    pytrace=False)
    server = VirtuosoServer(directory)
    server.start()
    return server


@pytest.fixture(scope="session")
def virtuoso_credentials() -> Iterator[dict[str, str]]:
    """The DBA account in $TRADEGRAPH_STORE_USER/_PASSWORD for the session, as a user sets
    it (the remote store reads credentials from the environment only)."""
    saved = {key: os.environ.get(key) for key in CREDENTIALS}
    os.environ.update(CREDENTIALS)
    yield dict(CREDENTIALS)
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


class VirtuosoPool:
    """Servers started on first use, one per name, all stopped at the end of the session."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self.factory = factory
        self.servers: dict[str, VirtuosoServer] = {}

    def get(self, name: str) -> VirtuosoServer:
        """The server called `name`, started if needed."""
        if name not in self.servers:
            self.servers[name] = _start_virtuoso(self.factory.mktemp(f"virtuoso-{name}"))
        return self.servers[name]

    def stop(self) -> None:
        """Stop every server started."""
        for server in self.servers.values():
            server.stop()


@pytest.fixture(scope="session")
def virtuoso_pool(tmp_path_factory: pytest.TempPathFactory,
                  virtuoso_credentials: dict[str, str]) -> Iterator[VirtuosoPool]:
    """`virtuoso_pool.get(name)`: a Virtuoso of its own for each kind of session data."""
    pool = VirtuosoPool(tmp_path_factory)
    yield pool
    pool.stop()


@pytest.fixture
def virtuoso(virtuoso_pool: VirtuosoPool) -> VirtuosoServer:
    """The scratch Virtuoso, holding none of tradegraph's graphs (emptied before each test)."""
    server = virtuoso_pool.get("scratch")
    server.clear()
    return server


@pytest.fixture(scope="session")
def virtuoso_shared(virtuoso_pool: VirtuosoPool) -> VirtuosoServer:
    """A Virtuoso for session-wide read-only data (never emptied between tests)."""
    return virtuoso_pool.get("shared")
