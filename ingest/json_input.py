"""Reading JSON from outside (input files, request bodies) within limits: how deeply it
may nest, and no lone surrogate escapes.

Python's parser recurses once per level, so JSON nested a thousand deep stops it with a
`RecursionError` that names nothing; and a `\\ud800` escape parses to a string no UTF-8 text
can hold, which fails later, far from the input. Both are refused here, with the place:

>>> read_json('{"name": "Huawei", "aliases": ["HW"]}')
{'name': 'Huawei', 'aliases': ['HW']}
>>> try:
...     read_json('[[[1]]]', max_depth=2)
... except JsonInputError as error:
...     print(error)
JSON nested deeper than 2 levels (line 1 column 3); at most 2 are read (...)
>>> try:
...     read_json('{"name": "Hua\\\\ud800wei"}')
... except JsonInputError as error:
...     print(error)
a lone surrogate escape (\\ud800) in a string (line 1 column 14: it stands for no character)
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

from tradegraph.ontology.errors import TradegraphError
from tradegraph.ontology.settings import env_name, settings

DEPTH_ENV = env_name("max_json_depth")
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class JsonInputError(TradegraphError, ValueError):
    """JSON that cannot be read: malformed, nested too deeply, or holding a lone surrogate;
    the message says which and where (`line L column C`)."""

    def __init__(self, problem: str, line: int, column: int, detail: str = "",
                 advice: str = "") -> None:
        self.problem, self.line, self.column = problem, line, column
        self.detail, self.advice = detail, advice
        super().__init__(self.located(f"line {line} column {column}"))

    def located(self, place: str) -> str:
        """The message with the place said otherwise (a JSON Lines record is one line of
        a file: `line 7, column 3`)."""
        detail = f": {self.detail}" if self.detail else ""
        advice = f"; {self.advice}" if self.advice else ""
        return f"{self.problem} ({place}{detail}){advice}"


def max_json_depth() -> int:
    """How deeply JSON may nest: `$TRADEGRAPH_MAX_JSON_DEPTH`, else 64."""
    return settings().max_json_depth


def read_json(text: str, *, max_depth: int | None = None) -> Any:
    """The value of a JSON text; JsonInputError saying what is wrong and where."""
    limit = max_depth if max_depth is not None else max_json_depth()
    if json_depth(text) > limit:
        line, column = _too_deep_at(text, limit)
        raise JsonInputError(f"JSON nested deeper than {limit} levels", line, column,
                             advice=f"at most {limit} are read (${DEPTH_ENV})")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise JsonInputError("malformed JSON", error.lineno, error.colno, error.msg) from None
    except RecursionError:  # a limit set above what Python can parse
        raise JsonInputError("JSON nested too deeply to be read", 1, 1,
                             advice=f"lower ${DEPTH_ENV}") from None
    if _SURROGATE_ESCAPE.search(text):
        _refuse_lone_surrogates(text, value)
    return value


def json_depth(text: str) -> int:
    """How deeply a JSON text nests (brackets inside strings do not count).

    >>> json_depth('{"a": [1, {"b": "[[["}]}')
    3
    """
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets), initial=0))


def _too_deep_at(text: str, limit: int) -> tuple[int, int]:
    """Line and column of the bracket that opens level `limit + 1` (scanned only on the
    error path, and only up to that bracket)."""
    depth, in_string, escaped, line, line_start = 0, False, False, 1, 0
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return line, index - line_start + 1
        elif char in "]}":
            depth -= 1
        if char == "\n":
            line, line_start = line + 1, index + 1
    return line, 1


def _refuse_lone_surrogates(text: str, value: Any) -> None:
    """Refuse a `\\uD800`-`\\uDFFF` escape that is not half of a pair (a pair is one
    character, e.g. an emoji): the value written out again cannot be UTF-8 then."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as error:
        escape = f"\\u{ord(error.object[error.start]):04x}"
        found = re.search(re.escape(escape), text, re.IGNORECASE)
        offset = found.start() if found else 0
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise JsonInputError(f"a lone surrogate escape ({escape}) in a string", line, column,
                             "it stands for no character") from None
