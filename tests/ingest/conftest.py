"""Fixtures for the tests of `tradegraph.ingest`: one shared pipeline, a helper that runs it on
a sentence or two we write ourselves, and the fixture files under `fixtures/`."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tradegraph.ingest.analysis import Analysis
from tradegraph.ingest.extraction import ExtractionPipeline
from tradegraph.ontology.models import Action, ActionType, Document, Extraction

FIXTURES = Path(__file__).parent / "fixtures"
"""Documents written for these tests (no third-party text)."""

PUBLISHED = dt.date(2019, 5, 22)
"""Default publication date of test documents: a Wednesday."""

Extract = Callable[..., Extraction]
Analyze = Callable[..., Analysis]


def make_document(text: str, published: dt.date | None = PUBLISHED, **fields: str) -> Document:
    """A document with this body text, as a loader would give it."""
    return Document(key="test-doc", text=text, source="test", published=published, **fields)


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the evaluation fixtures (fixtures/eval): (docs, gold)."""
    docs, gold = tmp_path / "docs", tmp_path / "gold"
    shutil.copytree(FIXTURES / "eval" / "docs", docs)
    shutil.copytree(FIXTURES / "eval" / "gold", gold)
    return docs, gold


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """The folder of fixture documents."""
    return FIXTURES


@pytest.fixture(scope="session")
def pipeline() -> ExtractionPipeline:
    """The default pipeline (building it loads the gazetteer and lexicons once)."""
    return ExtractionPipeline()


@pytest.fixture(scope="session")
def extract(pipeline: ExtractionPipeline) -> Extract:
    """`extract(text, published=date, **fields)` runs the pipeline on a new document."""

    def run(text: str, published: dt.date | None = PUBLISHED, **fields: str) -> Extraction:
        return pipeline.extract(make_document(text, published, **fields))

    return run


@pytest.fixture(scope="session")
def analyze(pipeline: ExtractionPipeline) -> Analyze:
    """`analyze(text, published=date)` returns the pipeline's working state."""

    def run(text: str, published: dt.date | None = PUBLISHED, **fields: str) -> Analysis:
        return pipeline.prose.analyze(make_document(text, published, **fields))

    return run


@pytest.fixture(scope="session")
def only_action() -> Callable[[Extraction, ActionType], Action]:
    """`only_action(extraction, type)`: the single action of that type (fails otherwise)."""

    def pick(extraction: Extraction, action_type: ActionType) -> Action:
        found = [action for action in extraction.actions if action.type is action_type]
        assert len(found) == 1, f"expected one {action_type}, got {extraction.actions}"
        return found[0]

    return pick
