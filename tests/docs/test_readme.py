"""The README stays short and keeps its promises: at most 200 lines, the two commands (which
exist, and which CI runs), links that lead somewhere; and the site's navigation takes a
newcomer from the home page to screening a CSV in two clicks."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_is_at_most_200_lines() -> None:
    assert len(README.splitlines()) <= 200


def test_the_two_commands_and_ci_exist() -> None:
    assert "bash scripts/demo.sh" in README and "bash scripts/test.sh" in README
    for script in ("scripts/setup.sh", "scripts/demo.sh", "scripts/test.sh"):
        assert (ROOT / script).is_file()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/test.sh" in ci


def test_every_link_of_the_readme_leads_to_a_file() -> None:
    targets = re.findall(r"\]\(((?!https?:|#)[^)]+)\)", README)
    assert len(targets) > 20
    for target in targets:
        assert (ROOT / target.split("#")[0]).exists(), f"the README links to {target}"


def test_the_picture_is_a_png_of_some_size() -> None:
    picture = ROOT / "docs" / "pages" / "images" / "explorer.png"
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert picture.stat().st_size > 20_000, "the explorer's picture is missing or a stand-in"


def test_a_newcomer_finds_screening_a_csv_in_two_clicks() -> None:
    # Click one: the How-to tab of the top navigation; click two: its screening guide.
    config = yaml.safe_load((ROOT / "docs" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "navigation.tabs" in config["theme"]["features"]
    tabs = {next(iter(entry)): next(iter(entry.values())) for entry in config["nav"]}
    how_to = {next(iter(entry)): next(iter(entry.values()))
              for entry in tabs["How-to"] if isinstance(entry, dict)}
    assert how_to.get("Screen a customer list (CSV)") == "how-to/screen.md"
