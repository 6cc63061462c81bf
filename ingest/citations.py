"""Federal Register citations: volume, `FR`, first page (`84 FR 22961`)."""

from __future__ import annotations

import re

_CITATION = re.compile(r"\b(\d{1,3})\s*F\.?\s*R\.?\s*(\d{1,6})\b", re.IGNORECASE)


def parse_citations(value: str) -> list[str]:
    """The citations in a text, in one spelling and in order: `84 F.R. 22961, 5/21/19.
    85 FR 51603` -> `["84 FR 22961", "85 FR 51603"]`."""
    found = (f"{volume} FR {page}" for volume, page in _CITATION.findall(value))
    return list(dict.fromkeys(found))
