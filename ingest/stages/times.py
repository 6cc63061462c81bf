"""Time tagging: date and duration expressions of each sentence, resolved against the
document's publication date (see `tradegraph.ingest.timenorm`)."""

from __future__ import annotations

from tradegraph.ingest.analysis import Analysis, TimeExpression
from tradegraph.ingest.timenorm import find_times


class TimeTagger:
    """Fill `analysis.times` from every non-noise sentence."""

    name = "times"
    version = "1"

    def __call__(self, analysis: Analysis) -> None:
        """Tag and resolve time expressions."""
        text = analysis.normalized.text
        reference = analysis.document.published
        doc = analysis.doc
        for sentence in analysis.sentences:
            if sentence.noise:
                continue
            for found in find_times(text[sentence.start:sentence.end], reference):
                start, end = sentence.start + found.start, sentence.start + found.end
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is None:
                    continue
                analysis.times.append(TimeExpression(
                    start=start, end=end, token_start=span.start, token_end=span.end,
                    sentence=sentence.index, text=found.text, date=found.date,
                    role=found.role, duration=found.duration,
                ))
