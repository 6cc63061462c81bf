"""The fetcher's limits: downloads stream and stop at the size limit, local files over it
are refused before they are copied, and only the configured hosts are followed (never
another address on this machine). The servers are ours, on 127.0.0.1, stopped by the test
that started them; no test touches the network."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tradegraph.ingest.fetch_hosts import HostPolicy, RefusedAddressError
from tradegraph.ingest.fetching import FetchError
from tradegraph.ingest.sources.federal_register.fetcher import fetch_federal_register
from tradegraph.ingest.sources.screening_list.fetcher import ListFormat, fetch_screening_list

FIXTURES = Path(__file__).parent / "fixtures"
LIST = (FIXTURES / "screening_lists" / "consolidated.tsv").read_bytes()
RECORD = json.loads((FIXTURES / "federal_register" / "2019-10616.json").read_text("utf-8"))
ENDLESS = 64 * 1024 * 1024
"""What the endless route would send in all: far more than any socket buffer holds."""

Route = Callable[[http.server.BaseHTTPRequestHandler], None]


class Server:
    """An HTTP server on 127.0.0.1 answering from `routes` (path -> handler), counting the
    requests it got and, for a streamed answer, the bytes it managed to send."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        self.sent = 0
        self.finished = threading.Event()
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.requests.append(self.path)
                route = owner.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                else:
                    route(self)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


@pytest.fixture
def serve() -> Iterator[Callable[[], Server]]:
    """Start servers on 127.0.0.1; every one is stopped after the test."""
    started: list[Server] = []

    def start() -> Server:
        started.append(Server())
        return started[-1]

    yield start
    for server in started:
        server.stop()


def body(data: bytes, content_type: str = "text/plain") -> Route:
    def answer(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
    return answer


def redirect(location: str) -> Route:
    def answer(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
    return answer


def endless(server: Server) -> Route:
    """A body with no declared length that goes on far past any limit."""
    def answer(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.protocol_version = "HTTP/1.0"  # the end of the body is the end of the socket
        handler.send_response(200)
        handler.send_header("Content-Type", "text/csv")
        handler.end_headers()
        chunk = b"source,name\n" * 5000
        try:
            while server.sent < ENDLESS:
                handler.wfile.write(chunk)
                server.sent += len(chunk)
        except OSError:
            pass  # the client hung up, as it should
        finally:
            server.finished.set()
    return answer


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_download_over_the_limit_stops_reading_and_leaves_no_file(
        serve: Callable[[], Server], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server = serve()
    server.routes["/csl/consolidated.csv"] = endless(server)
    monkeypatch.setenv("TRADEGRAPH_CSL_URL", f"{server.base}/csl/")
    monkeypatch.setenv("TRADEGRAPH_MAX_LIST_BYTES", "100000")
    with pytest.raises(FetchError) as refused:
        fetch_screening_list(ListFormat.CSV, tmp_path / "dl")
    message = str(refused.value)
    assert f"{server.base}/csl/consolidated.csv" in message
    assert "97.7 KiB limit" in message and "TRADEGRAPH_MAX_LIST_BYTES" in message
    assert leftovers(tmp_path / "dl") == []
    assert server.finished.wait(30)
    assert server.sent < ENDLESS // 4  # the client stopped reading; the server was cut off


def test_a_declared_length_over_the_limit_is_refused_unread(
        serve: Callable[[], Server], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server = serve()
    server.routes["/csl/consolidated.tsv"] = body(LIST)
    monkeypatch.setenv("TRADEGRAPH_CSL_URL", f"{server.base}/csl/")
    monkeypatch.setenv("TRADEGRAPH_MAX_LIST_BYTES", str(len(LIST) - 1))
    with pytest.raises(FetchError, match=r"over the .* limit .*declares"):
        fetch_screening_list(ListFormat.TSV, tmp_path / "dl")
    assert leftovers(tmp_path / "dl") == []
    monkeypatch.setenv("TRADEGRAPH_MAX_LIST_BYTES", str(len(LIST)))  # exactly at the limit
    saved = fetch_screening_list(ListFormat.TSV, tmp_path / "dl")
    assert saved.read_bytes() == LIST and leftovers(tmp_path / "dl") == ["consolidated.tsv"]


def test_local_files_over_the_limit_are_refused_before_they_are_copied(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    local = tmp_path / "mine.tsv"
    local.write_bytes(LIST)
    monkeypatch.setenv("TRADEGRAPH_MAX_LIST_BYTES", "100")
    with pytest.raises(FetchError, match=r"mine\.tsv: file is .* over the 100 bytes limit"):
        fetch_screening_list(ListFormat.TSV, tmp_path / "dl", local)
    rule = tmp_path / "rule.json"
    rule.write_text(json.dumps(RECORD), "utf-8")
    monkeypatch.setenv("TRADEGRAPH_MAX_DOCUMENT_BYTES", "100")
    fetched = fetch_federal_register([], tmp_path / "dl", [rule])
    assert not fetched.paths and "rule.json: file is" in fetched.failures[0]
    assert "TRADEGRAPH_MAX_DOCUMENT_BYTES" in fetched.failures[0]
    assert leftovers(tmp_path / "dl") == []


def test_a_redirect_on_the_same_mirror_is_followed(
        serve: Callable[[], Server], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server = serve()
    server.routes["/old/consolidated.tsv"] = redirect("/csl/consolidated.tsv")
    server.routes["/csl/consolidated.tsv"] = body(LIST)
    monkeypatch.setenv("TRADEGRAPH_CSL_URL", f"{server.base}/old/")
    saved = fetch_screening_list(ListFormat.TSV, tmp_path / "dl")
    assert saved.read_bytes() == LIST
    assert server.requests == ["/old/consolidated.tsv", "/csl/consolidated.tsv"]


def test_a_redirect_to_another_port_on_this_machine_is_refused(
        serve: Callable[[], Server], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mirror, other = serve(), serve()
    other.routes["/csl/consolidated.tsv"] = body(LIST)
    mirror.routes["/csl/consolidated.tsv"] = redirect(f"{other.base}/csl/consolidated.tsv")
    monkeypatch.setenv("TRADEGRAPH_CSL_URL", f"{mirror.base}/csl/")
    with pytest.raises(FetchError) as refused:
        fetch_screening_list(ListFormat.TSV, tmp_path / "dl")
    message = str(refused.value)
    assert f"refused the redirect from {mirror.base}/csl/consolidated.tsv" in message
    assert f"{other.base}/csl/consolidated.tsv" in message
    assert "TRADEGRAPH_FETCH_ALLOW_PRIVATE=1" in message
    assert other.requests == [] and leftovers(tmp_path / "dl") == []
    monkeypatch.setenv("TRADEGRAPH_FETCH_ALLOW_PRIVATE", "1")  # the user's explicit opt-in
    assert fetch_screening_list(ListFormat.TSV, tmp_path / "dl").read_bytes() == LIST
    assert other.requests == ["/csl/consolidated.tsv"]


def test_a_redirect_to_a_host_not_configured_is_refused(
        serve: Callable[[], Server], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mirror = serve()
    mirror.routes["/csl/consolidated.tsv"] = redirect("https://lists.example.net/c.tsv")
    monkeypatch.setenv("TRADEGRAPH_CSL_URL", f"{mirror.base}/csl/")
    with pytest.raises(FetchError, match=r"lists\.example\.net is not one of the hosts"):
        fetch_screening_list(ListFormat.TSV, tmp_path / "dl")
    assert leftovers(tmp_path / "dl") == []


def test_endless_redirects_stop(
        serve: Callable[[], Server], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mirror = serve()
    mirror.routes["/csl/consolidated.tsv"] = redirect("/csl/consolidated.tsv")
    monkeypatch.setenv("TRADEGRAPH_CSL_URL", f"{mirror.base}/csl/")
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch_screening_list(ListFormat.TSV, tmp_path / "dl")
    assert len(mirror.requests) == 6


@pytest.mark.parametrize("where", ["other-port", "elsewhere"])
def test_a_raw_text_url_off_the_configured_hosts_is_refused(
        serve: Callable[[], Server], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        where: str) -> None:
    api, other = serve(), serve()
    other.routes["/text.txt"] = body(b"The text an attacker would have us read.")
    raw = f"{other.base}/text.txt" if where == "other-port" else "https://text.example.net/t"
    record = {**RECORD, "raw_text_url": raw}
    api.routes["/api/documents/2019-10616.json"] = body(json.dumps(record).encode(),
                                                        "application/json")
    monkeypatch.setenv("TRADEGRAPH_FR_API", f"{api.base}/api/")
    fetched = fetch_federal_register(["2019-10616"], tmp_path / "dl")
    [warning] = fetched.warnings
    assert "saved without its full text: refused" in warning and raw in warning
    reason = "private network" if where == "other-port" else "not one of the hosts"
    assert reason in warning
    assert other.requests == []
    saved = json.loads(fetched.paths[0].read_text("utf-8"))
    assert "full_text" not in saved


@pytest.mark.parametrize("address", [
    "http://localhost/x", "http://127.0.0.1/x", "http://[::1]/x", "http://10.1.2.3/x",
    "http://172.16.0.9/x", "http://192.168.1.1/x", "http://169.254.169.254/latest/",
    "http://[::ffff:127.0.0.1]/x", "http://0.0.0.0/x",
])
def test_addresses_on_this_machine_or_a_private_network_are_refused_by_default(
        monkeypatch: pytest.MonkeyPatch, address: str) -> None:
    monkeypatch.setenv("TRADEGRAPH_FETCH_HOSTS",
                       "localhost,127.0.0.1,::1,10.1.2.3,172.16.0.9,192.168.1.1,"
                       "169.254.169.254,::ffff:127.0.0.1,0.0.0.0")
    policy = HostPolicy.for_source(["www.federalregister.gov"], None)
    with pytest.raises(RefusedAddressError, match="private network"):
        policy.check(address)
    monkeypatch.setenv("TRADEGRAPH_FETCH_ALLOW_PRIVATE", "1")
    HostPolicy.for_source(["www.federalregister.gov"], None).check(address)


def test_the_configured_address_is_trusted_at_its_own_origin_only() -> None:
    policy = HostPolicy.for_source(["www.federalregister.gov"], "http://127.0.0.1:8123/api/")
    policy.check("http://127.0.0.1:8123/api/documents/x.json")
    for refused in ("http://127.0.0.1:8124/api/", "https://127.0.0.1:8123/api/"):
        with pytest.raises(RefusedAddressError, match="private network"):
            policy.check(refused)
    for refused in ("file:///etc/passwd", "ftp://www.federalregister.gov/x"):
        with pytest.raises(RefusedAddressError, match="not an http"):
            policy.check(refused)


def test_a_host_the_user_names_is_followed_when_it_is_public(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRADEGRAPH_FETCH_HOSTS", " Mirror.Example.org ,8.8.8.8")
    policy = HostPolicy.for_source(["www.federalregister.gov"], None)
    assert {"mirror.example.org", "8.8.8.8", "www.federalregister.gov"} <= policy.hosts
    policy.check("https://8.8.8.8/x")  # a public address: checked, never opened here
    with pytest.raises(RefusedAddressError, match="not one of the hosts"):
        policy.check("https://8.8.4.4/x")
