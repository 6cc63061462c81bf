"""Writing SPARQL query results for people (a table) and for programs (the W3C formats).

SELECT results go out as a table, SPARQL 1.1 JSON, CSV, TSV or XML; ASK results as
`true`/`false` (or their JSON/XML form); CONSTRUCT and DESCRIBE results as RDF.
"""

from __future__ import annotations

from enum import StrEnum
from typing import IO

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Triple,
    serialize,
)
from rich.console import Console
from rich.table import Table

from tradegraph.graph.query.formats import ExportFormat, ResultFormat
from tradegraph.graph.store.protocol import QueryResult
from tradegraph.ontology.terms import PREFIXES


class OutputFormat(StrEnum):
    """How `tradegraph query` prints results: a table for people, else a format of the
    registry (`tradegraph.graph.query.formats`)."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    TSV = "tsv"
    XML = "xml"
    TURTLE = "turtle"
    NTRIPLES = "ntriples"

    @property
    def results_format(self) -> QueryResultsFormat | None:
        """The W3C results format for SELECT/ASK, if this is one."""
        if self.value in tuple(ResultFormat):
            return ResultFormat(self.value).results_format
        return None

    @property
    def rdf_format(self) -> RdfFormat:
        """The RDF format for CONSTRUCT/DESCRIBE: N-Triples if asked for, else Turtle."""
        return (ExportFormat.NTRIPLES if self is OutputFormat.NTRIPLES
                else ExportFormat.TURTLE).rdf_format


def compact(term: object) -> str:
    """A term as people read it: `tg:Firm` rather than the full IRI, plain literal text."""
    if isinstance(term, NamedNode):
        return compact_iri(term.value)
    if isinstance(term, Literal):
        return term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Triple):
        return f"<< {compact(term.subject)} {compact(term.predicate)} {compact(term.object)} >>"
    return "" if term is None else str(term)


def compact_iri(iri: str) -> str:
    """`prefix:local` for an IRI in a predeclared namespace, else the IRI itself."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def solutions_table(result: QuerySolutions, title: str | None = None) -> tuple[Table, int]:
    """A rich table of SELECT rows, and the number of rows."""
    names = [variable.value for variable in result.variables]
    table = Table(title=title, show_lines=False, highlight=False)
    for name in names:
        table.add_column(name, overflow="fold")  # an IRI cut short is an IRI lost
    count = 0
    for row in result:
        table.add_row(*(compact(row[name]) for name in names))
        count += 1
    return table, count


def write_result(
    result: QueryResult, fmt: OutputFormat, output: IO[bytes], console: Console
) -> int | None:
    """Write a query result; returns the number of rows or triples where it counted them
    (results streamed in a W3C format are not counted)."""
    if isinstance(result, QueryBoolean):
        return _write_boolean(result, fmt, output, console)
    if isinstance(result, QueryTriples):
        triples = list(result)
        serialize(triples, output, fmt.rdf_format, prefixes=PREFIXES)
        return len(triples)
    results_format = fmt.results_format
    if results_format is None:
        if fmt is not OutputFormat.TABLE:
            raise ValueError(f"a SELECT result cannot be written as {fmt.value}; "
                             "use table, json, csv, tsv or xml")
        table, count = solutions_table(result)
        console.print(table)
        console.print(f"{count} row{'s' if count != 1 else ''}", style="dim")
        return count
    result.serialize(output, format=results_format)
    return None


def _write_boolean(
    result: QueryBoolean, fmt: OutputFormat, output: IO[bytes], console: Console
) -> int:
    value = bool(result)
    results_format = fmt.results_format
    if results_format is None or results_format in (QueryResultsFormat.CSV,
                                                    QueryResultsFormat.TSV):
        console.print("true" if value else "false", highlight=False)
    else:
        data = result.serialize(format=results_format)
        assert data is not None
        output.write(data)
    return int(value)
