"""Narrower kinds of action (#28), each a subclass of one action type of the annotation
guidelines in ontology/tradegraph.ttl, where what each means is said (which type it narrows
included: the registry, `tradegraph.ontology.schema`, reads it)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, ValidationInfo

from tradegraph.ontology.schema import schema


class ActionKind(StrEnum):
    """Narrower classes of an action, asserted beside its type: the type stays the class of
    the annotation guidelines, so a query for `tg:DenialOrder` still finds a temporary
    denial order (what each class means is said in ontology/tradegraph.ttl)."""

    TEMPORARY_DENIAL_ORDER = "TemporaryDenialOrder"
    LICENSE_REVOCATION = "LicenseRevocation"
    MILITARY_END_USER_LIST_ADDITION = "MilitaryEndUserListAddition"
    UNVERIFIED_LIST_ADDITION = "UnverifiedListAddition"
    BLOCKING_SANCTION = "BlockingSanction"
    COUNTERMEASURE = "Countermeasure"

    @property
    def type(self) -> str:
        """The name of the guidelines' type this kind narrows (an `ActionType` value; this
        module stays below `models`, which uses it), as the ontology's rdfs:subClassOf says.

        >>> ActionKind.TEMPORARY_DENIAL_ORDER.type, ActionKind.COUNTERMEASURE.type
        ('DenialOrder', 'Sanction')
        """
        return schema().action(self.value).base


def _narrowing(kinds: list[ActionKind], info: ValidationInfo) -> list[ActionKind]:
    """The kinds of an action, each a kind of the action's type (ValueError naming it)."""
    action_type = info.data.get("type")
    for kind in kinds:
        if action_type is not None and kind.type != action_type:
            raise ValueError(f"{kind.value} is a kind of {kind.type}, not of {action_type}")
    return kinds


ActionKinds = Annotated[list[ActionKind], AfterValidator(_narrowing)]
"""An action's narrower classes, each a subclass of its type (`Action.kinds`)."""
