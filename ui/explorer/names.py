"""What the explorer calls things on screen, as people say them: action types ("Entity List
addition", not `EntityListAddition`), entity classes and RDF formats ("Turtle", not
`turtle`). Every page asks here, so a name is said the same way everywhere and changes in
one place: the ontology's labels, through its registry (`tradegraph.ontology.schema`), for
the classes it declares; the words of the name for others."""

from __future__ import annotations

import re

from tradegraph.graph.query.exports import ExportFormat
from tradegraph.ontology.schema import schema


def local_name(iri: str | None) -> str:
    """The last part of an IRI (`Firm` of `...ontology#Firm`).

    >>> local_name("https://w3id.org/tradegraph/ontology#Firm")
    'Firm'
    """
    return (iri or "").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _words(name: str) -> str:
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", name)
    return " ".join([words[0], *(w if w.isupper() else w.lower() for w in words[1:])]) \
        if words else name


def action_type(cls: str) -> str:
    """An action class (local name or IRI) as people say it.

    >>> action_type("EntityListAddition"), action_type("TemporaryGeneralLicense")
    ('Entity List addition', 'Temporary general license')
    >>> action_type("https://w3id.org/tradegraph/ontology#ExportBan")
    'Export ban'
    """
    name = local_name(cls)
    meaning = schema().actions.get(name)
    return meaning.caption if meaning else _words(name)


def entity_class(cls: str) -> str:
    """An entity class (local name or IRI) as people say it.

    >>> entity_class("Organization"), entity_class("LegalRecord")
    ('Organization', 'Legal record')
    """
    found = schema().entities.get(local_name(cls))
    return found.label if found else _words(local_name(cls))


def export_format(fmt: str | ExportFormat) -> str:
    """An RDF format by its usual name.

    >>> export_format("turtle"), export_format(ExportFormat.JSONLD)
    ('Turtle', 'JSON-LD')
    """
    return str(ExportFormat(fmt).rdf_format.name)
