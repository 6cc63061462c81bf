"""What the facade does after documents change: corroborate, then derive time for what
changed (`tradegraph.graph.time.scope`), or for the whole store when an earlier run stopped
before its derivations caught up (`tradegraph.graph.time.pending`). A mixin of `TradeGraph`,
kept apart so the facade stays one screen of plain delegation per concern."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tradegraph.graph.errors import QueryError, StoreError
from tradegraph.graph.facade_time import TimeViews
from tradegraph.graph.loading.ingestion import DocumentResult, Ingestor, IngestReport, Outcome
from tradegraph.graph.loading.known_parties import PartyCache
from tradegraph.graph.time.corroboration import Corroboration, corroborate
from tradegraph.graph.time.derivations import DerivedTime
from tradegraph.graph.time.pending import PendingDerivation
from tradegraph.graph.time.scope import Changes, DocumentTouch, read_touch

if TYPE_CHECKING:
    from tradegraph.graph.screening.screener import Screener

CORROBORATION_SOURCE = "(corroboration)"
"""The `source` of an ingest result that reports a failed corroboration run."""
TIME_SOURCE = "(actions and lifecycles)"
"""The `source` of an ingest result that reports a failed derivation of time."""


def changed_outside_ingest(location: str) -> None:
    """The documents of the store at `location` are about to change by other means than an
    ingest (a SPARQL update, the Graph Store protocol): what is derived from them may fall
    behind, so the next ingest derives the whole store and reads the parties afresh."""
    PendingDerivation(location).mark()
    PartyCache(location).forget()


class Upkeep(TimeViews):
    """Derived graphs kept up with the documents: `TradeGraph` mixes this in."""

    _screener: Screener | None = None
    _pending: PendingDerivation

    def corroborate(self, tolerance_days: int | None = None) -> Corroboration:
        """Link reported actions to the legal-record actions that confirm them, and actions
        to the documents that published them, in the corroboration graph (see
        `tradegraph.graph.time.corroboration`; run after every ingest and removal)."""
        if self._screener is not None:  # the documents changed: screen against the new ones
            self._screener.invalidate()
        return corroborate(self.store, self.minter, tolerance_days)

    def derive_time(self, tolerance_days: int | None = None, *,
                    changes: Changes | None = None) -> DerivedTime:
        """As `TimeViews.derive_time`; a whole derivation (with the configured tolerance)
        also marks the derived graphs caught up with the documents."""
        found = super().derive_time(tolerance_days, changes=changes)
        if changes is None and tolerance_days is None:
            self._pending.clear()
        return found

    def _removed(self, iri: str) -> bool:
        """Remove a document's graph and derive again what it touched; False if there was
        no such graph."""
        changes = Changes({iri}, read_touch(self.store, [iri]))
        owed = self._owed()
        self._pending.mark()
        if not self.store.remove_graph(iri):
            if not owed:
                self._pending.clear()
            return False
        changes.actions = self.corroborate().republished
        self.derive_time(changes=None if owed else changes)
        self._pending.clear()
        return True

    def _owed(self) -> bool:
        """Whether the next run owes a whole derivation: an earlier run stopped short, or
        other code derived the store (`PendingDerivation.marked`). Never to a store with no
        report and nothing derived (a new one has no stamp): nothing there can be behind,
        and its first ingest derives only what it wrote."""
        return self._pending.marked and bool(self.store.query(
            f"ASK {{ {{ ?action tg:reportedIn ?document }} UNION "
            f"{{ GRAPH <{self.minter.actions_graph}> {{ ?s ?p ?o }} }} UNION "
            f"{{ GRAPH <{self.minter.lifecycles_graph}> {{ ?s ?p ?o }} }} }}"))

    def _derived(self, ingestor: Ingestor, run: Callable[[], IngestReport]) -> IngestReport:
        """Run an ingest, then corroborate and derive time for the documents it changed
        (what the replaced ones said before is read just before they are replaced)."""
        before = DocumentTouch()
        ingestor.on_replace = lambda iri: before.update(read_touch(self.store, [iri]))
        owed = self._owed()
        self._pending.mark()
        report = run()
        changed = {r.document for r in report.results if r.document is not None
                   and r.outcome in (Outcome.INGESTED, Outcome.REPLACED)}
        return self._corroborated(report, None if owed else Changes(changed, before))

    def _corroborated(self, report: IngestReport, changes: Changes | None) -> IngestReport:
        # Corroboration runs after every ingest, even one that changed nothing: it writes
        # only what changed. The derivations of time run for what changed (`changes`), or
        # for the whole store (None) if an earlier run stopped before they caught up. A
        # store that fails now (a server gone mid-batch) must not cost the report of what
        # was written: the failure is one more line of it, and the next run derives all.
        caught_up = True
        try:
            republished = self.corroborate().republished
        except StoreError as error:
            caught_up, republished, changes = False, set(), None
            report.results.append(DocumentResult(
                CORROBORATION_SOURCE, Outcome.FAILED, self.minter.corroboration_graph,
                f"linking reported actions to the legal record failed: {error}"))
        try:
            if changes is None:
                self.derive_time()
            elif changes.documents or republished:
                changes.actions = republished
                self.derive_time(changes=changes)
        except (StoreError, QueryError) as error:
            caught_up = False
            report.results.append(DocumentResult(
                TIME_SOURCE, Outcome.FAILED, self.minter.actions_graph,
                f"deriving real actions, lifecycles and deadlines failed: {error}"))
        if caught_up:
            self._pending.clear()
        return report
