"""The FCC Covered List as a CSV file: recognised by its header, loaded as one document.

The list's stored text is the table itself, so every entry's evidence quotes its own row
and the list can be extracted again from the store. Its rows are read by `entries.py` and
`extractor.py` beside this module; here the file is only checked to be the Covered List.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from tradegraph.ingest.errors import LoadError
from tradegraph.ingest.reading import decode_utf8, key_from_name, read_document_bytes
from tradegraph.ingest.sources.base import read_package_text
from tradegraph.ingest.sources.screening_list.loader import (
    list_date,
    max_list_bytes,
    normalize_header,
)
from tradegraph.ontology.models import Document

FCC_COVERED_LIST = "fcc-covered-list"
"""`Document.structured` of the FCC Covered List."""
SUFFIXES = frozenset({".csv"})


@cache
def covered_list_lexicon() -> dict[str, Any]:
    """The whole of the Covered List's `lexicon.toml`."""
    return tomllib.loads(read_package_text(__package__, "lexicon.toml"))


def header_refusal(header_line: str) -> str | None:
    """Why a CSV whose first line is `header_line` is not the Covered List (its header is
    exactly the two columns of the lexicon); None if it is."""
    expected: list[str] = covered_list_lexicon()["header"]
    names = [normalize_header(cell.strip().strip('"')) for cell in header_line.split(",")]
    if names == expected:
        return None
    return f"not the FCC Covered List: its header is not {','.join(expected)!r}"


def load_covered_list(path: Path) -> list[Document]:
    """Load a Covered List CSV as one document (LoadError if it is not one)."""
    source = str(path)
    text = decode_utf8(read_document_bytes(path, max_list_bytes()), source).strip("\n")
    reason = header_refusal(text.split("\n", 1)[0])
    if reason is not None:
        raise LoadError(source, reason)
    return [Document(key=key_from_name(path.name), text=text, source=source,
                     title="FCC Covered List", published=list_date(source),
                     publisher="Federal Communications Commission",
                     doc_type="screening list", structured=FCC_COVERED_LIST)]
