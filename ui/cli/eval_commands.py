"""`tradegraph eval`: extraction scored against gold annotations (no store involved)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tradegraph.ui.cli.shared import EXIT_FAILED, err, fail, out


def evaluate(
    docs: Annotated[Path, typer.Option("--docs", help="Folder of documents.")],
    gold: Annotated[Path, typer.Option("--gold", help="Folder of gold .json files.")],
    *,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")]
    = False,
    details: Annotated[bool, typer.Option(help="List misses and false alarms.")] = True,
    first_sight: Annotated[bool, typer.Option(
        "--first-sight", help="Show each document's first-sight score beside the current "
                              "one, recording documents scored for the first time.")] = False,
    record: Annotated[Path | None, typer.Option(
        "--first-sight-file", help="The first-sight record [default: the one kept in the "
                                   "repository, ingest/evaluation/first_sight.json].")] = None,
) -> None:
    """Score extraction against gold annotations: P/R/F1 and date accuracy, per document,
    per genre and per failure class.

    Gold files follow ../shared/corpus/gold/GUIDELINES.md; each names its document.
    """
    from tradegraph.ingest.evaluation import (
        DEFAULT_RECORD,
        EvaluationError,
        evaluate_with_first_sight,
        to_json,
    )
    from tradegraph.ingest.evaluation import evaluate as run_evaluation
    from tradegraph.ui.cli.eval_output import print_evaluation, print_first_sight

    try:
        if first_sight or record is not None:
            run = evaluate_with_first_sight(docs, gold, record or DEFAULT_RECORD)
            report, extra = run.report, run.as_dict()
        else:
            report, run, extra = run_evaluation(docs, gold), None, {}
    except EvaluationError as error:
        fail(str(error))
    if as_json:
        out.print_json(to_json(report, extra))
    else:
        print_evaluation(out, err, report, details)
        if run is not None:
            print_first_sight(out, err, run)
    if report.errors:
        raise typer.Exit(EXIT_FAILED)
