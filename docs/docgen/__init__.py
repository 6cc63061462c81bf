"""Reference pages generated from the code, never copied by hand.

Each generator imports the object the page describes (the Typer app, the FastAPI app
factory, the settings class, the ontology's Turtle files, the source-kind registry) and
returns Markdown. `hooks.py` puts that Markdown where a page says
`<!-- generate: NAME -->`, at every `mkdocs build` and `mkdocs serve`; the tests call the
same functions to check that every command, setting, route, source kind and class is there.
"""

from __future__ import annotations

from collections.abc import Callable

from docgen import cli, modules, ontology, python_api, routes, settings, shapes, sources

GENERATORS: dict[str, Callable[[], str]] = {
    "cli": cli.reference,
    "settings": settings.reference,
    "routes": routes.reference,
    "ontology-classes": ontology.classes_reference,
    "ontology-properties": ontology.properties_reference,
    "ontology-individuals": ontology.individuals_reference,
    "shapes": shapes.reference,
    "source-kinds": sources.reference,
    "news-fields": sources.news_fields,
    "modules": modules.reference,
    "python-api": python_api.reference,
}
"""The generators a page can name, by name."""
