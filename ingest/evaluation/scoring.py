"""Score one document's extraction against its gold annotations.

Entities match when they have the same type and share a name (label, alias or mentioned
surface form, compared case-insensitively without a leading "the" or a possessive "'s").
Actions match when they have the same type, an acceptable agent (any of the gold agent's
names; any agent when the gold gives none) and at least one gold target (any when the gold
gives none). Date accuracy is over matched actions whose gold date is known: the predicted
date must agree with it at the gold's precision (a day inside a gold month is right, a
month for a gold day is not). Matching is one-to-one and greedy; among equal matches the
one with the gold date is taken, so the figure does not depend on the order of actions.

The action figures are those of the core types, as the independent scorer
(`shared/tools/score_extraction.py`) counts them: a `Statement` (a party's words about an
act) is scored apart, in `statements`, and has no date in the date figure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from tradegraph.ingest.evaluation.gold import GoldDocument, names_of
from tradegraph.ontology.models import Action, EntityRef, Extraction, PartialDate

APART = frozenset({"Statement"})
"""Action types scored apart from the core actions (see the module's docstring)."""


@dataclass
class Score:
    """True positives, false positives and false negatives, with P/R/F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Score) -> None:
        """Accumulate another score into this one."""
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        """Share of predictions that are right (1.0 when nothing was predicted)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of gold items found (1.0 when there were none)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        """Counts and rates, for JSON output."""
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3)}


def summed(scores: Iterable[Score]) -> Score:
    """The scores added up."""
    total = Score()
    for score in scores:
        total.add(score)
    return total


@dataclass
class DocumentScore:
    """The scores of one document, with what was missed and what was wrongly found.

    `missed_actions` and `missed_entities` count misses per gold type; `wrong_dates` counts
    matched actions dated otherwise than the gold, `missing_dates` those left undated.
    """

    doc: str
    genre: str = "unknown"
    entities: dict[str, Score] = field(default_factory=dict)
    actions: Score = field(default_factory=Score)
    statements: Score = field(default_factory=Score)
    dates_right: int = 0
    dates_scored: int = 0
    missing_dates: int = 0
    missed_actions: Counter[str] = field(default_factory=Counter)
    missed_entities: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    date_errors: list[str] = field(default_factory=list)

    @property
    def entity_total(self) -> Score:
        """Entities over all types."""
        return summed(self.entities.values())

    def with_statements(self) -> DocumentScore:
        """A copy whose action score counts statements too (as scores did before #28)."""
        actions = Score()
        actions.add(self.actions)
        actions.add(self.statements)
        return replace(self, actions=actions, statements=Score())

    @property
    def wrong_dates(self) -> int:
        """Matched actions with a gold date and another (not no) predicted date."""
        return self.dates_scored - self.dates_right - self.missing_dates


def score_document(gold: GoldDocument, extraction: Extraction,
                   genre: str = "unknown") -> DocumentScore:
    """Compare one document's extraction with its gold annotations."""
    result = DocumentScore(gold.doc, genre)
    names = _predicted_names(extraction)
    gold_names = {entity.label: names_of([entity.label, *entity.aliases])
                  for entity in gold.entities}
    _score_entities(gold, extraction, names, result)
    _score_actions(gold, extraction.actions, names, gold_names, result)
    return result


def _predicted_names(extraction: Extraction) -> dict[EntityRef, frozenset[str]]:
    surface: dict[EntityRef, list[str]] = {}
    for mention in extraction.mentions:
        surface.setdefault(mention.entity, []).append(mention.evidence.quote)
    return {entity.ref: names_of([entity.label, *entity.aliases, *surface.get(entity.ref, [])])
            for entity in extraction.entities}


def _score_entities(gold: GoldDocument, extraction: Extraction,
                    names: dict[EntityRef, frozenset[str]], result: DocumentScore) -> None:
    mentioned = {mention.entity for mention in extraction.mentions}
    predicted = [entity for entity in extraction.entities if entity.ref in mentioned]
    taken: set[EntityRef] = set()
    for entity in gold.entities:
        score = result.entities.setdefault(entity.type, Score())
        wanted = names_of([entity.label, *entity.aliases])
        match = next((p for p in predicted if p.ref not in taken
                      and p.type.value == entity.type and names[p.ref] & wanted), None)
        if match is None:
            score.fn += 1
            result.missed_entities[entity.type] += 1
            result.misses.append(f"entity {entity.type} {entity.label!r}")
        else:
            score.tp += 1
            taken.add(match.ref)
    for found in predicted:
        if found.ref not in taken:
            result.entities.setdefault(found.type.value, Score()).fp += 1
            result.false_alarms.append(f"entity {found.type.value} {found.label!r}")


def _score_actions(gold: GoldDocument, predicted: list[Action],
                   names: dict[EntityRef, frozenset[str]],
                   gold_names: dict[str, frozenset[str]], result: DocumentScore) -> None:
    def fits(refs: list[EntityRef], labels: list[str]) -> bool:
        if not labels:
            return True
        wanted = frozenset().union(*(gold_names.get(label, names_of([label]))
                                     for label in labels))
        return any(names.get(ref, frozenset()) & wanted for ref in refs)

    taken: set[int] = set()
    for action in gold.actions:
        score = result.statements if action.type in APART else result.actions
        candidates = [i for i, p in enumerate(predicted) if i not in taken
                      and p.type.value == action.type and fits(p.agents, action.agent)
                      and fits(p.targets, action.targets)]
        # Among equal matches prefer the one with the gold date.
        candidates.sort(key=lambda i: not date_agrees(predicted[i].date, action.date))
        if not candidates:
            score.fn += 1
            result.missed_actions[action.type] += 1
            result.misses.append(f"action {action.type} {action.agent[:1]} -> "
                                 f"{action.targets[:2]} ({action.date}): "
                                 f"{(action.evidence or '')[:90]!r}")
            continue
        score.tp += 1
        taken.add(candidates[0])
        if action.date is not None and action.type not in APART:
            result.dates_scored += 1
            found = predicted[candidates[0]].date
            if date_agrees(found, action.date):
                result.dates_right += 1
            else:
                result.missing_dates += found is None
                result.date_errors.append(f"{action.type}: found {found}, gold {action.date}")
    for index, extra in enumerate(predicted):
        if index not in taken:
            (result.statements if extra.type.value in APART else result.actions).fp += 1
            quote = extra.evidence[0].quote[:90] if extra.evidence else ""
            result.false_alarms.append(f"action {extra.type.value} ({extra.date}): {quote!r}")


def date_agrees(found: PartialDate | None, gold: str | None) -> bool:
    """Whether a predicted date agrees with a gold date at the gold's precision.

    >>> day = PartialDate.parse("2020-11-30")
    >>> date_agrees(day, "2020-11"), date_agrees(day, "2020-11-30"), date_agrees(day, "2020-12")
    (True, True, False)
    >>> date_agrees(PartialDate.parse("2020-11"), "2020-11-30"), date_agrees(None, "2020")
    (False, False)
    """
    text = "" if found is None else str(found)
    return gold is not None and len(text) >= len(gold) and text.startswith(gold)
