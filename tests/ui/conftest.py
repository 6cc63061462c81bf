"""Fixtures for driving the installed `tradegraph` command as a user would."""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from tradegraph.ui.explorer.launch import answers

TRADEGRAPH = Path(sys.executable).with_name("tradegraph")

Run = Callable[..., subprocess.CompletedProcess[str]]


def run_cli(*args: str, store: Path | str | None = None, stdin: str | None = None,
            cwd: Path | None = None, extra_env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    """Run `tradegraph ARGS...` in a subprocess with the store in `store` (a path or a
    SPARQL server URL) and only the `TRADEGRAPH_*` variables in `extra_env`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("TRADEGRAPH_")}
    env.update(extra_env or {})
    if store is not None:
        env["TRADEGRAPH_STORE"] = str(store)
    return subprocess.run(
        [str(TRADEGRAPH), *args], capture_output=True, text=True, env=env, input=stdin,
        cwd=cwd, timeout=300, check=False,
    )


@pytest.fixture
def cli() -> Run:
    """`cli("stats", store=path)` runs the tradegraph command and returns the process."""
    return run_cli


@pytest.fixture(scope="session")
def embedded_demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store holding the demo corpus, built once with `tradegraph demo`."""
    store = tmp_path_factory.mktemp("demo") / "store"
    result = run_cli("demo", store=store)
    assert result.returncode == 0, result.stderr
    return store


@pytest.fixture(scope="session", params=["oxigraph", "virtuoso"])
def demo_store(request: pytest.FixtureRequest, embedded_demo_store: Path) -> Path | str:
    """The demo corpus, built once with `tradegraph demo`, on each backend: an on-disk store
    (its path) and a Virtuoso of its own (its URL); do not modify."""
    if request.param == "oxigraph":
        return embedded_demo_store
    server = request.getfixturevalue("virtuoso_pool").get("demo")
    credentials = request.getfixturevalue("virtuoso_credentials")
    result = run_cli("demo", store=server.url, extra_env=credentials)
    assert result.returncode == 0, result.stderr
    return str(server.url)


@pytest.fixture
def demo_copy(embedded_demo_store: Path, tmp_path: Path) -> Path:
    """A private copy of the on-disk demo store, for tests that change it."""
    copy = tmp_path / "store"
    shutil.copytree(embedded_demo_store, copy)
    return copy


# ------------------------------------------------------------------ explorer

EXPLORER_APP = Path(__file__).resolve().parents[2] / "ui" / "explorer" / "app.py"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def explorer(monkeypatch: pytest.MonkeyPatch, demo_store: Path) -> Callable[..., object]:
    """`explorer(page="entity", iri=...)` runs the explorer's script with Streamlit's AppTest
    on the demo store (or `store=`), with these URL parameters, and returns the AppTest."""
    from streamlit.testing.v1 import AppTest

    def run(store: Path | None = None, **params: str | list[str]) -> AppTest:
        monkeypatch.setenv("TRADEGRAPH_STORE", str(store or demo_store))
        app = AppTest.from_file(str(EXPLORER_APP), default_timeout=120)
        for name, value in params.items():
            app.query_params[name] = value
        app.run()
        return app

    return run


@pytest.fixture(scope="session", autouse=True)
def _explorer_query_workers() -> Iterator[None]:
    """Stop the SPARQL page's query workers (kept for the session: they take a moment to
    start) when the tests end."""
    yield
    from tradegraph.ui.explorer.views.sparql import close_pools

    close_pools()


@pytest.fixture
def artifacts() -> Path:
    """The folder for test artifacts (screenshots), kept after the run; gitignored."""
    folder = ARTIFACTS / "e2e"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Pages:
    """Reading what an AppTest run of the explorer drew."""

    @staticmethod
    def html(app: Any) -> str:
        """Everything the page wrote as Markdown/HTML, joined."""
        return "\n".join(str(m.value) for m in app.markdown)

    @staticmethod
    def links(app: Any) -> list[tuple[str, dict[str, list[str]]]]:
        """(text, URL parameters) of every in-app link on the page."""
        found = []
        for href, text in re.findall(r'<a href="(\?[^"]*)" target="_self">(.*?)</a>',
                                     Pages.html(app)):
            found.append((html.unescape(text), parse_qs(urlparse(html.unescape(href)).query)))
        return found

    @staticmethod
    def ok(app: Any) -> None:
        """No exception and no error on the page."""
        assert not app.exception, [e.value for e in app.exception]
        assert not app.error, [e.value for e in app.error]

    @staticmethod
    def url(app: Any, name: str) -> str:
        """A URL parameter after the run (AppTest holds one value or a list)."""
        value = app.query_params[name]
        return str(value[0] if isinstance(value, list) else value)

    @staticmethod
    def components(app: Any) -> list[dict[str, Any]]:
        """The arguments of every custom component drawn (st-cytoscape's `elements`, the
        code editor's `completions`, ...), in order."""
        return [json.loads(node.proto.json_args) for node in _walk(app._tree)
                if getattr(node, "type", "") == "component_instance"]


    @staticmethod
    def charts(app: Any) -> list[dict[str, Any]]:
        """The Vega-Lite specs of every chart drawn, in order, with the data Streamlit sends
        apart (Arrow datasets) put back in each spec as `data.values`."""
        specs = []
        for node in _walk(app._tree):
            if getattr(node, "type", "") == "vega_lite_chart":
                datasets = {d.name: _arrow_rows(d.data.data) for d in node.proto.datasets}
                specs.append(_inline(json.loads(node.proto.spec), datasets))
        return specs


def _arrow_rows(data: bytes) -> list[dict[str, Any]]:
    import pyarrow as pa

    return list(pa.ipc.open_stream(data).read_all().to_pylist())


def _inline(spec: Any, datasets: dict[str, list[dict[str, Any]]]) -> Any:
    if isinstance(spec, dict):
        data = spec.get("data")
        if isinstance(data, dict) and data.get("name") in datasets:
            spec = {**spec, "data": {"values": datasets[data["name"]]}}
        return {k: _inline(v, datasets) for k, v in spec.items()}
    if isinstance(spec, list):
        return [_inline(v, datasets) for v in spec]
    return spec


def _walk(node: Any) -> Iterator[Any]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


@pytest.fixture
def pages() -> type[Pages]:
    """`pages.html(app)`, `pages.links(app)`, `pages.ok(app)`, ... on an AppTest run."""
    return Pages


# ------------------------------------------------------------------ the explorer, served


def free_port() -> int:
    """A TCP port free on loopback now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Served:
    """A `tradegraph explore` process and where it serves."""

    process: subprocess.Popen[bytes]
    url: str
    port: int
    log: Path


def start_explorer(store: Path | str, log_path: Path, *, new_session: bool = True,
                   headless: bool = True, extra_env: dict[str, str] | None = None) -> Served:
    """Run `tradegraph explore` on a free loopback port, standard input from /dev/null, and
    wait until it answers (polling its health check); its output goes to `log_path`."""
    port = free_port()
    log = log_path.open("w")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRADEGRAPH_")}
    env.update(extra_env or {})
    process = subprocess.Popen(
        [str(TRADEGRAPH), "explore", "--store", str(store), "--port", str(port),
         *(["--headless"] if headless else [])], stdout=log, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, env=env, start_new_session=new_session)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while not answers(url + "/"):
        if process.poll() is not None or time.monotonic() > deadline:
            log.close()
            stop_explorer(Served(process, url, port, log_path))
            pytest.fail("the explorer did not start:\n" + log_path.read_text())
        time.sleep(0.3)
    log.close()  # the process has its own copy
    return Served(process, url, port, log_path)


def stop_explorer(served: Served) -> None:
    """SIGTERM, then SIGKILL if it is still there; and whatever is left of its session."""
    process = served.process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # anything left of its session


@pytest.fixture
def serve_explorer(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """`serve_explorer(store)` runs `tradegraph explore` on a free loopback port, waits until
    it answers and returns it; every explorer started is stopped after the test."""
    started: list[Served] = []

    def start(store: Path | str, *, new_session: bool = True, headless: bool = True,
              extra_env: dict[str, str] | None = None) -> Served:
        served = start_explorer(store, tmp_path / f"explorer-{len(started)}.log",
                                new_session=new_session, headless=headless,
                                extra_env=extra_env)
        started.append(served)
        return served

    yield start
    for served in started:
        stop_explorer(served)


@pytest.fixture(scope="module")
def demo_explorer(demo_store: Path | str, tmp_path_factory: pytest.TempPathFactory
                  ) -> Iterator[Served]:
    """One `tradegraph explore` on the demo store (per backend) for a module's tests that
    do not change it; stopped after them."""
    served = start_explorer(demo_store, tmp_path_factory.mktemp("explorer") / "explorer.log")
    yield served
    stop_explorer(served)


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def browser_page() -> Iterator[Any]:
    """A page in headless Debian Chromium (Playwright), 1400 px wide."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield browser.new_page(viewport={"width": 1400, "height": 1000})
        finally:
            browser.close()
