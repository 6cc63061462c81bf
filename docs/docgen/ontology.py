"""The ontology reference: classes, properties and individuals of `tradegraph.ttl`, each
with its label, comment and alignments, read from the Turtle file the package ships."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Namespace, URIRef
from rdflib.term import Node

TG = Namespace("https://w3id.org/tradegraph/ontology#")
PROPERTY_KINDS = {OWL.ObjectProperty: "object property",
                  OWL.DatatypeProperty: "datatype property",
                  OWL.AnnotationProperty: "annotation property"}


def load(name: str = "tradegraph.ttl") -> Graph:
    """One of the ontology's Turtle files, as shipped in `tradegraph.ontology`."""
    text = resources.files("tradegraph.ontology").joinpath(name).read_text("utf-8")
    return Graph().parse(data=text, format="turtle")


def local(term: Node) -> str:
    """`Firm` for `tg:Firm`."""
    return str(term).removeprefix(str(TG))


def ours(graph: Graph, kind: URIRef) -> list[URIRef]:
    """The `tg:` terms of an RDF type, by name."""
    return sorted((s for s in graph.subjects(RDF.type, kind)
                   if isinstance(s, URIRef) and str(s).startswith(str(TG))), key=local)


def classes(graph: Graph | None = None) -> list[URIRef]:
    """Every class the ontology defines."""
    return ours(graph or load(), OWL.Class)


def properties(graph: Graph | None = None) -> list[URIRef]:
    """Every property the ontology defines."""
    graph = graph or load()
    found = {p for kind in PROPERTY_KINDS for p in ours(graph, kind)}
    return sorted(found, key=local)


def individuals(graph: Graph | None = None) -> list[URIRef]:
    """Named individuals: the statuses and other concepts the ontology fixes."""
    graph = graph or load()
    defined = set(classes(graph)) | set(properties(graph))
    found = {s for s in graph.subjects(RDF.type, None)
             if isinstance(s, URIRef) and str(s).startswith(str(TG)) and s not in defined}
    return sorted(found, key=local)


def anchor(term: Node, graph: Graph) -> str:
    """The id of a term's section on the ontology page."""
    if (term, RDF.type, OWL.Class) in graph:
        return f"class-{local(term)}"
    if any((term, RDF.type, kind) in graph for kind in PROPERTY_KINDS):
        return f"property-{local(term)}"
    return f"individual-{local(term)}"


def name(term: Node, graph: Graph) -> str:
    """A term as the page writes it: a link for ours, a CURIE for others'."""
    if isinstance(term, URIRef) and str(term).startswith(str(TG)):
        return f"[`tg:{local(term)}`](#{anchor(term, graph)})"
    if isinstance(term, URIRef):
        prefixed = graph.namespace_manager.normalizeUri(term)
        return f"`{prefixed}`" if not prefixed.startswith("<") else f"<{term}>"
    return "(an anonymous class)"


def _names(terms: Iterable[Node], graph: Graph) -> str:
    return ", ".join(name(term, graph) for term in sorted(terms, key=str))


def _text(graph: Graph, term: URIRef, predicate: URIRef) -> str:
    value = graph.value(term, predicate)
    return " ".join(str(value).split()) if value is not None else ""


def _section(term: URIRef, graph: Graph, facts: list[tuple[str, str]]) -> str:
    label = _text(graph, term, RDFS.label)
    lines = [f"### tg:{local(term)} {{#{anchor(term, graph)}}}", ""]
    if label:
        lines += [f"*{label}*", ""]
    comment = _text(graph, term, RDFS.comment)
    if comment:
        lines += [comment, ""]
    lines += [f"- **{fact}:** {value}" for fact, value in facts if value]
    return "\n".join([*lines, ""])


def _value(term: Node, graph: Graph) -> str:
    """A value of an annotation: a term as `name` writes it, a literal as itself."""
    return name(term, graph) if isinstance(term, URIRef) else f"`{term}`"


def meanings(term: URIRef, graph: Graph) -> list[tuple[str, str]]:
    """What the ontology's own annotation properties say of a class (its regime, whether it
    opens a standing, what it ends...): the registry `tradegraph.ontology.schema` reads."""
    found = []
    for annotation in ours(graph, OWL.AnnotationProperty):
        values = sorted(graph.objects(term, annotation), key=str)
        if values:
            found.append((f"tg:{local(annotation)}",
                          ", ".join(_value(value, graph) for value in values)))
    return found


def classes_reference() -> str:
    """Markdown: a section per class with its super- and subclasses, alignments, the
    properties whose domain it is, and what the registry's annotations say of it."""
    graph = load()
    sections = []
    for term in classes(graph):
        sections.append(_section(term, graph, [*meanings(term, graph),
            ("Subclass of", _names(graph.objects(term, RDFS.subClassOf), graph)),
            ("Subclasses", _names(graph.subjects(RDFS.subClassOf, term), graph)),
            ("Close match", _names(graph.objects(term, SKOS.closeMatch), graph)),
            ("Related match", _names(graph.objects(term, SKOS.relatedMatch), graph)),
            ("Disjoint with", _names(graph.objects(term, OWL.disjointWith), graph)),
            ("Properties", _names(graph.subjects(RDFS.domain, term), graph)),
        ]))
    return "\n".join(sections)


def properties_reference() -> str:
    """Markdown: a section per property with its kind, domain, range and alignments."""
    graph = load()
    sections = []
    for term in properties(graph):
        kinds = [label for kind, label in PROPERTY_KINDS.items()
                 if (term, RDF.type, kind) in graph]
        if (term, RDF.type, OWL.FunctionalProperty) in graph:
            kinds.append("functional")
        sections.append(_section(term, graph, [
            ("Kind", ", ".join(kinds)),
            ("Domain", _names(graph.objects(term, RDFS.domain), graph)),
            ("Range", _names(graph.objects(term, RDFS.range), graph)),
            ("Subproperty of", _names(graph.objects(term, RDFS.subPropertyOf), graph)),
            ("Inverse of", _names(graph.objects(term, OWL.inverseOf), graph)),
            ("Close match", _names(graph.objects(term, SKOS.closeMatch), graph)),
            ("Related match", _names(graph.objects(term, SKOS.relatedMatch), graph)),
        ]))
    return "\n".join(sections)


def individuals_reference() -> str:
    """Markdown: a section per named individual (statuses, concept schemes)."""
    graph = load()
    return "\n".join(_section(term, graph, [
        ("Type", _names(graph.objects(term, RDF.type), graph)),
        ("In scheme", _names(graph.objects(term, SKOS.inScheme), graph)),
    ]) for term in individuals(graph))
