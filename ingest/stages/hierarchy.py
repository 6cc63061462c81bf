"""Which government an acting party belongs to, and how specific it is.

A news article may credit one action to "the U.S.", "the Trump administration" and "the
Commerce Department" in turn. These are not the same node (BIS is part of Commerce, not
Commerce itself), but they are one government, so reports of one action by them can be
merged, and the merged action is credited to the most specific of them: the one a rule
or a list entry names, and the one another article is most likely to name too.
"""

from __future__ import annotations

from tradegraph.ontology.gazetteer import Gazetteer
from tradegraph.ontology.models import EntityRef, EntityType


class AgentHierarchy:
    """Government membership and depth of agents, from the gazetteer's parents and countries."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer

    def _entry_country(self, ref: EntityRef) -> str | None:
        if self.gazetteer is None or ref.key not in self.gazetteer:
            return None
        if self.gazetteer.ref(ref.key) != ref:
            return None
        return self.gazetteer.entry(ref.key).country

    def government(self, ref: EntityRef) -> str | None:
        """The country an agency acts for, or the country itself; None if unknown."""
        if ref.type is EntityType.COUNTRY:
            return ref.key
        if ref.type is EntityType.AGENCY:
            return self._entry_country(ref)
        return None

    def depth(self, ref: EntityRef) -> int:
        """0 for a country, else 1 + the number of parents above the agency."""
        if ref.type is EntityType.COUNTRY or self.gazetteer is None:
            return 0
        depth, key, seen = 1, ref.key, set()
        while key in self.gazetteer and key not in seen:
            seen.add(key)
            parent = self.gazetteer.entry(key).parent
            if parent is None:
                break
            depth, key = depth + 1, parent
        return depth

    def same_government(self, left: list[EntityRef], right: list[EntityRef]) -> bool:
        """Whether two agent lists share an agent or the government they act for."""
        if set(left) & set(right):
            return True
        governments = {self.government(ref) for ref in left} - {None}
        return bool(governments & ({self.government(ref) for ref in right} - {None}))
