"""The one mapping from facts (the pydantic models) to RDF quads.

Every quad tradegraph writes comes from here: a document's extraction goes into the named
graph named by the document's IRI; the gazetteer into a graph of its own; the ontology into
the graph named by the ontology's IRI. IRIs are minted by `IriMinter`, so the same fact
maps to the same quads in every process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import cache, lru_cache
from importlib import resources

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from tradegraph.ontology.gazetteer import Gazetteer
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.models import (
    Action,
    DatePrecision,
    Document,
    Entity,
    EntityRef,
    Evidence,
    Extraction,
    PartialDate,
    PostalAddress,
)
from tradegraph.ontology.terms import DC, OA, ONTOLOGY_IRI, PREFIXES, TG

RDF_TYPE = NamedNode(PREFIXES["rdf"] + "type")
_XSD = PREFIXES["xsd"]
_RDFS = PREFIXES["rdfs"]
_SKOS = PREFIXES["skos"]
_DCTERMS = PREFIXES["dcterms"]
_OWL = PREFIXES["owl"]
_SCHEMA = PREFIXES["schema"]
_PROV = PREFIXES["prov"]

QUOTE_CONTEXT = 32
"""Characters of text kept before and after a quote (oa:prefix / oa:suffix)."""


@lru_cache(maxsize=8192)
def iri(value: str) -> NamedNode:
    """The pyoxigraph node of an IRI (cached, bounded: vocabulary terms and the same few
    entities repeat in every document, instance IRIs of a long run must not pile up)."""
    return NamedNode(value)


@cache
def tg(name: str) -> NamedNode:
    """Node of a term of the tradegraph vocabulary, checked against `TG`."""
    return NamedNode(str(TG[name]))


@cache
def oa(name: str) -> NamedNode:
    """Node of a term of the Web Annotation vocabulary, checked against `OA`."""
    return NamedNode(str(OA[name]))


def typed(value: str, datatype: str) -> Literal:
    """A literal with an XSD datatype given by local name, e.g. `typed("5", "integer")`."""
    return Literal(value, datatype=iri(_XSD + datatype))


def date_literal(date: PartialDate) -> Literal:
    """`xsd:date`, `xsd:gYearMonth` or `xsd:gYear`, as precise as the date is."""
    datatype = {
        DatePrecision.DAY: "date",
        DatePrecision.MONTH: "gYearMonth",
        DatePrecision.YEAR: "gYear",
    }[date.precision]
    return typed(date.isoformat(), datatype)


def decimal_literal(value: Decimal | float) -> Literal:
    """An `xsd:decimal` in plain notation (no exponent, as the lexical space requires)."""
    text = format(Decimal(str(value)).normalize(), "f")
    return typed(text, "decimal")


class QuadWriter:
    """Collects quads for one named graph, with helpers that keep call sites short.

    It keeps each quad's terms, not a `Quad`: pyoxigraph takes a microsecond or more to make
    a Quad of a literal, several times what writing its N-Quads line costs, and the ingest
    wants only the lines (`nquads`)."""

    def __init__(self, graph: str) -> None:
        self.graph = iri(graph)
        self._triples: dict[tuple[NamedNode, NamedNode, NamedNode | Literal], None] = {}
        """The triples in the order first added (a dict: duplicates are dropped)."""

    def add(self, subject: str, predicate: NamedNode, obj: NamedNode | Literal) -> None:
        """Add one quad to the graph (duplicates are dropped)."""
        self._triples.setdefault((iri(subject), predicate, obj))

    def text(self, subject: str, predicate: NamedNode, value: str | None) -> None:
        """Add a plain string literal if `value` is not empty."""
        if value:
            self.add(subject, predicate, Literal(value))

    def link(self, subject: str, predicate: NamedNode, target: str | None) -> None:
        """Add an IRI-valued quad if `target` is given."""
        if target:
            self.add(subject, predicate, iri(target))

    @property
    def quads(self) -> list[Quad]:
        """The quads, in the order first added."""
        graph = self.graph
        return [Quad(s, p, o, graph) for s, p, o in self._triples]

    def nquads(self) -> bytes:
        """The quads as N-Quads, one line each, as pyoxigraph's serialiser writes them.

        >>> from pyoxigraph import serialize
        >>> out = QuadWriter("https://example.org/g")
        >>> out.text("https://example.org/s", iri("https://example.org/p"), 'a "b"')
        >>> out.nquads() == serialize(out.quads, format=RdfFormat.N_QUADS)
        True
        """
        tail = f" {self.graph} .\n"
        return "".join([f"{s} {p} {o}{tail}" for s, p, o in self._triples]).encode()


# ---------------------------------------------------------------- documents


def extraction_to_quads(extraction: Extraction, minter: IriMinter, *,
                        document_node: bool = True) -> list[Quad]:
    """All quads of one document's named graph: document, entities, actions, evidence.
    A part of a document read in parts (a large list) leaves out the document's own
    statements (`document_node=False`): its last part carries them."""
    return extraction_writer(extraction, minter, document_node=document_node).quads


def extraction_to_nquads(extraction: Extraction, minter: IriMinter) -> bytes:
    """The quads of `extraction_to_quads`, as N-Quads (what the ingest writes)."""
    return extraction_writer(extraction, minter).nquads()


def extraction_writer(extraction: Extraction, minter: IriMinter, *,
                      document_node: bool = True) -> QuadWriter:
    """The quads of one document's graph, collected (see `extraction_to_quads`)."""
    document = extraction.document
    doc_iri = minter.document(document.key)
    out = QuadWriter(doc_iri)
    if document_node:
        _document(out, doc_iri, document, extraction.pipeline, extraction.lost)
    software = minter.software(extraction.extractor, extraction.extractor_version)
    out.add(software, RDF_TYPE, iri(_PROV + "SoftwareAgent"))
    out.text(software, iri(_RDFS + "label"), extraction.extractor)
    out.text(software, iri(_SCHEMA + "softwareVersion"), extraction.extractor_version)

    labels = {entity.ref: entity.label for entity in extraction.entities}
    for entity in () if extraction.entities_in_last_part else extraction.entities:
        _entity(out, minter, entity)
        out.link(doc_iri, tg("mentions"), minter.entity(entity.ref))
    # One span cited twice for one body is one annotation: keep its most confident reading.
    annotations: dict[tuple[str, int, int], tuple[Evidence, str]] = {}

    def cite(body: str, evidence: Evidence, motivation: str) -> None:
        span = (body, evidence.start, evidence.end)
        known = annotations.get(span)
        if known is None or evidence.confidence > known[0].confidence:
            annotations[span] = (evidence, motivation)

    for mention in extraction.mentions:
        cite(minter.entity(mention.entity), mention.evidence, "identifying")
    for action in extraction.actions:
        action_iri = minter.action(action)
        _action(out, minter, action_iri, action, labels)
        out.link(action_iri, tg("reportedIn"), doc_iri)
        for evidence in action.evidence:
            cite(action_iri, evidence, "describing")
    for (body, _, _), (evidence, motivation) in annotations.items():
        _evidence(out, minter, document, body, evidence,
                  software=software, motivation=motivation)
    return out


def _document(out: QuadWriter, doc_iri: str, document: Document, pipeline: str,
              lost: int) -> None:
    out.add(doc_iri, RDF_TYPE, tg("Document"))
    out.text(doc_iri, iri(_DCTERMS + "identifier"), document.key)
    out.text(doc_iri, iri(_DCTERMS + "title"), document.title)
    out.text(doc_iri, iri(_RDFS + "label"), document.title or document.key)
    out.text(doc_iri, iri(str(DC.publisher)), document.publisher)
    out.text(doc_iri, iri(str(DC.rights)), document.rights)
    out.text(doc_iri, tg("documentType"), document.doc_type)
    if document.published:
        out.add(doc_iri, iri(_DCTERMS + "issued"), typed(document.published.isoformat(), "date"))
    if document.url and document.url.startswith(("http://", "https://")):
        out.link(doc_iri, iri(_SCHEMA + "url"), document.url)
    out.add(doc_iri, tg("text"), Literal(document.text))
    out.add(doc_iri, tg("contentHash"), Literal(document.content_hash))
    out.text(doc_iri, tg("sourceKey"), document.source_key)
    out.text(doc_iri, tg("sourcePath"), document.source_path)
    out.add(doc_iri, tg("pipeline"), Literal(pipeline))
    if lost:  # kept, so that a run which skips the unchanged file still reports it
        # as xsd:integer, which every store keeps as written (Oxigraph turns the range's
        # xsd:nonNegativeInteger into it anyway); the shape asks for >= 1
        out.add(doc_iri, tg("lostParts"), typed(str(lost), "integer"))
    out.text(doc_iri, tg("citation"), document.citation)
    if document.structured:
        out.add(doc_iri, RDF_TYPE, tg("LegalRecord"))
        out.text(doc_iri, tg("sourceFormat"), document.structured)
        out.text(doc_iri, tg("sourceRecord"), document.record)


# ---------------------------------------------------------------- entities


def _entity(out: QuadWriter, minter: IriMinter, entity: Entity) -> None:
    subject = minter.entity(entity.ref)
    out.add(subject, RDF_TYPE, tg(entity.type.value))
    out.text(subject, iri(_RDFS + "label"), entity.label)
    for alias in entity.aliases:
        if alias != entity.label:
            out.text(subject, iri(_SKOS + "altLabel"), alias)
    out.text(subject, iri(_RDFS + "comment"), entity.description)
    for same in entity.same_as:
        out.link(subject, iri(_OWL + "sameAs"), same)
    for page in entity.see_also:
        out.link(subject, iri(_RDFS + "seeAlso"), page)
    if entity.parent:
        out.link(subject, tg("parentOrganization"), minter.entity(entity.parent))
    if entity.country:
        out.link(subject, tg("country"), minter.entity(entity.country))
    out.text(subject, iri(_SCHEMA + "jobTitle"), entity.job_title)
    if entity.affiliation:
        out.link(subject, iri(_SCHEMA + "affiliation"), minter.entity(entity.affiliation))
    for broader in entity.broader:
        broader_iri = minter.entity(broader)
        out.link(subject, iri(_SKOS + "broader"), broader_iri)
        out.link(broader_iri, iri(_SKOS + "narrower"), subject)
    for address in entity.addresses:
        _address(out, minter, subject, address)


def _address(out: QuadWriter, minter: IriMinter, subject: str, address: PostalAddress) -> None:
    node = minter.address(subject, str(address))
    out.link(subject, iri(_SCHEMA + "address"), node)
    out.add(node, RDF_TYPE, iri(_SCHEMA + "PostalAddress"))
    out.text(node, iri(_RDFS + "label"), str(address))
    out.text(node, iri(_SCHEMA + "streetAddress"), address.street)
    out.text(node, iri(_SCHEMA + "addressLocality"), address.locality)
    out.text(node, iri(_SCHEMA + "addressRegion"), address.region)
    out.text(node, iri(_SCHEMA + "postalCode"), address.postal_code)
    out.text(node, iri(_SCHEMA + "addressCountry"), address.country)


# ---------------------------------------------------------------- actions


def action_label(action: Action, labels: dict[EntityRef, str]) -> str:
    """A readable label built only from the action's identity, so every source agrees."""

    def names(refs: Iterable[EntityRef]) -> str:
        return ", ".join(sorted(labels.get(ref, ref.key) for ref in refs))

    text = action.type.label
    if action.agents:
        text += f" by {names(action.agents)}"
    if action.targets:
        text += f" concerning {names(action.targets)}"
    if action.affiliates_of:
        text += f" concerning affiliates of {names(action.affiliates_of)}"
    if action.date:
        text += f" ({action.date.isoformat()})"
    return text[0].upper() + text[1:]


def _action(
    out: QuadWriter,
    minter: IriMinter,
    subject: str,
    action: Action,
    labels: dict[EntityRef, str],
) -> None:
    for action_class in [action.type.value, *(kind.value for kind in action.kinds)]:
        out.add(subject, RDF_TYPE, tg(action_class))  # a kind beside its type, not instead
    out.text(subject, iri(_RDFS + "label"), action_label(action, labels))
    roles = (
        ("agent", action.agents),
        ("target", action.targets),
        ("affiliatesOf", action.affiliates_of),
        ("beneficiary", action.beneficiaries),
        ("product", action.products),
    )
    for role, refs in roles:
        for ref in refs:
            out.link(subject, tg(role), minter.entity(ref))
    for name, day in (("date", action.date), ("startDate", action.start_date),
                      ("endDate", action.end_date)):
        if day:
            out.add(subject, tg(name), date_literal(day))
    if action.duration:
        out.add(subject, tg("duration"), typed(action.duration, "duration"))
    if action.amount is not None:
        out.add(subject, tg("amount"), decimal_literal(action.amount))
    out.text(subject, tg("currency"), action.currency)
    if action.quantity is not None:
        out.add(subject, tg("quantity"), decimal_literal(action.quantity))
    if action.country is not None:
        out.link(subject, tg("country"), minter.entity(action.country))
    out.add(subject, tg("status"), tg(action.status.local_name))
    out.add(subject, tg("confidence"), decimal_literal(round(action.confidence, 3)))
    for citation in action.citations:
        out.text(subject, tg("citation"), citation)
    out.text(subject, tg("sourceList"), action.source_list)
    for program in action.programs:
        out.text(subject, tg("program"), program)
    out.text(subject, tg("licenseRequirement"), action.license_requirement)
    out.text(subject, tg("licensePolicy"), action.license_policy)
    out.text(subject, iri(_DCTERMS + "identifier"), action.entry_id)
    for page in action.see_also:
        out.link(subject, iri(_RDFS + "seeAlso"), page)


# ---------------------------------------------------------------- evidence


def _evidence(
    out: QuadWriter,
    minter: IriMinter,
    document: Document,
    body: str,
    evidence: Evidence,
    *,
    software: str,
    motivation: str,
) -> None:
    annotation = minter.annotation(document.key, evidence.start, evidence.end, body)
    target, quote, position = (annotation + suffix for suffix in ("#target", "#quote", "#position"))
    out.add(annotation, RDF_TYPE, oa("Annotation"))
    out.link(annotation, oa("motivatedBy"), oa(motivation).value)
    out.link(annotation, oa("hasBody"), body)
    out.link(annotation, oa("hasTarget"), target)
    out.add(annotation, tg("confidence"), decimal_literal(round(evidence.confidence, 3)))
    out.link(annotation, iri(_DCTERMS + "creator"), software)
    out.link(body, tg("evidence"), annotation)

    out.add(target, RDF_TYPE, oa("SpecificResource"))
    out.link(target, oa("hasSource"), minter.document(document.key))
    out.link(target, oa("hasSelector"), quote)
    out.link(target, oa("hasSelector"), position)

    out.add(quote, RDF_TYPE, oa("TextQuoteSelector"))
    out.add(quote, oa("exact"), Literal(evidence.quote))
    out.text(quote, oa("prefix"), evidence.prefix)
    out.text(quote, oa("suffix"), evidence.suffix)

    out.add(position, RDF_TYPE, oa("TextPositionSelector"))
    out.add(position, oa("start"), typed(str(evidence.start), "integer"))
    out.add(position, oa("end"), typed(str(evidence.end), "integer"))


# ---------------------------------------------------------------- reference graphs


def gazetteer_to_quads(gazetteer: Gazetteer, minter: IriMinter) -> list[Quad]:
    """The gazetteer's named graph: every reference entity with its names and links."""
    graph = minter.gazetteer_graph
    out = QuadWriter(graph)
    out.add(graph, RDF_TYPE, iri("http://rdfs.org/ns/void#Dataset"))
    out.text(graph, iri(_RDFS + "label"), "tradegraph reference gazetteer")
    out.text(graph, iri(_OWL + "versionInfo"), gazetteer.fingerprint)
    for entity in gazetteer.entities():
        _entity(out, minter, entity)
    return out.quads


def ontology_to_quads() -> Iterator[Quad]:
    """The ontology's triples, in the named graph named by the ontology's IRI."""
    graph = iri(ONTOLOGY_IRI)
    for quad in parse(ontology_turtle(), format=RdfFormat.TURTLE, base_iri=ONTOLOGY_IRI):
        yield Quad(quad.subject, quad.predicate, quad.object, graph)


def ontology_turtle() -> bytes:
    """The ontology as published, in Turtle."""
    return resources.files(__package__).joinpath("tradegraph.ttl").read_bytes()


def shapes_turtle() -> bytes:
    """The SHACL shapes, in Turtle."""
    return resources.files(__package__).joinpath("shapes.ttl").read_bytes()
