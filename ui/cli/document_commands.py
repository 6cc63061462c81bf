"""Commands that change which documents the store holds: `ingest`, `remove` and `demo`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from tradegraph.graph.errors import AmbiguousDocumentError
from tradegraph.ingest.demo_corpus import demo_paths
from tradegraph.ui.cli.shared import (
    EXIT_FAILED,
    StoreOption,
    err,
    ingest_with_progress,
    opened,
    out,
    print_ingest_report,
    store_location,
)


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
        report = ingest_with_progress(graph, paths, force=force, workers=workers, quiet=quiet)
    print_ingest_report(report)
    if not report.ok:
        raise typer.Exit(EXIT_FAILED)


def remove(
    documents: Annotated[list[str], typer.Argument(
        help="Documents to remove: their IRI, key, the path of their file, or a file name.",
        show_default=False)],
    store: StoreOption = None,
) -> None:
    """Remove documents (their whole graphs) from the store.

    A file name that several documents answer to (files of that name in two folders, a
    JSON Lines file of several documents) removes nothing: the documents are listed, to
    be named by key, IRI or path.
    """
    missing: list[str] = []
    ambiguous: list[AmbiguousDocumentError] = []
    with opened(store, read_only=False) as graph:
        for identifier in documents:
            try:
                removed = graph.remove(identifier)
            except AmbiguousDocumentError as error:
                ambiguous.append(error)
                continue
            if removed:
                out.print(f"removed {removed}")
            else:
                missing.append(identifier)
    for identifier in missing:
        err.print(f"[red]not found[/] {escape(identifier)}: no such document in the store")
    for refusal in ambiguous:
        err.print(f"[red]ambiguous[/] {escape(str(refusal))}")
    if missing or ambiguous:
        raise typer.Exit(EXIT_FAILED)


def demo(store: StoreOption = None) -> None:
    """Ingest the packaged demo corpus and show what to try next.

    A dozen short articles, written for tradegraph, on U.S. and Chinese export controls
    from 2018 to 2023.
    """
    paths = [str(path) for path in demo_paths()]
    with opened(store, read_only=False) as graph:
        report = ingest_with_progress(graph, paths, force=False, workers=1, quiet=False)
        print_ingest_report(report)
        figures = graph.stats()
    where = store_location(store)
    store_flag = f" --store {where}" if store else ""
    out.print(f"\nThe store at {where} holds {figures.documents} documents, "
              f"{sum(figures.actions.values())} actions, {figures.quads} quads.\n")
    out.print("Try next:")
    out.print(f"  tradegraph explore{store_flag}")
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
