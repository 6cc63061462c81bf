"""The date a document is shown with: when it was published; for a screening list, which
states no date of its own (the store keeps the day its file was written, which for a list
installed with the demo is the day of the installation), the newest date among its entries,
the day the list was at least as new as."""

from __future__ import annotations

from tradegraph.ui.explorer.data import Store
from tradegraph.ui.explorer.queries import action_pages as qa

SCREENING_LIST = "screening list"
"""The document type of a screening list (`tg:documentType`)."""


def dated(store: Store, documents: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Document -> the date to show, from document -> (stored date, document type)."""
    lists = sorted(doc for doc, (_, kind) in documents.items() if kind == SCREENING_LIST)
    newest = {r["doc"] or "": r["date"] or "" for r in store.chunked(qa.list_dates, lists)} \
        if lists else {}
    return {doc: newest.get(doc) or issued if doc in newest else issued
            for doc, (issued, _) in documents.items()}


def is_list(kind: str | None) -> bool:
    """Whether a document type is a screening list's."""
    return kind == SCREENING_LIST
