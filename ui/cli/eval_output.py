"""How `tradegraph eval` prints its reports: per document, per genre, per failure class,
and first-sight beside current."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from tradegraph.ingest.evaluation import FirstSightRun, GroupComparison, Report, Score, Tally


def _prf(score: Score) -> list[str]:
    return [f"{score.precision:.2f}", f"{score.recall:.2f}", f"{score.f1:.2f}"]


def _dates(tally: Tally) -> str:  # the rate and its counts
    return f"{tally.date_accuracy:.2f} ({tally.dates_right}/{tally.dates_scored})"


def print_evaluation(out: Console, err: Console, report: Report, details: bool) -> None:
    """Per-document scores, totals, genres, entity types and failure classes."""
    table = Table("document", "genre", "entity P", "R", "F1", "action P", "R", "F1", "dates")
    for document in report.documents:
        table.add_row(escape(document.doc), document.genre, *_prf(document.entity_total),
                      *_prf(document.actions), f"{document.dates_right}/{document.dates_scored}")
    tally = report.tally()
    entities, actions = _prf(tally.entities), _prf(tally.actions)
    table.add_row("[b]overall[/b]", "", entities[0], entities[1], f"[b]{entities[2]}[/b]",
                  actions[0], actions[1], f"[b]{actions[2]}[/b]",
                  f"[b]{tally.date_accuracy:.2f}[/b]")
    out.print(table)
    statements = tally.statements
    out.print(f"actions: the core types; statements scored apart: {statements.tp} right of "
              f"{statements.tp + statements.fn}, {statements.fp} false (F1 {statements.f1:.2f})")
    genres = Table("genre", "docs", "entity F1", "action P", "R", "F1", "dates")
    for genre, group in report.by_genre().items():
        genres.add_row(genre, str(group.documents), f"{group.entities.f1:.2f}",
                       *_prf(group.actions), _dates(group))
    out.print(genres)
    by_type = Table("entity type", "gold", "found", "P", "R", "F1")
    for entity_type, score in tally.entities_by_type.items():
        by_type.add_row(entity_type, str(score.tp + score.fn), str(score.tp + score.fp),
                        *_prf(score))
    out.print(by_type)
    _print_failures(out, tally)
    if details:
        _print_details(out, report)
    for error in report.errors:
        err.print(f"error: {escape(error)}")


def _print_failures(out: Console, tally: Tally) -> None:
    failures = Table("failure class", "kind", "count")
    for kind, count in tally.missed_actions.most_common():
        failures.add_row("missed action", kind, str(count))
    for kind, count in tally.missed_entities.most_common():
        failures.add_row("missed entity", kind, str(count))
    failures.add_row("date", "wrong", str(tally.wrong_dates))
    failures.add_row("date", "missing", str(tally.missing_dates))
    out.print(failures)


def _print_details(out: Console, report: Report) -> None:
    for document in report.documents:
        lines = ([f"  miss: {m}" for m in document.misses]
                 + [f"  false alarm: {f}" for f in document.false_alarms]
                 + [f"  date: {d}" for d in document.date_errors])
        if lines:
            out.print(f"\n[b]{escape(document.doc)}[/b]")
            for line in lines:
                out.print(escape(line))


def print_first_sight(out: Console, err: Console, run: FirstSightRun) -> None:
    """First-sight beside current figures (first -> now), for groups and then each document."""
    table = Table("group (first -> now)", "docs", "entity F1", "actions tp/gold/found",
                  "action F1", "dates right/scored")
    for group, after in zip(run.groups, [*run.groups[1:], None], strict=True):
        last_of_groups = not group.single and (after is None or after.single)
        table.add_row(escape(group.group), str(group.current.documents), *_beside(group),
                      end_section=last_of_groups)
    out.print(table)
    for doc in run.added:
        out.print(f"first sight recorded: {escape(doc)}")
    for doc in run.changed:
        err.print(f"warning: {escape(doc)} differs from the text first scored")


def _beside(group: GroupComparison) -> list[str]:
    first, now = group.first, group.current

    def counts(tally: Tally) -> str:
        a = tally.actions
        return f"{a.tp}/{a.tp + a.fn}/{a.tp + a.fp}"

    def dates(tally: Tally) -> str:
        return f"{tally.dates_right}/{tally.dates_scored}"

    return [f"{first.entities.f1:.2f} -> {now.entities.f1:.2f}",
            f"{counts(first)} -> {counts(now)}",
            f"{first.actions.f1:.2f} -> {now.actions.f1:.2f}", f"{dates(first)} -> {dates(now)}"]
