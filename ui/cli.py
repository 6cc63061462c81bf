"""The `tradegraph` command line: ingest, query, export, stats, validate, remove, demo.

Every command works on one store: `--store PATH` (or `:memory:`), else `$TRADEGRAPH_STORE`,
else the default path (see `tradegraph.graph.settings`). Commands that only read open the
store read-only, so they can run while another process ingests.

Exit codes: 0 success; 1 some documents failed or the graph does not conform; 2 a bad
argument, a malformed query or a store that cannot be opened.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from tradegraph.graph import fetching
from tradegraph.graph.errors import QueryError, StoreError
from tradegraph.graph.exports import ExportFormat
from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.fetching import FetchError, ListFormat
from tradegraph.graph.ingestion import IngestReport, Outcome
from tradegraph.graph.merging import list_statements, state_distinct, state_merge, withdraw
from tradegraph.graph.settings import STORE_ENV, resolve_store_location
from tradegraph.graph.validation import ValidationReport
from tradegraph.ingest.demo_corpus import demo_paths
from tradegraph.ingest.merges import DistinctName, MergeError, SameEntity
from tradegraph.ingest.pipeline import package_version
from tradegraph.ui.results import OutputFormat, write_result

app = typer.Typer(
    name="tradegraph",
    help="A knowledge graph of trade and export-control actions: ingest documents, "
         "query them with SPARQL, export linked data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

StoreOption = Annotated[
    str | None,
    typer.Option("--store", "-s", metavar="PATH",
                 help=f"Store folder, ':memory:' or a SPARQL server URL. Default: "
                      f"${STORE_ENV}, else "
                      "~/.local/share/tradegraph/store.",
                 show_default=False),
]

EXIT_FAILED = 1
EXIT_USAGE = 2


def _print_version(value: bool) -> None:
    if value:
        out.print(f"tradegraph {package_version()}")
        raise typer.Exit()


@app.callback()
def main_options(
    store: StoreOption = None,
    version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True,
        help="Print the version and exit.")] = False,
) -> None:
    """Options that apply to every command (`tradegraph --store PATH stats`)."""
    if store:
        os.environ[STORE_ENV] = store  # the commands' own --store still wins


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print an error to stderr and stop with `code`."""
    err.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(code)


@contextlib.contextmanager
def opened(store: str | None, *, read_only: bool) -> Iterator[TradeGraph]:
    """The graph at `store`, with store and query errors turned into clean exits."""
    try:
        graph = TradeGraph.open(store, read_only=read_only)
    except StoreError as error:
        fail(str(error))
    try:
        yield graph
    except (StoreError, QueryError) as error:
        fail(str(error))
    finally:
        graph.close()


# ------------------------------------------------------------------ ingest


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(
        help="Files, folders (read recursively) or glob patterns: .txt, .html, .json, .jsonl.",
        show_default=False)],
    store: StoreOption = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Re-extract documents even if they are unchanged.")] = False,
    workers: Annotated[int | None, typer.Option(
        min=1, help="Extraction processes for large batches. Default: the CPU count, at most 4.",
        show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Ingest documents: extract their facts and store one graph per document.

    Unchanged documents are skipped; changed ones are replaced. A document that cannot be
    read or extracted is reported and the others go on; the exit code is 1 if any failed.
    """
    with opened(store, read_only=False) as graph:
        report = _ingest_with_progress(graph, paths, force=force, workers=workers, quiet=quiet)
    _print_ingest_report(report)
    if not report.ok:
        raise typer.Exit(EXIT_FAILED)


def _ingest_with_progress(
    graph: TradeGraph, paths: list[str], *, force: bool, workers: int | None, quiet: bool
) -> IngestReport:
    progress = Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(),
        MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.fields[source]}"),
        console=err, transient=True, disable=quiet or not err.is_terminal,
    )
    with progress:
        task = progress.add_task("ingesting", total=None, source="")

        def advance(done: int, total: int, source: str) -> None:
            progress.update(task, completed=done, total=total, source=Path(source).name)

        return graph.ingest(paths, force=force, workers=workers, progress=advance)


def _print_ingest_report(report: IngestReport) -> None:
    counts = ", ".join(f"{report.count(outcome)} {outcome.value}" for outcome in Outcome)
    actions = sum(result.actions for result in report.results
                  if result.outcome in (Outcome.INGESTED, Outcome.REPLACED))
    out.print(f"{counts}; {actions} actions extracted")
    for result in report.results:
        for warning in result.warnings:
            err.print(f"[yellow]skipped[/] {escape(result.source)}: {escape(warning)}")
    for failure in report.failures:
        reason = escape(failure.reason or "unknown reason")
        err.print(f"[red]failed[/] {escape(failure.source)}: {reason}")


# ------------------------------------------------------------------ query


@app.command()
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
    sys.stdout.flush()


def _query_text(argument: str) -> str:
    if argument == "-":
        text = sys.stdin.read()
        source = "standard input"
    elif argument.startswith("@"):
        path = Path(argument[1:])
        source = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            fail(f"query file {path} does not exist")
        except UnicodeDecodeError as error:
            fail(f"query file {path} is not UTF-8 text: {error.reason} at byte {error.start}")
        except OSError as error:
            fail(f"cannot read query file {path}: {error.strerror}")
    else:
        text, source = argument, "the query argument"
    if not text.strip():
        fail(f"the query in {source} is empty")
    return text


# ------------------------------------------------------------------ export


@app.command()
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
        if graph_iri is not None and graph_iri not in graph.store.named_graphs():
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
    err.print(f"wrote {output} ({fmt.value})")


def _export_format(name: str, output: Path | None) -> ExportFormat:
    try:
        if name:
            return ExportFormat.from_name(name)
        if output is not None and output.suffix:
            return ExportFormat.from_name(output.suffix)
    except ValueError as error:
        fail(str(error))
    return ExportFormat.TURTLE


# ------------------------------------------------------------------ stats, documents


@app.command()
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
    out.print(f"store      {resolve_store_location(store)}")
    out.print(f"quads      {figures.quads}")
    out.print(f"graphs     {figures.graphs}")
    out.print(f"documents  {figures.documents}")
    for title, counts in (("entities", figures.entities), ("actions", figures.actions)):
        table = Table("class", "count", title=title, title_justify="left")
        for name, count in counts.items():
            table.add_row(name, str(count))
        out.print(table)


@app.command()
def documents(
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
        table.add_row(document.iri, document.published or "", document.title or "",
                      str(document.quads))
    out.print(table)


# ------------------------------------------------------------------ validate, remove


@app.command()
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


@app.command()
def remove(
    documents: Annotated[list[str], typer.Argument(
        help="Documents to remove: their IRI, key or file name.", show_default=False)],
    store: StoreOption = None,
) -> None:
    """Remove documents (their whole graphs) from the store."""
    missing = []
    with opened(store, read_only=False) as graph:
        for identifier in documents:
            removed = graph.remove(identifier)
            if removed:
                out.print(f"removed {removed}")
            else:
                missing.append(identifier)
    for identifier in missing:
        err.print(f"[red]not found[/] {escape(identifier)}: no such document in the store")
    if missing:
        raise typer.Exit(EXIT_FAILED)


# ------------------------------------------------------------------ demo


@app.command()
def demo(store: StoreOption = None) -> None:
    """Ingest the packaged demo corpus and show what to try next.

    A dozen short articles, written for tradegraph, on U.S. and Chinese export controls
    from 2018 to 2023.
    """
    paths = [str(path) for path in demo_paths()]
    with opened(store, read_only=False) as graph:
        report = _ingest_with_progress(graph, paths, force=False, workers=1, quiet=False)
        _print_ingest_report(report)
        figures = graph.stats()
    where = resolve_store_location(store)
    store_flag = f" --store {where}" if store else ""
    out.print(f"\nThe store at {where} holds {figures.documents} documents, "
              f"{sum(figures.actions.values())} actions, {figures.quads} quads.\n")
    out.print("Try next:")
    out.print(f"  tradegraph stats{store_flag}")
    out.print(f"  tradegraph query{store_flag} '{_DEMO_QUERY}'")
    out.print(f"  tradegraph export{store_flag} --format trig --output tradegraph.trig")
    out.print(f"  tradegraph validate{store_flag}")
    if not report.ok:
        raise typer.Exit(EXIT_FAILED)


_DEMO_QUERY = (
    "SELECT DISTINCT ?date ?type ?agent ?target WHERE { ?a a ?type ; tg:target/rdfs:label "
    "?target . ?type rdfs:subClassOf tg:Action . OPTIONAL { ?a tg:agent/rdfs:label ?agent } "
    "OPTIONAL { ?a tg:date ?date } } ORDER BY ?date"
)


# ------------------------------------------------------------------ eval


@app.command("eval")
def evaluate(
    docs: Annotated[Path, typer.Option("--docs", help="Folder of documents.")],
    gold: Annotated[Path, typer.Option("--gold", help="Folder of gold .json files.")],
    *,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")]
    = False,
    details: Annotated[bool, typer.Option(help="List misses and false alarms.")] = True,
    first_sight: Annotated[bool, typer.Option(
        "--first-sight", help="Show each document's first-sight score beside the current "
                              "one, recording documents scored for the first time.")] = False,
    record: Annotated[Path | None, typer.Option(
        "--first-sight-file", help="The first-sight record [default: the one kept in the "
                                   "repository, ingest/evaluation/first_sight.json].")] = None,
) -> None:
    """Score extraction against gold annotations: P/R/F1 and date accuracy, per document,
    per genre and per failure class.

    Gold files follow ../shared/corpus/gold/GUIDELINES.md; each names its document.
    """
    from tradegraph.ingest.evaluation import (
        DEFAULT_RECORD,
        EvaluationError,
        evaluate_with_first_sight,
        to_json,
    )
    from tradegraph.ingest.evaluation import evaluate as run_evaluation
    from tradegraph.ui.evaluation_view import print_evaluation, print_first_sight

    try:
        if first_sight or record is not None:
            run = evaluate_with_first_sight(docs, gold, record or DEFAULT_RECORD)
            report, extra = run.report, run.as_dict()
        else:
            report, run, extra = run_evaluation(docs, gold), None, {}
    except EvaluationError as error:
        fail(str(error))
    if as_json:
        out.print_json(to_json(report, extra))
    else:
        print_evaluation(out, err, report, details)
        if run is not None:
            print_first_sight(out, err, run)
    if report.errors:
        raise typer.Exit(EXIT_FAILED)


# ------------------------------------------------------------------ serve


@app.command()
def serve(
    store: StoreOption = None,
    *,
    host: Annotated[str, typer.Option(help="Address to bind; 127.0.0.1 keeps it local.")] =
    "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    timeout: Annotated[float, typer.Option(help="Seconds a query may run before it is "
                                                 "stopped.")] = 30.0,
    max_result_mb: Annotated[float, typer.Option(help="Largest result, in MB.")] = 50.0,
    workers: Annotated[int | None, typer.Option(help="Query worker processes "
                                                     "[default: CPU count].")] = None,
    allow_service: Annotated[bool, typer.Option(help="Allow SERVICE and LOAD, which make the "
                                                     "server fetch URLs.")] = False,
    cors_origin: Annotated[list[str] | None, typer.Option(help="Origin allowed to call from a "
                                                               "browser (repeatable; * for any).")
                           ] = None,
    explorer_url: Annotated[str | None, typer.Option(help="URL of a running explorer, linked "
                                                          "from resource pages.")] = None,
) -> None:
    """Serve the store: SPARQL 1.1 endpoint, linked data, VoID and dumps.

    Read-only unless $TRADEGRAPH_UPDATE_TOKEN is set: then SPARQL Update and Graph Store
    writes are allowed to requests that send it as a bearer token.
    """
    from tradegraph.graph.server import ServerSettings
    from tradegraph.graph.server import serve as run_server

    options = {"store": resolve_store_location(store), "host": host, "port": port,
               "query_timeout": timeout, "max_result_bytes": int(max_result_mb * 1_000_000),
               "allow_service": allow_service, "cors_origins": cors_origin or [],
               "explorer_url": explorer_url}
    if workers is not None:
        options["workers"] = workers
    try:
        settings = ServerSettings.model_validate(options)
    except ValueError as error:
        fail(f"bad server settings: {error}")
    where = "loopback only" if host in ("127.0.0.1", "localhost", "::1") else "ALL interfaces"
    writes = "updates allowed with the token" if settings.update_token else "read-only"
    err.print(f"tradegraph serving {escape(settings.store)} at http://{host}:{port}/sparql "
              f"({where}; {writes}; Ctrl-C to stop)")
    try:
        run_server(settings)
    except StoreError as error:
        fail(str(error), EXIT_FAILED)


# ------------------------------------------------------------------ merges


@app.command()
def merge(
    entity: Annotated[str, typer.Argument(help="The entity to fold in, as TYPE/KEY "
                                          "(e.g. firm/huawei-device).", show_default=False)],
    into: Annotated[str, typer.Argument(help="The entity it is, as TYPE/KEY.",
                                        show_default=False)],
    store: StoreOption = None,
) -> None:
    """State that two entities are one, then re-extract the stored documents."""
    with opened(store, read_only=False) as graph:
        try:
            rule = state_merge(graph.store, entity, into)
        except MergeError as error:
            fail(str(error))
        out.print(f"merged {rule.entity} into {rule.into}")
        _print_ingest_report(graph.reextract())


@app.command()
def split(
    name: Annotated[str, typer.Argument(help="A name the rules resolved wrongly, as written "
                                        "in the text.", show_default=False)],
    entity: Annotated[str, typer.Option("--from", help="The entity the name was merged into, "
                                        "as TYPE/KEY.", show_default=False)],
    store: StoreOption = None,
) -> None:
    """State that a name is an entity of its own, then re-extract the stored documents."""
    with opened(store, read_only=False) as graph:
        try:
            rule = state_distinct(graph.store, name, entity)
        except MergeError as error:
            fail(str(error))
        out.print(f"{rule.name!r} is no longer {rule.entity}")
        _print_ingest_report(graph.reextract())


@app.command()
def merges(
    withdraw_number: Annotated[int | None, typer.Option(
        "--withdraw", help="Withdraw statement N (as numbered in the list) and re-extract.",
        show_default=False)] = None,
    store: StoreOption = None,
) -> None:
    """List the merge statements of the store, or withdraw one."""
    with opened(store, read_only=withdraw_number is None) as graph:
        if withdraw_number is not None:
            try:
                removed = withdraw(graph.store, withdraw_number)
            except MergeError as error:
                fail(str(error))
            out.print(f"withdrew {_statement(removed)}")
            _print_ingest_report(graph.reextract())
            return
        try:
            statements = list_statements(graph.store)
        except MergeError as error:
            fail(str(error))
        if not statements:
            out.print("no merge statements")
        for number, statement in enumerate(statements, start=1):
            out.print(f"{number}. {_statement(statement)}")


def _statement(statement: SameEntity | DistinctName) -> str:
    if isinstance(statement, SameEntity):
        return f"{statement.entity} is the same as {statement.into}"
    return f"the name {statement.name!r} is not {statement.entity}"


# ------------------------------------------------------------------ explore


@app.command()
def explore(
    store: StoreOption = None,
    *,
    host: Annotated[str, typer.Option(help="Address to bind; 127.0.0.1 keeps it local.")] =
    "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8501,
    headless: Annotated[bool, typer.Option(help="Do not open a browser.")] = False,
    timeout: Annotated[float, typer.Option(help="Seconds a query on the SPARQL page may run "
                                                 "before it is stopped.")] = 30.0,
) -> None:
    """Start the Streamlit explorer: overview, search, entity pages, network, timeline,
    documents, SPARQL and export, in the browser."""
    from tradegraph.ui.explorer.launch import run as run_explorer

    with opened(store, read_only=True):
        pass  # a clear error now if there is no store, rather than in the browser
    err.print(f"tradegraph explorer on http://{host}:{port}/ (Ctrl-C to stop)")
    raise typer.Exit(run_explorer(resolve_store_location(store), host, port, headless, timeout))


# ------------------------------------------------------------------ fetch

fetch_app = typer.Typer(help="Fetch the legal record (the Consolidated Screening List, Federal "
                             "Register documents) from its official addresses, or take local "
                             "files, and ingest it.", no_args_is_help=True)
app.add_typer(fetch_app, name="fetch")
FolderOption = Annotated[Path | None, typer.Option(
    "--to", help="Folder to keep the fetched files in [default: downloads/ beside the store "
                 "folder]", show_default=False)]


@fetch_app.command("screening-list")
def fetch_screening_list(
    list_format: Annotated[ListFormat, typer.Option(
        "--format", help="the download format", case_sensitive=False)] = ListFormat.CSV,
    local: Annotated[Path | None, typer.Option(
        "--from", help="a local copy of the list (CSV, TSV or JSON) instead of downloading",
        show_default=False)] = None,
    folder: FolderOption = None,
    store: StoreOption = None,
) -> None:
    """Download trade.gov's Consolidated Screening List (or take --from FILE) and ingest it."""
    try:
        path = fetching.fetch_screening_list(
            list_format, folder or fetching.downloads_folder(resolve_store_location(store)),
            local)
    except (FetchError, OSError) as error:
        fail(str(error), EXIT_FAILED)
    _ingest_fetched(store, [path])


@fetch_app.command("federal-register")
def fetch_federal_register(
    numbers: Annotated[list[str] | None, typer.Argument(
        help="Federal Register document numbers, e.g. 2019-10616", show_default=False)] = None,
    local: Annotated[list[Path] | None, typer.Option(
        "--from", help="a local API JSON file instead of downloading (repeatable)",
        show_default=False)] = None,
    folder: FolderOption = None,
    store: StoreOption = None,
) -> None:
    """Download Federal Register documents by number from the Federal Register API, with
    their full text (or take --from FILE), and ingest them."""
    if not numbers and not local:
        fail("name at least one document number, or a file with --from", EXIT_USAGE)
    try:
        fetched = fetching.fetch_federal_register(
            numbers or [], folder or fetching.downloads_folder(resolve_store_location(store)),
            local or [])
    except (FetchError, OSError) as error:
        fail(str(error), EXIT_FAILED)
    for warning in fetched.warnings:
        err.print(f"[yellow]warning:[/] {escape(warning)}")
    for failure in fetched.failures:
        err.print(f"[red]failed[/] {escape(failure)}")
    if not fetched.paths:
        raise typer.Exit(EXIT_FAILED)
    _ingest_fetched(store, fetched.paths, failed=bool(fetched.failures))


def _ingest_fetched(store: str | None, paths: list[Path], *, failed: bool = False) -> None:
    for path in paths:
        err.print(f"fetched {escape(str(path))}")
    with opened(store, read_only=False) as graph:
        report = graph.ingest([str(path) for path in paths], workers=1)
    _print_ingest_report(report)
    if failed or not report.ok:
        raise typer.Exit(EXIT_FAILED)


# ------------------------------------------------------------------ confirmations


@app.command()
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
    from tradegraph.graph.corroboration import confirmations_query

    if confirmed and reported_only:
        fail("choose --confirmed or --reported-only, not both")
    which = "confirmed" if confirmed else "reported-only" if reported_only else "all"
    with opened(store, read_only=True) as graph:
        try:
            write_result(graph.query(confirmations_query(which)), output_format,
                         sys.stdout.buffer, out)
        except ValueError as error:
            fail(str(error))
    sys.stdout.flush()


def _configure_streams() -> None:
    # Piped output (| head) should end quietly; text output stays UTF-8 on any locale.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def main() -> None:
    """Entry point of the `tradegraph` console script."""
    _configure_streams()
    try:
        app()
    except BrokenPipeError:
        sys.stderr.close()


if __name__ == "__main__":
    main()
