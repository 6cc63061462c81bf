"""Exports in all six formats: parsed back by rdflib, checked by rapper (pyld for JSON-LD)."""

from __future__ import annotations

import io
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, parse
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.compare import isomorphic
from rdflib.term import Node

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.query.exports import ExportFormat
from tradegraph.ontology.iris import IriMinter

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

RAPPER = "/usr/bin/rapper"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LICENSES = IriMinter().document("huawei-licenses")

RDFLIB_FORMAT = {
    ExportFormat.TURTLE: "turtle", ExportFormat.NTRIPLES: "nt", ExportFormat.NQUADS: "nquads",
    ExportFormat.TRIG: "trig", ExportFormat.JSONLD: "json-ld", ExportFormat.RDFXML: "xml",
}
RAPPER_SYNTAX = {
    ExportFormat.TURTLE: "turtle", ExportFormat.NTRIPLES: "ntriples",
    ExportFormat.NQUADS: "nquads", ExportFormat.TRIG: "trig", ExportFormat.RDFXML: "rdfxml",
}


def rdflib_term(term: object) -> Node:
    """The rdflib term for a pyoxigraph term (plain literals without a datatype)."""
    if isinstance(term, NamedNode):
        return URIRef(term.value)
    if isinstance(term, BlankNode):
        return BNode(term.value)
    assert isinstance(term, Literal), term
    if term.language:
        return RdfLiteral(term.value, lang=term.language)
    if term.datatype.value == XSD_STRING:
        return RdfLiteral(term.value)
    return RdfLiteral(term.value, datatype=URIRef(term.datatype.value))


def expected_union(quads: list[Quad]) -> Graph:
    graph = Graph()
    for quad in quads:
        graph.add((rdflib_term(quad.subject), rdflib_term(quad.predicate),
                   rdflib_term(quad.object)))
    return graph


def expected_graphs(quads: list[Quad]) -> dict[str, Graph]:
    graphs: dict[str, Graph] = {}
    for quad in quads:
        assert isinstance(quad.graph_name, NamedNode), "no triples in the default graph"
        graph = graphs.setdefault(quad.graph_name.value, Graph())
        graph.add((rdflib_term(quad.subject), rdflib_term(quad.predicate),
                   rdflib_term(quad.object)))
    return graphs


def parsed_graphs(dataset: Dataset) -> dict[str, Graph]:
    """The non-empty named graphs of an rdflib Dataset, as plain graphs by name."""
    out = {}
    for context in dataset.graphs():
        if len(context) and isinstance(context.identifier, URIRef):
            name = str(context.identifier)
            if name != "urn:x-rdflib:default":
                out[name] = Graph()
                for triple in context:
                    out[name].add(triple)
    return out


def export_bytes(graph: TradeGraph, fmt: ExportFormat, name: str | None = None) -> bytes:
    buffer = io.BytesIO()
    graph.export(buffer, fmt, name)
    return buffer.getvalue()


def rapper_count(path: Path, syntax: str) -> int:
    """Check a file with rapper; the number of triples it read."""
    run = subprocess.run([RAPPER, "-c", "-i", syntax, str(path)], capture_output=True,
                         text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert "error" not in run.stderr.lower() and "warning" not in run.stderr.lower(), run.stderr
    found = re.search(r"returned (\d+) triples", run.stderr)
    assert found, run.stderr
    return int(found.group(1))


def no_network(url: str, options: dict[str, Any] | None = None) -> Any:
    raise AssertionError(f"JSON-LD processing tried to fetch {url}")


@pytest.fixture(scope="module")
def store_quads(shared_news_graph: TradeGraph) -> list[Quad]:
    return list(shared_news_graph.store.quads())


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_export_parses_back_to_the_same_graph(shared_news_graph: TradeGraph, fmt: ExportFormat,
                                              store_quads: list[Quad]) -> None:
    data = export_bytes(shared_news_graph, fmt)
    if fmt.keeps_graphs:
        dataset = Dataset()
        dataset.parse(data=data, format=RDFLIB_FORMAT[fmt])
        parsed = parsed_graphs(dataset)
        expected = expected_graphs(store_quads)
        assert set(parsed) == set(expected) == set(shared_news_graph.store.named_graphs())
        for name, graph in expected.items():
            assert isomorphic(parsed[name], graph), name
        assert sum(len(g) for g in parsed.values()) == len(store_quads)
    else:
        parsed_graph = Graph().parse(data=data, format=RDFLIB_FORMAT[fmt])
        union = expected_union(store_quads)
        assert len(parsed_graph) == len(union)
        assert isomorphic(parsed_graph, union)


@pytest.mark.parametrize("fmt", [f for f in ExportFormat if f is not ExportFormat.JSONLD])
def test_export_passes_rapper(shared_news_graph: TradeGraph, fmt: ExportFormat,
                              store_quads: list[Quad], tmp_path: Path) -> None:
    path = tmp_path / f"export.{fmt.extension}"
    path.write_bytes(export_bytes(shared_news_graph, fmt))
    expected = len(store_quads) if fmt.keeps_graphs else len(expected_union(store_quads))
    assert rapper_count(path, RAPPER_SYNTAX[fmt]) == expected


def test_jsonld_export_expands_offline_with_pyld(shared_news_graph: TradeGraph,
                                                 store_quads: list[Quad]) -> None:
    document = json.loads(export_bytes(shared_news_graph, ExportFormat.JSONLD))
    options = {"documentLoader": no_network}
    expanded = jsonld.expand(document, options)
    assert {node["@id"] for node in expanded} >= set(shared_news_graph.store.named_graphs())
    nquads = jsonld.to_rdf(document, {**options, "format": "application/n-quads"})
    assert set(parse(nquads.encode(), format=RdfFormat.N_QUADS)) == set(store_quads)


@pytest.mark.parametrize("fmt", [ExportFormat.TURTLE, ExportFormat.RDFXML])
def test_export_of_one_graph_in_a_graph_format(shared_news_graph: TradeGraph,
                                               fmt: ExportFormat) -> None:
    data = export_bytes(shared_news_graph, fmt, LICENSES)
    parsed = Graph().parse(data=data, format=RDFLIB_FORMAT[fmt])
    expected = expected_union(list(shared_news_graph.store.quads(LICENSES)))
    assert len(expected) > 50
    assert isomorphic(parsed, expected)


@pytest.mark.parametrize("fmt", [ExportFormat.NQUADS, ExportFormat.TRIG, ExportFormat.JSONLD])
def test_export_of_one_graph_in_a_dataset_format_keeps_its_name(
    shared_news_graph: TradeGraph, fmt: ExportFormat
) -> None:
    dataset = Dataset()
    dataset.parse(data=export_bytes(shared_news_graph, fmt, LICENSES), format=RDFLIB_FORMAT[fmt])
    parsed = parsed_graphs(dataset)
    assert list(parsed) == [LICENSES]
    expected = expected_graphs(list(shared_news_graph.store.quads(LICENSES)))
    assert isomorphic(parsed[LICENSES], expected[LICENSES])


def test_to_dataset_keeps_named_graphs_and_every_quad(shared_news_graph: TradeGraph,
                                                      store_quads: list[Quad]) -> None:
    dataset = shared_news_graph.to_dataset()
    graphs = parsed_graphs(dataset)
    assert set(graphs) == set(shared_news_graph.store.named_graphs())
    assert sum(len(g) for g in graphs.values()) == len(shared_news_graph.store)
    assert len(list(dataset.quads((None, None, None, None)))) == len(store_quads)
    for name, graph in expected_graphs(store_quads).items():
        assert isomorphic(graphs[name], graph), name
    # the default graph is the union
    label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    assert (URIRef(LICENSES), label, None) in dataset


@pytest.mark.parametrize(("name", "fmt"), [
    ("ttl", ExportFormat.TURTLE), (".nt", ExportFormat.NTRIPLES), ("N-Quads", ExportFormat.NQUADS),
    ("trig", ExportFormat.TRIG), ("json-ld", ExportFormat.JSONLD), ("owl", ExportFormat.RDFXML),
])
def test_format_names_and_aliases(name: str, fmt: ExportFormat) -> None:
    assert ExportFormat.from_name(name) is fmt


def test_unknown_format_lists_the_choices() -> None:
    with pytest.raises(ValueError, match="turtle, ntriples, nquads, trig, jsonld, rdfxml"):
        ExportFormat.from_name("csv")


def test_format_properties() -> None:
    assert [f.keeps_graphs for f in ExportFormat] == [False, False, True, True, True, False]
    assert ExportFormat.JSONLD.extension == "jsonld"
    assert ExportFormat.TURTLE.extension == "ttl"
    assert ExportFormat.JSONLD.media_type == "application/ld+json"
