"""What the legal record says about actions, as table cells: a list entry or rule shows its
citation and list; an action reported in the news shows the legal actions that confirm it,
or "reported only" (the links come from `tradegraph.graph.corroboration`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from tradegraph.ui.explorer import queries
from tradegraph.ui.explorer.data import Store
from tradegraph.ui.explorer.state import entity_link

REPORTED_ONLY = "reported only"


@dataclass
class Record:
    """One action's standing in the legal record."""

    legal: bool = False
    sources: set[str] = field(default_factory=set)
    """Citations and list names of a legal-record action."""
    confirmed_by: dict[str, str | None] = field(default_factory=dict)
    """Confirming legal action -> its citation."""


def records(store: Store, actions: list[str], size: int = 400) -> dict[str, Record]:
    """The standing of each of `actions` (one query per `size` actions)."""
    unique = sorted(set(actions))
    found: dict[str, Record] = {}
    for start in range(0, len(unique), size):
        for row in store.select(queries.corroboration(unique[start:start + size])):
            record = found.setdefault(row["action"] or "", Record())
            if row["kind"] == "legal":
                record.legal = True
                record.sources.update(v for v in (row["citation"], row["sourceList"]) if v)
            elif row["other"]:
                record.confirmed_by[row["other"]] = (record.confirmed_by.get(row["other"])
                                                     or row["citation"])
    return found


def record_cells(store: Store, actions: list[str]) -> dict[str, str]:
    """An HTML cell for each action: "legal record: citation; list", "confirmed by <link>"
    or "reported only"."""
    standing = records(store, actions)
    confirming = [other for record in standing.values() for other in record.confirmed_by]
    names = store.labels(confirming) if confirming else {}
    cells: dict[str, str] = {}
    for action in actions:
        record = standing.get(action, Record())
        if record.legal:
            sources = "; ".join(sorted(record.sources))
            cells[action] = "legal record" + (f": {escape(sources)}" if sources else "")
        elif record.confirmed_by:
            cells[action] = "confirmed by " + ", ".join(
                entity_link(other, names.get(other)) + (f" ({escape(cited)})" if cited else "")
                for other, cited in sorted(record.confirmed_by.items()))
        else:
            cells[action] = REPORTED_ONLY
    return cells
