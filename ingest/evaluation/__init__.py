"""Score extraction against gold annotations (the format of `../shared/corpus/gold/`).

`evaluate` scores a folder of documents against a folder of gold files; the report sums
the scores overall, per genre and per failure class. The first-sight record keeps each
document's first score, so figures on text the rules were not written from stay visible.
"""

from tradegraph.ingest.evaluation.comparison import (
    FirstSightRun,
    GroupComparison,
    compare,
    evaluate_with_first_sight,
)
from tradegraph.ingest.evaluation.first_sight import (
    DEFAULT_RECORD,
    FirstSightRecord,
    changed_since_first_sight,
    load_record,
    record_first_sights,
    save_record,
)
from tradegraph.ingest.evaluation.gold import (
    EvaluationError,
    GoldDocument,
    load_gold,
    normalise_name,
)
from tradegraph.ingest.evaluation.report import Report, ScoredText, Tally, evaluate, to_json
from tradegraph.ingest.evaluation.scoring import DocumentScore, Score, score_document

__all__ = [
    "DEFAULT_RECORD", "DocumentScore", "EvaluationError", "FirstSightRecord", "FirstSightRun",
    "GoldDocument", "GroupComparison", "Report", "Score", "ScoredText", "Tally",
    "changed_since_first_sight", "compare", "evaluate", "evaluate_with_first_sight",
    "load_gold", "load_record", "normalise_name", "record_first_sights", "save_record",
    "score_document", "to_json",
]
