"""Commands that screen names against the graph: `match` (one name) and `screen` (a
customer list), each candidate with its score, the features behind it, its listings and
its status on the day asked about.

Exit codes, for scripts: 0 nothing listed in force matched; 3 at least one candidate at
or above the threshold is listed in force on the day (a hit to review); 1 (`screen`) some
rows could not be screened, and none of the others hit; 4 (`screen`) both: hits, and rows
that could not be screened; 2 a bad argument (an empty name, a malformed date, a
threshold out of range), a list that cannot be read, or a store that cannot be opened.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from tradegraph.graph.query.lookup import DateFormatError, parse_day
from tradegraph.graph.screening.defaults import DEFAULT_LIMIT, DEFAULT_THRESHOLD
from tradegraph.graph.screening.results import Candidate, MatchResult, ScreenedRow
from tradegraph.ui.cli.shared import EXIT_FAILED, AsOfOption, StoreOption, err, fail, opened, out

EXIT_HIT = 3
"""A candidate listed in force on the day."""
EXIT_HIT_AND_FAILED = 4
"""Hits, and rows that could not be screened."""


class MatchFormat(StrEnum):
    """How `match` prints: a table for people, JSON for programs."""

    TABLE = "table"
    JSON = "json"


class ScreenFormat(StrEnum):
    """How `screen` writes: CSV (a line per candidate), JSON, JSON Lines, or a table of
    each row's best candidate."""

    CSV = "csv"
    JSON = "json"
    JSONL = "jsonl"
    TABLE = "table"


ThresholdOption = Annotated[float, typer.Option(
    "--threshold", "-t", min=0.0, max=1.0, help="The score a candidate needs (0 to 1).")]
LimitOption = Annotated[int, typer.Option("--limit", "-n", min=1,
                                          help="Candidates per name, at most.")]


def _day(as_of: str | None) -> dt.date:
    try:
        return parse_day(as_of, what="--as-of date")
    except DateFormatError as error:
        fail(str(error))


def hit(candidate: Candidate) -> bool:
    """Whether a candidate counts as a hit: listed in force on the day."""
    return candidate.listed_in_force


def match(
    name: Annotated[str, typer.Argument(help="The name to screen.", show_default=False)],
    *,
    country: Annotated[str | None, typer.Option(
        "--country", "-c", help="Its country: an ISO code (CN) or a name (China).",
        show_default=False)] = None,
    address: Annotated[str | None, typer.Option(
        "--address", help="Its address, if known.", show_default=False)] = None,
    limit: LimitOption = DEFAULT_LIMIT,
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    as_of: AsOfOption = None,
    output_format: Annotated[MatchFormat, typer.Option(
        "--format", "-f", help="table or json.", case_sensitive=False)] = MatchFormat.TABLE,
    store: StoreOption = None,
) -> None:
    """Screen one name: the firms, organisations, agencies and persons it may be, best
    first, with score, features, listings and status on the day.

    Exit codes: 0 no candidate listed in force; 3 a candidate listed in force (a hit);
    2 a name that cannot be screened, a malformed date or a store that cannot be opened.
    """
    from tradegraph.graph.screening.name_search import ScreeningError

    day = _day(as_of)
    with opened(store, read_only=True) as graph:
        try:
            result = graph.match(name, country=country, address=address, limit=limit,
                                 threshold=threshold, as_of=day)
        except ScreeningError as error:
            fail(str(error))
    if output_format is MatchFormat.JSON:
        sys.stdout.write(json.dumps({**result.to_dict(), "as_of": day.isoformat(),
                                     "threshold": threshold}, indent=2,
                                    ensure_ascii=False) + "\n")
    else:
        _match_table(result, day, threshold)
    if any(hit(c) for c in result.candidates):
        raise typer.Exit(EXIT_HIT)


def _status_text(candidate: Candidate) -> str:
    if candidate.status is not None and candidate.status.in_force:
        return "in force: " + ", ".join(candidate.status.regimes_in_force)
    if candidate.listed_in_force:
        return "listed, in force"
    if candidate.listed:
        return "listed, not in force"
    return "not listed"


def _match_table(result: MatchResult, day: dt.date, threshold: float) -> None:
    country = f" ({result.country})" if result.country else ""
    if not result.candidates:
        out.print(f"no candidate for {escape(result.query)!r}{country} at or above "
                  f"{threshold:.2f}")
        return
    out.print(f"candidates for {escape(result.query)!r}{country}, status as of {day}:")
    for rank, candidate in enumerate(result.candidates, start=1):
        citations = sorted({c for item in candidate.listings for c in item.citations})
        cited = f" [{'; '.join(citations)}]" if citations else ""
        where = ", ".join((candidate.kind, *candidate.countries))
        matched = ("" if candidate.matched_name == candidate.label
                   else f" (matched {candidate.matched_name!r})")
        out.print(f"{rank}. {candidate.score:.3f} [bold]{escape(candidate.label)}[/] "
                  f"({escape(where)}){escape(matched)}: {escape(_status_text(candidate))}"
                  f"{escape(cited)}")
    best = result.candidates[0]
    out.print("why the best: " + escape("; ".join(
        f"{f.kind}: {f.detail}" for f in best.features)))


def screen(
    path: Annotated[Path, typer.Argument(
        help="The list to screen: CSV or TSV, with a header naming the columns or a "
             "column of names.", show_default=False)],
    *,
    name_column: Annotated[str | None, typer.Option(
        "--name-column", help="The column of names: its header or number (1 is the "
                              "first). Default: the column headed like a name, else the "
                              "first.", show_default=False)] = None,
    country_column: Annotated[str | None, typer.Option(
        "--country-column", help="The column of countries (header or number). Default: "
                                 "the one headed Country, if any.", show_default=False)] = None,
    address_column: Annotated[str | None, typer.Option(
        "--address-column", help="The column of addresses (header or number).",
        show_default=False)] = None,
    encoding: Annotated[str | None, typer.Option(
        "--encoding", help="The list's text encoding. Default: recognised.",
        show_default=False)] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="File to write (.csv, .json or .jsonl). Default: standard "
                               "output.", show_default=False)] = None,
    output_format: Annotated[ScreenFormat | None, typer.Option(
        "--format", "-f", help="csv, json, jsonl or table. Default: from --output, else "
                               "csv.", case_sensitive=False, show_default=False)] = None,
    limit: LimitOption = DEFAULT_LIMIT,
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    as_of: AsOfOption = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", min=1, help="Processes searching a long list [default: one per core, "
                                 "at most 4].", show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    store: StoreOption = None,
) -> None:
    """Screen a customer or supplier list: each row's candidates with score, features,
    listings and status on the day. Rows that cannot be screened are reported by line on
    standard error; the others go on.

    Exit codes: 0 no hit; 3 a candidate listed in force; 1 rows that could not be screened
    (and no hit); 4 both; 2 a list that cannot be read or a bad option.
    """
    from tradegraph.graph.screening.customers import CustomerListError, read_customers
    from tradegraph.graph.screening.name_search import ScreeningError

    fmt = output_format or _format_of(output)
    day = _day(as_of)
    try:
        customers = read_customers(path, name_column=_column(name_column),
                                   country_column=_column(country_column),
                                   address_column=_column(address_column), encoding=encoding)
    except CustomerListError as error:
        fail(str(error))
    total = max(len(customers.text.splitlines()) - customers.header_line, 0)
    tally = _Tally(str(path))
    with opened(store, read_only=True) as graph:
        progress = _progress(quiet)
        with progress:
            task = progress.add_task("screening", total=total)
            try:
                rows = graph.screen(customers, limit=limit, threshold=threshold, as_of=day,
                                    workers=workers,
                                    progress=lambda done: progress.update(task, completed=done))
                _write(tally.count(rows), fmt, output)
            except ScreeningError as error:
                fail(str(error))
    for message in tally.errors:
        err.print(f"[red]bad row[/] {escape(message)}")
    err.print(f"{tally.rows} rows screened ({customers.encoding}): {tally.matched} with "
              f"candidates, {tally.hits} listed in force on {day}; {len(tally.errors)} "
              "could not be screened")
    code = (EXIT_HIT_AND_FAILED if tally.hits and tally.errors else EXIT_HIT if tally.hits
            else EXIT_FAILED if tally.errors else 0)
    raise typer.Exit(code)


class _Tally:
    """Counts what passes through to the writer: rows, rows with candidates, hits, and
    the bad rows' messages."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.rows = self.matched = self.hits = 0
        self.errors: list[str] = []

    def count(self, rows: Iterator[ScreenedRow]) -> Iterator[ScreenedRow]:
        for row in rows:
            self.rows += 1
            if row.error is not None:
                error = row.error
                self.errors.append(error.message() if error.source
                                   else f"{self.source}: {error.message()}")
            elif row.result is not None and row.result.candidates:
                self.matched += 1
                self.hits += any(hit(c) for c in row.result.candidates)
            yield row


def _column(value: str | None) -> str | int | None:
    if value is None:
        return None
    return int(value) if value.strip().isdigit() else value


def _format_of(output: Path | None) -> ScreenFormat:
    if output is None:
        return ScreenFormat.CSV
    suffix = output.suffix.lower().lstrip(".")
    if suffix in ("csv", "json", "jsonl"):
        return ScreenFormat(suffix)
    if suffix == "ndjson":
        return ScreenFormat.JSONL
    fail(f"cannot tell the format of {output} from its extension: give --format csv, json "
         "or jsonl, or name it .csv, .json or .jsonl")


def _progress(quiet: bool) -> Progress:
    return Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True,
                    disable=quiet or not err.is_terminal)


def _write(rows: Iterator[ScreenedRow], fmt: ScreenFormat, output: Path | None) -> None:
    """Write the run to `output` (through NAME.partial, renamed when complete) or stdout."""
    from tradegraph.graph.screening.writers import write_csv, write_json

    if fmt is ScreenFormat.TABLE:
        if output is not None:
            fail("--format table prints to the terminal; write a file as csv, json or jsonl")
        _screen_table(rows)
        return
    partial = output.with_name(output.name + ".partial") if output is not None else None
    try:
        stream = partial.open("w", encoding="utf-8", newline="") if partial else sys.stdout
    except OSError as error:
        fail(f"cannot write {output}: {error.strerror}")
    try:
        if fmt is ScreenFormat.CSV:
            write_csv(rows, stream)
        else:
            write_json(rows, stream, lines=fmt is ScreenFormat.JSONL)
    except BaseException:
        if partial is not None:
            stream.close()
            partial.unlink(missing_ok=True)
        raise
    if partial is not None and output is not None:
        stream.close()
        partial.replace(output)


def _screen_table(rows: Iterator[ScreenedRow]) -> None:
    table = Table("line", "name", "best candidate", "score", "status", "more")
    for row in rows:
        name = row.row.name if row.row else ""
        if row.error is not None:
            table.add_row(str(row.line), name, f"[red]{escape(row.error.reason)}[/]", "", "",
                          "")
            continue
        candidates = row.result.candidates if row.result else ()
        if not candidates:
            table.add_row(str(row.line), name, "no match", "", "", "")
            continue
        best = candidates[0]
        table.add_row(str(row.line), name, best.label, f"{best.score:.3f}",
                      _status_text(best), str(len(candidates) - 1) if len(candidates) > 1
                      else "")
    out.print(table)
