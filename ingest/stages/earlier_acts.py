"""The earlier order a trigger names when the document acts on it: "Order Terminating Denial
Order Issued on May 2, 2031, Against X", "renew the temporary denial order issued in this
matter on March 3, 2031".

The date an "issued / signed on" phrase gives the named order is that order's date, not the
date of what the document does to it (ends, renews, extends it). So the trigger states two
acts: the document's own (dated by its own clause's other dates, else as any act is), and the
earlier order, a recalled act with that date and no agent, since the words name none (the
office that ends an order is not said to have issued it).

>>> from tradegraph.ingest.lexicon import load_action_lexicon
>>> orders = EarlierOrders.from_lexicon(load_action_lexicon())
>>> bool(orders.acting.match("terminating")), "issued" in orders.participles
(True, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tradegraph.ingest.analysis import Analysis, TimeExpression
from tradegraph.ingest.lexicon import ActionLexicon
from tradegraph.ingest.stages.dating import Span
from tradegraph.ingest.stages.patterns import word_matcher

ACTING_REACH = 3
"""Tokens before the trigger searched for the verb acting on the order ("to renew the")."""
PARTICIPLE_REACH = 12
"""Tokens after the trigger within which the dating participle and its date stand
("temporary denial order (“TDO”) issued in this matter on ...")."""


@dataclass(frozen=True)
class EarlierOrders:
    """Finds the date of the earlier order a trigger names, if the document acts on it."""

    acting: re.Pattern[str] | None
    participles: frozenset[str]

    @classmethod
    def from_lexicon(cls, lexicon: ActionLexicon) -> EarlierOrders:
        """The cue words of the lexicon's `acts_on_earlier` and `dating_participles`."""
        return cls(word_matcher(lexicon.cues.acts_on_earlier) if lexicon.cues.acts_on_earlier
                   else None,
                   frozenset(word.lower() for word in lexicon.cues.dating_participles))

    def earlier_date(self, analysis: Analysis, span: Span,
                     times: list[TimeExpression]) -> TimeExpression | None:
        """The time expression dating the earlier order the trigger names, else None."""
        if self.acting is None or not self.participles:
            return None
        doc = analysis.doc
        start = max(span.sentence.token_start, span.start - ACTING_REACH)
        acting = self.acting
        if not any(acting.match(token.lower_) for token in doc[start:span.start]):
            return None
        for time in sorted(times, key=lambda t: t.token_start):
            if time.date is None or time.token_start < span.end:
                continue
            if time.token_start - span.end > PARTICIPLE_REACH:
                break
            if any(token.lower_ in self.participles for token in doc[span.end:time.token_start]):
                return time
        return None
