"""RDF out of the explorer: a CONSTRUCT query's triples in any format the store writes."""

from __future__ import annotations

from tradegraph.graph.facade import TradeGraph


def serialize_triples(graph: TradeGraph, sparql: str, fmt: str) -> bytes:
    """Run a CONSTRUCT query and serialise its triples: `turtle`, `jsonld` (compacted with
    the endpoint's JSON-LD context), or any other `ExportFormat` name."""
    import io
    import json

    import rdflib
    from pyoxigraph import QueryTriples, RdfFormat, serialize

    from tradegraph.graph.exports import ExportFormat
    from tradegraph.graph.server.linked import jsonld_context
    from tradegraph.ontology.terms import PREFIXES

    result = graph.query(sparql)
    if not isinstance(result, QueryTriples):
        raise ValueError("expected a CONSTRUCT query")
    triples = list(result)
    if fmt == "jsonld":
        ntriples = serialize(triples, format=RdfFormat.N_TRIPLES) or b""
        parsed = rdflib.Graph().parse(data=ntriples.decode("utf-8"), format="nt")
        context = jsonld_context()["@context"]
        compacted = json.loads(parsed.serialize(format="json-ld", context=context))
        return json.dumps(compacted, ensure_ascii=False, indent=1).encode("utf-8")
    rdf_format = ExportFormat.from_name(fmt).rdf_format
    buffer = io.BytesIO()
    serialize(triples, buffer, rdf_format, prefixes=PREFIXES)
    return buffer.getvalue()
