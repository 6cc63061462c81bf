"""RDF out of the explorer: a CONSTRUCT query's triples in any format the store writes."""

from __future__ import annotations

from tradegraph.graph.facade import TradeGraph


def serialize_triples(graph: TradeGraph, sparql: str, fmt: str) -> bytes:
    """Run a CONSTRUCT query and serialise its triples: `jsonld` compacted with the
    endpoint's JSON-LD context, or any other `ExportFormat` name (`turtle`, ...)."""
    import io

    from pyoxigraph import QueryTriples, RdfFormat, serialize

    from tradegraph.graph.query.exports import ExportFormat, compacted_jsonld
    from tradegraph.ontology.terms import PREFIXES

    result = graph.query(sparql)
    if not isinstance(result, QueryTriples):
        raise ValueError("expected a CONSTRUCT query")
    triples = list(result)
    if fmt == "jsonld":
        return compacted_jsonld(serialize(triples, format=RdfFormat.N_TRIPLES) or b"")
    buffer = io.BytesIO()
    serialize(triples, buffer, ExportFormat.from_name(fmt).rdf_format, prefixes=PREFIXES)
    return buffer.getvalue()
