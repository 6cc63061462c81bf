"""The command line says what is wrong without being fooled (issue #26): `serve` fails on a
missing store before it announces itself, and file names reach the terminal with their
control characters escaped."""

from __future__ import annotations

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
