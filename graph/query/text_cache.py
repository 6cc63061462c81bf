"""Answers about SPARQL texts kept for short texts only.

Endpoints see the same texts again and again, so what the guard and the lanes read from a
text is worth keeping; but a request body may be up to a megabyte, and a cache keyed by such
texts pins its keys: a thousand distinct 1 MB queries would hold a gigabyte. Texts longer
than `CACHED_TEXT_LIMIT` are read afresh each time (they are rare, and reading them is cheap
beside running them).

>>> @cached_for_short_texts
... def length(sparql: str) -> int:
...     return len(sparql)
>>> length("ASK {}"), length("#" * (CACHED_TEXT_LIMIT + 1))
(6, 16385)
>>> length.cache_info().currsize  # only the short text is kept
1
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Generic, TypeVar

CACHED_TEXT_LIMIT = 16 * 1024
"""The longest text (in characters) whose answers are kept: hand-written queries and the
ones our own pages send are far shorter, and 1,024 kept texts of this size stay within
16 MiB, where the 1 MB request limit would let them pin a gigabyte."""
CACHED_TEXTS = 1024
"""How many texts' answers each cache keeps."""

T = TypeVar("T")


class cached_for_short_texts(Generic[T]):  # noqa: N801 (used as a decorator, like lru_cache)
    """A function of a SPARQL text whose answers are kept for texts up to
    `CACHED_TEXT_LIMIT` characters (the most recently used `CACHED_TEXTS` of them)."""

    def __init__(self, function: Callable[[str], T]) -> None:
        self._function = function
        self._cached = functools.lru_cache(maxsize=CACHED_TEXTS)(function)
        functools.update_wrapper(self, function)

    def __call__(self, sparql: str) -> T:
        """The function's answer for the text: kept, or computed afresh for a long one."""
        if len(sparql) <= CACHED_TEXT_LIMIT:
            return self._cached(sparql)
        return self._function(sparql)

    def cache_info(self) -> functools._CacheInfo:
        """How many texts are kept, and how often they were asked for."""
        return self._cached.cache_info()

    def cache_clear(self) -> None:
        """Forget every kept answer."""
        self._cached.cache_clear()
