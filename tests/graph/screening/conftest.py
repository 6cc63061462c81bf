"""Fixtures for the screening tests: a store holding our pair set's screening list (written
as a CSL CSV and ingested through the list loader), on disk or on Virtuoso, shared by the
read-only tests of a session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.screening.pair_evaluation import (
    LabelledPair,
    ListedParty,
    listing_csv,
    read_listed,
    read_pairs,
    resolve_keys,
)

FIXTURES = Path(__file__).parent / "fixtures"
LISTED = FIXTURES / "listed_parties.csv"
PAIRS = FIXTURES / "name_pairs.csv"
"""Our labelled pair set: queries against the listed parties, "match" or "different"."""

BACKENDS = ["oxigraph", "virtuoso"]


@pytest.fixture(scope="session")
def listed_parties() -> list[ListedParty]:
    return read_listed(LISTED)


@pytest.fixture(scope="session")
def labelled_pairs() -> list[LabelledPair]:
    return read_pairs(PAIRS)


def write_pair_set_list(directory: Path, parties: list[ListedParty]) -> Path:
    """The pair set's listed parties as a screening-list file."""
    path = directory / "pair-set-list.csv"
    path.write_text(listing_csv(parties), encoding="utf-8")
    return path


@pytest.fixture(scope="session", params=BACKENDS)
def pair_set_graph(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                   listed_parties: list[ListedParty]) -> Iterator[TradeGraph]:
    """The pair set's screening list in a store: on disk, or on a Virtuoso of its own."""
    directory = tmp_path_factory.mktemp("pair-set")
    location = str(directory / "store")
    if request.param == "virtuoso":
        location = request.getfixturevalue("virtuoso_pool").get("screening").url
    with TradeGraph.open(location) as graph:
        report = graph.ingest([write_pair_set_list(directory, listed_parties)], workers=1)
        assert report.ok, report.failures
        yield graph


@pytest.fixture(scope="session")
def pair_set_iris(pair_set_graph: TradeGraph, listed_parties: list[ListedParty]
                  ) -> dict[str, str]:
    return resolve_keys(pair_set_graph.screener.index(), listed_parties)
