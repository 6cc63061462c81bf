"""The HTTP reference: every route of `tradegraph serve`, from the application's OpenAPI
schema (FastAPI builds it from the routes and their handlers' docstrings)."""

from __future__ import annotations

import warnings
from typing import Any

from docgen.locate import first_of

METHODS = ("get", "head", "post", "put", "delete", "patch", "options")
"""HTTP methods in the order the page lists them."""
INTERNAL = frozenset({"/api", "/openapi.json"})
"""FastAPI's own pages about the API, not routes of tradegraph."""


def openapi() -> dict[str, Any]:
    """The OpenAPI schema of the application `tradegraph serve` runs (on an in-memory
    store; the schema does not depend on the store)."""
    create_app = first_of("tradegraph.ui.server.app:create_app",
                          "tradegraph.graph.server.app:create_app")
    settings = first_of("tradegraph.ui.server.options:ServerSettings",
                        "tradegraph.ui.server.settings:ServerSettings",
                        "tradegraph.graph.server.settings:ServerSettings")
    application = create_app(settings(store=":memory:"))
    with warnings.catch_warnings():
        # One handler serves several methods, so FastAPI names their operations alike.
        warnings.simplefilter("ignore", UserWarning)
        schema: dict[str, Any] = application.openapi()
    return schema


def routes() -> dict[str, dict[str, dict[str, Any]]]:
    """Path -> method -> operation, without FastAPI's own documentation routes."""
    paths: dict[str, dict[str, dict[str, Any]]] = openapi()["paths"]
    return {path: operations for path, operations in paths.items() if path not in INTERNAL}


def reference() -> str:
    """Markdown: a section per path with its methods and its handler's description."""
    sections: list[str] = []
    for path, operations in routes().items():
        methods = [method for method in METHODS if method in operations]
        first = operations[methods[0]]
        descriptions = {operations[method].get("description", "").strip()
                        for method in methods}
        heading = f"### `{path}`"
        lines = [heading, "", "**Methods:** " + ", ".join(m.upper() for m in methods), ""]
        for description in sorted(descriptions):
            lines += [description, ""]
        parameters = [parameter["name"] for parameter in first.get("parameters", [])
                      if parameter.get("in") == "path"]
        if parameters:
            lines += ["**Path parameters:** " + ", ".join(f"`{p}`" for p in parameters), ""]
        sections.append("\n".join(lines))
    return "\n".join(sections)
