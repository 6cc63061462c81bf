"""The working state of one document as it passes through the pipeline stages.

Stages read and extend an `Analysis`: sentences, entity mentions, time expressions and
actions, all in offsets of the normalised text. `Analysis.evidence` maps a span back to
the stored document text, so every fact leaves the pipeline quoting the exact original words.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from tradegraph.ingest.layout import Layout
from tradegraph.ingest.text import NormalizedText
from tradegraph.ontology.models import (
    Action,
    Document,
    EntityRef,
    EntityType,
    Evidence,
    PartialDate,
)

if TYPE_CHECKING:  # spaCy is loaded by the stages that build these, not by readers of them
    from spacy.tokens import Doc, Span, Token

QUOTE_CONTEXT = 32
"""Characters of original text kept before and after an evidence quote."""


@dataclass
class Sentence:
    """A sentence of the normalised text; `noise` marks web boilerplate to ignore."""

    index: int
    start: int
    end: int
    token_start: int
    token_end: int
    noise: bool = False


@dataclass
class EntityMention:
    """A place where the text names an entity (normalised offsets)."""

    ref: EntityRef
    start: int
    end: int
    token_start: int
    token_end: int
    surface: str
    sentence: int
    method: str
    confidence: float


@dataclass
class TimeExpression:
    """A date or duration expression and what it resolves to."""

    start: int
    end: int
    token_start: int
    token_end: int
    sentence: int
    text: str
    date: PartialDate | None = None
    role: str = "date"
    duration: str | None = None


@dataclass(frozen=True)
class Role:
    """What a title before a person's name says: the role, and whose it is."""

    title: str
    organisation: EntityRef | None


@dataclass
class EntityRecord:
    """What the document says about one entity: its names and links."""

    ref: EntityRef
    label: str
    aliases: set[str] = field(default_factory=set)
    parent: EntityRef | None = None
    country: EntityRef | None = None
    from_gazetteer: bool = False


@dataclass
class Reading:
    """One sentence as the trained pipeline read it: spans of the Docs it read (the
    sentences a stage asked for, read together as one Doc with their sentence starts set)."""

    offset: int
    """Token index, in the document, of the sentence's first token."""
    entities: Span | None = None
    """The sentence in the Doc the recogniser read (its `ents` are set)."""
    tree: Span | None = None
    """The sentence in the Doc the tagger and parser read."""

    @property
    def recognised(self) -> bool:
        """Its named entities are set."""
        return self.entities is not None

    @property
    def parsed(self) -> bool:
        """Its tags and dependencies are set."""
        return self.tree is not None

    def token(self, index: int) -> Token:
        """The parsed token for the document's token `index`."""
        assert self.tree is not None
        return self.tree.doc[self.tree.start + index - self.offset]

    def index(self, token: Token) -> int:
        """The document's token index of a token of one of the reading's spans."""
        span = self.tree if self.tree is not None and token.doc is self.tree.doc else self.entities
        assert span is not None
        return token.i - span.start + self.offset


@dataclass
class Analysis:
    """One document in the pipeline."""

    document: Document
    normalized: NormalizedText
    doc: Doc
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[EntityMention] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    entities: dict[EntityRef, EntityRecord] = field(default_factory=dict)
    actions: list[Action] = field(default_factory=list)
    reports: list[Action] = field(default_factory=list)
    """Every report of an act the actions stage found, before they were merged into
    `actions` (a long text's sections merge theirs all together: `ingest.long_documents`)."""
    roles: dict[EntityRef, Role] = field(default_factory=dict)
    """Persons named after a title ("Commerce Secretary Wilbur Ross"): role, organisation."""
    layout: Layout = field(default_factory=Layout)
    """Genre, title, sections and own date of the document (see `tradegraph.ingest.layout`)."""
    readings: dict[int, Reading] = field(default_factory=dict)
    """The trained pipeline's reading of the sentences that needed it, by sentence index."""
    triggers: list[Any] | None = None
    """The action triggers found (`tradegraph.ingest.stages.triggers.Trigger`), once."""
    issuer: list[EntityMention] | None = None
    """For an official document: the mention of the agency that issued it (found once)."""
    speech: list[tuple[int, int]] | None = None
    """Character spans of quoted speech (`stages.context_roles.speech_spans`), found once."""
    extractor: str = "tradegraph"
    extractor_version: str = "0"
    _sentence_starts: list[int] = field(default_factory=list, repr=False)
    _by_sentence: dict[int, list[EntityMention]] = field(default_factory=dict, repr=False)
    _mentions_key: tuple[list[EntityMention], int] | None = field(default=None, repr=False)
    """The list and length the grouping was made from: stages add to the list or replace it
    (a stage that changes a mention in place replaces the list)."""
    _times_by_sentence: dict[int, list[TimeExpression]] = field(default_factory=dict,
                                                                repr=False)
    _times_key: tuple[list[TimeExpression], int] | None = field(default=None, repr=False)

    def evidence(self, start: int, end: int, confidence: float) -> Evidence:
        """Evidence for the normalised span [start, end), quoting the original text."""
        original_start, original_end = self.normalized.to_original(start, end)
        text = self.document.text
        return Evidence(
            start=original_start,
            end=original_end,
            quote=text[original_start:original_end],
            prefix=text[max(0, original_start - QUOTE_CONTEXT):original_start],
            suffix=text[original_end:original_end + QUOTE_CONTEXT],
            confidence=confidence,
            extractor=self.extractor,
            extractor_version=self.extractor_version,
        )

    def sentence_of_token(self, token_index: int) -> Sentence:
        """The sentence containing a token (a binary search: sentences are in order)."""
        if len(self._sentence_starts) != len(self.sentences):
            self._sentence_starts = [sentence.token_start for sentence in self.sentences]
        position = bisect_right(self._sentence_starts, token_index) - 1
        if position >= 0:
            sentence = self.sentences[position]
            if sentence.token_start <= token_index < sentence.token_end:
                return sentence
        raise IndexError(token_index)

    def times_in(self, sentence_index: int) -> list[TimeExpression]:
        """The time expressions of a sentence, in order (grouped once per state of the
        list, like mentions)."""
        key = (self.times, len(self.times))
        if self._times_key is None or self._times_key[0] is not key[0] or (
                self._times_key[1] != key[1]):
            grouped: dict[int, list[TimeExpression]] = {}
            for time in self.times:
                grouped.setdefault(time.sentence, []).append(time)
            self._times_by_sentence, self._times_key = grouped, key
        return self._times_by_sentence.get(sentence_index, [])

    def mentions_in(self, sentence: Sentence, *types: EntityType) -> list[EntityMention]:
        """Mentions in a sentence, optionally only of some entity types, in text order.

        The mentions are grouped by sentence once per state of the list (stages add or
        replace mentions), so asking for every sentence's costs time linear in the text."""
        key = (self.mentions, len(self.mentions))
        if self._mentions_key is None or self._mentions_key[0] is not key[0] or (
                self._mentions_key[1] != key[1]):
            grouped: dict[int, list[EntityMention]] = {}
            for mention in sorted(self.mentions, key=lambda m: m.start):
                grouped.setdefault(mention.sentence, []).append(mention)
            self._by_sentence, self._mentions_key = grouped, key
        return [mention for mention in self._by_sentence.get(sentence.index, ())
                if not types or mention.ref.type in types]


class Stage(Protocol):
    """One step of the pipeline. `name` and `version` enter the pipeline's fingerprint."""

    name: str
    version: str

    def __call__(self, analysis: Analysis) -> None:
        """Read and extend the analysis in place."""
