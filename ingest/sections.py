"""Long texts, section by section: each section of a long document is its own unit of
analysis, so time and memory follow the section, not the document.

A document whose normalised text is longer than `SECTION_CHARS` is cut at block
boundaries (paragraphs, headings; never inside a sentence where a block can be kept whole)
into sections. Each section goes through every stage on its own `Analysis`, with its own
spaCy Doc, and is released once its facts are taken: its mentions (quoting the stored text
through the section's slice of the offsets, so evidence stays right for every section),
its entity records and its actions. What spans the document is read once, beforehand, or
kept compact between sections: the layout (genre, title, header sections, own date) is
read on the whole text and each section sees its part of it, entity records are merged
(`DocumentEntities`), and the actions of all sections are merged at the end like the
reports of one document (`merge_actions`).

What a section cannot see: a short name defined in an earlier section ("Acme Corp.
(Acme)"), the sentence just before it, and names counted across the whole document (the
"most mentioned" firm an untargeted act falls back on is the section's). A document under
`SECTION_CHARS` (every news story, press release and most rules) is one section, read
exactly as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from tradegraph.ingest.analysis import Analysis, EntityRecord, Role
from tradegraph.ingest.layout import Layout
from tradegraph.ingest.text import NormalizedText
from tradegraph.ontology.models import Entity, EntityRef

SECTION_CHARS = 100_000
"""Most characters of normalised text analysed as one section (about 100 KB of prose,
some 20,000 tokens): large enough that sections rarely cut a story apart, small enough
that a section's Docs and working state stay in tens of megabytes."""
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s")

Span = tuple[int, int]


def section_spans(normalized: NormalizedText, limit: int = SECTION_CHARS) -> list[Span]:
    """Spans of normalised text of at most `limit` characters, each ending where a block
    ends (a block longer than `limit` is cut after a sentence's end, or else at a space).

    >>> from tradegraph.ingest.text import normalize
    >>> section_spans(normalize("One two.\\n\\nThree four.\\n\\nFive."), limit=20)
    [(0, 20), (21, 26)]
    """
    text = normalized.text
    spans: list[Span] = []
    start = end = 0
    for block_start, block_end in _blocks(normalized):
        if block_end - start > limit and end > start:
            spans.append((start, end))  # the blocks so far; this one opens a section
            start = block_start
        while block_end - start > limit:  # a block longer than a section
            cut = _cut_inside(text, start, start + limit)
            spans.append((start, cut))
            start = cut + 1 if text[cut].isspace() else cut
        end = block_end
    spans.append((start, end))
    return spans


def _blocks(normalized: NormalizedText) -> Iterator[Span]:
    starts = normalized.block_starts
    for index, start in enumerate(starts):
        yield start, starts[index + 1] - 1 if index + 1 < len(starts) else len(normalized.text)


def _cut_inside(text: str, start: int, stop: int) -> int:
    """Where to cut a block longer than a section: after the last sentence end before
    `stop`, else at the last space, else at `stop`."""
    ends = [match.end() - 1 for match in _SENTENCE_END.finditer(text, start, stop)]
    if ends:
        return ends[-1]
    space = text.rfind(" ", start, stop)
    return space if space > start else stop


def section_text(normalized: NormalizedText, start: int, end: int) -> NormalizedText:
    """The normalised text of [start, end) as a text of its own, whose offsets still point
    into the stored document (so evidence quotes the right words in any section).

    >>> from tradegraph.ingest.text import normalize
    >>> whole = normalize("Alpha  beta.\\n\\nGamma   delta.")
    >>> part = section_text(whole, 12, len(whole.text))
    >>> part.text, part.to_original(0, 5)
    ('Gamma delta.', (14, 19))
    """
    offsets = list(normalized.offsets[start:end])
    offsets.append(offsets[-1] + 1 if offsets else normalized.offsets[start])
    blocks = [block - start for block in normalized.block_starts if start <= block < end]
    if not blocks or blocks[0] != 0:
        blocks.insert(0, 0)  # the rest of a block cut for length starts a block here
    return NormalizedText(normalized.text[start:end], offsets, blocks)


def _clip(span: Span | None, start: int, end: int) -> Span | None:
    if span is None or span[1] <= start or span[0] >= end:
        return None
    return max(span[0], start) - start, min(span[1], end) - start


def section_layout(layout: Layout, start: int, end: int) -> Layout:
    """The part of the document's layout that lies in [start, end), in the section's
    offsets: the genre and own date are the document's; the title, header sections and
    lead only where they fall in the section."""
    sections = {name: clipped for name, span in layout.sections.items()
                if (clipped := _clip(span, start, end)) is not None}
    lead = [clipped for span in layout.lead if (clipped := _clip(span, start, end))]
    return replace(layout, title=_clip(layout.title, start, end), sections=sections,
                   lead=lead)


@dataclass
class DocumentEntities:
    """The entity records of the sections read so far, merged: one per entity, labelled
    as `EntityResolver` labels (the gazetteer's label, else the fullest name used)."""

    records: dict[EntityRef, EntityRecord] = field(default_factory=dict)
    roles: dict[EntityRef, Role] = field(default_factory=dict)

    def add(self, analysis: Analysis) -> None:
        """Merge a finished section's records and the roles its titles gave."""
        for ref, record in analysis.entities.items():
            known = self.records.get(ref)
            if known is None:
                self.records[ref] = EntityRecord(ref, record.label, set(record.aliases),
                                                 record.parent, record.country,
                                                 record.from_gazetteer)
                continue
            known.aliases |= record.aliases
            if not known.from_gazetteer and len(record.label) > len(known.label):
                known.label = record.label
        for ref, role in analysis.roles.items():
            self.roles.setdefault(ref, role)

    def entities(self, refs: Iterable[EntityRef] | None = None) -> list[Entity]:
        """The entities of `refs` (every entity if None), as the extraction states them."""
        chosen = self.records if refs is None else dict.fromkeys(refs)
        out = []
        for ref in chosen:
            record = self.records[ref]
            role = self.roles.get(ref)
            out.append(Entity(
                type=ref.type, key=ref.key, label=record.label,
                aliases=sorted(record.aliases - {record.label}),
                job_title=role.title if role else None,
                affiliation=role.organisation if role else None))
        return out
