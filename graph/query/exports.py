"""Exports in every common RDF format (the formats are named in `tradegraph.graph.query.formats`).

Dataset formats (N-Quads, TriG, JSON-LD) keep the named graphs. Graph formats (Turtle,
N-Triples, RDF/XML) hold the union of all graphs, each triple once. JSON-LD for people and
linked-data clients is compacted with our published context (`jsonld_context`).
"""

from __future__ import annotations

import json
from typing import IO

from pyoxigraph import serialize

from tradegraph.graph.query.formats import ExportFormat
from tradegraph.graph.store.protocol import GraphStore
from tradegraph.ontology.terms import PREFIXES

__all__ = ["ExportFormat", "compacted_jsonld", "export", "jsonld_context"]


def export(
    store: GraphStore, output: IO[bytes], fmt: ExportFormat, graph: str | None = None
) -> None:
    """Write the store (or one named graph) to `output` in `fmt`, streaming."""
    if fmt.keeps_graphs:
        store.dump(output, fmt.rdf_format, graph)
        return
    if graph is not None:
        triples = (quad.triple for quad in store.quads(graph))
        serialize(triples, output, fmt.rdf_format, prefixes=PREFIXES)
        return
    serialize(store.union_triples(), output, fmt.rdf_format, prefixes=PREFIXES)


def jsonld_context() -> dict[str, object]:
    """The published JSON-LD context: our prefixes, so that IRIs compact to CURIEs."""
    return {"@context": dict(sorted(PREFIXES.items()))}


def compacted_jsonld(ntriples: bytes, context_url: str | None = None) -> bytes:
    """N-Triples as a JSON-LD document compacted with our context; the document names the
    context by `context_url` if given, else holds it inline."""
    import rdflib  # imported here: only JSON-LD for people needs it

    parsed = rdflib.Graph().parse(data=ntriples.decode("utf-8"), format="nt")
    compacted = json.loads(parsed.serialize(format="json-ld",
                                            context=jsonld_context()["@context"]))
    if context_url is not None:
        compacted["@context"] = context_url
    return json.dumps(compacted, ensure_ascii=False, indent=1).encode("utf-8")
