"""Commands that read the store: `query`, `export`, `stats`, `documents`, `validate` and
`confirmations`. They open the store read-only, so they can run while an ingest writes."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from tradegraph.graph.loading.validation import ValidationReport
from tradegraph.graph.query.exports import ExportFormat
from tradegraph.ingest.text import printable
from tradegraph.ui.cli.shared import (
    EXIT_FAILED,
    StoreOption,
    err,
    fail,
    opened,
    out,
    shown,
    store_location,
)
from tradegraph.ui.query_output import OutputFormat, write_result


def query(
    sparql: Annotated[str, typer.Argument(
        help="A SPARQL query, or @FILE to read it from a file, or - to read it from stdin. "
             "Prefixes tg, rdfs, rdf, owl, xsd, skos, dcterms, schema, prov, org, time, "
             "oa are predeclared.", show_default=False)],
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="table for people; json, csv, tsv, xml (W3C SPARQL results) "
                               "for programs; turtle or ntriples for CONSTRUCT/DESCRIBE.",
        case_sensitive=False)] = OutputFormat.TABLE,
    store: StoreOption = None,
) -> None:
    """Run a SPARQL query over the union of all graphs."""
    text = _query_text(sparql)
    with opened(store, read_only=True) as graph:
        result = graph.query(text)
        try:
            write_result(result, output_format, sys.stdout.buffer, out)
        except ValueError as error:
            fail(str(error))
        except (OSError, RuntimeError) as error:  # raised while the answer is read, e.g.
            fail(f"the query failed while it ran: {error}", EXIT_FAILED)  # a SERVICE call
    sys.stdout.flush()


def _query_text(argument: str) -> str:
    if argument == "-":
        text = sys.stdin.read()
        source = "standard input"
    elif argument.startswith("@"):
        path = Path(argument[1:])
        source = printable(str(path))
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            fail(f"query file {printable(str(path))} does not exist")
        except UnicodeDecodeError as error:
            fail(f"query file {printable(str(path))} is not UTF-8 text: {error.reason} at "
                 f"byte {error.start}")
        except OSError as error:
            fail(f"cannot read query file {printable(str(path))}: {error.strerror}")
    else:
        text, source = argument, "the query argument"
    if not text.strip():
        fail(f"the query in {source} is empty")
    return text


def export(
    output_format: Annotated[str, typer.Option(
        "--format", "-f", help="turtle, ntriples, nquads, trig, jsonld or rdfxml (or an "
                               "extension such as ttl, nt, nq). Default: from --output, "
                               "else turtle.", show_default=False)] = "",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="File to write. Default: standard output.",
        show_default=False)] = None,
    graph_iri: Annotated[str | None, typer.Option(
        "--graph", "-g", help="Export only this named graph (a document IRI).",
        show_default=False)] = None,
    store: StoreOption = None,
) -> None:
    """Export the graph as RDF.

    N-Quads, TriG and JSON-LD keep the named graphs; Turtle, N-Triples and RDF/XML hold
    their union. A file is written whole or not at all.
    """
    fmt = _export_format(output_format, output)
    with opened(store, read_only=True) as graph:
        if graph_iri is not None and graph_iri not in graph.named_graphs():
            fail(f"the store has no graph named {graph_iri}; list them with "
                 "`tradegraph documents`")
        if output is None:
            graph.export(sys.stdout.buffer, fmt, graph_iri)
            sys.stdout.flush()
            return
        partial = output.with_name(output.name + ".partial")
        try:
            with partial.open("wb") as sink:
                graph.export(sink, fmt, graph_iri)
            partial.replace(output)  # never leave a half-written export under the real name
        except OSError as error:
            partial.unlink(missing_ok=True)
            fail(f"cannot write {output}: {error.strerror or error}")
    err.print(f"wrote {shown(str(output))} ({fmt.value})")


def _export_format(name: str, output: Path | None) -> ExportFormat:
    try:
        if name:
            return ExportFormat.from_name(name)
        if output is not None and output.suffix:
            return ExportFormat.from_name(output.suffix)
    except ValueError as error:
        fail(str(error))
    return ExportFormat.TURTLE


def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    store: StoreOption = None,
) -> None:
    """Show what the store holds: quads, documents, entities and actions by class."""
    with opened(store, read_only=True) as graph:
        figures = graph.stats()
    if as_json:
        out.print_json(json.dumps(asdict(figures)))
        return
    out.print(f"store      {store_location(store)}")
    out.print(f"quads      {figures.quads}")
    out.print(f"graphs     {figures.graphs}")
    out.print(f"documents  {figures.documents}")
    for title, counts in (("entities", figures.entities), ("actions", figures.actions)):
        table = Table("class", "count", title=title, title_justify="left")
        for name, count in counts.items():
            table.add_row(name, str(count))
        out.print(table)


def list_documents(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    store: StoreOption = None,
) -> None:
    """List the ingested documents."""
    with opened(store, read_only=True) as graph:
        listed = graph.documents()
    if as_json:
        out.print_json(json.dumps([asdict(document) for document in listed]))
        return
    table = Table("document", "published", "title", "quads")
    for document in listed:
        table.add_row(printable(document.iri), document.published or "",
                      printable(document.title or ""), str(document.quads))
    out.print(table)


def validate(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    limit: Annotated[int, typer.Option(min=0, help="Show at most this many issues.")] = 50,
    store: StoreOption = None,
) -> None:
    """Check the graph against the ontology's SHACL shapes.

    Every evidence quote is also checked against its document's text. Exit code 1 if the
    graph does not conform.
    """
    with opened(store, read_only=True) as graph:
        report = graph.validate()
    if as_json:
        out.print_json(json.dumps(asdict(report)))
    else:
        _print_validation(report, limit)
    if not report.conforms:
        raise typer.Exit(EXIT_FAILED)


def _print_validation(report: ValidationReport, limit: int) -> None:
    if report.conforms:
        out.print(f"conforms: {report.triples} triples checked, no violations")
        return
    out.print(f"does not conform: {len(report.issues)} issue(s) in {report.triples} triples")
    for issue in report.issues[:limit]:
        where = f" {issue.path}" if issue.path else ""
        value = f" (value {issue.value})" if issue.value else ""
        detail = escape(f"{issue.focus}{where}: {issue.message}{value}")
        out.print(f"[red]{issue.severity}[/] {detail}")
    if len(report.issues) > limit:
        out.print(f"... and {len(report.issues) - limit} more (use --limit or --json)")


def confirmations(
    confirmed: Annotated[bool, typer.Option(
        "--confirmed", help="Only the reported actions the legal record confirms.")] = False,
    reported_only: Annotated[bool, typer.Option(
        "--reported-only", help="Only the reported actions nothing in the legal record "
                                "confirms.")] = False,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="table, json, csv, tsv or xml.",
        case_sensitive=False)] = OutputFormat.TABLE,
    store: StoreOption = None,
) -> None:
    """List actions reported in the news: confirmed by the legal record (a list entry or a
    rule, with its citation) or reported only."""
    if confirmed and reported_only:
        fail("choose --confirmed or --reported-only, not both")
    which = "confirmed" if confirmed else "reported-only" if reported_only else "all"
    with opened(store, read_only=True) as graph:
        try:
            write_result(graph.query_confirmations(which), output_format, sys.stdout.buffer,
                         out)
        except ValueError as error:
            fail(str(error))
    sys.stdout.flush()
