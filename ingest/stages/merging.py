"""Merging the reports of one action within a document.

A document often states one act several times: in its title, its lead and its body
("BIS extends the temporary general license ... The TGL authorizes ..."). Reports of the
same type merge when their targets agree (or one names none), their agents are of one
government and their dates agree; the merged action keeps the most specific date and
agent and all the evidence. Regulations are distinct measures unless they share a target
or a sentence: a rule often makes several.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from typing import Generic, TypeVar

from tradegraph.ingest.stages.hierarchy import AgentHierarchy
from tradegraph.ontology.models import Action, ActionType, PartialDate

Key = TypeVar("Key", bound=Hashable)


def _dates_agree(a: PartialDate | None, b: PartialDate | None) -> bool:
    """Equal, unknown on one side, or one a coarser form of the other (2019-11, 2019-11-20)."""
    if a is None or b is None:
        return True
    shorter, longer = sorted((a.isoformat(), b.isoformat()), key=len)
    return longer.startswith(shorter)


def _compatible(a: Action, b: Action, hierarchy: AgentHierarchy) -> bool:
    """Whether two reports in one document can be the same action: the same type, agents
    of one government, dates that agree, and targets that overlap. A report naming no
    target is the same act as another of its type ("The TGL was implemented to ...")
    unless it is a Regulation (a rule makes several measures: only its own sentence ties
    it to another); two reports naming none are one act when they are dated alike."""
    if (a.type != b.type or not _dates_agree(a.date, b.date)
            or (a.agents and b.agents and not hierarchy.same_government(a.agents, b.agents))):
        return False
    # a rule makes several measures ("BIS also imposed ..."): only its own sentence or a
    # report pointing back at it ("This amendment ...") ties one to another
    if a.type is ActionType.REGULATION and not (
            _same_sentence(a, b) or _refers_back(a) or _refers_back(b)):
        return False
    if a.targets and b.targets:
        return bool(set(a.targets) & set(b.targets))
    if _same_sentence(a, b) or a.type is ActionType.REGULATION:
        return True
    return bool(a.targets or b.targets) or (a.date is not None and a.date == b.date)


_REFERS_BACK = re.compile(
    r"^(?:\W*\w+:\s+)?(?:this|these|the|today['’]s|that)\s+(?:\w+\s+)?"
    r"(?:amendments?|rules?|controls?|changes?|measures?|restrictions?|regulations?)\b",
    re.IGNORECASE)


def _refers_back(action: Action) -> bool:
    """Whether a report opens by pointing back at a measure: "This amendment further
    restricts ...", "Today's rule ..."."""
    return any(_REFERS_BACK.match(evidence.quote) for evidence in action.evidence)


def _same_sentence(a: Action, b: Action) -> bool:
    return any(x.start < y.end and y.start < x.end for x in a.evidence for y in b.evidence)


def _specificity(action: Action) -> tuple[int, int, float]:
    precision = {None: 0, "year": 1, "month": 2, "day": 3}
    date_rank = precision[action.date.precision.value if action.date else None]
    return (-date_rank, -len(action.agents), -action.confidence)


def merge_actions(actions: list[Action], hierarchy: AgentHierarchy | None = None
                  ) -> list[Action]:
    """Merge the reports of one action within a document: the same type and targets, with
    agents of one government and compatible dates. The merged action keeps the most specific
    date and agent and all the evidence."""
    hierarchy = hierarchy or AgentHierarchy()
    merged: list[Action] = []
    # where a report can merge: kept reports of its type that name no target or share one
    # of its targets (two reports naming targets merge only if these overlap), and whose
    # dates agree with its own, so a long document's reports are not each compared with
    # all the others of their firm
    untargeted: DatedIndex[ActionType] = DatedIndex()
    by_target: DatedIndex[tuple[ActionType, str]] = DatedIndex()
    everything: DatedIndex[ActionType] = DatedIndex()
    for action in sorted(actions, key=_specificity):
        if action.targets:
            candidates = set(untargeted.find(action.type, action.date))
            for target in action.targets:
                candidates.update(by_target.find((action.type, str(target)), action.date))
        else:
            candidates = set(everything.find(action.type, action.date))
        for index in sorted(candidates):
            kept = merged[index]
            if _compatible(kept, action, hierarchy):
                # One government's several names for the actor: keep them all, most specific
                # first (the order the action's IRI and label are made from).
                agents = dict.fromkeys([*kept.agents, *action.agents])
                kept.agents = sorted(agents, key=lambda ref: -hierarchy.depth(ref))
                kept.evidence.extend(e for e in action.evidence if e not in kept.evidence)
                kept.products.extend(p for p in action.products if p not in kept.products)
                kept.kinds.extend(k for k in action.kinds if k not in kept.kinds)
                # a report naming no target merged into one that does (or the reverse)
                kept.targets.extend(t for t in action.targets if t not in kept.targets)
                kept.affiliates_of.extend(
                    o for o in action.affiliates_of if o not in kept.affiliates_of)
                kept.targets = [t for t in kept.targets if t not in kept.affiliates_of]
                kept.quantity = kept.quantity or action.quantity
                kept.country = kept.country or action.country
                kept.end_date = kept.end_date or action.end_date
                kept.duration = kept.duration or action.duration
                kept.confidence = max(kept.confidence, action.confidence)
                _index(kept, index, untargeted, by_target)
                break
        else:
            merged.append(_kept_copy(action))
            everything.add(action.type, len(merged) - 1, action.date)
            _index(merged[-1], len(merged) - 1, untargeted, by_target)
    return sorted(merged, key=lambda a: a.evidence[0].start)


def _kept_copy(action: Action) -> Action:
    """A copy of a report to merge others into: its own lists (which merging extends);
    what they hold (evidence, references) is never changed, so it is shared, not copied
    (a deep copy of every report was a tenth of a long document's merge)."""
    return action.model_copy(update={
        "agents": list(action.agents), "targets": list(action.targets),
        "affiliates_of": list(action.affiliates_of), "evidence": list(action.evidence),
        "products": list(action.products), "kinds": list(action.kinds),
        "beneficiaries": list(action.beneficiaries), "citations": list(action.citations),
        "programs": list(action.programs), "see_also": list(action.see_also)})


def _index(action: Action, index: int, untargeted: DatedIndex[ActionType],
           by_target: DatedIndex[tuple[ActionType, str]]) -> None:
    """File a kept report under its targets (or as naming none); it may gain targets."""
    if not action.targets:
        untargeted.add(action.type, index, action.date)
        return
    for target in action.targets:
        by_target.add((action.type, str(target)), index, action.date)


class DatedIndex(Generic[Key]):
    """Kept reports filed under a key and by date, so that a report is compared only with
    those whose dates agree with its own (`_dates_agree`): any, if it has none; else those
    with no date, the same date, or a coarser or finer form of it.

    >>> index: DatedIndex[str] = DatedIndex()
    >>> for number, date in enumerate(["2019-05-16", "2019-05", "2019", None, "2020-01-02"]):
    ...     index.add("acme", number, PartialDate.parse(date) if date else None)
    >>> sorted(index.find("acme", PartialDate.parse("2019-05-16")))
    [0, 1, 2, 3]
    >>> sorted(index.find("acme", PartialDate.parse("2019")))
    [0, 1, 2, 3]
    >>> sorted(index.find("acme", None))
    [0, 1, 2, 3, 4]
    """

    def __init__(self) -> None:
        self._all: dict[Key, dict[int, None]] = {}
        self._dated: dict[tuple[Key, str | None], dict[int, None]] = {}
        self._finer: dict[tuple[Key, str], dict[int, None]] = {}

    def add(self, key: Key, index: int, date: PartialDate | None) -> None:
        """File report `index` under `key` (once: filing it again changes nothing)."""
        self._all.setdefault(key, {})[index] = None
        form = date.isoformat() if date is not None else None
        self._dated.setdefault((key, form), {})[index] = None
        for coarser in _coarser_forms(form):
            self._finer.setdefault((key, coarser), {})[index] = None

    def find(self, key: Key, date: PartialDate | None) -> list[int]:
        """The reports under `key` whose dates agree with `date`."""
        if date is None:
            return list(self._all.get(key, ()))
        form = date.isoformat()
        found = [*self._dated.get((key, None), ()), *self._finer.get((key, form), ())]
        for agreeing in (*_coarser_forms(form), form):
            found.extend(self._dated.get((key, agreeing), ()))
        return found


def _coarser_forms(form: str | None) -> list[str]:
    """`2019-05-16` -> [`2019`, `2019-05`]: the coarser dates it is a finer form of."""
    if form is None:
        return []
    parts = form.split("-")
    return ["-".join(parts[:size]) for size in range(1, len(parts))]
