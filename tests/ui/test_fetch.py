"""`tradegraph fetch`: the legal record from its official addresses (here a mirror we serve
on 127.0.0.1 from our own fixtures; the tests never use the network) or from local files."""

from __future__ import annotations

import functools
import http.server
import json
import socket
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parents[1] / "ingest" / "fixtures"
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def mirror(tmp_path: Path) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 with the files the official addresses serve: the CSL
    download and the Federal Register API's document JSON and its raw text. Stopped after
    the test."""
    root = tmp_path / "mirror"
    (root / "csl").mkdir(parents=True)
    (root / "csl" / "consolidated.tsv").write_bytes(
        (FIXTURES / "screening_lists" / "consolidated.tsv").read_bytes())
    (root / "api" / "documents").mkdir(parents=True)
    (root / "text").mkdir()
    record = json.loads((FIXTURES / "federal_register" / "2019-10616.json").read_text("utf-8"))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    record["raw_text_url"] = f"{base}/text/2019-10616.txt"
    (root / "api" / "documents" / "2019-10616.json").write_text(json.dumps(record), "utf-8")
    (root / "text" / "2019-10616.txt").write_text(
        "The Bureau of Industry and Security amends the Export Administration Regulations by "
        "adding Huawei Technologies Co., Ltd. to the Entity List.", "utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_fetch_downloads_the_list_and_ingests_it(cli: Run, mirror: str, tmp_path: Path) -> None:
    env = {"TRADEGRAPH_CSL_URL": f"{mirror}/csl/"}
    result = cli("fetch", "screening-list", "--format", "tsv", "--to", str(tmp_path / "dl"),
                 store=tmp_path / "store", extra_env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "dl" / "consolidated.tsv").exists()
    assert "1 ingested" in result.stdout
    rows = cli("query", "--format", "csv",
               "SELECT ?c WHERE { ?a a tg:EntityListAddition ; tg:citation ?c } ORDER BY ?c",
               store=tmp_path / "store")
    assert rows.stdout.splitlines() == ["c", "84 FR 22961", "84 FR 54002"]


def test_fetch_downloads_a_rule_with_its_full_text(cli: Run, mirror: str, tmp_path: Path) -> None:
    env = {"TRADEGRAPH_FR_API": f"{mirror}/api/"}
    result = cli("fetch", "federal-register", "2019-10616", "--to", str(tmp_path / "dl"),
                 store=tmp_path / "store", extra_env=env)
    assert result.returncode == 0, result.stderr
    saved = json.loads((tmp_path / "dl" / "fr-2019-10616.json").read_text("utf-8"))
    assert saved["full_text"].startswith("The Bureau of Industry and Security amends")
    text = cli("query", "--format", "csv", "SELECT ?t WHERE { ?d a tg:LegalRecord ; tg:text ?t }",
               store=tmp_path / "store")
    assert "amends the Export Administration Regulations" in text.stdout


def test_fetch_takes_local_files_when_offline(cli: Run, tmp_path: Path) -> None:
    local = FIXTURES / "federal_register" / "2019-10616.json"
    result = cli("fetch", "federal-register", "--from", str(local), "--to", str(tmp_path / "dl"),
                 store=tmp_path / "store")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "dl" / "2019-10616.json").read_bytes() == local.read_bytes()
    listing = cli("fetch", "screening-list", "--from",
                  str(FIXTURES / "screening_lists" / "consolidated.json"),
                  "--to", str(tmp_path / "dl"), store=tmp_path / "store")
    assert listing.returncode == 0, listing.stderr
    assert "line 6: a record must be a JSON object" in listing.stderr


def test_an_unreachable_address_is_named_and_nothing_is_stored(
        cli: Run, tmp_path: Path) -> None:
    with socket.socket() as probe:  # a loopback port with nothing listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {"TRADEGRAPH_FR_API": f"http://127.0.0.1:{port}/api/"}
    result = cli("fetch", "federal-register", "2019-10616", "--to", str(tmp_path / "dl"),
                 store=tmp_path / "store", extra_env=env)
    assert result.returncode == 1
    stderr = result.stderr
    assert f"127.0.0.1:{port}/api/documents/2019-10616.json" in stderr and "--from" in stderr
    assert not (tmp_path / "store").exists() and not (tmp_path / "dl").exists()


def test_a_missing_document_and_a_missing_local_file_are_errors(
        cli: Run, mirror: str, tmp_path: Path) -> None:
    env = {"TRADEGRAPH_FR_API": f"{mirror}/api/"}
    missing = cli("fetch", "federal-register", "2099-00001", store=tmp_path / "store",
                  extra_env=env)
    assert missing.returncode == 1 and "404" in missing.stderr
    local = cli("fetch", "screening-list", "--from", str(tmp_path / "nope.csv"),
                store=tmp_path / "store")
    assert local.returncode == 1 and "nope.csv: no such file" in local.stderr
    nothing = cli("fetch", "federal-register", store=tmp_path / "store")
    assert nothing.returncode == 2 and "document number" in nothing.stderr


def _serve_rule(mirror_root: Path, base: str, number: str, title: str,
                text_file: str | None) -> None:
    """Put one more API document into the running mirror (our own wording)."""
    record = json.loads((FIXTURES / "federal_register" / "2019-10616.json").read_text("utf-8"))
    record.update(document_number=number, title=title, citation="84 FR 43493",
                  html_url=f"https://www.federalregister.gov/d/{number}")
    record["raw_text_url"] = f"{base}/text/{text_file}" if text_file else None
    (mirror_root / "api" / "documents" / f"{number}.json").write_text(json.dumps(record),
                                                                       "utf-8")


def test_one_missing_document_is_reported_and_the_others_are_stored(
        cli: Run, mirror: str, tmp_path: Path) -> None:
    env = {"TRADEGRAPH_FR_API": f"{mirror}/api/"}
    result = cli("fetch", "federal-register", "2099-00001", "2019-10616", "../etc",
                 store=tmp_path / "store", extra_env=env)
    assert result.returncode == 1
    assert f"{mirror}/api/documents/2099-00001.json: the server answered 404" in result.stderr
    assert "'../etc' is not a Federal Register document number" in result.stderr
    assert "1 ingested" in result.stdout
    # without --to, the files are kept in downloads/ beside the store
    assert sorted(p.name for p in (tmp_path / "downloads").iterdir()) == ["fr-2019-10616.json"]


def test_a_body_that_cannot_be_had_leaves_the_title_and_abstract(
        cli: Run, mirror: str, tmp_path: Path) -> None:
    _serve_rule(tmp_path / "mirror", mirror, "2019-17921",
                "Addition of Certain Entities to the Entity List", "missing.txt")
    env = {"TRADEGRAPH_FR_API": f"{mirror}/api/"}
    result = cli("fetch", "federal-register", "2019-17921", "--to", str(tmp_path / "dl"),
                 store=tmp_path / "store", extra_env=env)
    assert result.returncode == 0, result.stderr
    assert "saved without its full text" in result.stderr and "missing.txt" in result.stderr
    saved = json.loads((tmp_path / "dl" / "fr-2019-17921.json").read_text("utf-8"))
    assert "full_text" not in saved and "1 ingested" in result.stdout


def test_a_body_wrapped_in_html_is_stored_as_its_text(
        cli: Run, mirror: str, tmp_path: Path) -> None:
    (tmp_path / "mirror" / "text" / "wrapped.txt").write_text(
        "<html><body><pre>SUMMARY: The Bureau adds entities &amp; revises one entry."
        "</pre></body></html>", "utf-8")
    _serve_rule(tmp_path / "mirror", mirror, "2019-17921",
                "Addition of Certain Entities to the Entity List", "wrapped.txt")
    env = {"TRADEGRAPH_FR_API": f"{mirror}/api/"}
    result = cli("fetch", "federal-register", "2019-17921", "--to", str(tmp_path / "dl"),
                 store=tmp_path / "store", extra_env=env)
    assert result.returncode == 0, result.stderr
    saved = json.loads((tmp_path / "dl" / "fr-2019-17921.json").read_text("utf-8"))
    assert saved["full_text"] == "SUMMARY: The Bureau adds entities & revises one entry."


def test_a_missing_local_file_among_several_is_reported(cli: Run, tmp_path: Path) -> None:
    local = FIXTURES / "federal_register" / "2019-10616.json"
    result = cli("fetch", "federal-register", "--from", str(tmp_path / "gone.json"),
                 "--from", str(local), "--to", str(tmp_path / "dl"), store=tmp_path / "store")
    assert result.returncode == 1
    assert "gone.json: no such file" in result.stderr and "1 ingested" in result.stdout


def test_a_local_file_over_the_limit_is_refused_and_not_copied(
        cli: Run, tmp_path: Path) -> None:
    local = FIXTURES / "screening_lists" / "consolidated.csv"
    result = cli("fetch", "screening-list", "--from", str(local), "--to", str(tmp_path / "dl"),
                 store=tmp_path / "store", extra_env={"TRADEGRAPH_MAX_LIST_BYTES": "200"})
    assert result.returncode == 1
    assert "consolidated.csv: file is" in result.stderr and "200 bytes limit" in result.stderr
    assert not (tmp_path / "dl").exists() and not (tmp_path / "store").exists()
