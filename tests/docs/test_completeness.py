"""In the spirit of Datasette's documentation tests: every command, setting, HTTP route,
source kind, ontology class and property, and module is documented, or the suite fails.

The reference pages are generated from the code (docs/docgen), so these tests check what
generation cannot: that what it shows has words (help texts, descriptions, comments,
docstrings), that the hand-written pages name every command, variable, route and kind,
and that they name nothing that no longer exists.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import click
import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = DOCS / "pages"
sys.path.insert(0, str(DOCS))  # docgen is loaded by MkDocs from docs/, not installed

from docgen import GENERATORS, cli, modules, ontology, routes, settings, sources  # noqa: E402
from docgen.hooks import MARKER  # noqa: E402

from tradegraph.graph import TradeGraph  # noqa: E402
from tradegraph.ontology.schema import schema  # noqa: E402
from tradegraph.ontology.settings import Settings, documented, env_name  # noqa: E402


def page(name: str) -> str:
    """The Markdown of a page of the site, as written (before generation)."""
    return (PAGES / name).read_text(encoding="utf-8")


def written_pages() -> str:
    """Every page as written, the generated references left out."""
    return "\n".join(path.read_text(encoding="utf-8") for path in PAGES.rglob("*.md"))


# ------------------------------------------------------------------ the command line

def _commands() -> list[tuple[str, click.Command]]:
    found = []

    def walk(command: click.Command, name: str) -> None:
        found.append((name, command))
        if isinstance(command, click.Group):
            for sub_name, sub in command.commands.items():
                walk(sub, f"{name} {sub_name}")

    walk(cli.command(), "tradegraph")
    return found


@pytest.mark.parametrize(("name", "command"), _commands(), ids=[n for n, _ in _commands()])
def test_every_command_and_option_has_help(name: str, command: click.Command) -> None:
    assert (command.help or "").strip(), f"`{name}` has no help text"
    for parameter in command.params:
        if isinstance(parameter, click.Option) and parameter.name != "help":
            assert (parameter.help or "").strip(), f"`{name}` {parameter.opts[0]} has no help"


def test_every_command_is_in_the_reference_and_on_a_written_page() -> None:
    reference = cli.reference()
    written = written_pages()
    for name in cli.command_names():
        assert f"`{name}`" in reference, f"{name} is missing from the CLI reference"
        top = " ".join(name.split()[:2])
        assert re.search(rf"\b{re.escape(top)}\b", written), \
            f"no page (tutorial, how-to or explanation) shows `{top}`"


# ------------------------------------------------------------------ settings

def test_every_setting_is_in_the_generated_reference_with_a_meaning() -> None:
    reference = settings.reference()
    for field in Settings.model_fields:
        assert f"| `{env_name(field)}` |" in reference, f"{env_name(field)} is not in the table"
    for name, meaning, _ in documented():
        assert meaning.strip(), f"{name} has no description in ontology/settings.py"


def test_the_settings_page_generates_the_table() -> None:
    assert "<!-- generate: settings -->" in page("reference/settings.md")


def test_every_variable_the_code_names_is_a_declared_setting() -> None:
    undeclared = settings.variables_in_code() - set(settings.variables())
    assert not undeclared, f"variables not declared in ontology/settings.py: {sorted(undeclared)}"


def test_the_pages_name_no_variable_that_is_not_a_setting() -> None:
    named = set(settings.VARIABLE.findall(written_pages()))
    stale = named - set(settings.variables())
    assert not stale, f"pages name variables tradegraph does not read: {sorted(stale)}"


# ------------------------------------------------------------------ HTTP routes

def _table_paths() -> set[str]:
    """The paths in the first column of the HTTP page's table, without their queries."""
    cells = re.findall(r"^\| `(?:POST )?([^`]+)`", page("reference/http.md"), re.MULTILINE)
    return {cell.split("?")[0] for cell in cells}


def _matches(route: str, written: str) -> bool:
    # `/id/{path}` is written `/id/...`; `/dumps/{name}` as `/dumps/tradegraph.{nq,...}.gz`.
    static = route.split("{", maxsplit=1)[0]
    return written == route or ("{" in route and written.startswith(static))


def test_every_route_has_a_description_and_a_row() -> None:
    table = _table_paths()
    for path, operations in routes.routes().items():
        for method, operation in operations.items():
            assert operation.get("description", "").strip(), \
                f"{method.upper()} {path} has no docstring to describe it"
        assert any(_matches(path, written) for written in table), \
            f"{path} is missing from the table of reference/http.md"


def test_the_route_table_names_only_routes_that_exist() -> None:
    paths = list(routes.routes())
    for written in _table_paths():
        assert any(_matches(path, written) for path in paths), \
            f"reference/http.md lists {written}, which the application does not serve"


# ------------------------------------------------------------------ source kinds

def test_every_source_kind_has_a_file_format_section() -> None:
    formats = page("reference/file-formats.md")
    sections = set(re.findall(r"^## (\S+) \{#\1\}$", formats, re.MULTILINE))
    kinds = {source.kind for source in sources.kinds()}
    assert kinds <= sections, f"kinds without a section: {sorted(kinds - sections)}"
    assert sections <= kinds, f"sections of no kind: {sorted(sections - kinds)}"


# ------------------------------------------------------------------ the ontology

@pytest.mark.parametrize("kind", ["classes", "properties"])
def test_every_ontology_term_has_a_label_and_a_comment(kind: str) -> None:
    graph = ontology.load()
    terms = ontology.classes(graph) if kind == "classes" else ontology.properties(graph)
    assert len(terms) > 10
    for term in terms:
        for predicate in (ontology.RDFS.label, ontology.RDFS.comment):
            assert graph.value(term, predicate), f"tg:{ontology.local(term)} has no {predicate}"


def test_every_ontology_class_and_property_is_in_the_reference() -> None:
    generated = ontology.classes_reference() + ontology.properties_reference()
    graph = ontology.load()
    for term in ontology.classes(graph) + ontology.properties(graph):
        assert f"{{#{ontology.anchor(term, graph)}}}" in generated


NEWER_TERMS = ("regime", "opensStanding", "endsStandingOf", "amendsStandingOf", "Party",
               "affiliatesOf", "TemporaryDenialOrder", "LicenseRevocation",
               "MilitaryEndUserListAddition", "UnverifiedListAddition", "BlockingSanction",
               "Countermeasure")
"""Terms added with the registry (#29) and the reader (#28), named so that a generator that
stopped reading a kind of term (annotation properties, say) fails here by name."""


@pytest.mark.parametrize("term", NEWER_TERMS)
def test_the_newer_terms_are_in_the_reference(term: str) -> None:
    generated = ontology.classes_reference() + ontology.properties_reference()
    assert f"### tg:{term} {{#" in generated, f"tg:{term} is missing from the ontology page"


def test_every_class_of_the_registry_is_in_the_reference() -> None:
    generated = ontology.classes_reference()
    registry = schema()
    for name in [*registry.actions, *registry.entities]:
        assert f"### tg:{name} {{#class-{name}}}" in generated, f"tg:{name} has no section"


def test_each_class_section_shows_what_the_registry_reads_from_it() -> None:
    generated = ontology.classes_reference()
    for name in schema().actions:
        section = generated.split(f"### tg:{name} {{#class-{name}}}")[1].split("\n### ")[0]
        declared = ontology.meanings(ontology.TG[name], ontology.load())
        for annotation, _ in declared:
            assert f"**{annotation}:**" in section, f"tg:{name} does not show {annotation}"


# ------------------------------------------------------------------ the code

@pytest.mark.parametrize("floor", modules.FLOORS)
def test_every_module_says_what_it_holds(floor: str) -> None:
    silent = [name for name, summary in modules.modules(floor) if not summary]
    assert not silent, f"modules without a docstring: {silent}"


def test_every_public_method_of_the_facade_has_a_docstring() -> None:
    for name in dir(TradeGraph):
        member = getattr(TradeGraph, name)
        if not name.startswith("_") and callable(member):
            assert (member.__doc__ or "").strip(), f"TradeGraph.{name} has no docstring"


# ------------------------------------------------------------------ the generators

def test_every_marker_names_a_generator_and_every_generator_is_used() -> None:
    used = set(MARKER.findall(written_pages()))
    assert used <= set(GENERATORS), f"unknown generators: {sorted(used - set(GENERATORS))}"
    assert set(GENERATORS) <= used, f"generators no page uses: {sorted(set(GENERATORS) - used)}"


# ------------------------------------------------------------------ names the pages use

CODE_PATH = re.compile(
    r"`((?:ontology|ingest|graph|ui|tests|bench|scripts|conformance|docs)/[\w/.\-]*)`")
PYTHON_NAME = re.compile(r"`(tradegraph\.(?!ttl\b)[\w.]*\w)")


def _resolves(dotted: str) -> bool:
    """Whether `dotted` names a module of ours, or an attribute path inside one."""
    parts = dotted.split(".")
    for cut in range(len(parts), 1, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(found, attribute):
                return False
            found = getattr(found, attribute)
        return True
    return False


def test_every_file_the_pages_name_exists() -> None:
    for path in [ROOT / "README.md", *PAGES.rglob("*.md")]:
        for named in CODE_PATH.findall(path.read_text(encoding="utf-8")):
            assert (ROOT / named).exists(), f"{path.name} names {named}, which does not exist"


def test_every_python_name_the_pages_use_imports() -> None:
    for path in [ROOT / "README.md", *PAGES.rglob("*.md")]:
        for named in PYTHON_NAME.findall(path.read_text(encoding="utf-8")):
            assert _resolves(named), f"{path.name} names {named}, which does not import"
