"""Exports in every common RDF format.

Dataset formats (N-Quads, TriG, JSON-LD) keep the named graphs. Graph formats (Turtle,
N-Triples, RDF/XML) hold the union of all graphs, each triple once.
"""

from __future__ import annotations

from enum import StrEnum
from typing import IO

from pyoxigraph import RdfFormat, serialize

from tradegraph.graph.store import GraphStore
from tradegraph.ontology.terms import PREFIXES


class ExportFormat(StrEnum):
    """Formats `tradegraph export` writes."""

    TURTLE = "turtle"
    NTRIPLES = "ntriples"
    NQUADS = "nquads"
    TRIG = "trig"
    JSONLD = "jsonld"
    RDFXML = "rdfxml"

    @property
    def rdf_format(self) -> RdfFormat:
        """The pyoxigraph format."""
        return {
            ExportFormat.TURTLE: RdfFormat.TURTLE,
            ExportFormat.NTRIPLES: RdfFormat.N_TRIPLES,
            ExportFormat.NQUADS: RdfFormat.N_QUADS,
            ExportFormat.TRIG: RdfFormat.TRIG,
            ExportFormat.JSONLD: RdfFormat.JSON_LD,
            ExportFormat.RDFXML: RdfFormat.RDF_XML,
        }[self]

    @property
    def keeps_graphs(self) -> bool:
        """Whether the format holds named graphs (else the union is written)."""
        return bool(self.rdf_format.supports_datasets)

    @property
    def extension(self) -> str:
        """Usual file extension, without the dot."""
        return "jsonld" if self is ExportFormat.JSONLD else str(self.rdf_format.file_extension)

    @property
    def media_type(self) -> str:
        """IANA media type."""
        return str(self.rdf_format.media_type)

    @classmethod
    def from_name(cls, name: str) -> ExportFormat:
        """A format from its name or a usual file extension (`ttl`, `nt`, `nq`, `rdf`...)."""
        aliases = {"ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "nq": "nquads",
                   "n-quads": "nquads", "json-ld": "jsonld", "json": "jsonld", "rdf": "rdfxml",
                   "xml": "rdfxml", "rdf/xml": "rdfxml", "owl": "rdfxml"}
        key = name.lower().lstrip(".")
        try:
            return cls(aliases.get(key, key))
        except ValueError:
            known = ", ".join(f.value for f in cls)
            raise ValueError(f"unknown RDF format {name!r}; choose one of {known}") from None


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
