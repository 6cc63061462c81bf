"""`tradegraph eval`: extraction scored against gold annotations (no store involved)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from tradegraph.ingest.evaluation import Report as EvaluationReport
from tradegraph.ui.cli.common import EXIT_FAILED, err, fail, out


def evaluate(
    docs: Annotated[Path, typer.Option("--docs", help="Folder of documents.")],
    gold: Annotated[Path, typer.Option("--gold", help="Folder of gold .json files.")],
    *,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")]
    = False,
    details: Annotated[bool, typer.Option(help="List misses and false alarms.")] = True,
) -> None:
    """Score extraction against gold annotations: P/R/F1 and date accuracy.

    Gold files follow ../shared/corpus/gold/GUIDELINES.md; each names its document.
    """
    from tradegraph.ingest.evaluation import EvaluationError, to_json
    from tradegraph.ingest.evaluation import evaluate as run_evaluation

    try:
        report = run_evaluation(docs, gold)
    except EvaluationError as error:
        fail(str(error))
    if as_json:
        out.print_json(to_json(report))
    else:
        _print_evaluation(report, details)
    if report.errors:
        raise typer.Exit(EXIT_FAILED)


def _print_evaluation(report: EvaluationReport, details: bool) -> None:
    table = Table("document", "entity P", "R", "F1", "action P", "R", "F1", "dates")
    for document in report.documents:
        entities, actions = document.entity_total, document.actions
        table.add_row(escape(document.doc), f"{entities.precision:.2f}",
                      f"{entities.recall:.2f}", f"{entities.f1:.2f}",
                      f"{actions.precision:.2f}", f"{actions.recall:.2f}", f"{actions.f1:.2f}",
                      f"{document.dates_right}/{document.dates_scored}")
    entities, actions = report.entities(), report.actions()
    table.add_row("[b]overall[/b]", f"{entities.precision:.2f}", f"{entities.recall:.2f}",
                  f"[b]{entities.f1:.2f}[/b]", f"{actions.precision:.2f}",
                  f"{actions.recall:.2f}", f"[b]{actions.f1:.2f}[/b]",
                  f"[b]{report.date_accuracy():.2f}[/b]")
    out.print(table)
    by_type = Table("entity type", "gold", "found", "P", "R", "F1")
    for entity_type, score in report.entities_by_type().items():
        by_type.add_row(entity_type, str(score.tp + score.fn), str(score.tp + score.fp),
                        f"{score.precision:.2f}", f"{score.recall:.2f}", f"{score.f1:.2f}")
    out.print(by_type)
    if details:
        for document in report.documents:
            lines = ([f"  miss: {m}" for m in document.misses]
                     + [f"  false alarm: {f}" for f in document.false_alarms]
                     + [f"  date: {d}" for d in document.date_errors])
            if lines:
                out.print(f"\n[b]{escape(document.doc)}[/b]")
                for line in lines:
                    out.print(escape(line))
    for error in report.errors:
        err.print(f"error: {escape(error)}")
