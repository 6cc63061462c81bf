"""JSON of structured sources: recognised by its shape, before it is read as news JSON.

Each recogniser looks at a parsed JSON value and returns the documents it reads from it,
or None when the value is not of its kind (then the next one, and finally the news JSON
loader, tries).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tradegraph.ingest.errors import LoadError
from tradegraph.ontology.models import Document

JsonRecognizer = Callable[[Any, str, str], list[Document | LoadError] | None]
"""(parsed JSON, source, document key from the file name) -> documents, or None."""


def json_recognizers() -> list[JsonRecognizer]:
    """The recognisers of structured JSON, most specific first."""
    from tradegraph.ingest.loaders.federal_register import federal_register_json
    from tradegraph.ingest.loaders.screening_list import screening_list_json

    return [federal_register_json, screening_list_json]


def structured_json(value: Any, source: str, key: str) -> list[Document | LoadError] | None:
    """The documents of a structured source this JSON holds, or None if it is none."""
    for recognize in json_recognizers():
        found = recognize(value, source, key)
        if found is not None:
            return found
    return None
