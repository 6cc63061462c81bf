"""A pipeline built with a custom gazetteer or lexicon reaches the worker processes of a
parallel ingest: they extract with it, so its documents are skipped on the next run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tradegraph.graph.loading.ingestion import PARALLEL_THRESHOLD, Ingestor, Outcome
from tradegraph.graph.store.backends import open_store
from tradegraph.ingest.extraction import ExtractionPipeline
from tradegraph.ingest.lexicon import load_action_lexicon
from tradegraph.ontology.gazetteer import Gazetteer, GazetteerEntry, GazetteerFile, load_gazetteer
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.models import EntityType


def custom_gazetteer() -> Gazetteer:
    """The packaged gazetteer and one invented bulletin publisher, as an organisation."""
    files = dict(load_gazetteer().files)
    files["extra.toml"] = GazetteerFile(type=EntityType.ORGANIZATION, entity=[
        GazetteerEntry(key="example-trade-desk", label="Example Trade Desk")])
    return Gazetteer(files)


def ingest_twice(store: Path, folder: Path, pipeline: ExtractionPipeline) -> list[set[Outcome]]:
    outcomes = []
    for _ in range(2):
        graph_store = open_store(str(store))
        try:
            report = Ingestor(graph_store, IriMinter(), pipeline, workers=2).ingest_paths(
                [folder])
            outcomes.append({result.outcome for result in report.results})
            fingerprints = {s.pipeline for s in graph_store.document_states().values()}
            assert fingerprints == {pipeline.fingerprint}
        finally:
            graph_store.close()
    return outcomes


@pytest.mark.slow
def test_a_custom_gazetteer_reaches_the_workers(
        tmp_path: Path, bulletins: Callable[[Path, int, int], list[Path]]) -> None:
    folder = tmp_path / "bulletins"
    bulletins(folder, PARALLEL_THRESHOLD + 4, 1)
    pipeline = ExtractionPipeline(gazetteer=custom_gazetteer())
    assert pipeline.fingerprint != ExtractionPipeline().fingerprint
    assert ingest_twice(tmp_path / "store", folder, pipeline) == [
        {Outcome.INGESTED}, {Outcome.SKIPPED}]


@pytest.mark.slow
def test_a_custom_lexicon_reaches_the_workers(
        tmp_path: Path, bulletins: Callable[[Path, int, int], list[Path]]) -> None:
    folder = tmp_path / "bulletins"
    bulletins(folder, PARALLEL_THRESHOLD + 4, 1)
    lexicon = load_action_lexicon().model_copy(deep=True)
    lexicon.rule = [rule for rule in lexicon.rule if rule.type.value != "LicenseDenial"]
    pipeline = ExtractionPipeline(lexicon=lexicon)
    assert ingest_twice(tmp_path / "store", folder, pipeline) == [
        {Outcome.INGESTED}, {Outcome.SKIPPED}]


def test_default_settings_send_no_gazetteer_or_lexicon() -> None:
    """Workers load the packaged data themselves; only what differs is sent."""
    settings = ExtractionPipeline().settings()
    assert settings.gazetteer is None and settings.lexicon is None
    custom = ExtractionPipeline(gazetteer=custom_gazetteer()).settings()
    assert custom.gazetteer is not None
    assert custom.build().fingerprint == ExtractionPipeline(gazetteer=custom.gazetteer
                                                            ).fingerprint
