"""Loading: files into `Document`s, through the loader of each source kind.

`discover` expands the paths a user gives (files, folders, globs) and `load_file` picks the
kind by extension (`Source.suffixes`; where kinds share one, such as `.csv`, by the file's
first line: `Source.refusal`), or by content: a `.json` file is parsed once and offered to
each registered kind in turn (`Source.recognise`); a file of unknown extension is sniffed
(HTML, JSON, else text). Each failure is a `LoadError` that names the file and
the reason; one bad file never stops the others.
"""

from __future__ import annotations

import glob
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tradegraph.ingest.errors import LoadError
from tradegraph.ingest.reading import (
    decode_utf8,
    human_size,
    key_from_name,
    read_document_bytes,
    regular_file_size,
)
from tradegraph.ingest.sources import Source, sources
from tradegraph.ingest.sources.news.html import load_html
from tradegraph.ingest.sources.news.jsondoc import parse_json
from tradegraph.ingest.sources.news.text import load_text
from tradegraph.ontology.models import Document

Loader = Callable[[Path], list[Document | LoadError]]

JSON_SUFFIX = ".json"


def known_suffixes() -> frozenset[str]:
    """Every extension some registered kind reads, and `.json`."""
    return frozenset({JSON_SUFFIX}).union(*(source.suffixes for source in sources()))


@dataclass
class Discovery:
    """The files found for a list of paths, and the paths that found nothing."""

    files: list[Path] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)


def discover(paths: Iterable[str | Path]) -> Discovery:
    """Expand files, folders (recursively, known document extensions only) and globs."""
    found = Discovery()
    seen: set[Path] = set()
    suffixes = known_suffixes()

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
                if p.is_file() and p.suffix.lower() in suffixes
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


def load_json(path: Path) -> list[Document | LoadError]:
    """Load a `.json` file: parsed once, then read by the first kind that recognises it."""
    source = str(path)
    # a screening list may be larger than a news document may be: read up to the largest
    # limit, and hold the file to its own kind's limit once that is known
    data = read_document_bytes(path, max(s.max_bytes() for s in sources()))
    value = parse_json(decode_utf8(data, source), source)
    key = key_from_name(path.name)
    for kind in sources():
        documents = kind.recognise(value, source, key)
        if documents is None:
            continue
        if len(data) > kind.max_bytes():
            raise LoadError(source, f"file is {human_size(len(data))}, over the "
                                    f"{human_size(kind.max_bytes())} limit")
        return documents
    raise LoadError(source, "JSON of no kind tradegraph reads")


def _sniff(path: Path) -> Loader:
    """A file of unknown extension: JSON, HTML, or else plain text (both prose)."""
    head = decode_utf8(read_document_bytes(path), str(path))[:2048].lstrip().lower()
    if head.startswith(("{", "[")):
        return load_json
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return lambda _: list(load_html(path))
    return lambda _: list(load_text(path))


_HEAD_BYTES = 64 * 1024


def _first_line(path: Path) -> str | None:
    """The first line of a file, None if it has none that reads as UTF-8 (the kind's
    own loader then says what is wrong with the file)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return None
    line = head.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        return line.decode("utf-8-sig") if line.strip() else None
    except UnicodeDecodeError:
        return None


def _kind_for_file(path: Path, suffix: str) -> Source:
    """The kind that reads a file: the one kind with its extension, else the first of those
    that does not refuse its first line (LoadError with every kind's reason if all do)."""
    candidates = [source for source in sources() if suffix in source.suffixes]
    if not candidates:
        raise LookupError(suffix)
    if len(candidates) == 1:
        return candidates[0]
    header = _first_line(path)
    if header is None:
        return candidates[0]
    reasons = []
    for candidate in candidates:
        reason = candidate.refusal(header)
        if reason is None:
            return candidate
        reasons.append(reason)
    raise LoadError(str(path), f"a {suffix} file of no kind tradegraph reads: "
                               + "; ".join(reasons))


def loader_for(path: Path) -> Loader:
    """The loader for a file: by extension, else by sniffing its content."""
    suffix = path.suffix.lower()
    if suffix == JSON_SUFFIX:
        return load_json
    try:
        return _kind_for_file(path, suffix).load
    except LookupError:
        return _sniff(path)


def load_file(path: Path) -> list[Document | LoadError]:
    """Load one file: its documents, and an error for each part that could not be read.
    Nothing opens it unless it is a regular file (a named pipe would wait for a writer)."""
    try:
        regular_file_size(path)
        return loader_for(path)(path)
    except LoadError as error:
        return [error]


__all__ = ["Discovery", "LoadError", "discover", "known_suffixes", "load_file", "loader_for"]
