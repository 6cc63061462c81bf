"""The prose engine on a long document: section by section (see `tradegraph.ingest.sections`),
each section's facts taken as it ends, the document's actions merged at the end.

`extract_in_sections` yields an `Extraction` per section (its mentions, and the entities
they name) and a last one with the document's merged actions and every entity, which the
ingest writes part by part (`tradegraph.graph.loading.document_parts`) so the quads of a
10 MiB text are never all in memory; `joined` makes one `Extraction` of the parts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from tradegraph.ingest import sections
from tradegraph.ingest.analysis import Analysis
from tradegraph.ingest.layout import read_layout
from tradegraph.ingest.sections import (
    DocumentEntities,
    section_layout,
    section_spans,
    section_text,
)
from tradegraph.ingest.stages.actions import ActionExtractor
from tradegraph.ingest.stages.layout import LayoutReader
from tradegraph.ingest.stages.merging import merge_actions
from tradegraph.ingest.stages.quotes import QuotedStatements
from tradegraph.ingest.stages.title_acts import TitleActs
from tradegraph.ingest.text import normalize
from tradegraph.ontology.models import Action, Document, Extraction, Mention

if TYPE_CHECKING:
    from tradegraph.ingest.pipeline import NewsPipeline


def is_long(document: Document, limit: int | None = None) -> bool:
    """Whether a document is read in sections: its text is longer than one section of
    `limit` characters (`sections.SECTION_CHARS` if None; the normalised text is never
    longer than the stored one)."""
    return len(document.text) > (limit or sections.SECTION_CHARS)


def extract_in_sections(prose: NewsPipeline, document: Document,
                        limit: int | None = None) -> Iterator[Extraction]:
    """The facts of a prose document, a section (of `limit` characters, else
    `sections.SECTION_CHARS`) at a time: a part per section (its mentions and their
    entities), then the document's part (its merged actions and all its entities,
    labelled as the whole document names them)."""
    from tradegraph.ingest.pipeline import EXTRACTOR_NAME  # it imports the stages: late

    normalized = normalize(document.text)
    layout = read_layout(document, normalized.text, normalized.block_starts)
    spans = section_spans(normalized, limit or sections.SECTION_CHARS)
    stages = [stage for stage in prose.stages if stage.name != LayoutReader.name]
    actions_stage = next(stage for stage in stages if isinstance(stage, ActionExtractor))
    title_stage = next(stage for stage in stages if isinstance(stage, TitleActs))
    quotes_stage = next(stage for stage in stages if isinstance(stage, QuotedStatements))
    section_stages = [stage for stage in stages if stage not in (title_stage, quotes_stage)]
    entities = DocumentEntities()
    reports: list[Action] = []
    statements: list[Action] = []
    title_section: Analysis | None = None
    for start, end in spans:
        text = section_text(normalized, start, end)
        analysis = Analysis(document=document, normalized=text,
                            doc=prose.nlp.make_doc(text.text),
                            layout=section_layout(layout, start, end),
                            extractor=EXTRACTOR_NAME, extractor_version=prose.version)
        for stage in section_stages:
            stage(analysis)
        entities.add(analysis)
        reports.extend(analysis.reports)
        merged = list(analysis.actions)
        quotes_stage(analysis)  # a press release's quoted statements, found in the section
        statements.extend(a for a in analysis.actions if all(a is not m for m in merged))
        if analysis.layout.title is not None:
            title_section = analysis  # kept: its title's acts join the document's at the end
        mentions = _mentions(analysis)
        del analysis, text  # the section's Docs and working state go before the next one
        yield _part(prose, document, entities, mentions, [])
    yield _part(prose, document, entities, [],
                _document_actions(reports, statements, title_section, actions_stage,
                                  title_stage), every_entity=True)


def _document_actions(reports: list[Action], statements: list[Action],
                      title_section: Analysis | None, actions_stage: ActionExtractor,
                      title_stage: TitleActs) -> list[Action]:
    """The document's acts as a whole reading gives them: every section's reports merged
    at once (merging keeps the first compatible report it meets, so merging sections'
    merges would group otherwise), then the title's acts, then the quoted statements."""
    actions = merge_actions(reports, actions_stage.hierarchy)
    if title_section is not None:
        title_section.actions = actions
        title_stage(title_section)
        actions = title_section.actions
    return sorted([*actions, *statements], key=lambda action: action.evidence[0].start)


def _mentions(analysis: Analysis) -> list[Mention]:
    return [Mention(entity=mention.ref,
                    evidence=analysis.evidence(mention.start, mention.end, mention.confidence))
            for mention in analysis.mentions]


def _part(prose: NewsPipeline, document: Document, entities: DocumentEntities,
          mentions: list[Mention], actions: list[Action], *,
          every_entity: bool = False) -> Extraction:
    from tradegraph.ingest.pipeline import EXTRACTOR_NAME

    refs = None if every_entity else (mention.entity for mention in mentions)
    return Extraction(document=document, pipeline=prose.fingerprint,
                      extractor=EXTRACTOR_NAME, extractor_version=prose.version,
                      entities=entities.entities(refs), mentions=mentions, actions=actions,
                      entities_in_last_part=not every_entity)


def joined(parts: Iterable[Extraction]) -> Extraction:
    """One extraction of a document's parts: every mention, the last part's entities and
    actions (which are the whole document's)."""
    mentions: list[Mention] = []
    last: Extraction | None = None
    for part in parts:
        mentions.extend(part.mentions)
        last = part
    if last is None:
        raise ValueError("no parts to join")
    return last.model_copy(update={"mentions": mentions})
