"""Text layout: blocks, hard-wrapped paragraphs, normalisation and offsets back to the original."""

from __future__ import annotations

import re
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from tradegraph.ingest.analysis import Analysis
from tradegraph.ingest.text import BLOCK_SEPARATOR, normalize, segment_blocks, wrap_width
from tradegraph.ontology.models import Document

WRAPPED = """\
SUMMARY: The Bureau of Industry and Security amends the Export
Administration Regulations by adding twenty-eight entities to the Entity
List. These entities have been found to be acting contrary to the foreign
policy interests of the United States, the notice says in its summary.
DATES: This rule is effective October 9, 2019.
FOR FURTHER INFORMATION CONTACT: The Chair of the End-User Review
Committee, at the Office of the Assistant Secretary for Export
Administration, who also reviews the eco-
nomic effects of each listing.
"""

Analyze = Callable[..., Analysis]

NEWS = (
    "The Commerce Department added Huawei to the Entity List on Wednesday.\n"
    "Huawei said it would respond.\n\n"
    "Officials  declined\tto comment."
)


def block_texts(text: str) -> list[str]:
    return [text[block.start:block.end] for block in segment_blocks(text)]


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("-\n", "")).strip()


def test_hard_wrapped_text_is_detected() -> None:
    assert wrap_width(WRAPPED) is not None
    assert wrap_width(NEWS) is None


def test_hard_wrapped_lines_join_into_paragraphs() -> None:
    blocks = block_texts(WRAPPED)
    assert len(blocks) == 3
    assert blocks[0].startswith("SUMMARY: The Bureau")
    assert blocks[0].endswith("the notice says in its summary.")
    assert blocks[1] == "DATES: This rule is effective October 9, 2019."
    assert blocks[2].startswith("FOR FURTHER INFORMATION CONTACT")
    assert blocks[2].endswith("of each listing.")


def test_every_line_is_a_block_in_news_text() -> None:
    assert block_texts(NEWS) == [
        "The Commerce Department added Huawei to the Entity List on Wednesday.",
        "Huawei said it would respond.",
        "Officials  declined\tto comment.",
    ]


def test_normalised_text_collapses_whitespace_and_separates_blocks() -> None:
    normalized = normalize(NEWS)
    assert normalized.text == (
        "The Commerce Department added Huawei to the Entity List on Wednesday."
        f"{BLOCK_SEPARATOR}Huawei said it would respond."
        f"{BLOCK_SEPARATOR}Officials declined to comment."
    )
    assert [normalized.text[start] for start in normalized.block_starts] == ["T", "H", "O"]


def test_wrapped_lines_and_hyphenated_words_are_joined() -> None:
    normalized = normalize(WRAPPED)
    assert "to the Entity List. These entities" in normalized.text
    assert "who also reviews the economic effects" in normalized.text
    assert "\n" not in normalized.text.split(BLOCK_SEPARATOR)[0]


def test_spans_map_back_to_the_original_text() -> None:
    normalized = normalize(WRAPPED)
    for phrase, original in [
        ("Export Administration Regulations", "Export\nAdministration Regulations"),
        ("economic", "eco-\nnomic"),
        ("October 9, 2019", "October 9, 2019"),
    ]:
        start = normalized.text.index(phrase)
        original_start, original_end = normalized.to_original(start, start + len(phrase))
        assert WRAPPED[original_start:original_end] == original


def test_every_block_round_trips() -> None:
    normalized = normalize(WRAPPED)
    ends = [start - 1 for start in normalized.block_starts[1:]] + [len(normalized.text)]
    for block, start, end in zip(
        segment_blocks(WRAPPED), normalized.block_starts, ends, strict=True
    ):
        original = normalized.to_original(start, end)
        assert original == (block.start, block.end)
        assert collapse(WRAPPED[block.start:block.end]) == normalized.text[start:end]


def test_sentences_quote_the_original_text(analyze: Analyze) -> None:
    analysis: Analysis = analyze(WRAPPED)
    quotes = []
    for sentence in analysis.sentences:
        evidence = analysis.evidence(sentence.start, sentence.end, 1.0)
        assert WRAPPED[evidence.start:evidence.end] == evidence.quote
        assert collapse(evidence.quote) == analysis.normalized.text[sentence.start:sentence.end]
        quotes.append(evidence.quote)
    assert quotes[1] == "These entities have been found to be acting contrary to the foreign\n" \
        "policy interests of the United States, the notice says in its summary."
    assert quotes[2] == "DATES: This rule is effective October 9, 2019."


def test_no_sentence_crosses_a_block(analyze: Analyze) -> None:
    text = "Commerce acted on Wednesday\n\nHuawei said it would respond."
    analysis: Analysis = analyze(text)
    sentences = [analysis.normalized.text[s.start:s.end] for s in analysis.sentences]
    assert sentences == ["Commerce acted on Wednesday", "Huawei said it would respond."]


def test_document_text_is_never_changed(analyze: Analyze) -> None:
    analysis: Analysis = analyze(WRAPPED)
    assert isinstance(analysis.document, Document)
    assert analysis.document.text == WRAPPED


def test_empty_text_normalises_to_nothing() -> None:
    normalized = normalize("")
    assert normalized.text == ""
    assert normalized.block_starts == []


_WORDS = st.text(alphabet="abcdefghij -\n\t.,", min_size=1, max_size=200)


@given(_WORDS)
def test_every_normalised_character_comes_from_the_original(text: str) -> None:
    normalized = normalize(text)
    assert len(normalized.offsets) == len(normalized.text) + 1
    for index, char in enumerate(normalized.text):
        original = text[normalized.offsets[index]]
        assert original == char or (char in {" ", BLOCK_SEPARATOR} and original.isspace())
    assert all(a < b for a, b in zip(normalized.offsets, normalized.offsets[1:], strict=False))
