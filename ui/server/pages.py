"""Pages for people (a resource, the ontology) and the VoID/DCAT description, with the
SPARQL that feeds the description (a resource page's comes from
`tradegraph.graph.query.describing`).

What a page shows is gathered here (`resource_view`, `ontology_view`: plain values and
`Link`s); how it looks is its template's (`rendering`)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from tradegraph.graph.query.formats import DUMP_FORMATS, dump_name
from tradegraph.graph.query.page_jobs import PlainRow
from tradegraph.ontology.links import safe_http_url
from tradegraph.ontology.schema import schema
from tradegraph.ontology.terms import ONTOLOGY_IRI, PREFIXES
from tradegraph.ui.server.options import ServerSettings
from tradegraph.ui.server.rendering import Link, render

VOID_COUNTS = """SELECT
  (COUNT(*) AS ?triples)
  (COUNT(DISTINCT ?g) AS ?graphs)
  (COUNT(DISTINCT ?s) AS ?subjects)
  (COUNT(DISTINCT ?p) AS ?properties)
  (SUM(IF(?p = rdf:type && ?o = tg:Document, 1, 0)) AS ?documents)
WHERE { GRAPH ?g { ?s ?p ?o } }"""

VOID_CLASSES = """SELECT ?class (COUNT(DISTINCT ?entity) AS ?entities)
WHERE { GRAPH ?g { ?entity a ?class } } GROUP BY ?class ORDER BY ?class"""

_DESCRIPTION = ("Trade and export-control actions: agencies, firms, actions, products and "
                "the sentences that state them.")

def _short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _link(iri: str, label: str | None, settings: ServerSettings, root: str) -> Link:
    """A link that stays on this server for our own resources; only an http(s) IRI becomes
    a link at all (any other, `javascript:` say, is shown as text)."""
    href = iri
    if iri.startswith(settings.base_iri):
        href = root + "id/" + iri[len(settings.base_iri):]
    elif iri.startswith(ONTOLOGY_IRI):
        href = root + "ontology" + iri[len(ONTOLOGY_IRI):]
    return Link.to(label or _short(iri), href)


def resource_view(iri: str, facts: list[PlainRow], evidence: list[PlainRow],
                  settings: ServerSettings, root: str) -> dict[str, Any]:
    """What the page of one resource shows: label, types, statements, evidence quotes."""
    labels = [r["o"] for r in facts if r["direction"] == "out" and r["p"] == str(RDFS.label)]
    links: dict[tuple[str, str | None], Link] = {}  # a page names the same terms again and again

    def link(target: str, label: str | None) -> Link:
        key = (target, label)
        if key not in links:
            links[key] = _link(target, label, settings, root)
        return links[key]

    def value(row: PlainRow) -> Link:
        return link(row["o"], row.get("olabel")) if safe_http_url(row["o"]) else Link(row["o"])

    explorer = None
    if settings.explorer_url:
        target = f"{settings.explorer_url.rstrip('/')}/?page=entity&iri={quote(iri, safe='')}"
        explorer = Link.to("Open in the tradegraph explorer", target)
    alternates = [Link.to(media, root + "id/" + iri[len(settings.base_iri):],
                          media_type=media)
                  for media in ("text/turtle", "application/ld+json")
                  ] if iri.startswith(settings.base_iri) else []
    return {
        "root": root, "iri": iri, "title": labels[0] if labels else _short(iri),
        "status": _status_link(iri, facts, root), "explorer": explorer,
        "statements": [(link(r["p"], r.get("plabel")), value(r))
                       for r in facts if r["direction"] == "out"],
        "referrers": [(value(r), link(r["p"], r.get("plabel")))
                      for r in facts if r["direction"] == "in"],
        "evidence": [{"about": link(r["about"], r.get("aboutLabel")), "quote": r["quote"],
                      "source": link(r["doc"], r.get("docTitle"))} for r in evidence],
        "alternates": alternates,
    }


def resource_page(iri: str, facts: list[PlainRow], evidence: list[PlainRow],
                  settings: ServerSettings, root: str) -> str:
    """The HTML page of one resource."""
    return render("resource.html", **resource_view(iri, facts, evidence, settings, root))


PARTY_CLASSES = frozenset(PREFIXES["tg"] + name for name in schema().party_classes)
"""Classes whose resources have a status page (lists and restrictions as of a date)."""


def _status_link(iri: str, facts: list[PlainRow], root: str) -> Link | None:
    """A link to the status page of a firm, organisation, agency or person."""
    types = {r["o"] for r in facts if r["direction"] == "out" and r["p"] == str(RDF.type)}
    if not types & PARTY_CLASSES:
        return None
    return Link.to("Status as of a date", f"{root}status?entity={quote(iri, safe='')}",
                   rel="status")


_ONTOLOGY_SECTIONS = (("Classes", OWL.Class), ("Object properties", OWL.ObjectProperty),
                      ("Datatype properties", OWL.DatatypeProperty),
                      ("Annotation properties", OWL.AnnotationProperty),
                      ("Regimes", rdflib.URIRef(PREFIXES["tg"] + "Regime")))
"""The page's sections: the kinds of terms, and the regimes (individuals the registry's
`tg:regime` annotations name)."""


def ontology_view(turtle: bytes) -> list[dict[str, Any]]:
    """Every class, property and regime of the ontology, by kind, with label, meaning,
    domain, range, superclass and the registry's annotations (`tg:regime`,
    `tg:opensStanding`, ...: what each class of action does)."""
    graph = rdflib.Graph()
    graph.parse(data=turtle, format="turtle", publicID=ONTOLOGY_IRI)
    annotations = sorted((p for p in graph.subjects(RDF.type, OWL.AnnotationProperty)
                          if str(p).startswith(ONTOLOGY_IRI)), key=str)
    sections = []
    for heading, kind in _ONTOLOGY_SECTIONS:
        terms = []
        for term in sorted(graph.subjects(RDF.type, kind), key=str):
            if not str(term).startswith(ONTOLOGY_IRI):
                continue
            name = str(term)[len(ONTOLOGY_IRI):].lstrip("#/")

            def shown(predicate: Any, term: Any = term) -> str:
                return ", ".join(sorted(_short(str(value)) for value in
                                        graph.objects(term, predicate)
                                        if not isinstance(value, rdflib.BNode)))
            parts = [(f"subclass of {shown(RDFS.subClassOf)}.", shown(RDFS.subClassOf)),
                     (f"domain {shown(RDFS.domain)}.", shown(RDFS.domain)),
                     (f"range {shown(RDFS.range)}.", shown(RDFS.range))]
            parts += [(f"{graph.value(a, RDFS.label) or _short(str(a))}: {shown(a)}.",
                       shown(a)) for a in annotations]
            terms.append({"name": name, "label": str(graph.value(term, RDFS.label) or name),
                          "comment": str(graph.value(term, RDFS.comment) or ""),
                          "extra": " ".join(text for text, value in parts if value)})
        sections.append({"heading": heading, "terms": terms})
    return sections


def ontology_page(turtle: bytes, root: str = "/") -> str:
    """Human-readable documentation of the ontology: every class and property."""
    return render("ontology.html", root=root, ontology_iri=ONTOLOGY_IRI,
                  sections=ontology_view(turtle))


def void_turtle(root: str, counts: dict[str, str], classes: list[dict[str, str]],
                modified: float, base_iri: str) -> str:
    """VoID and DCAT description of the dataset served at `root`."""
    dataset = f"{root}.well-known/void#dataset"
    partitions = " ,\n    ".join(
        f'[ void:class <{row["class"]}> ; void:entities {int(row["entities"])} ]'
        for row in classes)
    distributions = " ,\n    ".join(
        f'[ a dcat:Distribution ; dcat:downloadURL <{root}dumps/{dump_name(fmt)}> ; '
        f'dcat:mediaType "application/gzip" ; dcterms:format "{fmt.media_type}" ]'
        for fmt in DUMP_FORMATS)
    stamp = dt.datetime.fromtimestamp(modified, tz=dt.UTC).isoformat(timespec="seconds")
    return f"""@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{dataset}> a void:Dataset, dcat:Dataset ;
  dcterms:title "tradegraph" ;
  dcterms:description "{_DESCRIPTION}" ;
  dcterms:modified "{stamp}"^^xsd:dateTime ;
  void:sparqlEndpoint <{root}sparql> ;
  void:uriSpace "{base_iri}" ;
  void:vocabulary <{ONTOLOGY_IRI}> ;
  void:triples {int(counts.get("triples", 0))} ;
  void:distinctSubjects {int(counts.get("subjects", 0))} ;
  void:properties {int(counts.get("properties", 0))} ;
  void:documents {int(counts.get("documents", 0))} ;
  void:classPartition {partitions or "[]"} ;
  dcat:distribution {distributions} ;
  {"void:dataDump " + ", ".join(f"<{root}dumps/{dump_name(f)}>" for f in DUMP_FORMATS)} .
"""
