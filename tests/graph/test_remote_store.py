"""The remote store on a real Virtuoso: same data as the embedded store, clear errors, no
credentials in messages, and no half-written document graph when a connection or the server
dies mid-ingest."""

from __future__ import annotations

import contextlib
import io
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat
from rdflib import Dataset, URIRef
from rdflib.compare import isomorphic

from tradegraph.graph.errors import QueryError, StoreError
from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.loading.ingestion import Outcome
from tradegraph.graph.query.guard import query_form
from tradegraph.graph.store.dialects import VIRTUOSO, TruncatedResultError
from tradegraph.graph.store.embedded import OxigraphStore
from tradegraph.graph.store.remote import RemoteStore
from tradegraph.graph.store.sparql_client import public_url
from tradegraph.ingest.demo_corpus import demo_paths
from tradegraph.ontology.iris import IriMinter

MINTER = IriMinter()
XSD = "http://www.w3.org/2001/XMLSchema#"
Graphs = dict[str, set[Quad]]

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def nquads_dataset(store: OxigraphStore | RemoteStore) -> Dataset:
    buffer = io.BytesIO()
    store.dump(buffer, RdfFormat.N_QUADS)
    dataset = Dataset()
    dataset.parse(data=buffer.getvalue(), format="nquads")
    return dataset


def document_graphs(store: OxigraphStore | RemoteStore) -> Graphs:
    prefix = MINTER.document("")
    return {name: store.graph_quads(name) for name in store.named_graphs()
            if name.startswith(prefix)}


# ------------------------------------------------------------------ same data


def test_demo_corpus_gives_isomorphic_datasets_on_both_backends(
        virtuoso: object, tmp_path: Path) -> None:
    url = virtuoso.url  # type: ignore[attr-defined]
    with TradeGraph.open(str(tmp_path / "store")) as embedded, TradeGraph.open(url) as remote:
        for graph in (embedded, remote):
            report = graph.ingest(demo_paths(), workers=1)
            assert report.ok, report.failures
            assert report.count(Outcome.INGESTED) == len(demo_paths())
        local, served = nquads_dataset(embedded.store), nquads_dataset(remote.store)  # type: ignore[arg-type]
        names = {g.identifier for g in local.graphs() if len(g)}
        assert names == {g.identifier for g in served.graphs() if len(g)}
        # documents, ontology, gazetteer, the links of the news to the demo's list, the
        # real actions and the lifecycles
        assert len(names) == len(demo_paths()) + 5
        for derived in (embedded.minter.corroboration_graph, embedded.minter.actions_graph,
                        embedded.minter.lifecycles_graph):
            assert URIRef(derived) in names
        for name in names:
            assert isinstance(name, URIRef)
            assert isomorphic(local.graph(name), served.graph(name)), name
        assert len(embedded.store) == len(remote.store)
        assert embedded.stats() == remote.stats()


def test_virtuoso_rewritten_literals_come_back_as_written(virtuoso: object) -> None:
    # Virtuoso would store xsd:duration as seconds ("P3M" cannot be recovered from those).
    store = RemoteStore.open(virtuoso.url)  # type: ignore[attr-defined]
    graph = "https://example.org/graphs/durations"
    subject, duration = NamedNode("https://example.org/s"), NamedNode("https://example.org/d")
    quads = [Quad(subject, duration, Literal(value, datatype=NamedNode(XSD + "duration")),
                  NamedNode(graph)) for value in ("P3M", "P90D", "PT36H")]
    store.add_graphs({graph: quads})
    assert store.graph_quads(graph) == set(quads)
    rows = store.query("SELECT ?d WHERE { ?s <https://example.org/d> ?d }")
    found = {(row["d"].value, row["d"].datatype.value) for row in rows}  # type: ignore[union-attr]
    assert found == {("P3M", XSD + "duration"), ("P90D", XSD + "duration"),
                     ("PT36H", XSD + "duration")}
    store.close()


def test_server_graphs_stay_out_of_listings_counts_and_dumps(virtuoso: object) -> None:
    store = RemoteStore.open(virtuoso.url)  # type: ignore[attr-defined]
    server_graphs = virtuoso.graphs()  # type: ignore[attr-defined]
    assert any(VIRTUOSO.is_system_graph(g) for g in server_graphs)
    assert store.named_graphs() == []
    assert len(store) == 0
    assert list(store.union_triples()) == []
    assert list(store.quads()) == []
    store.close()


# ------------------------------------------------------------------ errors


def test_an_unreachable_server_is_named_with_the_reason() -> None:
    url = f"http://127.0.0.1:{_closed_port()}/sparql"
    with pytest.raises(StoreError, match="cannot reach the SPARQL server at") as raised:
        TradeGraph.open(url)
    assert url in str(raised.value)
    assert "refused" in str(raised.value).lower()


def test_a_url_that_is_no_sparql_service_is_named(virtuoso: object) -> None:
    url = virtuoso.root + "/no-such-service"  # type: ignore[attr-defined]
    with pytest.raises(StoreError, match="does not answer queries: HTTP 404") as raised:
        RemoteStore.open(url)
    assert url in str(raised.value)


def test_credentials_in_the_url_are_refused_and_never_shown(virtuoso: object) -> None:
    url = virtuoso.url.replace("http://", "http://dba:s3cret-pw@")  # type: ignore[attr-defined]
    with pytest.raises(StoreError) as raised:
        RemoteStore.open(url)
    message = str(raised.value)
    assert "TRADEGRAPH_STORE_PASSWORD" in message
    assert "s3cret-pw" not in message and "dba:" not in message


def test_a_wrong_password_is_reported_without_showing_it(
        virtuoso: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRADEGRAPH_STORE_PASSWORD", "not-the-password-42")
    with pytest.raises(StoreError) as raised:
        TradeGraph.open(virtuoso.url)  # type: ignore[attr-defined]  # writes reference graphs
    message = str(raised.value)
    assert "401" in message and "TRADEGRAPH_STORE_USER" in message
    assert "not-the-password-42" not in message


def test_writes_without_credentials_fail_per_document(
        virtuoso: object, monkeypatch: pytest.MonkeyPatch, news_dir: Path) -> None:
    with TradeGraph.open(virtuoso.url):  # type: ignore[attr-defined]
        pass  # reference graphs written with the credentials
    monkeypatch.delenv("TRADEGRAPH_STORE_USER")
    monkeypatch.delenv("TRADEGRAPH_STORE_PASSWORD")
    with TradeGraph.open(virtuoso.url) as graph:  # type: ignore[attr-defined]
        report = graph.ingest([news_dir], workers=1)
        assert report.count(Outcome.FAILED) == 3
        assert all("TRADEGRAPH_STORE_USER" in (r.reason or "") for r in report.failures)
        assert graph.documents() == []


def test_a_malformed_query_gets_the_embedded_stores_message(virtuoso: object) -> None:
    store = RemoteStore.open(virtuoso.url, read_only=True)  # type: ignore[attr-defined]
    with pytest.raises(QueryError, match=r"malformed SPARQL query at line 2, column"):
        store.query("SELECT ?s\nWHERE { ?s ?p }")
    store.close()


def test_read_only_remote_store_refuses_writes(virtuoso: object) -> None:
    store = RemoteStore.open(virtuoso.url, read_only=True)  # type: ignore[attr-defined]
    with pytest.raises(StoreError, match="read-only"):
        store.replace_graph("https://example.org/g", [])
    store.close()


@pytest.mark.parametrize(("headers", "message"), [
    ({"X-SPARQL-MaxRows": "10000"}, "cut the result at 10000 rows"),
    ({"X-SQL-State": "S1TAT"}, "partial results"),
])
def test_results_cut_short_with_http_200_are_errors(headers: dict[str, str], message: str
                                                    ) -> None:
    with pytest.raises(TruncatedResultError, match=message):
        VIRTUOSO.check_complete(headers)
    VIRTUOSO.check_complete({"Content-Type": "application/sparql-results+json"})


def test_only_a_rolled_back_write_is_retried() -> None:
    deadlock = "Error 40001\n<xmp>SR172: Transaction deadlocked</xmp>"
    assert VIRTUOSO.should_retry(500, deadlock)
    assert not VIRTUOSO.should_retry(500, "SP030: SPARQL compiler: syntax error")
    assert not VIRTUOSO.should_retry(401, deadlock)


def test_virtuoso_gets_one_write_at_a_time_and_its_own_services(virtuoso: object) -> None:
    store = RemoteStore.open(virtuoso.url)  # type: ignore[attr-defined]
    assert store.dialect is VIRTUOSO and store.dialect.writers == 1
    root = virtuoso.root  # type: ignore[attr-defined]
    assert store.endpoints.update == root + "/sparql-auth"
    assert store.endpoints.graph_store == root + "/sparql-graph-crud-auth"
    store.close()


def test_many_small_graphs_are_listed_quickly(virtuoso: object) -> None:
    # Virtuoso's own enumeration of graphs (behind SELECT DISTINCT ?g) took 2.7 s on this
    # to 60+ s (measured); the GROUP BY listing takes milliseconds.
    store = RemoteStore.open(virtuoso.url)  # type: ignore[attr-defined]
    value = NamedNode("https://example.org/v")
    graphs = {f"https://example.org/g/{n}": [
        Quad(NamedNode(f"https://example.org/s/{n}/{i}"), value, Literal(str(i)),
             NamedNode(f"https://example.org/g/{n}")) for i in range(300)] for n in range(100)}
    store.add_graphs(graphs)
    started = time.perf_counter()
    assert store.named_graphs() == sorted(graphs)
    assert time.perf_counter() - started < 1.5
    assert len(store) == 100 * 300
    store.close()


@pytest.mark.parametrize(("sparql", "form"), [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("PREFIX ex: <http://e/ASK#>\n# CONSTRUCT in a comment\nask { ?s ?p 'SELECT' }", "ASK"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("BASE <http://e/> DESCRIBE <x>", "DESCRIBE"),
])
def test_query_form_looks_past_prologue_strings_and_comments(sparql: str, form: str) -> None:
    assert query_form(sparql) == form


def test_public_url_drops_user_information() -> None:
    assert public_url("https://u:p@host:8890/sparql?x=1#f") == "https://host:8890/sparql"


# ------------------------------------------------------------------ dying mid-ingest


class CuttingProxy:
    """A TCP relay to a server that, once `budget` bytes have gone towards the server, calls
    `on_cut` (e.g. to kill the server) and cuts every connection in the middle of whatever it
    was relaying, then refuses new ones."""

    def __init__(self, target_port: int, on_cut: Callable[[], None] | None = None) -> None:
        self.target_port = target_port
        self.on_cut = on_cut
        self.budget: int | None = None
        self.sent = 0
        self.cut = threading.Event()
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.cut.is_set():
            try:
                client, _ = self._listener.accept()
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                return
            with self._lock:
                self._sockets += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False),
                             daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket, outbound: bool) -> None:
        try:
            while data := source.recv(65536):
                if outbound:
                    with self._lock:
                        room = None if self.budget is None else self.budget - self.sent
                        if room is not None and len(data) >= room:
                            target.sendall(data[:max(room, 0)])
                            self.sent += max(room, 0)
                            self._cut()
                            return
                        self.sent += len(data)
                target.sendall(data)
        except OSError:
            return

    def _cut(self) -> None:
        if self.on_cut is not None:
            self.on_cut()
        self.cut.set()
        self._listener.close()
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


def clean_graphs(folder: Path) -> Graphs:
    with TradeGraph.open(":memory:") as graph:
        report = graph.ingest([folder], workers=1)
        assert report.ok, report.failures
        return document_graphs(graph.store)  # type: ignore[arg-type]


def server_states(url: str, versions: list[Graphs]) -> dict[str, str]:
    """Each document graph's state on the server: "absent", "v1" or "v2" (exactly that
    version's clean graph); fails on any other state, i.e. a half-written graph."""
    store = RemoteStore.open(url, read_only=True)
    found = document_graphs(store)
    store.close()
    states = {}
    for name in sorted(set().union(*versions)):
        if name not in found:
            states[name] = "absent"
            continue
        matches = [n for n, version in enumerate(versions) if version.get(name) == found[name]]
        assert matches, f"{name} is half-written: {len(found[name])} quads"
        states[name] = f"v{matches[-1] + 1}"
    return states


def tally(states: dict[str, str]) -> dict[str, int]:
    return {state: list(states.values()).count(state) for state in ("absent", "v1", "v2")}


@pytest.fixture
def versions(tmp_path: Path, bulletins: Callable[[Path, int, int], list[Path]]
             ) -> tuple[Path, list[Graphs]]:
    """A folder of documents 0-11 in version 1, and the clean graphs of version 1 and 2 of
    documents 0-23 read from that folder (the same files, so version 2 replaces 1; writing
    version 2 of all 24 into the folder makes 0-11 changed and 12-23 new)."""
    folder = tmp_path / "bulletins"
    bulletins(folder, 24, 1)
    v1 = clean_graphs(folder)
    bulletins(folder, 24, 2)
    v2 = clean_graphs(folder)
    for path in sorted(folder.glob("*.txt")):
        path.unlink()
    bulletins(folder, 12, 1)
    return folder, [v1, v2]


@pytest.mark.slow
@pytest.mark.parametrize(("failure", "graphs_before_cut"), [
    ("connection cut", 4.5),   # inside the fifth replacement, one request at a time
    ("server killed", 14.5),   # among the new graphs, written four at a time
])
def test_dying_mid_ingest_leaves_no_half_written_graph(
        virtuoso: object, versions: tuple[Path, list[Graphs]], failure: str,
        graphs_before_cut: float, bulletins: Callable[[Path, int, int], list[Path]]) -> None:
    folder, graphs = versions
    server = virtuoso
    url = server.url  # type: ignore[attr-defined]
    with TradeGraph.open(url) as graph:
        assert graph.ingest([folder], workers=1).ok
    bulletins(folder, 24, 2)
    proxy = CuttingProxy(server.http_port,  # type: ignore[attr-defined]
                         server.kill if failure == "server killed" else None)  # type: ignore[attr-defined]
    proxied = f"http://127.0.0.1:{proxy.port}/sparql"
    body = len(next(iter(graphs[1].values()))) * 130  # about the bytes of one graph's PUT
    with TradeGraph.open(proxied) as graph:
        proxy.budget = proxy.sent + int(body * graphs_before_cut)
        report = graph.ingest([folder], workers=1)
    assert proxy.cut.is_set(), "the proxy should have cut mid-ingest"
    written = [r for r in report.results if r.outcome in (Outcome.REPLACED, Outcome.INGESTED)]
    assert not report.ok and written  # some went before the cut (the count varies with the
    # bytes of the requests before them), and what fails after it fails in whole
    assert all(proxied in (r.reason or "") for r in report.failures), report.failures[0].reason
    if failure == "server killed":
        server.start()  # type: ignore[attr-defined]  # on the same database, as after a crash
    states = server_states(url, graphs)
    for result in report.results:  # what was acknowledged is there, in full
        if result.outcome is not Outcome.FAILED:
            assert states[result.document or ""] == "v2", result
    counts = tally(states)
    assert counts["v1"] + counts["v2"] >= 12 and counts["v2"] >= 24 - len(report.failures)
    # Once the server can be reached again, the same ingest completes the job.
    with TradeGraph.open(url) as graph:
        assert graph.ingest([folder], workers=1).ok
    assert tally(server_states(url, graphs)) == {"absent": 0, "v1": 0, "v2": 24}


def test_http_client_never_sends_credentials_in_the_url(virtuoso: object) -> None:
    store = RemoteStore.open(virtuoso.url)  # type: ignore[attr-defined]
    assert "@" not in store.location
    assert isinstance(store.client.auth, httpx.DigestAuth)
    store.close()
