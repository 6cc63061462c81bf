"""Writing a document read in parts (a large screening list), part by part, so that
memory follows the part, not the document.

The parts come from the extractor (`ingest/sources/screening_list/parts.py`: each party's
rows in one part, the document's own statements in the last). Each part is mapped to quads
and added to the document's graph in one transaction; what the graph held before (the
list's older version, or a write cut short) is removed first. The document's own
statements, its content hash among them, are written last: until they are, no run takes
the document for stored, and the next one writes it again. A failure part-way removes
what was written and reports the document as failed. So a list read in parts is never
half there for a later run; but unlike a document written whole, it is not replaced in
one transaction: a query while it is written sees it in part, and a failure part-way
leaves neither version (the file is still there to ingest again).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from pyoxigraph import RdfFormat, serialize

from tradegraph.graph.errors import StoreError
from tradegraph.graph.loading.results import DocumentResult, Outcome
from tradegraph.graph.query.inventory import rows
from tradegraph.graph.store.protocol import GraphStore
from tradegraph.ingest.errors import ExtractionError, IngestError
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.mapping import extraction_to_quads
from tradegraph.ontology.models import Document, Extraction

ROWS_PER_PART = 5_000
"""Rows of a list read, mapped and written at a time (a list with more is read in parts)."""


def write_in_parts(store: GraphStore, minter: IriMinter, document: Document,
                   parts: Iterator[Extraction], *, replacing: bool) -> DocumentResult:
    """Write a document's parts (see the module); its result."""
    iri = minter.document(document.key)
    actions = 0
    try:
        store.remove_graph(iri)
        last = next(parts)
        for part in parts:  # every part but the last: the document's own statements
            _write(store, minter, iri, last, document_node=False)
            actions += len(last.actions)
            last = part
        _write(store, minter, iri, last, document_node=True)
        actions += len(last.actions)
        quads = _count(store, iri)  # parts repeat what they share (an agency, a country)
    except (IngestError, StoreError, StopIteration) as error:
        with contextlib.suppress(StoreError):
            store.remove_graph(iri)
        reason = error.reason if isinstance(error, IngestError) else (
            str(error) or "the list held nothing to read")
        return DocumentResult(document.source, Outcome.FAILED, iri, reason)
    return DocumentResult(document.source, Outcome.REPLACED if replacing else Outcome.INGESTED,
                          iri, quads=quads, actions=actions, warnings=last.warnings,
                          lost=last.lost)


def _write(store: GraphStore, minter: IriMinter, iri: str, part: Extraction, *,
           document_node: bool) -> None:
    try:
        quads = extraction_to_quads(part, minter, document_node=document_node)
    except ValueError as error:  # e.g. a metadata URL that is not a valid IRI
        raise ExtractionError(part.document.source, f"cannot map to RDF ({error})") from error
    nquads = serialize(quads, format=RdfFormat.N_QUADS)
    assert nquads is not None  # serialize returns bytes when given no output
    store.append_nquads(nquads, iri)


def _count(store: GraphStore, iri: str) -> int:
    result = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}",
                         union=False)
    return int(next(iter(rows(result)))["n"] or 0)
