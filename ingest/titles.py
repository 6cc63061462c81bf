"""What an official document's title says it does: its parts and the act each one names.

Titles join the acts of one document: "Addition of Huawei Non-U.S. Affiliates to the
Entity List, the Removal of Temporary General License, and Amendments to General
Prohibition Three" is an addition, a license's end and a rule change. The wordings are
data (`lexicon/genres.toml`). A part that only says "Correction" makes the document an
amendment of what the rest of the title names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tradegraph.ingest.lexicon import GenreLexicon, load_genre_lexicon
from tradegraph.ontology.models import ActionType, Status

_PART_BREAK = re.compile(r"\s*;\s*|,\s+(?=(?:and\s+)?the\s+[A-Z])|,?\s+and\s+(?=[A-Z])")
"""Where a title's parts meet: a semicolon, ", the X", ", and the X", " and X"."""
_ENTITY_LIST_TYPES = frozenset({ActionType.ENTITY_LIST_ADDITION, ActionType.ENTITY_LIST_REMOVAL,
                                ActionType.ENTITY_LIST_AMENDMENT})


@dataclass(frozen=True)
class TitleAct:
    """An act a title part names, with the part's span in the title."""

    kind: ActionType
    status: Status | None
    start: int
    end: int


class TitleReader:
    """Reads titles with the genre lexicon's title patterns."""

    def __init__(self, lexicon: GenreLexicon | None = None) -> None:
        lexicon = lexicon or load_genre_lexicon()
        self._patterns = [(re.compile(entry.pattern, re.IGNORECASE), entry.action, entry.status)
                          for entry in lexicon.title_patterns]
        self._correction = re.compile(lexicon.correction_pattern, re.IGNORECASE)

    def kind(self, title: str) -> tuple[ActionType, Status | None] | None:
        """The act the earliest matching wording of the whole title names, if any."""
        found = self._earliest(title)
        return (found[1], found[2]) if found else None

    def _earliest(self, text: str) -> tuple[int, ActionType, Status | None] | None:
        matches = [(match.start(), action, status) for pattern, action, status in self._patterns
                   if (match := pattern.search(text))]
        return min(matches, key=lambda m: m[0]) if matches else None

    def parts(self, title: str) -> list[tuple[int, int]]:
        """The spans of a title's parts. A piece after " and " that names no act of its
        own belongs to the part before ("Against X Corporation and Y Ltd.")."""
        pieces, position = [], 0
        for match in _PART_BREAK.finditer(title):
            pieces.append((position, match.start(), match.group()))
            position = match.end()
        pieces.append((position, len(title), ""))
        spans: list[tuple[int, int]] = []
        joined_by = ""
        for start, end, separator in pieces:
            text = title[start:end]
            names_act = self._earliest(text) is not None or self._correction.match(text)
            if spans and ";" not in joined_by and not names_act:
                spans[-1] = (spans[-1][0], end)
            elif text.strip():
                spans.append((start, end))
            joined_by = separator
        return spans

    def acts(self, title: str, action_line: str = "") -> list[TitleAct]:
        """One act per part that names one; a correction (a part, or the document's ACTION
        line) turns them into amendments: of the Entity List when the title names an
        Entity List act, else of a rule."""
        acts, corrected = [], bool(action_line) and bool(self._correction.match(action_line))
        for start, end in self.parts(title):
            text = title[start:end]
            if self._correction.match(text):
                corrected = True
                continue
            found = self._earliest(text)
            if found is not None:
                acts.append(TitleAct(found[1], found[2], start, end))
        if not corrected:
            return acts
        return [TitleAct(ActionType.ENTITY_LIST_AMENDMENT if act.kind in _ENTITY_LIST_TYPES
                         else ActionType.REGULATION, Status.IN_FORCE, act.start, act.end)
                for act in acts]
