"""Commands that correct identity: `merge`, `split` and `merges` (the store's merge
statements, after which the stored documents are extracted again)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from tradegraph.graph.facade import TradeGraph
from tradegraph.ingest.merges import DistinctName, MergeError, SameEntity
from tradegraph.ui.cli.shared import StoreOption, fail, opened, out, print_ingest_report


def merge(
    entity: Annotated[str, typer.Argument(help="The entity to fold in, as TYPE/KEY "
                                          "(e.g. firm/huawei-device).", show_default=False)],
    into: Annotated[str, typer.Argument(help="The entity it is, as TYPE/KEY.",
                                        show_default=False)],
    store: StoreOption = None,
) -> None:
    """State that two entities are one, then re-extract the stored documents."""
    def state(graph: TradeGraph) -> str:
        rule = graph.state_merge(entity, into)
        return f"merged {rule.entity} into {rule.into}"

    _restate(store, state)


def split(
    name: Annotated[str, typer.Argument(help="A name the rules resolved wrongly, as written "
                                        "in the text.", show_default=False)],
    entity: Annotated[str, typer.Option("--from", help="The entity the name was merged into, "
                                        "as TYPE/KEY.", show_default=False)],
    store: StoreOption = None,
) -> None:
    """State that a name is an entity of its own, then re-extract the stored documents."""
    def state(graph: TradeGraph) -> str:
        rule = graph.state_distinct(name, entity)
        return f"{rule.name!r} is no longer {rule.entity}"

    _restate(store, state)


def merges(
    withdraw_number: Annotated[int | None, typer.Option(
        "--withdraw", help="Withdraw statement N (as numbered in the list) and re-extract.",
        show_default=False)] = None,
    store: StoreOption = None,
) -> None:
    """List the merge statements of the store, or withdraw one."""
    if withdraw_number is not None:
        _restate(store, lambda graph: "withdrew " + _statement(
            graph.withdraw_merge(withdraw_number)))
        return
    with opened(store, read_only=True) as graph:
        try:
            statements = graph.merge_statements()
        except MergeError as error:
            fail(str(error))
        if not statements:
            out.print("no merge statements")
        for number, statement in enumerate(statements, start=1):
            out.print(f"{number}. {_statement(statement)}")


def _restate(store: str | None, change: Callable[[TradeGraph], str]) -> None:
    """Change the merge statements (`change` says what it did), then extract the stored
    documents again."""
    with opened(store, read_only=False) as graph:
        try:
            said = change(graph)
        except MergeError as error:
            fail(str(error))
        out.print(said)
        print_ingest_report(graph.reextract())


def _statement(statement: SameEntity | DistinctName) -> str:
    if isinstance(statement, SameEntity):
        return f"{statement.entity} is the same as {statement.into}"
    return f"the name {statement.name!r} is not {statement.entity}"
