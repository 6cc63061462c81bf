"""What the documentation tests share: the pages (the README and every page of the site),
the fenced blocks in them, and stores to run their examples on.

`pytest_generate_tests` hands each test the blocks it asks for by fixture name:
`python_page` (a page's `python` blocks, run in order), `sparql_example` (one `sparql`
block), `console_page` (a page's `console` transcripts, run in order).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
PAGES = ROOT / "docs" / "pages"
FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```\s*$", flags=re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Block:
    """One fenced block of a page: its language, text and the line it starts on."""

    page: Path
    language: str
    text: str
    line: int

    @staticmethod
    def of(page: Path, language: str) -> list[Block]:
        """The fenced blocks of one language on a page, in order."""
        return blocks(page, language)

    @property
    def where(self) -> str:
        """`docs/pages/how-to/screen.md:42`, for messages and test ids."""
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def documents() -> list[Path]:
    """The README and every page of the site."""
    return [README, *sorted(PAGES.rglob("*.md"))]


def blocks(page: Path, language: str) -> list[Block]:
    """The fenced blocks of one language on a page, in order (indented ones included)."""
    text = page.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(_dedent_fences(text)):
        if match.group(1) == language:
            line = text.count("\n", 0, match.start()) + 1
            found.append(Block(page, language, match.group(2), line))
    return found


def _dedent_fences(text: str) -> str:
    # A fence inside a list item is indented by four spaces; read it as if it were not
    # (line numbers stay the same).
    return re.sub(r"^    (?=```)", "", text, flags=re.MULTILINE)


def pages_with(language: str) -> list[Path]:
    """The pages holding at least one block of `language`."""
    return [page for page in documents() if blocks(page, language)]


def page_id(page: Path) -> str:
    """A short test id for a page."""
    return str(page.relative_to(ROOT))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise the documentation tests over the pages and blocks they check."""
    if "python_page" in metafunc.fixturenames:
        pages = pages_with("python")
        metafunc.parametrize("python_page", pages, ids=[page_id(p) for p in pages])
    if "console_page" in metafunc.fixturenames:
        pages = pages_with("console")
        metafunc.parametrize("console_page", pages, ids=[page_id(p) for p in pages])
    if "sparql_example" in metafunc.fixturenames:
        examples = [block for page in documents() for block in blocks(page, "sparql")]
        metafunc.parametrize("sparql_example", examples, ids=[b.where for b in examples])


@pytest.fixture(scope="session")
def read_blocks() -> type[Block]:
    """`read_blocks.of(page, language)`: the fenced blocks of a page (see `blocks`)."""
    return Block


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store holding the demo corpus, built once in this process; do not modify."""
    from tradegraph.graph.facade import TradeGraph
    from tradegraph.ingest.demo_corpus import demo_paths

    store = tmp_path_factory.mktemp("docs-demo") / "store"
    with TradeGraph.open(str(store)) as graph:
        report = graph.ingest([str(path) for path in demo_paths()], workers=1)
    assert report.ok, [(r.source, r.reason) for r in report.failures]
    return store


@pytest.fixture
def workspace(demo_store: Path, tmp_path: Path,
              monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder to run a page's examples in, as a reader would after the tutorial: the
    current directory, holding `articles/` (two demo documents), `customers.csv` (the
    tour's list) and a private copy of the demo store as `$TRADEGRAPH_STORE`."""
    from tradegraph.ingest.demo_corpus import demo_paths

    store = tmp_path / "store"
    shutil.copytree(demo_store, store)
    articles = tmp_path / "articles"
    articles.mkdir()
    for path in demo_paths()[2:4]:
        shutil.copy(path, articles / path.name)
    (tmp_path / "customers.csv").write_text(
        'name,country\nHuawei Technologies Co.,CN\nZhongxing Telecom,CN\n"Acme Widgets,US\n'
        "Northwind Traders,US\n", encoding="utf-8")
    for name in [key for key in os.environ if key.startswith("TRADEGRAPH_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("TRADEGRAPH_STORE", str(store))
    monkeypatch.chdir(tmp_path)
    yield tmp_path
