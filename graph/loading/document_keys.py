"""Document keys: which source a loaded document came from, and which stored document, if
any, it is a version of.

A document's key (and so its IRI, `…/id/doc/<key>`) comes from its name (a file's stem, an
`id` field, a Federal Register number). Names clash: `x.json` and `x.csv`, or `notes.txt`
in two folders. So every stored document also records its **source key** (`tg:sourceKey`):

- `file:` and a digest of the file's absolute path (not the path itself, which the endpoint
  would publish), then `#` and the document's key within the file;
- `federal-register:` and the document's key (its number: the same rule from any file);
- `url:` and the URL, for a document whose source is a web address;
- `content:` and the content hash, for text with no file of its own (`ingest_documents`).

A loaded document is placed by these rules, in order:

1. its source key is stored: it is that document's next version (replaced if its content
   changed, skipped if not);
2. its name is free: it is stored under it;
3. the document under its name has the same content: nothing to write (a copy, or the
   same file moved; a document stored before sources were recorded gets this source);
4. the document under its name was stored before sources were recorded (an older
   tradegraph) and its content differs: refused, naming both, unless `force` says it is
   this file's earlier version;
5. otherwise a different source holds the name: the document gets a key of its own, the
   name and eight hex digits of its source key's digest (`x-1a2b3c4d`), reported in a note.

The same source twice in one run (a JSON Lines file with a repeated `id`) fails the second.
"""

from __future__ import annotations

import glob
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pyoxigraph import Literal, NamedNode, Quad

from tradegraph.graph.store.protocol import DocumentState
from tradegraph.ontology.errors import TradegraphError
from tradegraph.ontology.iris import IriMinter, slugify
from tradegraph.ontology.links import safe_http_url
from tradegraph.ontology.models import KEY_PATTERN, Document
from tradegraph.ontology.terms import TG

MAX_KEY_LENGTH = 200
"""As the `Key` type allows."""
LEGACY = "an earlier tradegraph, which did not record where documents come from"


def _digest(text: str, length: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def file_prefix(path: Path) -> str:
    """The start of the source key of every document read from this file."""
    return f"file:{_digest(str(path.resolve()), 32)}#"


def source_key(document: Document, path: Path | None = None) -> str:
    """The key of the source a document was read from (`path`: the file, if any)."""
    if document.structured == "federal-register":
        return f"federal-register:{document.key}"
    if path is not None:
        return file_prefix(path) + document.key
    if safe_http_url(document.source):
        return f"url:{document.source}#{document.key}"
    candidate = Path(document.source) if document.source else None
    if candidate is not None and candidate.is_file():
        return file_prefix(candidate) + document.key
    return "content:" + document.content_hash.removeprefix("sha256:")


def ingest_roots(paths: Iterable[str | Path]) -> list[Path]:
    """The folder each path given to `ingest` names files relative to: a folder itself, a
    file's folder, a pattern's fixed leading folders."""
    roots = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            roots.append(path.resolve())
        elif path.exists():
            roots.append(path.resolve().parent)
        elif glob.has_magic(str(raw)):
            fixed = []
            for part in path.parts:
                if glob.has_magic(part):
                    break
                fixed.append(part)
            roots.append(Path(*fixed).resolve() if fixed else Path.cwd())
    return roots


def relative_path(path: Path, roots: Iterable[Path]) -> str:
    """The file's path relative to the first root that holds it (else its name)."""
    resolved = path.resolve()
    for root in roots:
        if resolved.is_relative_to(root):
            return resolved.relative_to(root).as_posix()
    return path.name


def with_source(document: Document, path: Path | None = None,
                roots: Iterable[Path] = ()) -> Document:
    """The document with its source key and path set (kept if already set, as for a
    document rebuilt from the store)."""
    if document.source_key:
        return document
    return document.model_copy(update={
        "source_key": source_key(document, path),
        "source_path": relative_path(path, roots) if path is not None else None})


def distinct_key(key: str, source: str) -> str:
    """A key of its own for a document whose name another source holds."""
    suffix = _digest(source, 8)
    return f"{key[:MAX_KEY_LENGTH - len(suffix) - 1].rstrip('-')}-{suffix}"


def _rekeyed(document: Document, key: str) -> Document:
    return document if document.key == key else document.model_copy(update={"key": key})


@dataclass
class Placement:
    """Where a loaded document goes."""

    document: Document
    """As it will be stored: its final key and its source key."""
    iri: str
    state: DocumentState | None = None
    """The stored version it is (None: a new document)."""
    record_source: bool = False
    """The stored version is unchanged but was stored before sources were recorded."""
    same_as: str | None = None
    """Why there is nothing to write: the same content is stored (or on its way) from
    another source."""
    notes: list[str] = field(default_factory=list)


class SourceClashError(TradegraphError):
    """A document that cannot be placed without losing another; the message names both."""


class Placer:
    """Places the documents of one ingest run (see the module for the rules)."""

    def __init__(self, states: dict[str, DocumentState], minter: IriMinter, *,
                 force: bool = False) -> None:
        self.states = states
        self.minter = minter
        self.force = force
        self._stored = {state.source_key: state.iri for state in states.values()
                        if state.source_key}
        self._run_sources: dict[str, str] = {}
        """Source key -> the input that brought it, in this run."""
        self._run_iris: dict[str, Document] = {}
        """IRI -> the document placed there in this run."""

    def place(self, document: Document) -> Placement:
        """The placement of a document (with its source key set); SourceClashError if none."""
        own = document.source_key
        if own in self._run_sources:
            raise SourceClashError(f"the same document (key {document.key!r}) as "
                                   f"{self._run_sources[own]} in this run; give each an id")
        name = document.key
        stored = self._stored.get(own) if own else None
        if stored is not None:
            document = _rekeyed(document, stored.removeprefix(self.minter.document("")))
        iri = stored or self.minter.document(name)
        state, rival = self.states.get(iri), self._run_iris.get(iri)
        if own is None or (rival is None and (stored is not None or state is None)):
            # its own document, a free name, or a document rebuilt from a graph stored
            # before sources were recorded
            return self._take(document, iri, state)
        if rival is not None:
            if rival.content_hash == document.content_hash:
                return Placement(document, iri, state,
                                 same_as=f"the same content as {rival.source}, in this run")
            return self._distinct(document, name, iri, rival.source)
        assert state is not None
        return self._against(document, name, iri, state)

    def _against(self, document: Document, name: str, iri: str, state: DocumentState
                 ) -> Placement:
        """Placed against the stored document that holds its name, from another source
        (or one not recorded)."""
        held = state.source_path or iri
        if state.content_hash == document.content_hash:
            if state.source_key is None:  # stored by an older tradegraph: now it is known
                return self._take(document, iri, state)
            return Placement(document, iri, state,
                             same_as=f"the same content as {held}, stored as {iri}")
        if state.source_key is not None:
            return self._distinct(document, name, iri, held if held != document.source_path
                                  else f"another file named {held}")
        if not self.force:
            raise SourceClashError(
                f"the store holds {iri}, stored by {LEGACY}, with other content: if it is an "
                "earlier version of this file, ingest again with --force to replace it; if "
                "it is another document, rename this file (or remove that document first)")
        placement = self._take(document, iri, state)
        placement.notes.append(f"replaced {iri}, stored by {LEGACY} (--force)")
        return placement

    def _distinct(self, document: Document, name: str, iri: str, holder: str) -> Placement:
        key = distinct_key(name, document.source_key or "")
        own_iri = self.minter.document(key)
        if own_iri in self.states or own_iri in self._run_iris:
            raise SourceClashError(f"both {iri} and {own_iri} belong to other sources "
                                   f"({holder}); rename this file")
        placement = self._take(_rekeyed(document, key), own_iri, None)
        placement.notes.append(f"the name {name!r} belongs to another source ({holder}): "
                               f"stored as {own_iri}")
        return placement

    def _take(self, document: Document, iri: str, state: DocumentState | None) -> Placement:
        if document.source_key:
            self._run_sources[document.source_key] = document.source
        self._run_iris[iri] = document
        record = state is not None and state.source_key is None and (
            state.content_hash == document.content_hash)
        return Placement(document, iri, state, record)


def matching_documents(identifier: str, states: dict[str, DocumentState],
                       minter: IriMinter) -> list[str]:
    """The stored documents an identifier names: an IRI, a document key, the path of the
    file they were read from, or a file name (or the end of its path) as ingested."""
    if identifier.startswith(("http://", "https://")):
        return [identifier] if identifier in states else []
    if re.fullmatch(KEY_PATTERN, identifier) and minter.document(identifier) in states:
        return [minter.document(identifier)]
    path = Path(identifier)
    if path.is_file():
        prefix = file_prefix(path)
        found = [s.iri for s in states.values() if (s.source_key or "").startswith(prefix)]
        if found:
            return sorted(found)
    given = PurePosixPath(path.as_posix()).parts
    legacy = minter.document(slugify(path.stem if path.suffix else path.name))

    def names(state: DocumentState) -> bool:
        if state.source_path is None:
            return state.source_key is None and state.iri == legacy
        stored = PurePosixPath(state.source_path).parts
        shorter = min(len(given), len(stored))
        return given[-shorter:] == stored[-shorter:]

    return sorted(state.iri for state in states.values() if names(state))


def source_quads(iri: str, document: Document) -> list[Quad]:
    """The statements that record a document's source on its stored graph."""
    subject = NamedNode(iri)
    return [Quad(subject, NamedNode(str(term)), Literal(value), subject)
            for term, value in ((TG.sourceKey, document.source_key),
                                (TG.sourcePath, document.source_path)) if value]
