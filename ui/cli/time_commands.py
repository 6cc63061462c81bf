"""Commands about time: `status` (what applied to an entity on a day), `deadlines` (open
answers and expiries), and the user's statements about which reports are one action
(`same-action`, `distinct-actions`, `action-statements`), which mirror `merge`, `split`
and `merges`; `rederive` derives the whole store again."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.markup import escape

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.loading.action_statements import ActionStatement, ActionStatementError
from tradegraph.graph.query.lookup import InputError
from tradegraph.graph.time.deadlines import DeadlineStatus
from tradegraph.graph.time.status import EntityStatus
from tradegraph.ui.cli.shared import AsOfOption, StoreOption, fail, opened, out


class TimeFormat(StrEnum):
    """How `status` and `deadlines` print: a table for people, JSON or CSV for programs."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


FormatOption = Annotated[TimeFormat, typer.Option(
    "--format", "-f", help="table, json or csv.", case_sensitive=False)]

STATUS_COLUMNS = ("state", "regime", "action_type", "applies_from", "applies_until", "since",
                  "citations", "source_lists", "confirmed", "known_since", "known_by_then",
                  "ended_by_type", "action")
DEADLINE_COLUMNS = ("due", "days_left", "state", "label", "target_labels", "action_type",
                    "basis", "follow_ups", "action", "deadline")


def status(
    name: Annotated[str, typer.Argument(help="A name or alias (any case), an IRI, or "
                                        "TYPE/KEY such as firm/huawei.", show_default=False)],
    as_of: AsOfOption = None,
    output_format: FormatOption = TimeFormat.TABLE,
    store: StoreOption = None,
) -> None:
    """What applied to an entity on a day: lists and restrictions (or licenses) in force,
    ended or announced, since when, by which action and citation, confirmed by the legal
    record or reported only.

    Exit codes: 0 answered; 2 an unknown or ambiguous name (the closest names are listed),
    a malformed date, or a store that cannot be opened.
    """
    with opened(store, read_only=True) as graph:
        try:
            found = graph.status(name, as_of)
        except InputError as error:
            fail(str(error))
    if output_format is TimeFormat.JSON:
        _print_json(found.to_dict())
    elif output_format is TimeFormat.CSV:
        _print_csv(STATUS_COLUMNS, [asdict(s) for s in found.standings])
    else:
        _status_table(found)


def _status_table(found: EntityStatus) -> None:
    regimes = ", ".join(found.regimes_in_force) or "nothing in force"
    out.print(f"[bold]{escape(found.label)}[/] ({escape(found.entity)}), {found.kind}, "
              f"as of {found.as_of}: {escape(regimes)}")
    if not found.regimes:
        out.print("no list, restriction or license applied to it by then, and none had "
                  "been reported")
        return
    unknown = {s.action: s.known_since for s in found.standings if not s.known_by_then}
    for line in found.regimes:  # one line per regime, then its history: any terminal width
        out.print(f"  [bold]{escape(line.text)}[/]")
        for item in line.history:
            later = (f"; not yet reported then (first reported {unknown[item.action] or '?'})"
                     if item.role == "standing" and item.action in unknown else "")
            out.print(f"    - {escape(item.text)}{later}")


def deadlines(
    as_of: AsOfOption = None,
    entity: Annotated[str | None, typer.Option(
        "--entity", "-e", help="Only the deadlines of actions on this entity (a name, IRI or "
                               "TYPE/KEY).", show_default=False)] = None,
    include_closed: Annotated[bool, typer.Option(
        "--all", help="Also the deadlines passed or followed up by the day.")] = False,
    output_format: FormatOption = TimeFormat.TABLE,
    store: StoreOption = None,
) -> None:
    """Deadlines on a day, soonest first: answers to intent-to-deny letters, expiries of
    temporary general licenses; only the open ones unless --all.

    Exit codes: 0 answered (also when nothing is due); 2 an unknown entity, a malformed
    date, or a store that cannot be opened.
    """
    with opened(store, read_only=True) as graph:
        try:
            found = graph.deadlines(as_of, entity=entity, include_closed=include_closed)
        except InputError as error:
            fail(str(error))
    if output_format is TimeFormat.JSON:
        _print_json([asdict(d) for d in found])
    elif output_format is TimeFormat.CSV:
        _print_csv(DEADLINE_COLUMNS, [asdict(d) for d in found])
    else:
        _deadline_table(found, include_closed)


def _deadline_table(found: list[DeadlineStatus], include_closed: bool) -> None:
    if not found:
        out.print("no deadlines" if include_closed else "no open deadlines")
        return
    for d in found:
        days = (f"{d.days_left} days left" if d.days_left >= 0
                else f"{-d.days_left} days ago")
        out.print(f"{d.due} ({days}) [bold]{d.state}[/]: {escape(d.label)}: "
                  f"{escape('; '.join(d.target_labels))} ({escape(d.basis)})")


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _print_csv(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    writer = csv.DictWriter(sys.stdout, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: "; ".join(map(str, value)) if isinstance(value, list)
                         else value for key, value in row.items()})


def rederive(store: StoreOption = None) -> None:
    """Derive corroboration, real actions, lifecycles and deadlines of the whole store again.

    Every ingest and removal derives what it changed; this is for doubt, or after the store
    was changed by other means."""
    with opened(store, read_only=False) as graph:
        graph.corroborate()
        found = graph.derive_time()
    out.print(f"{found.actions} real actions, {found.standings} standings, "
              f"{found.deadlines} deadlines")


# ---------------------------------------------------------------- action statements

NoteOption = Annotated[str | None, typer.Option(
    "--note", help="Why, in your words (kept with the statement).", show_default=False)]
ActionArgument = Annotated[str, typer.Argument(
    help="A report of an action, as its IRI or action/<name>.", show_default=False)]


def same_action(first: ActionArgument, second: ActionArgument, note: NoteOption = None,
                store: StoreOption = None) -> None:
    """State that two reports are one real action, then derive the actions graph again."""
    _state(store, lambda graph: graph.state_actions("same", first, second, note=note))


def distinct_actions(first: ActionArgument, second: ActionArgument, note: NoteOption = None,
                     store: StoreOption = None) -> None:
    """State that two reports are two real actions, then derive the actions graph again."""
    _state(store, lambda graph: graph.state_actions("distinct", first, second, note=note))


def action_statements(
    withdraw_number: Annotated[int | None, typer.Option(
        "--withdraw", help="Withdraw statement N (as numbered in the list) and derive the "
                           "actions graph again.", show_default=False)] = None,
    store: StoreOption = None,
) -> None:
    """List the store's statements about which reports are one action, or withdraw one."""
    if withdraw_number is not None:
        with opened(store, read_only=False) as graph:
            try:
                withdrawn = graph.withdraw_action_statement(withdraw_number)
            except ActionStatementError as error:
                fail(str(error))
            out.print(f"withdrew: {escape(describe_statement(withdrawn))}")
        return
    with opened(store, read_only=True) as graph:
        try:
            statements = graph.action_statements()
        except ActionStatementError as error:
            fail(str(error))
    if not statements:
        out.print("no action statements")
    for number, statement in enumerate(statements, start=1):
        out.print(f"{number}. {escape(describe_statement(statement))}")


def _state(store: str | None, change: Callable[[TradeGraph], ActionStatement]) -> None:
    with opened(store, read_only=False) as graph:
        try:
            statement = change(graph)
        except ActionStatementError as error:
            fail(str(error))
        out.print(f"stated: {escape(describe_statement(statement))}")


def describe_statement(statement: ActionStatement) -> str:
    """"A and B are the same action (why)"."""
    first, second = statement.actions
    said = "the same action" if statement.kind == "same" else "distinct actions"
    note = f" ({statement.note})" if statement.note else ""
    return f"{first} and {second} are {said}{note}"
