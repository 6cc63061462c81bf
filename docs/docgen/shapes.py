"""The SHACL reference: every node shape of `shapes.ttl`, its targets and constraints."""

from __future__ import annotations

from functools import cache

from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import BNode, Literal, Node

from docgen.ontology import TG, anchor, load, local

SH = Namespace("http://www.w3.org/ns/shacl#")
TGSH = Namespace("https://w3id.org/tradegraph/shapes#")
SHOWN = ("minCount", "maxCount", "datatype", "class", "nodeKind", "node", "pattern",
         "minLength", "minInclusive", "maxInclusive", "lessThan", "in", "or")
"""Constraint parameters in the order the page lists them."""
ALTERNATIVE = " \\| "
"""Between the members of `sh:in` / `sh:or` (a bar escaped for a table cell)."""


def node_shapes(graph: Graph | None = None) -> list[URIRef]:
    """Every named node shape, by name."""
    graph = graph or load("shapes.ttl")
    return sorted((s for s in graph.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)),
                  key=str)


@cache
def vocabulary() -> Graph:
    """The ontology, which says whether a `tg:` term is a class, property or individual."""
    return load()


def term(value: Node, graph: Graph) -> str:
    """A value as the page writes it: `tg:` terms linked to the ontology page."""
    if isinstance(value, URIRef) and str(value).startswith(str(TG)):
        return f"[`tg:{local(value)}`](ontology.md#{anchor(value, vocabulary())})"
    if isinstance(value, URIRef) and str(value).startswith(str(TGSH)):
        return f"[`{local_shape(value)}`](#{local_shape(value)})"
    if isinstance(value, URIRef):
        return f"`{graph.namespace_manager.normalizeUri(value)}`"
    if isinstance(value, Literal):
        return f"`{value}`"
    return "(a nested shape)"


def local_shape(shape: URIRef) -> str:
    """`DocumentShape` for `tgsh:DocumentShape`."""
    return str(shape).removeprefix(str(TGSH))


def path(node: Node, graph: Graph) -> str:
    """A property path: a property, or `^p` for an inverse one."""
    inverse = graph.value(node, SH.inversePath)
    if isinstance(node, BNode) and inverse is not None:
        return "^" + path(inverse, graph)
    if isinstance(node, URIRef) and str(node).startswith(str(TG)):
        return f"[`tg:{local(node)}`](ontology.md#{anchor(node, vocabulary())})"
    return term(node, graph)


def constraints(node: Node, graph: Graph) -> str:
    """The constraint parameters of a shape node, as `name value` phrases."""
    phrases = []
    for parameter in SHOWN:
        for value in graph.objects(node, SH[parameter]):
            if parameter in ("in", "or"):
                members = list(Collection(graph, value))
                shown = [term(m, graph) if parameter == "in" else alternative(m, graph)
                         for m in members]
                phrases.append(f"{parameter} ({ALTERNATIVE.join(shown)})")
            else:
                phrases.append(f"{parameter} {term(value, graph)}")
    return "; ".join(phrases)


def alternative(node: Node, graph: Graph) -> str:
    """One member of an `sh:or`: its constraints, after its path if it has one."""
    member_path = graph.value(node, SH.path)
    own = constraints(node, graph)
    return f"{path(member_path, graph)} {own}" if member_path is not None else own


def reference() -> str:
    """Markdown: a section per node shape with a table of its property constraints."""
    graph = load("shapes.ttl")
    sections = []
    for shape in node_shapes(graph):
        name = local_shape(shape)
        lines = [f"### {name} {{#{name}}}", ""]
        targets = [term(t, graph) for t in graph.objects(shape, SH.targetClass)]
        targets += [f"subjects of {path(p, graph)}"
                    for p in graph.objects(shape, SH.targetSubjectsOf)]
        targets += [f"objects of {path(p, graph)}"
                    for p in graph.objects(shape, SH.targetObjectsOf)]
        if targets:
            lines += ["**Applies to:** " + ", ".join(targets), ""]
        own = constraints(shape, graph)
        if own:
            lines += [f"**The node:** {own}", ""]
        rows = []
        for property_shape in graph.objects(shape, SH.property):
            message = graph.value(property_shape, SH.message)
            rows.append((path(graph.value(property_shape, SH.path), graph),
                         constraints(property_shape, graph),
                         " ".join(str(message).split()) if message else ""))
        if rows:
            lines += ["| path | constraints | message |", "| --- | --- | --- |"]
            lines += [f"| {p} | {c} | {m} |" for p, c, m in sorted(rows)]
            lines.append("")
        for sparql in graph.objects(shape, SH.sparql):
            message = graph.value(sparql, SH.message)
            select = str(graph.value(sparql, SH.select) or "").strip()
            lines += [f"**SPARQL constraint:** {' '.join(str(message or '').split())}", "",
                      "```sparql", select, "```", ""]
        sections.append("\n".join(lines))
    return "\n".join(sections)
