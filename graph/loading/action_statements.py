"""The user's statements about action identity, for one store: two reports are *distinct*
actions although the rules fold them, or the *same* action although the rules keep them
apart. Like merge statements (`graph/loading/merge_statements.py`), they live in a file
beside the store, `actions.json`, are numbered, and can be withdrawn; the actions graph is
derived again after each change. They name reports (action nodes that documents state), by IRI or as
`action/<name>` under the store's base IRI.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from tradegraph.graph.store.backends import beside_store
from tradegraph.graph.store.protocol import GraphStore, solutions
from tradegraph.ontology.errors import TradegraphError
from tradegraph.ontology.iris import IriMinter

STATEMENTS_FILE = "actions.json"


class ActionStatementError(TradegraphError, ValueError):
    """A statement that cannot be made, or a statements file that cannot be read."""

    def __init__(self, subject: str, reason: str) -> None:
        super().__init__(f"{subject}: {reason}")
        self.subject = subject
        self.reason = reason


class ActionStatement(BaseModel):
    """Two reports are the same action, or distinct actions."""

    kind: Literal["same", "distinct"]
    actions: tuple[str, str]
    note: str | None = Field(default=None, description="why, in the user's words")


class ActionStatements(BaseModel):
    """Every statement of a store, in the order made."""

    statements: list[ActionStatement] = Field(default_factory=list)

    def pairs(self, kind: str) -> list[tuple[str, str]]:
        """The pairs of reports stated `kind` ("same" or "distinct")."""
        return [s.actions for s in self.statements if s.kind == kind]


def statements_path(store: GraphStore) -> Path | None:
    """Where a store's statements live (see `backends.beside_store`)."""
    return beside_store(store.location, STATEMENTS_FILE, "action-statements")


def read_statements(store: GraphStore) -> ActionStatements:
    """The store's statements (none yet: empty)."""
    path = statements_path(store)
    if path is None or not path.exists():
        return ActionStatements()
    try:
        return ActionStatements.model_validate_json(path.read_bytes())
    except OSError as error:
        raise ActionStatementError(str(path), f"cannot read: {error.strerror}") from None
    except ValidationError as error:
        first = error.errors()[0]
        where = "/".join(str(part) for part in first["loc"]) or "the file"
        raise ActionStatementError(
            str(path), f"malformed statements file at {where}: {first['msg']}") from None


def _write(store: GraphStore, statements: ActionStatements) -> None:
    path = statements_path(store)
    if path is None:
        raise ActionStatementError(store.location,
                                   "an in-memory store keeps no action statements")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")  # replaced in one step: never half-written
    temporary.write_text(json.dumps(statements.model_dump(exclude_none=True), indent=2) + "\n",
                         encoding="utf-8")
    temporary.replace(path)


def _report(store: GraphStore, minter: IriMinter, ref: str) -> tuple[str, set[str]]:
    """The IRI of a report named by IRI or `action/<name>`, and its classes."""
    text = ref.strip()
    iri = text if text.startswith(("http://", "https://")) else minter.base + text.lstrip("/")
    if not iri.startswith(minter.base + "action/"):
        raise ActionStatementError(ref, "not an action: name one by its IRI or as action/<name>")
    rows = solutions(store.query(
        f"SELECT DISTINCT ?class WHERE {{ <{iri}> tg:reportedIn ?doc ; a ?class . "
        "?class rdfs:subClassOf tg:Action }"))
    classes = {row["class"].value for row in rows}
    if not classes:
        if bool(store.query(f"ASK {{ ?report tg:sameActionAs <{iri}> }}")):
            raise ActionStatementError(ref, "this is a real action derived from several "
                                       "reports; name the reports (its tg:sameActionAs)")
        raise ActionStatementError(ref, "no document of the graph reports this action")
    return iri, classes


def state(store: GraphStore, minter: IriMinter, kind: str, first: str, second: str, *,
          note: str | None = None) -> ActionStatement:
    """Record that two reports are the `kind` ("same" or "distinct") action(s)."""
    if kind not in ("same", "distinct"):
        raise ActionStatementError(kind, "a statement is 'same' or 'distinct'")
    (a, a_classes), (b, b_classes) = (_report(store, minter, r) for r in (first, second))
    if a == b:
        raise ActionStatementError(first, "a report is already the same action as itself")
    if kind == "same" and not a_classes & b_classes:
        raise ActionStatementError(f"{first} / {second}",
                                   "actions of different classes cannot be one action")
    statements = read_statements(store)
    pair = tuple(sorted((a, b)))
    statements.statements = [s for s in statements.statements
                             if tuple(sorted(s.actions)) != pair]
    statement = ActionStatement.model_validate(
        {"kind": kind, "actions": (pair[0], pair[1]), "note": note})
    statements.statements.append(statement)
    _write(store, statements)
    return statement


def withdraw(store: GraphStore, number: int) -> ActionStatement:
    """Remove statement `number` (1-based, in the order made)."""
    statements = read_statements(store)
    if not 1 <= number <= len(statements.statements):
        raise ActionStatementError(
            str(number), f"no such action statement (there are {len(statements.statements)})")
    removed = statements.statements.pop(number - 1)
    _write(store, statements)
    return removed
