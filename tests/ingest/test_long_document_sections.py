"""A long text is read section by section (#26 item 4: time and memory linear in its size):
each section is its own analysis, and what the sections find together is what a reading of
the whole text finds; a fact in a late section quotes its own sentence at the right place
of the stored text. Every sentence is one we wrote; timing is measured by
`bench/large_document_bench.py`, not here."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from tradegraph.ingest.extraction import ExtractionPipeline
from tradegraph.ingest.long_documents import extract_in_sections, is_long, joined
from tradegraph.ingest.sections import SECTION_CHARS, section_spans, section_text
from tradegraph.ingest.text import normalize
from tradegraph.ontology.models import Action, ActionType, Extraction

from .conftest import make_document

FIRMS = [f"{first} {second} Co., Ltd." for first in ("Norvale", "Kestrel", "Talis", "Orrin")
         for second in ("Optics", "Widgets", "Sensors")]
LAST_FACT = ("On June 9, 2031, the Bureau of Industry and Security added Brisk  Harbour "
             "Robotics Ltd. to the Entity List.")
"""The last paragraph's fact (a double space inside: the offsets must skip it)."""


def paragraph(number: int) -> str:
    """A story of our own: an act, a reaction, a wrapped line, and spaces to collapse."""
    day = dt.date(2031, 1, 1) + dt.timedelta(days=number)
    firm = FIRMS[number % len(FIRMS)]
    return (f"On {day:%B} {day.day}, {day.year}, the Bureau of Industry and Security "
            f"added {firm} to the Entity List.   Analysts said the company could lose "
            f"about {number % 9 + 1} billion dollars\nin sales, and its shares fell "
            f"{number % 7 + 2} percent.\n\n")


def long_text(paragraphs: int) -> str:
    return ("Export curbs over one year\n\n" + "".join(map(paragraph, range(paragraphs)))
            + LAST_FACT + "\n")


def action_key(action: Action) -> tuple[object, ...]:
    return (action.type, sorted(map(str, action.agents)), sorted(map(str, action.targets)),
            str(action.date), sorted((e.start, e.end) for e in action.evidence))


def mention_keys(extraction: Extraction) -> list[tuple[str, int, int]]:
    return sorted((str(m.entity), m.evidence.start, m.evidence.end)
                  for m in extraction.mentions)


def test_sections_find_what_the_whole_text_finds(pipeline: ExtractionPipeline) -> None:
    document = make_document(long_text(60), published=dt.date(2032, 3, 1))
    parts = list(extract_in_sections(pipeline.prose, document, limit=3_000))
    assert len(parts) >= 6  # several sections, then the document's own part
    sectioned, whole = joined(parts), pipeline.prose.extract(document)
    assert sorted(map(action_key, sectioned.actions)) == sorted(map(action_key, whole.actions))
    assert mention_keys(sectioned) == mention_keys(whole)
    assert {(e.ref, e.label) for e in sectioned.entities} == {
        (e.ref, e.label) for e in whole.entities}
    assert len([a for a in whole.actions if a.type is ActionType.ENTITY_LIST_ADDITION]) == 61


def test_a_fact_in_a_late_section_quotes_its_own_sentence(pipeline: ExtractionPipeline) -> None:
    text = long_text(60)
    document = make_document(text, published=dt.date(2032, 3, 1))
    parts = list(extract_in_sections(pipeline.prose, document, limit=3_000))
    first_section_ends = max(m.evidence.end for m in parts[0].mentions)
    [last] = [a for a in parts[-1].actions
              if any("brisk" in str(target) for target in a.targets)]
    [evidence] = last.evidence
    start = text.index(LAST_FACT)
    assert start > first_section_ends  # it lies well after the first section
    assert (evidence.start, evidence.end) == (start, start + len(LAST_FACT))
    assert evidence.quote == LAST_FACT == text[evidence.start:evidence.end]
    assert str(last.date) == "2031-06-09"
    brisk = [m for part in parts[:-1] for m in part.mentions if "brisk" in str(m.entity)]
    assert [m.evidence.quote for m in brisk] == ["Brisk  Harbour Robotics Ltd."]
    assert text[brisk[0].evidence.start:brisk[0].evidence.end] == brisk[0].evidence.quote


def test_a_long_text_is_read_in_sections_and_a_short_one_whole(
        pipeline: ExtractionPipeline) -> None:
    short = make_document(long_text(3))
    assert not is_long(short)
    assert is_long(make_document("x" * (SECTION_CHARS + 1)))
    long = make_document(long_text(8))
    # the extractor's whole reading and its reading in sections agree
    assert is_long(long, limit=500)
    assert sorted(map(action_key, pipeline.extract(long).actions)) == sorted(
        map(action_key, joined(extract_in_sections(pipeline.prose, long, limit=500)).actions))


def test_sections_are_bounded_ordered_and_cut_where_blocks_end() -> None:
    normalized = normalize(long_text(40))
    spans = section_spans(normalized, limit=1_000)
    assert len(spans) > 5
    assert all(end - start <= 1_000 for start, end in spans)
    assert all(a_end < b_start for (_, a_end), (b_start, _) in pairwise(spans))
    block_starts = set(normalized.block_starts)
    assert all(start in block_starts for start, _ in spans)  # no block is cut
    assert spans[0][0] == 0 and spans[-1][1] == len(normalized.text)
    covered = "\n".join(normalized.text[start:end] for start, end in spans)
    assert covered == normalized.text


def test_a_block_longer_than_a_section_is_cut_after_a_sentence() -> None:
    text = " ".join(f"Sentence number {n} ends here." for n in range(50))
    normalized = normalize(text)
    spans = section_spans(normalized, limit=200)
    assert len(spans) > 5 and all(end - start <= 200 for start, end in spans)
    assert all(normalized.text[start:end].endswith("here.") for start, end in spans)
    part = section_text(normalized, *spans[3])
    assert part.block_starts == [0]
    start, end = part.to_original(0, len(part.text))
    assert text[start:end] == part.text


ORDER_CAPTION = "Order Terminating Denial Order Against Brisk Harbour Robotics Ltd.\n\n"


def test_a_long_orders_caption_is_its_act_as_in_a_whole_reading(
        pipeline: ExtractionPipeline) -> None:
    # the caption's act, read in the first section, is the document's; the prose of the
    # later sections merges with it as a whole reading merges it
    text = ORDER_CAPTION + "".join(map(paragraph, range(30))) + (
        "The Bureau of Industry and Security terminated the denial order against Brisk "
        "Harbour Robotics Ltd. on June 9, 2031.\n")
    document = make_document(text, published=dt.date(2031, 6, 9), doc_type="BIS order",
                             publisher="Bureau of Industry and Security")
    parts = list(extract_in_sections(pipeline.prose, document, limit=2_000))
    assert len(parts) >= 4
    sectioned, whole = joined(parts), pipeline.prose.extract(document)
    assert sorted(map(action_key, sectioned.actions)) == sorted(map(action_key, whole.actions))
    [order] = [a for a in sectioned.actions if a.type is ActionType.DENIAL_ORDER]
    assert order.evidence[0].quote == ORDER_CAPTION.strip()  # the caption first
    assert any(e.quote.startswith("The Bureau of Industry and Security terminated")
               for e in order.evidence)  # and the last section's sentence
