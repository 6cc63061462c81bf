"""The news pipeline end to end: a document in, an `Extraction` with evidence out."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tradegraph.ingest import lexicon as lexicon_module
from tradegraph.ingest.errors import ExtractionError
from tradegraph.ingest.extraction import ExtractionPipeline
from tradegraph.ingest.lexicon import load_action_lexicon
from tradegraph.ingest.loaders import load_file
from tradegraph.ingest.pipeline import EXTRACTOR_NAME, NewsPipeline
from tradegraph.ontology.gazetteer import Gazetteer, GazetteerEntry, GazetteerFile, load_gazetteer
from tradegraph.ontology.models import (
    ActionType,
    Document,
    EntityRef,
    EntityType,
    Extraction,
    Status,
)

Extract = Callable[..., Extraction]

ARTICLE = """\
The Commerce Department added Huawei Technologies Co. to the Entity List on Wednesday, a \
move that bars U.S. companies from selling it parts without a license.

Commerce Secretary Wilbur Ross said the decision followed an executive order signed by \
President Donald Trump.

Huawei said it would challenge the decision. China's Ministry of Commerce criticized the listing.

Only subscribers are eligible to post comments.
"""

COMMERCE = EntityRef(type=EntityType.AGENCY, key="commerce-department")
HUAWEI = EntityRef(type=EntityType.FIRM, key="huawei")


@pytest.fixture(scope="module")
def article(extract: Extract) -> Extraction:
    return extract(ARTICLE, published=dt.date(2019, 5, 16), title="Huawei listed")


def test_entities_include_the_agency_and_the_firm(article: Extraction) -> None:
    entities = {entity.ref: entity for entity in article.entities}
    assert entities[COMMERCE].label == "U.S. Department of Commerce"
    assert "Commerce Department" in entities[COMMERCE].aliases
    assert entities[HUAWEI].label == "Huawei Technologies Co., Ltd."
    assert set(entities[HUAWEI].aliases) == {"Huawei Technologies Co.", "Huawei"}
    for key in ("wilbur-ross", "donald-trump", "mofcom"):
        assert any(ref.key == key for ref in entities), key


def test_the_addition_carries_its_evidence(article: Extraction) -> None:
    additions = [a for a in article.actions if a.type is ActionType.ENTITY_LIST_ADDITION]
    assert len(additions) == 1
    action = additions[0]
    assert action.agents == [COMMERCE]
    assert action.targets == [HUAWEI]
    assert action.status is Status.IN_FORCE
    assert str(action.date) == "2019-05-15"
    [evidence] = action.evidence
    assert evidence.start == 0
    assert evidence.quote == ARTICLE[: ARTICLE.index("license.") + len("license.")]
    assert evidence.extractor == EXTRACTOR_NAME


def test_all_evidence_quotes_the_document(article: Extraction) -> None:
    assert article.actions
    for action in article.actions:
        for evidence in action.evidence:
            assert ARTICLE[evidence.start:evidence.end] == evidence.quote
    for mention in article.mentions:
        evidence = mention.evidence
        assert ARTICLE[evidence.start:evidence.end] == evidence.quote


def test_boilerplate_gives_no_facts(article: Extraction) -> None:
    comments = ARTICLE.index("Only subscribers")
    assert all(m.evidence.start < comments for m in article.mentions)
    assert all(e.start < comments for a in article.actions for e in a.evidence)


def test_extraction_names_the_pipeline(article: Extraction,
                                       pipeline: ExtractionPipeline) -> None:
    assert article.pipeline == pipeline.fingerprint
    assert article.extractor == EXTRACTOR_NAME
    assert article.extractor_version == pipeline.version
    assert article.document.title == "Huawei listed"


def test_extraction_is_deterministic(extract: Extract, article: Extraction) -> None:
    again = extract(ARTICLE, published=dt.date(2019, 5, 16), title="Huawei listed")
    assert again.model_dump() == article.model_dump()


def test_loaded_file_runs_through(fixtures: Path, pipeline: ExtractionPipeline) -> None:
    [document] = load_file(fixtures / "with_header.txt")
    assert isinstance(document, Document)
    extraction = pipeline.extract(document)
    [action] = [a for a in extraction.actions if a.type is ActionType.ENTITY_LIST_ADDITION]
    assert action.targets == [HUAWEI]
    assert str(action.date) == "2019-05-15"  # "Wednesday" before the 2019-05-16 publication
    for evidence in action.evidence:
        assert document.text[evidence.start:evidence.end] == evidence.quote


def test_undated_document_leaves_relative_dates_open(extract: Extract) -> None:
    extraction = extract("The Commerce Department added Huawei to the Entity List on Wednesday.",
                         published=None)
    [action] = extraction.actions
    assert action.targets == [HUAWEI]
    assert action.date is None


def test_text_without_facts(extract: Extract) -> None:
    extraction = extract("It rained in the afternoon, and the market closed early.")
    assert extraction.entities == []
    assert extraction.mentions == []
    assert extraction.actions == []


def test_a_failing_stage_gives_an_extraction_error(monkeypatch: pytest.MonkeyPatch) -> None:
    pipeline = NewsPipeline()

    def broken(analysis: object) -> None:
        raise RuntimeError("stage exploded")

    monkeypatch.setattr(pipeline, "stages", [*pipeline.stages[:2], broken])
    document = Document(key="d", text="Commerce acted.", source="news/d.txt")
    with pytest.raises(ExtractionError) as caught:
        pipeline.extract(document)
    assert caught.value.source == "news/d.txt"
    assert "RuntimeError: stage exploded" in caught.value.reason


# ------------------------------------------------------------------ fingerprint


def test_fingerprint_is_stable(pipeline: ExtractionPipeline) -> None:
    assert NewsPipeline().fingerprint == pipeline.fingerprint
    assert re.fullmatch(rf"{EXTRACTOR_NAME}/[^/]+/[0-9a-f]{{16}}", pipeline.fingerprint)


def test_fingerprint_changes_with_the_lexicon_files(
    pipeline: ExtractionPipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = lexicon_module.read_lexicon

    def edited(name: str) -> str:
        text = original(name)
        return text + "\n# one more comment\n" if name == "actions.toml" else text

    monkeypatch.setattr(lexicon_module, "read_lexicon", edited)
    assert NewsPipeline().fingerprint != pipeline.fingerprint


def test_fingerprint_changes_with_the_gazetteer(pipeline: ExtractionPipeline) -> None:
    small = Gazetteer({"firms.toml": GazetteerFile(
        type=EntityType.FIRM, entity=[GazetteerEntry(key="acme", label="Acme Corp.")])})
    assert NewsPipeline(gazetteer=small).fingerprint != pipeline.fingerprint
    assert NewsPipeline(gazetteer=load_gazetteer()).fingerprint == pipeline.fingerprint


def test_fingerprint_changes_with_a_given_lexicon(pipeline: ExtractionPipeline) -> None:
    lexicon = load_action_lexicon().model_copy(deep=True)
    lexicon.rule = lexicon.rule[:1]
    assert NewsPipeline(lexicon=lexicon).fingerprint != pipeline.fingerprint
    assert NewsPipeline(lexicon=load_action_lexicon()).fingerprint == pipeline.fingerprint


def test_a_given_gazetteer_is_used(extract: Extract) -> None:
    small = Gazetteer({"firms.toml": GazetteerFile(
        type=EntityType.FIRM,
        entity=[GazetteerEntry(key="acme", label="Acme Widgets", aliases=["Acme"])])})
    extraction = NewsPipeline(gazetteer=small).extract(Document(
        key="d", text="Acme and Huawei sell widgets.", source="-"))
    assert [str(entity.ref) for entity in extraction.entities] == ["firm/acme"]


# Two columns of a PDF page in layout mode: read across the gutter, line 1 would say that
# the department put Norland Optics on the Entity List; neither column says so.
TWO_COLUMNS = (
    "Weather delayed the harbour works for      The museum thanked its donors and\n"
    "a week, the port said on Monday.           lenders, and its board elected\n"
    "The Commerce Department added              Norland Optics Co., Ltd. to the Entity List\n"
    "two cranes to its fleet in May.            of patrons of the new wing.\n"
)


def test_columns_side_by_side_are_not_read_across(extract: Extract) -> None:
    extraction = extract(TWO_COLUMNS)
    assert extraction.actions == []
    # each column's lines are still read: the firm on the right is recognised
    assert "firm/norland-optics" in {str(m.entity) for m in extraction.mentions}


def test_reading_across_the_columns_would_have_made_a_fact(extract: Extract) -> None:
    """The control: the same words joined line by line across the gutter do make one."""
    rows = [" ".join(re.split(r" {3,}", line)) for line in TWO_COLUMNS.splitlines()]
    across = " ".join(rows)  # what a reader going line by line across the gutter sees
    assert any(a.type.value == "EntityListAddition" for a in extract(across).actions)
