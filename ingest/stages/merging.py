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

from tradegraph.ingest.stages.hierarchy import AgentHierarchy
from tradegraph.ontology.models import Action, ActionType, PartialDate


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
    for action in sorted(actions, key=_specificity):
        for kept in merged:
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
                kept.quantity = kept.quantity or action.quantity
                kept.country = kept.country or action.country
                kept.end_date = kept.end_date or action.end_date
                kept.duration = kept.duration or action.duration
                kept.confidence = max(kept.confidence, action.confidence)
                break
        else:
            merged.append(action.model_copy(deep=True))
    return sorted(merged, key=lambda a: a.evidence[0].start)
