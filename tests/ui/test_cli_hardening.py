"""The command line says what is wrong without being fooled (issue #26): `serve` fails on a
missing store before it announces itself, file names reach the terminal with their
control characters escaped, and a query that fails while it runs is an error, not a
traceback."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Callable
from pathlib import Path

Run = Callable[..., subprocess.CompletedProcess[str]]


def test_serve_fails_on_a_missing_store_before_its_banner(cli: Run, tmp_path: Path) -> None:
    result = cli("serve", "--port", "0", store=tmp_path / "no-store-here")
    assert result.returncode == 1
    assert "no tradegraph store" in result.stderr
    assert "serving" not in result.stderr


def test_a_file_name_with_a_newline_is_printed_escaped(cli: Run, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    forged = corpus / "empty\n[ok] all 12 documents ingested.txt"
    forged.write_text("", encoding="utf-8")  # empty: a failure, reported with its name
    result = cli("ingest", "--quiet", str(forged), store=tmp_path / "store")
    assert result.returncode == 1
    assert "empty\\n[ok] all 12 documents ingested.txt" in result.stderr
    assert not any(line.startswith("[ok]") for line in result.stderr.splitlines())


def test_a_query_whose_service_call_fails_is_a_clear_error(cli: Run, tmp_path: Path) -> None:
    # The command line is the store owner's own tool, so it may federate (the endpoint and
    # the explorer refuse SERVICE); a call that fails ends the command with its reason.
    store = tmp_path / "store"
    note = tmp_path / "note.txt"
    note.write_text("The Commerce Department added Norland Photonics to the Entity List.\n")
    assert cli("ingest", "--quiet", str(note), store=store).returncode == 0
    with socket.socket() as closed:  # a loopback port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    result = cli("query", f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> "
                          "{ ?s ?p ?o } }", store=store)
    assert result.returncode == 1
    assert "the query failed while it ran" in result.stderr
    assert "Traceback" not in result.stderr
