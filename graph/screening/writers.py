"""Writing a screening run: CSV for spreadsheets (one line per candidate, or one per row
without any), JSON or JSON Lines with everything (features, listings, evidence)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TextIO

from tradegraph.graph.screening.results import Candidate, ScreenedRow

CSV_COLUMNS = ["line", "name", "country", "address", "status", "rank", "score", "candidate",
               "candidate_iri", "candidate_kind", "matched_name", "listed_in_force",
               "in_force", "listings", "citations", "evidence", "features", "error"]
"""Then the input row's other columns, by their headers. `in_force` names the regimes
(Entity List, denial order, ...) the candidate stood under on the day screened for."""


def _listings(candidate: Candidate) -> tuple[str, str, str]:
    listings = "; ".join(
        f"{item.action_type} {item.start_date or item.date or '?'}"
        f"{' (' + item.source_list + ')' if item.source_list else ''}"
        f"{'' if item.in_force is None else ' in force' if item.in_force else ' not in force'}"
        for item in candidate.listings)
    citations = "; ".join(sorted({c for item in candidate.listings for c in item.citations}))
    evidence = " | ".join(dict.fromkeys(
        e.quote for item in candidate.listings for e in item.evidence))
    return listings, citations, evidence


def write_csv(rows: Iterable[ScreenedRow], out: TextIO) -> int:
    """Write the run as CSV; the number of input rows written."""
    writer: csv.DictWriter[str] | None = None
    count = 0
    for screened in rows:
        row = screened.row
        extra = dict(row.extra) if row is not None else {}
        if writer is None:
            writer = csv.DictWriter(out, CSV_COLUMNS + [k for k in extra
                                                        if k not in CSV_COLUMNS],
                                    extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
        base = {"line": screened.line, "name": row.name if row else "",
                "country": (row.country or "") if row else "",
                "address": (row.address or "") if row else "", **extra}
        count += 1
        if screened.error is not None:
            writer.writerow({**base, "status": "error", "error": screened.error.reason})
            continue
        candidates = screened.result.candidates if screened.result else ()
        if not candidates:
            writer.writerow({**base, "status": "no match"})
        for rank, candidate in enumerate(candidates, start=1):
            listings, citations, evidence = _listings(candidate)
            writer.writerow({
                **base, "status": "match", "rank": rank, "score": f"{candidate.score:.3f}",
                "candidate": candidate.label, "candidate_iri": candidate.iri,
                "candidate_kind": candidate.kind, "matched_name": candidate.matched_name,
                "listed_in_force": "yes" if candidate.listed_in_force else "no",
                "in_force": "; ".join(candidate.status.regimes_in_force)
                if candidate.status is not None else "",
                "listings": listings, "citations": citations, "evidence": evidence,
                "features": "; ".join(f"{f.kind}: {f.detail}" for f in candidate.features)})
    if writer is None:
        csv.writer(out, lineterminator="\n").writerow(CSV_COLUMNS)
    return count


def write_json(rows: Iterable[ScreenedRow], out: TextIO, *, lines: bool = False) -> int:
    """Write the run as one JSON array (or JSON Lines, one row per line), streamed; the
    number of rows written."""
    count = 0
    if not lines:
        out.write("[")
    for screened in rows:
        text = json.dumps(screened.to_dict(), ensure_ascii=False)
        if lines:
            out.write(text + "\n")
        else:
            out.write(("," if count else "") + "\n" + text)
        count += 1
    if not lines:
        out.write("\n]\n")
    return count
