"""The trained pipeline's reading of the sentences that need it.

Every document is tokenized and split into sentences by the cheap blank pipeline; the
trained one (`tradegraph.ingest.nlp.trained_english`) costs about a millisecond per ten
tokens, so it reads only where a rule needs it: its named entities for sentences holding a
capitalised word that no gazetteer name, known party or name pattern explains, its tagger
and dependency parser for sentences holding an action's trigger. The chosen sentences are
read together as one Doc built from the same tokens, with their sentence starts set (the
parser keeps them), so each sentence's reading is a span of it; the cost is linear in the
tokens read.

The model costs least per token when it reads many Docs in one `nlp.pipe` call (small calls
pay mostly overhead), so the stages that read do not call the model themselves: they are
written as steps (`Steps`) that yield a `ReadRequest` where they need a reading and resume
once it is made. One document's steps are driven with immediate reads (`run_steps`); the
pipeline's batch entry point (`NewsPipeline.analyze_many`) drives the steps of many
documents to their requests and reads all of them in one call per kind (`Reader.read`).
A Doc still holds the sentences of one document only, so batching should change no
reading, and measured it changed none (3,000 generated documents and the 30 of
`../shared/corpus`: the same quads byte for byte); the model's arithmetic over a batch
could in principle round differently, which is why that is measured, not assumed.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

from spacy.language import Language
from spacy.tokens import Doc

from tradegraph.ingest.analysis import Analysis, Reading, Sentence

SECTION_TOKENS = 4000
"""Most tokens read as one Doc (a long sentence is a section of its own)."""
SECTION_BATCH = 32
"""Sections the model reads per batch: a worker's chunk of 32 documents, mostly a section
each, in one (measured: batches of 16 to 64 cost about the same)."""
PARSE_COMPONENTS = ("tok2vec", "tagger", "parser")
NER_COMPONENTS = ("ner",)

ReadKind = Literal["ner", "parse"]
"""What to read: named entities ("ner"), or tags and dependencies ("parse")."""


@dataclass(frozen=True)
class ReadRequest:
    """A stage's request for the reading of some sentences of one document."""

    kind: ReadKind
    analysis: Analysis
    sentences: list[Sentence]


Steps = Generator[ReadRequest, None, None]
"""A stage's work on one document, pausing at each reading it needs (see the module)."""


@runtime_checkable
class ReadingStage(Protocol):
    """A stage that reads with the trained pipeline: its `__call__` runs its `steps` with
    immediate readings (`run_steps`), and a batch can drive the steps itself."""

    name: str
    version: str
    reader: Reader | None

    def __call__(self, analysis: Analysis) -> None:
        """Read and extend the analysis in place."""

    def steps(self, analysis: Analysis) -> Steps:
        """The same work, yielding each reading it needs to `reader`."""
        ...


class Reader:
    """Runs the trained pipeline's components on chosen sentences of an analysis."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        names = set(nlp.pipe_names)
        self._skip_for_parse = [n for n in nlp.pipe_names if n not in PARSE_COMPONENTS]
        self._skip_for_ner = [n for n in nlp.pipe_names if n not in NER_COMPONENTS]
        missing = {*PARSE_COMPONENTS, *NER_COMPONENTS} - names
        if missing:
            raise ValueError(f"the trained pipeline lacks {sorted(missing)}")

    def read(self, requests: Sequence[ReadRequest]) -> None:
        """Make the readings these requests ask for, of each sentence not yet read that
        way: every kind in one `nlp.pipe` call over the sections of all the requests."""
        kinds: list[tuple[ReadKind, list[str]]] = [("ner", self._skip_for_ner),
                                                   ("parse", self._skip_for_parse)]
        for kind, skip in kinds:
            wanted = []
            for request in requests:
                if request.kind == kind:
                    todo = [s for s in request.sentences
                            if not _read_as(kind, _reading(request.analysis, s))]
                    if todo:
                        wanted.append((request.analysis, todo))
            if wanted:
                self._read(wanted, kind, skip)

    def _read(self, wanted: list[tuple[Analysis, list[Sentence]]], kind: ReadKind,
              skip: list[str]) -> None:
        """Read the sentences in sections of at most `SECTION_TOKENS` tokens of one
        document, each one Doc with its sentence starts set (which the parser keeps), all
        in one `nlp.pipe` call (small calls cost most of their time in overhead; a section
        bounds the model's working memory on a long document); then give each sentence its
        span."""
        sections = [(analysis, section) for analysis, sentences in wanted
                    for section in _sections(sentences)]
        docs = [self._section_doc(analysis, section) for analysis, section in sections]
        for _ in self.nlp.pipe(docs, disable=skip, batch_size=SECTION_BATCH):
            pass
        for doc, (analysis, section) in zip(docs, sections, strict=True):
            position = 0
            for sentence in section:
                length = sentence.token_end - sentence.token_start
                reading = analysis.readings[sentence.index]
                if kind == "ner":
                    reading.entities = doc[position:position + length]
                else:
                    reading.tree = doc[position:position + length]
                position += length

    def _section_doc(self, analysis: Analysis, sentences: list[Sentence]) -> Doc:
        """One Doc of the sentences' tokens, with their sentence starts set."""
        words: list[str] = []
        spaces: list[bool] = []
        starts: list[bool | int | None] = []
        for sentence in sentences:
            tokens = analysis.doc[sentence.token_start:sentence.token_end]
            words.extend(t.text for t in tokens)
            spaces.extend(bool(t.whitespace_) for t in tokens)
            starts.extend(i == 0 for i in range(len(tokens)))
        return Doc(self.nlp.vocab, words=words, spaces=spaces, sent_starts=starts)

    @staticmethod
    def parsed(analysis: Analysis, sentence: Sentence) -> Reading | None:
        """The parsed reading of a sentence, if it was parsed."""
        reading = analysis.readings.get(sentence.index)
        return reading if reading is not None and reading.parsed else None


def run_steps(steps: Steps, reader: Reader | None) -> None:
    """Drive one document's steps, making each reading as it is asked for (a stage given no
    reader asks for none)."""
    for request in steps:
        assert reader is not None, "a stage without a reader asked for a reading"
        reader.read([request])


def _reading(analysis: Analysis, sentence: Sentence) -> Reading:
    """The sentence's reading, made empty if it has none yet."""
    reading = analysis.readings.get(sentence.index)
    if reading is None:
        reading = analysis.readings[sentence.index] = Reading(sentence.token_start)
    return reading


def _read_as(kind: ReadKind, reading: Reading) -> bool:
    return reading.recognised if kind == "ner" else reading.parsed


def _sections(sentences: list[Sentence]) -> list[list[Sentence]]:
    """The sentences in runs of at most `SECTION_TOKENS` tokens (a longer sentence alone)."""
    sections: list[list[Sentence]] = []
    size = 0
    for sentence in sentences:
        length = sentence.token_end - sentence.token_start
        if not sections or (size + length > SECTION_TOKENS and size):
            sections.append([])
            size = 0
        sections[-1].append(sentence)
        size += length
    return sections
