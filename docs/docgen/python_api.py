"""The Python API reference: mkdocstrings directives for every name the front door
(`tradegraph.graph`) exports, so a name added to it gets its section at the next build."""

from __future__ import annotations

import importlib
import inspect

FRONT_DOOR = "tradegraph.graph"


def exported() -> list[str]:
    """The dotted names of the public API: the front door's `__all__`."""
    names: list[str] = importlib.import_module(FRONT_DOOR).__all__
    return [f"{FRONT_DOOR}.{name}" for name in names]


def resolve(dotted: str) -> object:
    """The object a dotted name of `exported` names."""
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def section(dotted: str) -> str:
    """Where a name goes on the page: the facade, errors, functions or types."""
    found = resolve(dotted)
    if dotted.endswith(".TradeGraph"):
        return "TradeGraph"
    if inspect.isclass(found) and issubclass(found, BaseException):
        return "Errors"
    if inspect.isfunction(found):
        return "Functions"
    return "What it takes and returns"


def reference() -> str:
    """Markdown: a heading per section, an mkdocstrings directive per name."""
    order = ("TradeGraph", "What it takes and returns", "Functions", "Errors")
    grouped: dict[str, list[str]] = {name: [] for name in order}
    for dotted in exported():
        grouped[section(dotted)].append(dotted)
    lines: list[str] = []
    for heading in order:
        if not grouped[heading]:
            continue
        lines += [f"## {heading}", ""]
        for dotted in grouped[heading]:
            lines.append(f"::: {dotted}")
            if heading == "TradeGraph":
                lines += ["    options:", "      inherited_members: true"]
            lines.append("")
    return "\n".join(lines)
