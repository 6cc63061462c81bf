"""Loaders: turn files into `Document`s, one loader per source kind.

`discover` expands the paths a user gives (files, folders, globs) and `load_file` picks the
loader by extension, or by content for unknown extensions. Each failure is a `LoadError`
that names the file and the reason; one bad file never stops the others.
"""

from __future__ import annotations

import glob
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tradegraph.ingest.errors import LoadError
from tradegraph.ingest.loaders.common import decode_utf8, read_document_bytes
from tradegraph.ingest.loaders.html import load_html
from tradegraph.ingest.loaders.jsondoc import load_json
from tradegraph.ingest.loaders.screening_list import TABLE_SUFFIXES, load_screening_list
from tradegraph.ingest.loaders.text import load_text
from tradegraph.ontology.models import Document

Loader = Callable[[Path], list[Document | LoadError]]

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson"})
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | TABLE_SUFFIXES


@dataclass
class Discovery:
    """The files found for a list of paths, and the paths that found nothing."""

    files: list[Path] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)


def discover(paths: Iterable[str | Path]) -> Discovery:
    """Expand files, folders (recursively, known document extensions only) and globs."""
    found = Discovery()
    seen: set[Path] = set()

    def add(path: Path) -> None:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            found.files.append(path)

    for raw in paths:
        text = str(raw)
        path = Path(text)
        if path.is_dir():
            members = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in KNOWN_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not members:
                found.errors.append(
                    LoadError(text, "folder holds no .txt, .html, .json, .csv or .tsv files"))
            for member in members:
                add(member)
        elif path.exists():
            add(path)
        elif glob.has_magic(text):
            matches = sorted(Path(m) for m in glob.glob(text, recursive=True))  # noqa: PTH207 - absolute patterns too
            files = [m for m in matches if m.is_file()]
            if not files:
                found.errors.append(LoadError(text, "pattern matches no files"))
            for match in files:
                add(match)
        else:
            found.errors.append(LoadError(text, "no such file or directory"))
    return found


def _sniff(path: Path) -> Loader:
    head = decode_utf8(read_document_bytes(path), str(path))[:2048].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return _single(load_html)
    if head.startswith(("{", "[")):
        return load_json
    return _single(load_text)


def _single(loader: Callable[[Path], list[Document]]) -> Loader:
    def wrapped(path: Path) -> list[Document | LoadError]:
        return list(loader(path))

    return wrapped


def loader_for(path: Path) -> Loader:
    """The loader for a file: by extension, else by sniffing its content."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return _single(load_text)
    if suffix in HTML_SUFFIXES:
        return _single(load_html)
    if suffix in JSON_SUFFIXES:
        return load_json
    if suffix in TABLE_SUFFIXES:
        return load_screening_list
    return _sniff(path)


def load_file(path: Path) -> list[Document | LoadError]:
    """Load one file: its documents, and an error for each part that could not be read."""
    try:
        return loader_for(path)(path)
    except LoadError as error:
        return [error]


__all__ = ["Discovery", "LoadError", "discover", "load_file", "loader_for"]
