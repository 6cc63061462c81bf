"""Merges a user states or undoes, where the resolution rules got identity wrong.

Rules resolve "Huawei Device Co." and "Huawei Technologies Co." by name; only a person who
knows the firms can say whether two names are one firm. A merge file records those
statements, and a pipeline stage applies them right after entity recognition, so every
later stage (aliases, actions, resolution) and every document sees the corrected identity:

    {"same": [{"entity": "firm/acme-robotics", "into": "firm/acme"}],
     "distinct": [{"name": "Huawei Marine", "entity": "firm/huawei"}]}

`same`: mentions of `entity` are mentions of `into` (state a merge). `distinct`: the name,
which the rules resolved to `entity`, is an entity of its own (undo a merge). The file's
content enters the pipeline fingerprint, so a change re-extracts the documents it affects.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field, ValidationError, field_validator

from tradegraph.ingest.errors import IngestError
from tradegraph.ontology.iris import slugify
from tradegraph.ontology.models import EntityRef, EntityType

if TYPE_CHECKING:  # the analysis holds spaCy's tokens
    from tradegraph.ingest.analysis import Analysis

MERGES_FILE = "merges.json"
"""The merge file's name inside an on-disk store's folder."""


class MergeError(IngestError):
    """A merge file or a merge statement that cannot be used."""


def parse_ref(text: str) -> EntityRef:
    """`firm/huawei` as an `EntityRef` (ValueError naming the accepted forms otherwise)."""
    segment, _, key = text.strip().partition("/")
    for entity_type in EntityType:
        if entity_type.segment == segment and key:
            return EntityRef(type=entity_type, key=key)
    kinds = ", ".join(t.segment for t in EntityType)
    raise ValueError(f"{text!r} is not an entity: write TYPE/KEY with TYPE one of {kinds}, "
                     "e.g. firm/huawei")


class SameEntity(BaseModel):
    """Mentions of `entity` are mentions of `into`."""

    entity: str
    into: str

    @field_validator("entity", "into")
    @classmethod
    def _is_ref(cls, value: str) -> str:
        return str(parse_ref(value))


class DistinctName(BaseModel):
    """`name`, resolved by the rules to `entity`, is an entity of its own."""

    name: str = Field(min_length=1)
    entity: str

    @field_validator("entity")
    @classmethod
    def _is_ref(cls, value: str) -> str:
        return str(parse_ref(value))


class MergeRules(BaseModel):
    """Every merge statement of one store."""

    same: list[SameEntity] = Field(default_factory=list)
    distinct: list[DistinctName] = Field(default_factory=list)

    @property
    def digest(self) -> str:
        """A short hash of the statements: the merge stage's version."""
        payload = self.model_dump_json().encode()
        return hashlib.sha256(payload).hexdigest()[:12] if self.same or self.distinct else "0"


def load_merges(path: Path) -> MergeRules:
    """The merge statements in `path`; none if the file does not exist."""
    if not path.exists():
        return MergeRules()
    try:
        return MergeRules.model_validate_json(path.read_bytes())
    except OSError as error:
        raise MergeError(str(path), f"cannot read merge file: {error.strerror}") from None
    except ValidationError as error:
        first = error.errors()[0]
        where = "/".join(str(part) for part in first["loc"]) or "the file"
        raise MergeError(str(path), f"malformed merge file at {where}: {first['msg']}") from None


def save_merges(path: Path, rules: MergeRules) -> None:
    """Write the statements, replacing the file in one step (never half-written)."""
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(rules.model_dump(), indent=2) + "\n", encoding="utf-8")
    temporary.replace(path)


class MergeOverrides:
    """Pipeline stage: rewrite the entity of each mention as the merge statements say."""

    name = "merges"

    def __init__(self, rules: MergeRules) -> None:
        self.rules = rules
        self.version = rules.digest
        self._into = {parse_ref(rule.entity): parse_ref(rule.into) for rule in rules.same}
        self._distinct = {(rule.name.casefold(), parse_ref(rule.entity))
                          for rule in rules.distinct}

    def __call__(self, analysis: Analysis) -> None:
        """Apply the statements to `analysis.mentions`."""
        if not self._into and not self._distinct:
            return
        mentions = list(analysis.mentions)  # a new list: lookups grouped by the old one
        for index, mention in enumerate(mentions):
            ref = mention.ref
            if (mention.surface.casefold(), ref) in self._distinct:
                ref = EntityRef(type=ref.type, key=slugify(mention.surface))
            ref = self._into.get(ref, ref)
            if ref != mention.ref:
                mentions[index] = replace(mention, ref=ref)
        analysis.mentions = mentions
