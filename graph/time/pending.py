"""A mark that the derived graphs may be behind the documents.

An incremental derivation (`graph/time/scope.py`) trusts the derived statements of every
report outside its scope. That holds only if the run before it finished deriving: the mark
is set before documents are written and cleared once corroboration and the derivations have
caught up, so after a run that stopped in between (a server gone, a killed process) the
next one derives the whole store. It is a file beside the store (as the user's statements
are: `graph/store/backends.beside_store`); for a store in memory, a flag of this object.
"""

from __future__ import annotations

import contextlib

from tradegraph.graph.store.backends import beside_store

PENDING_FILE = "derivation-pending"
"""The mark's file name in an embedded store's folder."""


class PendingDerivation:
    """Whether a derivation of time is owed to the store at `location`."""

    def __init__(self, location: str) -> None:
        self.path = beside_store(location, PENDING_FILE, "derivation-pending")
        self._in_memory = False

    @property
    def marked(self) -> bool:
        """Whether a run stopped before its derivations caught up."""
        return self._in_memory if self.path is None else self.path.exists()

    def mark(self) -> None:
        """Documents are about to change."""
        if self.path is None:
            self._in_memory = True
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.touch()

    def clear(self) -> None:
        """The derived graphs caught up with the documents."""
        self._in_memory = False
        if self.path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
