"""The source kinds tradegraph reads, from the registry that dispatches files to them."""

from __future__ import annotations

from typing import Any

from docgen.locate import first_of


def kinds() -> tuple[Any, ...]:
    """The registered source kinds, in the order a file is offered to them."""
    registered: tuple[Any, ...] = first_of("tradegraph.ingest.sources.registry:SOURCES")
    return registered


def reference() -> str:
    """Markdown: a table of the kinds, their file extensions and how their facts are read."""
    lines = ["| kind | file extensions | facts read from | its section |",
             "| --- | --- | --- | --- |"]
    for source in kinds():
        suffixes = ", ".join(f"`{suffix}`" for suffix in sorted(source.suffixes))
        reading = "fields of records" if source.structured else "sentences"
        lines.append(f"| `{source.kind}` | {suffixes} | {reading} | "
                     f"[{source.kind}](#{source.kind}) |")
    return "\n".join(lines) + "\n"


def news_fields() -> str:
    """Markdown: the header keys of a text document and the fields of a news JSON object."""
    header_keys = first_of("tradegraph.ingest.sources.news.text:KNOWN_HEADER_KEYS")
    json_document = first_of("tradegraph.ingest.sources.news.jsondoc:JsonDocument")
    fields = [f"`{name}`" + (" (required)" if field.is_required() else "")
              for name, field in json_document.model_fields.items()]
    keys = ", ".join(f"`{key}`" for key in sorted(header_keys))
    return (f"Header keys of a text document: {keys}.\n\n"
            f"Fields of a news JSON object: {', '.join(fields)}; other fields are kept as "
            "the document's metadata.\n")
