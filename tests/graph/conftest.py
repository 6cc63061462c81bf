"""Fixtures for the tests of `tradegraph.graph`: real stores (on disk in tmp_path, or in memory),
the fixture news documents, and generated documents for the batch tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tradegraph.graph.facade import TradeGraph

NEWS = Path(__file__).parent / "fixtures" / "news"
"""Three short news items written for these tests (no third-party text)."""

_FIRMS = ("Huawei", "ZTE", "Hikvision", "Dahua Technology", "SMIC", "DJI", "iFlytek", "Megvii")


def bulletin_text(index: int, version: int = 1) -> str:
    """A generated news bulletin; version 2 adds a sentence (so its graph changes)."""
    firm = _FIRMS[index % len(_FIRMS)]
    other = _FIRMS[(index * 3 + 1) % len(_FIRMS)]
    lines = [
        f"title: Export bulletin {index}",
        f"published: 2020-{1 + index % 12:02d}-{1 + index % 28:02d}",
        f"url: https://example.org/bulletins/{index}",
        "publisher: Example Trade Desk",
        "",
        f"The Commerce Department added {firm} to the Entity List on Tuesday, "
        f"bulletin {index} said.",
        f"Officials said the agency denied a license application from {other} last month.",
    ]
    if version == 2:
        lines.append(f"In a later update the Commerce Department granted licenses for some "
                     f"sales to {other}.")
    return "\n".join(lines) + "\n"


def write_bulletins(directory: Path, count: int, version: int = 1) -> list[Path]:
    """Write `count` generated bulletins as `bulletin-NNN.txt` files; their paths, sorted."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = directory / f"bulletin-{index:03d}.txt"
        path.write_text(bulletin_text(index, version), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def news_dir(tmp_path: Path) -> Path:
    """A private copy of the fixture news documents, free to edit."""
    target = tmp_path / "news"
    target.mkdir()
    for source in sorted(NEWS.glob("*.txt")):
        (target / source.name).write_bytes(source.read_bytes())
    return target


@pytest.fixture
def disk_graph(tmp_path: Path) -> Iterator[TradeGraph]:
    """An empty TradeGraph on disk in tmp_path."""
    with TradeGraph.open(str(tmp_path / "store")) as graph:
        yield graph


@pytest.fixture
def news_graph(disk_graph: TradeGraph, news_dir: Path) -> TradeGraph:
    """A TradeGraph on disk holding the fixture news documents (free to modify)."""
    report = disk_graph.ingest([news_dir], workers=1)
    assert report.ok, report.failures
    return disk_graph


@pytest.fixture(scope="session")
def shared_news_graph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TradeGraph]:
    """The fixture news documents in one on-disk store shared by read-only tests."""
    location = tmp_path_factory.mktemp("shared") / "store"
    with TradeGraph.open(str(location)) as graph:
        report = graph.ingest([NEWS], workers=1)
        assert report.ok, report.failures
        yield graph


@pytest.fixture
def bulletins() -> Callable[[Path, int, int], list[Path]]:
    """`bulletins(directory, count, version)` writes generated documents."""
    return write_bulletins
