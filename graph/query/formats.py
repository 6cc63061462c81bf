"""The one registry of the formats tradegraph writes and reads: RDF serialisations (exports,
dumps, Graph Store bodies, content negotiation of graphs) and SPARQL result formats (the
endpoint, the explorer, `tradegraph query`).

Each format is named once, with its media types (the first the canonical one), its file
extension, and for RDF whether it keeps named graphs. Dataset formats (N-Quads, TriG,
JSON-LD) keep them; graph formats (Turtle, N-Triples, RDF/XML) hold the union of all graphs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pyoxigraph import QueryResultsFormat, RdfFormat


@dataclass(frozen=True)
class _RdfSpec:
    rdf_format: RdfFormat
    media_types: tuple[str, ...]
    extension: str
    aliases: tuple[str, ...] = ()
    legacy_media_types: tuple[str, ...] = ()
    """Media types still read and offered, after every format's own ones."""


@dataclass(frozen=True)
class _ResultSpec:
    results_format: QueryResultsFormat
    media_types: tuple[str, ...]


class ExportFormat(StrEnum):
    """The RDF formats, by the names `tradegraph export` takes."""

    TURTLE = "turtle"
    NTRIPLES = "ntriples"
    NQUADS = "nquads"
    TRIG = "trig"
    JSONLD = "jsonld"
    RDFXML = "rdfxml"

    @property
    def _spec(self) -> _RdfSpec:
        return _RDF[self]

    @property
    def rdf_format(self) -> RdfFormat:
        """The pyoxigraph format."""
        return self._spec.rdf_format

    @property
    def keeps_graphs(self) -> bool:
        """Whether the format holds named graphs (else the union is written)."""
        return bool(self.rdf_format.supports_datasets)

    @property
    def extension(self) -> str:
        """Usual file extension, without the dot."""
        return self._spec.extension

    @property
    def media_type(self) -> str:
        """IANA media type."""
        return self._spec.media_types[0]

    @property
    def media_types(self) -> tuple[str, ...]:
        """Every media type this format is offered and read under, the canonical first."""
        return self._spec.media_types

    @classmethod
    def from_name(cls, name: str) -> ExportFormat:
        """A format from its name or a usual file extension (`ttl`, `nt`, `nq`, `rdf`...)."""
        key = name.lower().lstrip(".")
        for fmt in cls:
            if key == fmt.value or key in fmt._spec.aliases:
                return fmt
        known = ", ".join(f.value for f in cls)
        raise ValueError(f"unknown RDF format {name!r}; choose one of {known}")

    @classmethod
    def from_media_type(cls, media_type: str) -> ExportFormat | None:
        """The format a media type names (any case, parameters ignored), or None."""
        wanted = media_type.split(";", maxsplit=1)[0].strip().lower()
        for fmt in cls:
            if wanted in fmt._spec.media_types or wanted in fmt._spec.legacy_media_types:
                return fmt
        return None


_RDF: dict[ExportFormat, _RdfSpec] = {
    ExportFormat.TURTLE: _RdfSpec(RdfFormat.TURTLE, ("text/turtle",), "ttl", ("ttl",),
                                  legacy_media_types=("application/x-turtle",)),
    ExportFormat.NTRIPLES: _RdfSpec(RdfFormat.N_TRIPLES, ("application/n-triples", "text/plain"),
                                    "nt", ("nt", "n-triples")),
    ExportFormat.NQUADS: _RdfSpec(RdfFormat.N_QUADS, ("application/n-quads",), "nq",
                                  ("nq", "n-quads")),
    ExportFormat.TRIG: _RdfSpec(RdfFormat.TRIG, ("application/trig",), "trig"),
    ExportFormat.JSONLD: _RdfSpec(RdfFormat.JSON_LD, ("application/ld+json",), "jsonld",
                                  ("json-ld", "json")),
    ExportFormat.RDFXML: _RdfSpec(RdfFormat.RDF_XML, ("application/rdf+xml",), "rdf",
                                  ("rdf", "xml", "rdf/xml", "owl")),
}


class ResultFormat(StrEnum):
    """The W3C SPARQL result formats for SELECT and ASK results."""

    JSON = "json"
    XML = "xml"
    CSV = "csv"
    TSV = "tsv"

    @property
    def results_format(self) -> QueryResultsFormat:
        """The pyoxigraph format."""
        return _RESULTS[self].results_format

    @property
    def media_types(self) -> tuple[str, ...]:
        """Every media type this format is offered under, the canonical first."""
        return _RESULTS[self].media_types

    @classmethod
    def from_media_type(cls, media_type: str) -> ResultFormat | None:
        """The format a media type names (any case, parameters ignored), or None."""
        wanted = media_type.split(";", maxsplit=1)[0].strip().lower()
        return next((fmt for fmt in cls if wanted in fmt.media_types), None)


_RESULTS: dict[ResultFormat, _ResultSpec] = {
    ResultFormat.JSON: _ResultSpec(QueryResultsFormat.JSON,
                                   ("application/sparql-results+json", "application/json")),
    ResultFormat.XML: _ResultSpec(QueryResultsFormat.XML,
                                  ("application/sparql-results+xml", "application/xml")),
    ResultFormat.CSV: _ResultSpec(QueryResultsFormat.CSV, ("text/csv",)),
    ResultFormat.TSV: _ResultSpec(QueryResultsFormat.TSV, ("text/tab-separated-values",)),
}

GRAPH_MEDIA_TYPES: tuple[str, ...] = (
    *(media for fmt in ExportFormat for media in fmt.media_types),
    *(media for fmt in ExportFormat for media in _RDF[fmt].legacy_media_types),
)
"""Media types offered for RDF (CONSTRUCT and DESCRIBE results, graphs, resources), the
first one the default."""

RESULT_MEDIA_TYPES: tuple[str, ...] = tuple(
    media for fmt in ResultFormat for media in fmt.media_types)
"""Media types offered for SELECT and ASK results, the first one the default."""

DUMP_FORMATS: tuple[ExportFormat, ...] = (ExportFormat.NQUADS, ExportFormat.TRIG,
                                          ExportFormat.TURTLE)
"""The formats of the endpoint's bulk dumps, in the order the dataset description lists them."""


def dump_name(fmt: ExportFormat) -> str:
    """The file name of the gzipped dump in `fmt`: `tradegraph.nq.gz`, ..."""
    return f"tradegraph.{fmt.extension}.gz"

