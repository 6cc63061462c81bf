"""A mark that the derived graphs may be behind the documents.

An incremental derivation (`graph/time/scope.py`) trusts the derived statements of every
report outside its scope. That holds only if the run before it finished deriving: the mark
is set before documents are written and cleared once corroboration and the derivations have
caught up, so after a run that stopped in between (a server gone, a killed process) the
next one derives the whole store. It is a file beside the store (as the user's statements
are: `graph/store/backends.beside_store`); for a store in memory, a flag of this object.

The derived statements also depend on what derived them: the date tolerance
(`TRADEGRAPH_CORROBORATION_DAYS`), the ontology's class meanings and tradegraph's version.
These are stamped beside the store when the derivations catch up; a different stamp owes a
whole derivation too.
"""

from __future__ import annotations

import contextlib
import hashlib

from tradegraph.graph.store.backends import beside_store
from tradegraph.ingest.version import package_version
from tradegraph.ontology.mapping import ontology_turtle
from tradegraph.ontology.settings import settings

PENDING_FILE = "derivation-pending"
"""The mark's file name in an embedded store's folder."""
STAMP_FILE = "derivation-stamp"
"""The file naming what derived the store's derived graphs."""


DERIVATION_VERSION = 1
"""The derivations' own version: raise it with a change of what they derive, so that a store
derived by the code before (of the same package version, between releases) is derived again."""


def derivation_stamp() -> str:
    """What the derived statements depend on besides the documents."""
    digest = hashlib.sha256(ontology_turtle()).hexdigest()[:16]
    return (f"{package_version()}+{DERIVATION_VERSION} {settings().corroboration_days} "
            f"{digest}")


class PendingDerivation:
    """Whether a derivation of time is owed to the store at `location`."""

    def __init__(self, location: str) -> None:
        self.path = beside_store(location, PENDING_FILE, "derivation-pending")
        self.stamp_path = beside_store(location, STAMP_FILE, "derivation-stamp")
        self._in_memory = False
        self._stamp: str | None = None

    @property
    def marked(self) -> bool:
        """Whether a run stopped before its derivations caught up, or they were derived by
        something else (another tolerance, ontology or version): a whole derivation is owed."""
        if self._in_memory if self.path is None else self.path.exists():
            return True
        stamp = self._stamp
        if self.stamp_path is not None:
            with contextlib.suppress(OSError):
                stamp = self.stamp_path.read_text(encoding="utf-8")
        return stamp != derivation_stamp()

    def mark(self) -> None:
        """Documents are about to change."""
        if self.path is None:
            self._in_memory = True
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.touch()

    def clear(self) -> None:
        """The derived graphs caught up with the documents, derived by this tradegraph."""
        self._in_memory, self._stamp = False, derivation_stamp()
        if self.stamp_path is not None:
            with contextlib.suppress(OSError):
                self.stamp_path.parent.mkdir(parents=True, exist_ok=True)
                self.stamp_path.write_text(self._stamp, encoding="utf-8")
        if self.path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
