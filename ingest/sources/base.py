"""What every source kind offers: the `Source` protocol and the extractor it builds.

A source kind is one folder under `ingest/sources/` (its recogniser, loader, extractor,
lexicon and, where it can be downloaded, its fetcher) and one line in `registry.py`.
Structured kinds (a screening list's rows, a Federal Register API record) mark their
documents with `Document.structured = kind`; prose is the `news` kind, read by the prose
engine (`NewsPipeline`) alone.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from tradegraph.ingest.errors import LoadError
from tradegraph.ontology.models import Document, Extraction

if TYPE_CHECKING:  # the prose engine loads spaCy: imported where it is built
    from tradegraph.ingest.pipeline import NewsPipeline


class DocumentExtractor(Protocol):
    """Reads the facts of one kind of document."""

    name: str
    """The source kind it reads (for structured kinds, the value of `Document.structured`)."""
    version: str
    """Changes whenever the extractor's output changes, so documents are extracted again."""

    def extract(self, document: Document) -> Extraction:
        """The facts of `document`."""
        ...


class Source(Protocol):
    """One kind of source: how its files are recognised and loaded, and how its documents
    are read."""

    kind: str
    """Its name; the value of `Document.structured` of its documents when `structured`."""
    structured: bool
    """Whether its facts are fields of records rather than sentences."""
    suffixes: frozenset[str]
    """File extensions (lower case, with the dot) whose files are of this kind."""

    def max_bytes(self) -> int:
        """Largest file of this kind accepted."""
        ...

    def load(self, path: Path) -> list[Document | LoadError]:
        """The documents of a file with one of `suffixes` (LoadError if it is unreadable)."""
        ...

    def refusal(self, header: str) -> str | None:
        """Why a file with one of `suffixes` whose first line is `header` is not of this
        kind; None if it may be. Kinds that share an extension (`.csv`) are told apart by
        it, offered in registry order."""
        ...

    def recognise(self, value: Any, source: str, key: str) -> list[Document | LoadError] | None:
        """The documents in a parsed JSON value if it is of this kind, else None.

        `source` names the file, `key` is the document key its name gives."""
        ...

    def extractor(self, prose: NewsPipeline) -> DocumentExtractor:
        """The extractor of this kind's documents; `prose` reads any sentences they hold."""
        ...


def read_package_text(package: str, name: str) -> str:
    """The text of a data file shipped in a package (e.g. a source's `lexicon.toml`)."""
    return resources.files(package).joinpath(name).read_text("utf-8")


def text_digest(text: str) -> str:
    """A short hash of some text, for extractor versions that change with their lexicon."""
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def structured_fingerprint(prose: NewsPipeline, extractor: DocumentExtractor) -> str:
    """The pipeline fingerprint of a structured document: the prose engine's (the extractor
    resolves names with its gazetteer and reads any prose with its stages) and the
    extractor's own version."""
    return f"{prose.fingerprint}+{extractor.name}/{extractor.version}"
