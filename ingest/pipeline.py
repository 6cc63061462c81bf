"""The prose engine: a document's text in, an `Extraction` (entities, mentions, actions, all
with evidence) out. Pure: no store, no I/O.

It reads sentences only. Documents of structured sources are read by their kind's
extractor (`tradegraph.ingest.sources`), which calls this engine for any prose they hold;
`tradegraph.ingest.extraction.ExtractionPipeline` picks the extractor. Stages run in
order on a shared `Analysis`: sentences,
boilerplate, triggers, entities (the trained recogniser where a name is unexplained), the
user's merge statements, document aliases, definite
descriptions, times, actions, resolution. The pipeline's fingerprint covers the stages'
versions, the lexicons and the gazetteer, so a changed pipeline re-extracts documents.

`extract_many` reads several documents at once, stage by stage: the trained model then reads
the chosen sentences of all of them in one call per kind, which costs about half as much as
a call per document (`tradegraph.ingest.stages.reading`). No stage keeps state from one
document to the next, so the order changes no result; a document whose stage fails is
dropped from the later stages and fails alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import partial

from tradegraph.ingest.analysis import Analysis, Stage
from tradegraph.ingest.errors import ExtractionError, attempted, guarded
from tradegraph.ingest.known_parties import KnownParties
from tradegraph.ingest.lexicon import ActionLexicon, lexicon_fingerprint, load_action_lexicon
from tradegraph.ingest.merges import MergeOverrides, MergeRules
from tradegraph.ingest.nlp import blank_english, model_fingerprint, trained_english
from tradegraph.ingest.stages.actions import ActionExtractor
from tradegraph.ingest.stages.aliases import AliasLinker
from tradegraph.ingest.stages.boilerplate import BoilerplateFilter
from tradegraph.ingest.stages.descriptions import DescriptionLinker
from tradegraph.ingest.stages.entities import EntityRecognizer
from tradegraph.ingest.stages.hierarchy import AgentHierarchy
from tradegraph.ingest.stages.layout import LayoutReader
from tradegraph.ingest.stages.quotes import QuotedStatements
from tradegraph.ingest.stages.reading import Reader, ReadingStage, ReadRequest, Steps
from tradegraph.ingest.stages.resolution import EntityResolver
from tradegraph.ingest.stages.sentences import SentenceSplitter
from tradegraph.ingest.stages.times import TimeTagger
from tradegraph.ingest.stages.title_acts import TitleActs
from tradegraph.ingest.text import NORMALIZE_VERSION, normalize
from tradegraph.ingest.version import package_version
from tradegraph.ontology.gazetteer import Gazetteer, load_gazetteer
from tradegraph.ontology.models import Document, Entity, Extraction, Mention

EXTRACTOR_NAME = "tradegraph-news"
TOGETHER_CHARS = 400_000
"""Most characters of text analysed together: every analysis of a batch is held until its
last stage, so a chunk of long texts (up to `sections.SECTION_CHARS` each) is read in
smaller batches, bounding a worker's memory. A chunk of news articles goes whole."""


class NewsPipeline:
    """Extraction for news-style text: articles, press releases, rule summaries."""

    def __init__(
        self, gazetteer: Gazetteer | None = None, lexicon: ActionLexicon | None = None,
        merges: MergeRules | None = None, known: KnownParties | None = None,
        reader: Reader | None = None,
    ) -> None:
        self.nlp = blank_english()
        self.reader = reader or ModelReader()
        """The trained pipeline's reader (by default one that loads the model when first used)."""
        self.gazetteer = gazetteer or load_gazetteer()
        self.lexicon = lexicon or load_action_lexicon()
        self.merges = merges or MergeRules()
        self.known = known or KnownParties()
        self.version = package_version()
        hierarchy = AgentHierarchy(self.gazetteer)
        actions = ActionExtractor(self.nlp, self.lexicon, hierarchy, self.reader)
        self.stages: list[Stage] = [
            SentenceSplitter(self.nlp),
            LayoutReader(),
            BoilerplateFilter(),
            TriggerFinder(actions),
            EntityRecognizer(self.nlp, self.gazetteer, self.reader, self.known),
            MergeOverrides(self.merges),
            AliasLinker(self.nlp),
            DescriptionLinker(self.gazetteer),
            TimeTagger(),
            actions,
            TitleActs(self.lexicon, hierarchy),
            QuotedStatements(),
            EntityResolver(self.gazetteer),
        ]
        # known parties stay out: a stored document keeps the reading it was ingested with
        parts = [EXTRACTOR_NAME, self.version, lexicon_fingerprint(), self.gazetteer.fingerprint,
                 self.lexicon.model_dump_json(),  # a lexicon given in place of the packaged one
                 model_fingerprint()]
        parts += [f"{stage.name}:{stage.version}" for stage in self.stages]
        parts.append(f"normalize:{NORMALIZE_VERSION}")
        digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]
        self.fingerprint = f"{EXTRACTOR_NAME}/{self.version}/{digest}"

    def analyze(self, document: Document) -> Analysis:
        """Run every stage on a document and return the working state."""
        analysis = self._start(document)
        for stage in self.stages:
            stage(analysis)
        return analysis

    def _start(self, document: Document) -> Analysis:
        normalized = normalize(document.text)
        return Analysis(
            document=document,
            normalized=normalized,
            doc=self.nlp.make_doc(normalized.text),
            extractor=EXTRACTOR_NAME,
            extractor_version=self.version,
        )

    def extract(self, document: Document) -> Extraction:
        """The facts the sentences of one document state, ready for the mapping to RDF."""
        if document.structured:
            raise _structured(document)
        return guarded(document, lambda: to_extraction(self.analyze(document), self.fingerprint))

    def extract_many(self, documents: Sequence[Document]) -> list[Extraction | ExtractionError]:
        """`extract` of each document, in order, the documents read together (see the
        module) in groups of at most `TOGETHER_CHARS` characters; a document that fails gets
        the error `extract` would raise in its place."""
        results: list[Extraction | ExtractionError] = []
        group: list[Document] = []
        size = 0
        for document in documents:
            if group and size + len(document.text) > TOGETHER_CHARS:
                results += self._extract_together(group)
                group, size = [], 0
            group.append(document)
            size += len(document.text)
        return results + self._extract_together(group)

    def _extract_together(self, documents: list[Document]
                          ) -> list[Extraction | ExtractionError]:
        prose = [d for d in documents if not d.structured]
        analysed = iter(self.analyze_many(prose))
        results: list[Extraction | ExtractionError] = []
        for document in documents:
            state = _structured(document) if document.structured else next(analysed)
            results.append(state if isinstance(state, ExtractionError) else attempted(
                document, partial(to_extraction, state, self.fingerprint)))
        return results

    def analyze_many(self, documents: Sequence[Document]) -> list[Analysis | ExtractionError]:
        """`analyze` of each document, in order, stage by stage over all of them; a
        document whose stage fails gets its error and skips the later stages."""
        states: list[Analysis | ExtractionError] = [
            attempted(document, partial(self._start, document)) for document in documents]
        for stage in self.stages:
            if isinstance(stage, ReadingStage) and stage.reader is not None:
                self._run_reading(stage, stage.reader, states)
                continue
            for index, state in enumerate(states):
                if isinstance(state, Analysis):
                    failed = attempted(state.document, partial(stage, state))
                    if failed is not None:
                        states[index] = failed
        return states

    @staticmethod
    def _run_reading(stage: ReadingStage, reader: Reader,
                     states: list[Analysis | ExtractionError]) -> None:
        """Drive the stage's steps on every analysis to their next reading, make all those
        readings in one `Reader.read`, and resume them, until every one has finished."""
        analyses = {index: state for index, state in enumerate(states)
                    if isinstance(state, Analysis)}
        running: dict[int, Steps] = {index: stage.steps(analysis)
                                     for index, analysis in analyses.items()}
        while running:
            requests: dict[int, ReadRequest] = {}
            for index, steps in running.items():
                asked = attempted(analyses[index].document, partial(next, steps, None))
                if isinstance(asked, ReadRequest):
                    requests[index] = asked
                elif asked is not None:
                    states[index] = asked
            running = {index: running[index] for index in requests}
            try:
                reader.read(list(requests.values()))
            except Exception:  # read each alone: the one that fails fails alone
                for index, request in requests.items():
                    failed = attempted(analyses[index].document,
                                      partial(reader.read, [request]))
                    if failed is not None:
                        states[index] = failed
                        del running[index]


def _structured(document: Document) -> ExtractionError:
    return ExtractionError(document.source, f"a {document.structured!r} document is read by "
                           "its own extractor (ExtractionPipeline), not as prose")


class ModelReader(Reader):
    """The `Reader` of the trained pipeline, which loads the model at its first reading.

    A pipeline built only to be fingerprinted, or to hand its settings to the extraction
    workers (the parent process of an ingest on several cores), never reads a sentence:
    it need not pay for loading the model (about a second)."""

    def __init__(self) -> None:  # Reader's state is made with the model, on first use
        self._reader: Reader | None = None

    def _loaded(self) -> Reader:
        if self._reader is None:
            self._reader = Reader(trained_english())
        return self._reader

    def read(self, requests: Sequence[ReadRequest]) -> None:
        """Make the readings these requests ask for (see `Reader.read`)."""
        self._loaded().read(requests)


class TriggerFinder:
    """Finds the action triggers early: which sentences hold one decides what the trained
    pipeline reads (`tradegraph.ingest.stages.reading`)."""

    name = "triggers"
    version = "1"

    def __init__(self, actions: ActionExtractor) -> None:
        self.actions = actions

    def __call__(self, analysis: Analysis) -> None:
        """Fill `analysis.triggers`."""
        self.actions.triggers(analysis)


def to_extraction(analysis: Analysis, fingerprint: str) -> Extraction:
    """Turn a finished analysis into the `Extraction` model, quoting the original text."""
    entities = []
    for record in analysis.entities.values():
        role = analysis.roles.get(record.ref)
        entities.append(Entity(
            type=record.ref.type, key=record.ref.key, label=record.label,
            aliases=sorted(record.aliases - {record.label}),
            job_title=role.title if role else None,
            affiliation=role.organisation if role else None))
    mentions = [
        Mention(entity=mention.ref,
                evidence=analysis.evidence(mention.start, mention.end, mention.confidence))
        for mention in analysis.mentions
    ]
    return Extraction(
        document=analysis.document,
        pipeline=fingerprint,
        extractor=analysis.extractor,
        extractor_version=analysis.extractor_version,
        entities=entities,
        mentions=mentions,
        actions=analysis.actions,
    )
