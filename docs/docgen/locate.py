"""Find an object by the first of several import paths that exists.

The code is being moved into sub-packages (issue #27); a generator names the new home
first and the old one after it, so the site builds before and after the move.
"""

from __future__ import annotations

import importlib
from typing import Any


def first_of(*paths: str) -> Any:
    """The object at the first `module:attribute` path that imports.

    >>> first_of("no.such.module:x", "os.path:join").__name__
    'join'
    """
    failures: list[str] = []
    for path in paths:
        module_name, _, attribute = path.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            failures.append(f"{path}: {error}")
            continue
        if hasattr(module, attribute):
            return getattr(module, attribute)
        failures.append(f"{path}: no attribute {attribute!r}")
    raise LookupError("none of these paths holds the object: " + "; ".join(failures))
