"""Fixtures for the tests of `tradegraph.graph`: real stores (on disk in tmp_path, or in memory),
the fixture news documents, and generated documents for the batch tests."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.store.dialects import VIRTUOSO
from tradegraph.graph.time.derivations import canonical
from tradegraph.ingest.demo_corpus import demo_paths
from tradegraph.ontology.mapping import extraction_to_quads
from tradegraph.ontology.models import (
    Action,
    ActionType,
    Document,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    PartialDate,
    Status,
)

NEWS = Path(__file__).parent / "fixtures" / "news"
"""Three short news items written for these tests (no third-party text)."""

_FIRMS = ("Huawei", "ZTE", "Hikvision", "Dahua Technology", "SMIC", "DJI", "iFlytek", "Megvii")


def bulletin_text(index: int, version: int = 1) -> str:
    """A generated news bulletin; version 2 adds a sentence (so its graph changes)."""
    firm = _FIRMS[index % len(_FIRMS)]
    other = _FIRMS[(index * 3 + 1) % len(_FIRMS)]
    lines = [
        f"title: Export bulletin {index}",
        f"published: 2020-{1 + index % 12:02d}-{1 + index % 28:02d}",
        f"url: https://example.org/bulletins/{index}",
        "publisher: Example Trade Desk",
        "",
        f"The Commerce Department added {firm} to the Entity List on Tuesday, "
        f"bulletin {index} said.",
        f"Officials said the agency denied a license application from {other} last month.",
    ]
    if version == 2:
        lines.append(f"In a later update the Commerce Department granted licenses for some "
                     f"sales to {other}.")
    return "\n".join(lines) + "\n"


def write_bulletins(directory: Path, count: int, version: int = 1) -> list[Path]:
    """Write `count` generated bulletins as `bulletin-NNN.txt` files; their paths, sorted."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = directory / f"bulletin-{index:03d}.txt"
        path.write_text(bulletin_text(index, version), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def news_dir(tmp_path: Path) -> Path:
    """A private copy of the fixture news documents, free to edit."""
    target = tmp_path / "news"
    target.mkdir()
    for source in sorted(NEWS.glob("*.txt")):
        (target / source.name).write_bytes(source.read_bytes())
    return target


BACKENDS = ["oxigraph", "virtuoso"]
"""The store backends the store tests run against: embedded on disk, and a remote Virtuoso."""


@pytest.fixture(params=BACKENDS)
def disk_graph(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TradeGraph]:
    """An empty TradeGraph: on disk in tmp_path, or on the (emptied) scratch Virtuoso."""
    location = str(tmp_path / "store")
    if request.param == "virtuoso":
        location = request.getfixturevalue("virtuoso").url
    with TradeGraph.open(location) as graph:
        yield graph


@pytest.fixture
def news_graph(disk_graph: TradeGraph, news_dir: Path) -> TradeGraph:
    """A TradeGraph on disk holding the fixture news documents (free to modify)."""
    report = disk_graph.ingest([news_dir], workers=1)
    assert report.ok, report.failures
    return disk_graph


@pytest.fixture(scope="session", params=BACKENDS)
def shared_news_graph(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                      ) -> Iterator[TradeGraph]:
    """The fixture news documents in one store shared by read-only tests: on disk, or on
    the shared Virtuoso."""
    location = str(tmp_path_factory.mktemp("shared") / "store")
    if request.param == "virtuoso":
        location = request.getfixturevalue("virtuoso_shared").url
    with TradeGraph.open(location) as graph:
        report = graph.ingest([NEWS], workers=1)
        assert report.ok, report.failures
        yield graph


@pytest.fixture(scope="session", params=BACKENDS)
def demo_graph(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[TradeGraph]:
    """The demo corpus in one store shared by read-only tests: on disk, or on the Virtuoso
    that holds the demo corpus for the other tests too."""
    location = str(tmp_path_factory.mktemp("demo") / "store")
    if request.param == "virtuoso":
        location = request.getfixturevalue("virtuoso_pool").get("demo").url
    with TradeGraph.open(location) as graph:
        report = graph.ingest(demo_paths(), workers=1)  # unchanged documents are skipped
        assert report.ok, report.failures
        yield graph


def write_news(directory: Path, name: str, published: str, *sentences: str) -> Path:
    """Write a short news item of our own (`published: DATE`, then the sentences)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.txt"
    path.write_text(f"title: {name}\npublished: {published}\n\n" + " ".join(sentences) + "\n",
                    encoding="utf-8")
    return path


# ------------------------------------------------------------------ hand-built reports


def agency(key: str, label: str) -> Entity:
    """An agency of the gazetteer (so the hierarchy between them is the gazetteer's)."""
    return Entity(type=EntityType.AGENCY, key=key, label=label)


BIS = agency("bis", "Bureau of Industry and Security")
COMMERCE = agency("commerce-department", "U.S. Department of Commerce")
OFAC = agency("ofac", "Office of Foreign Assets Control")
KESTREL = Entity(type=EntityType.FIRM, key="kestrel-photonics", label="Kestrel Photonics Co., Ltd.")
NORLAND = Entity(type=EntityType.FIRM, key="norland-optics", label="Norland Optics Corp.")


def act(kind: ActionType, *targets: Entity, date: str | None, agent: Entity | None = BIS,
        status: Status = Status.IN_FORCE, start: str | None = None, end: str | None = None,
        citation: str | None = None) -> Action:
    """An action as an extraction states it (its evidence is filled in by `ReportWriter`)."""
    placeholder = Evidence(start=0, end=1, quote="x", extractor="test", extractor_version="1")
    return Action(type=kind, agents=[agent.ref] if agent else [],
                  targets=[t.ref for t in targets or (KESTREL,)],
                  date=PartialDate.parse(date) if date else None,
                  start_date=PartialDate.parse(start) if start else None,
                  end_date=PartialDate.parse(end) if end else None, status=status,
                  evidence=[placeholder], citations=[citation] if citation else [])


class ReportWriter:
    """Writes documents of hand-built actions with the real mapping, one line of text per
    action (its evidence quotes that line), then derives corroboration and time as an
    ingest does."""

    def __init__(self, graph: TradeGraph) -> None:
        self.graph = graph

    def write(self, key: str, *actions: Action, published: str | None = "2021-03-01",
              structured: str | None = None, entities: list[Entity] | None = None,
              derive: bool = True) -> str:
        """Write one document (a news item, or a legal record if `structured` is
        "screening-list" or "federal-register"), stating `entities` (default: the kit's),
        and derive as an ingest does unless told not to; its IRI."""
        lines = [f"{a.type.value} {' '.join(t.key for t in a.targets)} "
                 f"{a.date.isoformat() if a.date else 'undated'} #{i}"
                 for i, a in enumerate(actions)]
        text = "\n".join(lines) or "nothing"
        stated, offset = [], 0
        for line, action in zip(lines, actions, strict=True):
            evidence = Evidence(start=offset, end=offset + len(line), quote=line,
                                extractor="test", extractor_version="1")
            stated.append(action.model_copy(update={"evidence": [evidence]}))
            offset += len(line) + 1
        document = Document(key=key, text=text, source=f"{key}.txt", title=key,
                            published=dt.date.fromisoformat(published) if published else None,
                            structured=structured)
        extraction = Extraction(document=document, pipeline="test", extractor="test",
                                extractor_version="1", actions=stated,
                                entities=entities or [BIS, COMMERCE, OFAC, KESTREL, NORLAND])
        iri = self.graph.minter.document(key)
        self.graph.store.replace_graph(iri, extraction_to_quads(extraction, self.graph.minter))
        if derive:
            self.derive()
        return iri

    def listing(self, key: str, *actions: Action, published: str = "2026-01-01") -> str:
        """A screening-list document of these listings."""
        return self.write(key, *actions, published=published, structured="screening-list")

    def derive(self) -> None:
        """Corroborate and derive time, as every ingest and removal does."""
        self.graph.corroborate()
        self.graph.derive_time()


@pytest.fixture
def kit() -> SimpleNamespace:
    """`act` and the parties of hand-built reports, for the tests of time."""
    return SimpleNamespace(act=act, BIS=BIS, COMMERCE=COMMERCE, OFAC=OFAC, KESTREL=KESTREL,
                           NORLAND=NORLAND)


@pytest.fixture
def reports(disk_graph: TradeGraph) -> ReportWriter:
    """A `ReportWriter` on an empty store (on disk, or on the scratch Virtuoso)."""
    return ReportWriter(disk_graph)


@pytest.fixture
def embedded_reports(tmp_path: Path) -> Iterator[ReportWriter]:
    """A `ReportWriter` on an empty embedded store on disk (for the many small cases)."""
    with TradeGraph.open(str(tmp_path / "store")) as graph:
        yield ReportWriter(graph)


@pytest.fixture
def bulletins() -> Callable[[Path, int, int], list[Path]]:
    """`bulletins(directory, count, version)` writes generated documents."""
    return write_bulletins


# ------------------------------------------------------------------ live endpoint


class LiveServer:
    """A `tradegraph serve` process on a loopback port, with its store path and token."""

    def __init__(self, store: Path | str, port: int, process: subprocess.Popen[bytes],
                 token: str | None) -> None:
        self.store = store
        self.port = port
        self.process = process
        self.token = token
        self.server_graphs: list[str] = []
        """Graphs that are the SPARQL server's own, not data (a remote store's system graphs)."""
        self.root = f"http://127.0.0.1:{port}/"
        self.sparql = self.root + "sparql"

    def stop(self) -> None:
        """Stop the server and wait for it."""
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)


class Listener:
    """A TCP listener on loopback that counts the connections it is offered and closes
    each at once (so a store that calls it fails fast instead of waiting)."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/admin"
        self.hits = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.hits += 1
            connection.close()

    def close(self) -> None:
        self.socket.close()
        self._thread.join(5)


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    """A loopback listener that must hear nothing from a guarded store."""
    heard = Listener()
    yield heard
    heard.close()


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(store: Path | str, *options: str, token: str | None = None,
                 env: dict[str, str] | None = None) -> LiveServer:
    """Start `tradegraph serve` on the store (with these `TRADEGRAPH_*` variables in `env`)
    and wait until it answers."""
    port = free_port()
    env = {**os.environ, "TRADEGRAPH_UPDATE_TOKEN": token or "", **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "tradegraph.ui.cli", "--store", str(store), "serve",
         "--port", str(port), *options], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = LiveServer(store, port, process, token)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"serve exited: {process.stderr.read().decode()}")  # type: ignore[union-attr]
        try:
            if httpx.get(server.sparql, params={"query": "ASK {}"}, timeout=5).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError("serve did not answer within 60 s")


def _news_store(directory: Path) -> Path:
    location = directory / "store"
    with TradeGraph.open(str(location)) as graph:
        report = graph.ingest([NEWS], workers=1)
        assert report.ok, report.failures
    return location


@pytest.fixture(scope="module", params=BACKENDS)
def live_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[LiveServer]:
    """A read-only endpoint over the fixture news, shared by a test module: serving an
    on-disk store, or a Virtuoso holding the same news."""
    if request.param == "virtuoso":
        virtuoso = request.getfixturevalue("virtuoso_pool").get("served")
        with TradeGraph.open(virtuoso.url) as graph:  # skips the news if already there
            report = graph.ingest([NEWS], workers=1)
            assert report.ok, report.failures
        server = start_server(virtuoso.url)
        server.server_graphs = [g for g in virtuoso.graphs() if VIRTUOSO.is_system_graph(g)]
    else:
        server = start_server(_news_store(tmp_path_factory.mktemp("served")))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def news_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A read-only endpoint over the fixture news on disk, shared by a test module (for
    what the endpoint does whatever the backend)."""
    server = start_server(_news_store(tmp_path_factory.mktemp("news-served")))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def demo_server(demo_graph: TradeGraph) -> Iterator[LiveServer]:
    """A read-only endpoint over the demo corpus (on disk, or on its Virtuoso), shared by a
    test module."""
    server = start_server(demo_graph.location)
    yield server
    server.stop()


@pytest.fixture
def news_store(tmp_path: Path) -> Path:
    """A private on-disk store holding the fixture news (closed, ready to serve)."""
    return _news_store(tmp_path)


@pytest.fixture
def serve() -> Iterator[Callable[..., LiveServer]]:
    """`serve(store, *options, token=None, env=None)` starts an endpoint; all are stopped
    afterwards."""
    started: list[LiveServer] = []

    def start(store: Path, *options: str, token: str | None = None,
              env: dict[str, str] | None = None) -> LiveServer:
        server = start_server(store, *options, token=token, env=env)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def derived(graph: TradeGraph) -> dict[str, set[tuple[str, str, str]]]:
    """The derived graphs, as sets of (subject, predicate, object) in their canonical form."""
    return {name: {(str(q.subject), str(q.predicate), str(canonical(q).object))
                   for q in graph.store.graph_quads(name)}
            for name in (graph.minter.actions_graph, graph.minter.lifecycles_graph,
                         graph.minter.corroboration_graph)}


def as_if_whole(graph: TradeGraph) -> dict[str, set[tuple[str, str, str]]]:
    """The derived graphs after deriving the whole store again, from scratch (a whole
    derivation patches what was derived before, in parts: removing it first makes this
    the derivation of the documents alone)."""
    for name in (graph.minter.actions_graph, graph.minter.lifecycles_graph,
                 graph.minter.corroboration_graph):
        graph.store.remove_graph(name)
    graph.corroborate()
    graph.derive_time()
    return derived(graph)
