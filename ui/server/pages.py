"""HTML pages for people (a resource, the ontology) and the VoID/DCAT description, with the
SPARQL that feeds the description (a resource page's comes from
`tradegraph.graph.query.describing`)."""

from __future__ import annotations

import datetime as dt
from html import escape
from urllib.parse import quote

import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from tradegraph.graph.query.formats import DUMP_FORMATS, dump_name
from tradegraph.ontology.links import safe_http_url
from tradegraph.ontology.schema import schema
from tradegraph.ontology.terms import ONTOLOGY_IRI, PREFIXES
from tradegraph.ui.server.options import ServerSettings

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

_STYLE = """<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;line-height:1.45}table{border-collapse:collapse;width:100%}td,th{border-bottom:
1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}blockquote{margin:.5rem 0;
padding:.3rem .8rem;border-left:4px solid #c60;background:#fff7ef}code{font-size:.9em}</style>"""


def _short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _link(iri: str, label: str | None, settings: ServerSettings, root: str) -> str:
    """A link that stays on this server for our own resources; only an http(s) IRI becomes
    a link at all (any other, `javascript:` say, is shown as text)."""
    href: str | None = iri
    if iri.startswith(settings.base_iri):
        href = root + "id/" + iri[len(settings.base_iri):]
    elif iri.startswith(ONTOLOGY_IRI):
        href = root + "ontology" + iri[len(ONTOLOGY_IRI):]
    text = escape(label or _short(iri))
    href = safe_http_url(href)
    return f'<a href="{escape(href)}">{text}</a>' if href else text


def _value(row: dict[str, str], settings: ServerSettings, root: str) -> str:
    value = row["o"]
    if safe_http_url(value):
        return _link(value, row.get("olabel"), settings, root)
    return escape(value)


def resource_page(iri: str, facts: list[dict[str, str]], evidence: list[dict[str, str]],
                  settings: ServerSettings, root: str) -> str:
    """The HTML page of one resource: label, types, statements, evidence quotes."""
    labels = [r["o"] for r in facts if r["direction"] == "out" and r["p"] == str(RDFS.label)]
    title = labels[0] if labels else _short(iri)
    out_rows = "".join(
        f"<tr><td>{_link(r['p'], r.get('plabel'), settings, root)}</td>"
        f"<td>{_value(r, settings, root)}</td></tr>"
        for r in facts if r["direction"] == "out")
    in_rows = "".join(
        f"<tr><td>{_value(r, settings, root)}</td>"
        f"<td>{_link(r['p'], r.get('plabel'), settings, root)}</td></tr>"
        for r in facts if r["direction"] == "in")
    quotes = "".join(
        f"<li>{_link(r['about'], r.get('aboutLabel'), settings, root)}"
        f"<blockquote>{escape(r['quote'])}</blockquote>"
        f"source: {_link(r['doc'], r.get('docTitle'), settings, root)}</li>"
        for r in evidence)
    explorer = _status_link(iri, facts, root)
    if settings.explorer_url:
        target = f"{settings.explorer_url.rstrip('/')}/?page=entity&iri={quote(iri, safe='')}"
        explorer += f'<p><a href="{escape(target)}">Open in the tradegraph explorer</a></p>'
    alternates = " · ".join(
        f'<a href="{escape(root + "id/" + iri[len(settings.base_iri):])}" '
        f'type="{media}">{media}</a>' for media in ("text/turtle", "application/ld+json")
    ) if iri.startswith(settings.base_iri) else ""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{escape(title)} · tradegraph</title>{_STYLE}</head><body>
<h1>{escape(title)}</h1><p><code>{escape(iri)}</code></p>{explorer}
<h2>Statements</h2><table><tr><th>property</th><th>value</th></tr>{out_rows}</table>
<h2>Referred to by</h2><table><tr><th>subject</th><th>property</th></tr>{in_rows}</table>
<h2>Evidence</h2><ul>{quotes or "<li>none recorded</li>"}</ul>
<p>Also as {alternates or "RDF by content negotiation"} (send an Accept header).</p>
</body></html>"""


PARTY_CLASSES = frozenset(PREFIXES["tg"] + name for name in schema().party_classes)
"""Classes whose resources have a status page (lists and restrictions as of a date)."""


def _status_link(iri: str, facts: list[dict[str, str]], root: str) -> str:
    """A link to the status page of a firm, organisation, agency or person."""
    types = {r["o"] for r in facts if r["direction"] == "out" and r["p"] == str(RDF.type)}
    if not types & PARTY_CLASSES:
        return ""
    href = f"{root}status?entity={quote(iri, safe='')}"
    return (f'<p><a href="{escape(href)}" rel="status">Status as of a date</a>: lists and '
            "restrictions in force, since when, by which action</p>")


def ontology_page(turtle: bytes) -> str:
    """Human-readable documentation of the ontology: every class and property."""
    graph = rdflib.Graph()
    graph.parse(data=turtle, format="turtle", publicID=ONTOLOGY_IRI)
    sections = []
    kinds = (("Classes", OWL.Class), ("Object properties", OWL.ObjectProperty),
             ("Datatype properties", OWL.DatatypeProperty))
    for heading, kind in kinds:
        rows = []
        for term in sorted(graph.subjects(RDF.type, kind), key=str):
            if not str(term).startswith(ONTOLOGY_IRI):
                continue
            name = str(term)[len(ONTOLOGY_IRI):].lstrip("#/")
            label = graph.value(term, RDFS.label) or name
            comment = graph.value(term, RDFS.comment) or ""
            domain = ", ".join(_short(str(d)) for d in graph.objects(term, RDFS.domain))
            range_ = ", ".join(_short(str(r)) for r in graph.objects(term, RDFS.range))
            parent = ", ".join(_short(str(p)) for p in graph.objects(term, RDFS.subClassOf)
                               if isinstance(p, rdflib.URIRef))
            extra = " ".join(part for part in (
                f"subclass of {parent}." if parent else "",
                f"domain {domain}." if domain else "", f"range {range_}." if range_ else "")
                if part)
            rows.append(f'<tr id="{escape(name)}"><td><code>tg:{escape(name)}</code></td>'
                        f"<td>{escape(str(label))}</td><td>{escape(str(comment))} "
                        f"<small>{escape(extra)}</small></td></tr>")
        sections.append(f"<h2>{heading}</h2><table><tr><th>term</th><th>label</th>"
                        f"<th>meaning</th></tr>{''.join(rows)}</table>")
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>tradegraph ontology</title>{_STYLE}</head><body><h1>The tradegraph ontology</h1>
<p><code>{ONTOLOGY_IRI}</code> — agencies, firms, actions, products and the evidence for them.
Also available as Turtle, JSON-LD, N-Triples and RDF/XML by content negotiation.</p>
{''.join(sections)}</body></html>"""


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
