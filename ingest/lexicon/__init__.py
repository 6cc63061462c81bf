"""Lexicons of the extraction stages (action triggers, cue words, names, boilerplate),
kept as TOML data beside this module and validated on load."""

from __future__ import annotations

import hashlib
import tomllib
from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tradegraph.ontology.action_kinds import ActionKind
from tradegraph.ontology.models import ActionType, EntityType, Status

LEXICON_FILES = ("actions.toml", "names.toml", "boilerplate.toml", "genres.toml")


def read_lexicon(name: str) -> str:
    """Text of one lexicon file of this package."""
    return resources.files(__package__).joinpath(name).read_text("utf-8")


@cache
def load_name_lexicon() -> dict[str, Any]:
    """The cue lists of `names.toml` (read once per process; do not change the value)."""
    return tomllib.loads(read_lexicon("names.toml"))


def lexicon_fingerprint() -> str:
    """Hash of all lexicon files: a changed lexicon means a changed pipeline."""
    digest = hashlib.sha256()
    for name in LEXICON_FILES:
        digest.update(read_lexicon(name).encode("utf-8"))
    return digest.hexdigest()[:16]


class TypeDefaults(BaseModel):
    """How one action type is filled in when no rule says otherwise."""

    model_config = ConfigDict(extra="forbid")  # a misspelt key is an error, not ignored

    status: Status
    agents: list[EntityType]
    targets: list[EntityType]
    target_required: bool = False
    agent_required: bool = False
    context_agent: bool = False
    context_target: bool = False
    current: bool = False


class TriggerRule(BaseModel):
    """Patterns that signal one action type."""

    model_config = ConfigDict(extra="forbid")  # a misspelt key is an error, not ignored

    type: ActionType
    patterns: list[str] = Field(min_length=1)
    kind: ActionKind | None = None
    """A narrower class the rule's actions are of (a subclass of `type`)."""

    @model_validator(mode="after")
    def _kind_narrows_the_type(self) -> TriggerRule:
        if self.kind is not None and self.kind.type != self.type:
            raise ValueError(f"kind {self.kind.value} is a kind of {self.kind.type}, "
                             f"not of {self.type.value}")
        return self

    status: Status | None = None
    confidence: float = Field(default=0.7, ge=0, le=1)
    priority: int = 1
    agent_after: Literal["from", "by"] | None = None
    agent_required: bool | None = None
    """Drop the rule's actions that name no agent (the type's setting when None)."""
    targets: list[EntityType] | None = None
    """The entity types that may be its targets (the type's when None)."""
    object_required: bool = False
    state: bool = False
    """The trigger states a state its subject is in ("has been on the Entity List"): the
    subject is the target, as in the passive."""
    examples: list[str] = Field(default_factory=list)
    """Sentences stating an action of this type in words the rule matches (checked by tests)."""
    counterexamples: list[str] = Field(default_factory=list)
    """Sentences using the rule's words that state no action of this type (checked by tests)."""


class Cues(BaseModel):
    """Cue words for status, negation and voice."""

    model_config = ConfigDict(extra="forbid")  # a misspelt key is an error, not ignored

    in_force: list[str]
    terminated: list[str]
    suspended: list[str]
    proposed: list[str]
    intended: list[str]
    speculative: list[str]
    announced: list[str]
    negation: list[str]
    passive_auxiliaries: list[str]
    party_nouns: list[str]
    """Nouns by which a text counts or describes parties it does not name ("eleven
    entities", "persons in Xinjiang"): an act about them is kept without a named target."""
    related_party_nouns: list[str] = Field(default_factory=list)
    """Parties related to a named one ("46 affiliates of X"): the act is about them, not X."""
    modifier_heads: list[str] = Field(default_factory=list)
    """Nouns a trigger before them only qualifies (see actions.toml)."""
    clause_cues: list[str] = Field(default_factory=list)
    """Words that make a trigger's sentence worth parsing (see actions.toml)."""
    sanctions_agencies: list[str] = Field(default_factory=list)
    """Gazetteer keys of agencies whose designations are blocking sanctions."""
    trade_heads: list[str] = Field(default_factory=list)
    """Nouns a product word qualifies to describe a party's trade ("drone maker")."""
    acts_on_earlier: list[str] = Field(default_factory=list)
    """Verbs by which a document acts on an earlier order it names (see actions.toml)."""
    dating_participles: list[str] = Field(default_factory=list)
    """Participles that date the earlier order a trigger names ("issued on ...")."""
    licensed_nouns: list[str] = Field(default_factory=list)
    """Nouns after which "to sell", "to export" ... name what is licensed (see actions.toml)."""
    allegation: list[str] = Field(default_factory=list)
    """Words that make what follows them in a sentence an allegation (see actions.toml)."""

    def status_cues(self) -> list[tuple[Status, list[str]]]:
        """Status cues in order of precedence."""
        return [
            (Status.IN_FORCE, self.in_force),
            (Status.TERMINATED, self.terminated),
            (Status.SUSPENDED, self.suspended),
            (Status.PROPOSED, self.proposed),
            (Status.INTENDED, self.intended),
            (Status.SPECULATIVE, self.speculative),
            (Status.ANNOUNCED, self.announced),
        ]


class ActionLexicon(BaseModel):
    """The whole of `actions.toml`."""

    model_config = ConfigDict(extra="forbid")  # a misspelt key is an error, not ignored

    type: dict[ActionType, TypeDefaults]
    rule: list[TriggerRule]
    cues: Cues


@cache
def load_action_lexicon() -> ActionLexicon:
    """The packaged action lexicon, validated (cached)."""
    lexicon = ActionLexicon.model_validate(tomllib.loads(read_lexicon("actions.toml")))
    missing = set(ActionType) - set(lexicon.type)
    if missing:
        raise ValueError(f"actions.toml has no [type.X] for {sorted(missing)}")
    return lexicon


class TitlePattern(BaseModel):
    """A title wording and the action (and status) it names."""

    model_config = ConfigDict(extra="forbid")

    pattern: str
    action: ActionType
    status: Status | None = None


class GenreLexicon(BaseModel):
    """The whole of `genres.toml`: how official documents state their own act."""

    model_config = ConfigDict(extra="forbid")  # a misspelt key is an error, not ignored

    correction_pattern: str
    title_patterns: list[TitlePattern] = Field(min_length=1)
    past_tense_exceptions: list[str]
    irregular_past: list[str]
    speech_verbs: list[str]
    act_words: list[str]
    continuations: list[str]
    pointing_back: list[str]


@cache
def load_genre_lexicon() -> GenreLexicon:
    """The packaged genre lexicon, validated (cached)."""
    return GenreLexicon.model_validate(tomllib.loads(read_lexicon("genres.toml")))
