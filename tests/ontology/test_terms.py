"""The vocabulary: `terms.TG` against `tradegraph.ttl` in both directions, documentation and
alignment of every term, the shapes' references, and the Python enums that mirror classes."""

from __future__ import annotations

from typing import TypeGuard

import pytest
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from tradegraph.ontology.models import ActionType, EntityType, Status
from tradegraph.ontology.terms import ONTOLOGY_IRI, PREFIXES, SHAPES_IRI, TG, TG_NAMESPACE

CLASS_TYPES = {OWL.Class, RDFS.Class}
PROPERTY_TYPES = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property}

ALIGNMENT_PREDICATES = {
    RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty,
    OWL.inverseOf, SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch,
    SKOS.relatedMatch,
}
ALIGNED_VOCABULARIES = (
    "https://schema.org/", "http://schema.org/",
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/ns/org#",
    "http://www.w3.org/2006/time#",
    "http://www.w3.org/ns/oa#",
    # SKOS: tg:Product and tg:Status are concept hierarchies / schemes by design.
    "http://www.w3.org/2004/02/skos/core#",
    "http://xmlns.com/foaf/0.1/",
    "http://purl.org/dc/terms/",
)

UNALIGNED = {
    # Provenance bookkeeping of tradegraph itself; no counterpart in the five vocabularies.
    TG.confidence: "extraction confidence: Web Annotation and PROV-O define no such property",
    TG.contentHash: "change detection for re-ingest; internal bookkeeping",
    TG.pipeline: "fingerprint of the extraction pipeline; internal bookkeeping",
    TG.lostParts: "parts of a broken file that could not be read; internal bookkeeping",
    # Documented as the inverse of oa:hasBody *for tradegraph's own annotations*; an
    # owl:inverseOf would entail it for every annotation, so the TTL uses rdfs:seeAlso.
    TG.evidence: "near-inverse of oa:hasBody, linked with rdfs:seeAlso only",
    # What screening lists state; no vocabulary models export-control listings.
    TG.sourceList: "the list's own name for itself, as published",
    TG.program: "sanctions program codes of the issuing agency",
    TG.licenseRequirement: "export-control licensing; no counterpart",
    TG.licensePolicy: "export-control licensing; no counterpart",
    # Corroboration between reported and recorded actions: tradegraph's own relation.
    TG.confirmedBy: "links a reported action to the legal record's action; no counterpart",
    TG.confirms: "inverse of tg:confirmedBy",
    TG.sourceRecord: "the raw source record kept for re-extraction; internal bookkeeping",
    # Deadlines of export-control procedure; OWL-Time gives the instant, not its reason.
    TG.deadlineBasis: "the rule or date a deadline comes from; no counterpart",
    TG.hasFollowUp: "whether a later action answers a deadline; no counterpart",
    TG.followUp: "the later action that answers a deadline; no counterpart",
    # What a class means to tradegraph's derivations (ontology/schema.py reads them).
    TG.regime: "the body of rules a class of actions acts under; no vocabulary models it",
    TG.opensStanding: "class-level meaning for the derivations of time; no counterpart",
    TG.endsStandingOf: "class-level meaning for the derivations of time; no counterpart",
    TG.amendsStandingOf: "class-level meaning for the derivations of time; no counterpart",
    TG.successionLink: "class-level meaning for the derivations of time; no counterpart",
    TG.answers: "class-level meaning for the derivations of time; no counterpart",
    TG.answerDays: "export-control procedure (15 CFR 750.6); no counterpart",
    TG.authorizes: "export-control licensing; no counterpart",
    TG.keepsList: "export-control and sanctions lists; no counterpart",
    TG.oneEntryPerParty: "export-control and sanctions lists; no counterpart",
    TG.screened: "what screening compares names with; no counterpart",
}
"""Terms allowed to have no alignment, each with the reason."""

NO_DOMAIN = {
    TG.evidence: "carried by actions and by entities (mention evidence)",
    TG.confidence: "carried by actions and by annotations",
    TG.country: "carried by organisations, persons and actions",
    TG.citation: "carried by documents of the legal record and by the actions they publish",
}
"""Properties allowed to have no rdfs:domain (a single class would entail wrong types)."""

NO_RANGE = {
    TG.target: "an organisation, a person or a country (shapes check the union)",
    TG.beneficiary: "an organisation, a person or a country (shapes check the union)",
    TG.mentions: "any kind of entity",
    TG.date: "xsd:date, xsd:gYearMonth or xsd:gYear (shapes check the union)",
    TG.startDate: "xsd:date, xsd:gYearMonth or xsd:gYear (shapes check the union)",
    TG.endDate: "xsd:date, xsd:gYearMonth or xsd:gYear (shapes check the union)",
    TG.announcedOn: "xsd:date, xsd:gYearMonth or xsd:gYear (shapes check the union)",
    TG.publishedOn: "xsd:date, xsd:gYearMonth or xsd:gYear (shapes check the union)",
    TG.effectiveOn: "xsd:date, xsd:gYearMonth or xsd:gYear (shapes check the union)",
    TG.firstReportedOn: "xsd:date, xsd:gYearMonth or xsd:gYear (shapes check the union)",
    TG.party: "an organisation, a person or a country, as tg:target",
}
"""Properties allowed to have no rdfs:range, each with the reason."""


def tg_terms() -> set[URIRef]:
    """Every IRI listed in `TG`."""
    return {URIRef(term) for term in dir(TG)}


def is_tg(node: object) -> TypeGuard[URIRef]:
    return isinstance(node, URIRef) and str(node).startswith(TG_NAMESPACE)


def classes(ontology: Graph) -> set[URIRef]:
    return {s for t in CLASS_TYPES for s in ontology.subjects(RDF.type, t) if is_tg(s)}


def properties(ontology: Graph) -> set[URIRef]:
    return {s for t in PROPERTY_TYPES for s in ontology.subjects(RDF.type, t) if is_tg(s)}


def defined(ontology: Graph) -> set[URIRef]:
    """tg: IRIs the Turtle defines (gives a type to)."""
    return {s for s in ontology.subjects(RDF.type, None) if is_tg(s)}


def test_tg_lists_many_terms() -> None:
    assert len(tg_terms()) > 50
    assert all(str(term).startswith(TG_NAMESPACE) for term in tg_terms())


def test_tg_refuses_unknown_names() -> None:
    with pytest.raises(AttributeError):
        _ = TG.noSuchTerm


def test_every_tg_term_is_defined_in_the_turtle(ontology: Graph) -> None:
    assert tg_terms() - defined(ontology) == set()


def test_every_tg_iri_of_the_turtle_is_in_tg(ontology: Graph) -> None:
    used = {node for triple in ontology for node in triple if is_tg(node)}
    assert used - tg_terms() == set()


def test_every_term_is_a_class_a_property_or_an_individual(ontology: Graph) -> None:
    individuals = {s for s in defined(ontology)
                   if {(s, RDF.type, TG.Status), (s, RDF.type, TG.Regime)} & set(ontology)}
    individuals |= {TG.StatusScheme, TG.RegimeScheme}
    assert tg_terms() == classes(ontology) | properties(ontology) | individuals
    assert (TG.StatusScheme, RDF.type, SKOS.ConceptScheme) in ontology
    assert (TG.RegimeScheme, RDF.type, SKOS.ConceptScheme) in ontology


def test_ontology_header(ontology: Graph) -> None:
    header = URIRef(ONTOLOGY_IRI)
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionInfo) is not None
    assert TG_NAMESPACE == ONTOLOGY_IRI + "#"


def test_classes_and_properties_have_english_label_and_comment(ontology: Graph) -> None:
    undocumented = []
    for term in classes(ontology) | properties(ontology):
        for predicate in (RDFS.label, RDFS.comment):
            values = list(ontology.objects(term, predicate))
            if not any(getattr(v, "language", None) == "en" and str(v).strip() for v in values):
                undocumented.append((term, predicate))
    assert undocumented == []


def test_status_individuals_are_documented_concepts(ontology: Graph) -> None:
    for status in ontology.subjects(RDF.type, TG.Status):
        assert ontology.value(status, RDFS.label) is not None, status
        assert ontology.value(status, RDFS.comment) is not None, status
        assert (status, SKOS.inScheme, TG.StatusScheme) in ontology


def test_properties_have_domain_and_range_or_a_stated_reason(ontology: Graph) -> None:
    props = properties(ontology)
    no_domain = {p for p in props if ontology.value(p, RDFS.domain) is None}
    no_range = {p for p in props if ontology.value(p, RDFS.range) is None}
    assert no_domain <= set(NO_DOMAIN), no_domain - set(NO_DOMAIN)
    assert no_range <= set(NO_RANGE), no_range - set(NO_RANGE)


def test_domains_and_ranges_are_known_terms(ontology: Graph) -> None:
    for prop in properties(ontology):
        for value in (*ontology.objects(prop, RDFS.domain), *ontology.objects(prop, RDFS.range)):
            assert isinstance(value, URIRef)
            if is_tg(value):
                assert value in classes(ontology), (prop, value)


def has_external_alignment(ontology: Graph, term: URIRef, seen: set[URIRef]) -> bool:
    """Whether the term, or a tg term it specialises, aligns with an outside vocabulary."""
    seen.add(term)
    for predicate in ALIGNMENT_PREDICATES:
        for value in ontology.objects(term, predicate):
            if str(value).startswith(ALIGNED_VOCABULARIES):
                return True
            if (predicate in (RDFS.subClassOf, RDFS.subPropertyOf) and is_tg(value)
                    and value not in seen and has_external_alignment(ontology, value, seen)):
                return True
    return False


def test_every_class_and_property_is_aligned_or_excused(ontology: Graph) -> None:
    terms = classes(ontology) | properties(ontology)
    unaligned = {t for t in terms if not has_external_alignment(ontology, t, set())}
    assert unaligned <= set(UNALIGNED), sorted(unaligned - set(UNALIGNED))
    assert set(UNALIGNED) <= terms  # the excuses name real terms


@pytest.mark.parametrize(("term", "outside"), [
    (TG.Organization, "http://www.w3.org/ns/org#Organization"),
    (TG.Agency, "https://schema.org/GovernmentOrganization"),
    (TG.Action, "http://www.w3.org/ns/prov#Activity"),
    (TG.Person, "http://www.w3.org/ns/prov#Person"),
    (TG.parentOrganization, "http://www.w3.org/ns/org#subOrganizationOf"),
    (TG.agent, "http://www.w3.org/ns/prov#wasAssociatedWith"),
    (TG.duration, "http://www.w3.org/2006/time#hasXSDDuration"),
    (TG.Standing, "http://www.w3.org/2006/time#Interval"),
    (TG.Deadline, "http://www.w3.org/2006/time#Instant"),
    (TG.dueOn, "http://www.w3.org/2006/time#inXSDDate"),
    (TG.endedBy, "http://www.w3.org/ns/prov#wasInvalidatedBy"),
    (TG.sameActionAs, "http://www.w3.org/ns/prov#alternateOf"),
    (TG.publishedOn, "http://purl.org/dc/terms/issued"),
    (TG.effectiveOn, "http://www.w3.org/2006/time#hasBeginning"),
    (TG.removes, str(TG.follows)),
])
def test_key_alignments(ontology: Graph, term: URIRef, outside: str) -> None:
    aligned = {str(o) for p in ALIGNMENT_PREDICATES for o in ontology.objects(term, p)}
    assert outside in aligned


def test_turtle_prefixes_agree_with_python_prefixes(ontology: Graph) -> None:
    declared = {prefix: str(namespace) for prefix, namespace in ontology.namespaces()}
    for prefix in ("tg", "schema", "prov", "org", "time", "oa", "skos", "dcterms"):
        assert declared[prefix] == PREFIXES[prefix], prefix


# ---------------------------------------------------------------- Python enums


def test_entity_types_are_classes(ontology: Graph) -> None:
    for entity_type in EntityType:
        assert (TG[entity_type.value], RDF.type, OWL.Class) in ontology
    for sub in (EntityType.AGENCY, EntityType.FIRM):
        assert (TG[sub.value], RDFS.subClassOf, TG.Organization) in ontology


def test_action_types_are_exactly_the_subclasses_of_action(ontology: Graph) -> None:
    subclasses = set(ontology.subjects(RDFS.subClassOf, TG.Action))
    assert subclasses == {TG[t.value] for t in ActionType}


@pytest.mark.parametrize("action_type", list(ActionType))
def test_action_type_label_matches_the_class_label(ontology: Graph,
                                                   action_type: ActionType) -> None:
    label = ontology.value(TG[action_type.value], RDFS.label)
    assert str(label).casefold() == action_type.label.casefold()


def test_statuses_match_the_scheme(ontology: Graph) -> None:
    individuals = set(ontology.subjects(RDF.type, TG.Status))
    assert individuals == {TG[s.local_name] for s in Status}
    assert set(ontology.objects(TG.StatusScheme, SKOS.hasTopConcept)) == individuals
    for status in Status:
        assert str(ontology.value(TG[status.local_name], RDFS.label)) == status.value


@pytest.mark.parametrize(("term", "kind"), [
    (TG.agent, OWL.ObjectProperty), (TG.target, OWL.ObjectProperty),
    (TG.beneficiary, OWL.ObjectProperty), (TG.product, OWL.ObjectProperty),
    (TG.status, OWL.ObjectProperty), (TG.country, OWL.ObjectProperty),
    (TG.parentOrganization, OWL.ObjectProperty), (TG.evidence, OWL.ObjectProperty),
    (TG.date, OWL.DatatypeProperty), (TG.startDate, OWL.DatatypeProperty),
    (TG.endDate, OWL.DatatypeProperty), (TG.duration, OWL.DatatypeProperty),
    (TG.amount, OWL.DatatypeProperty), (TG.currency, OWL.DatatypeProperty),
    (TG.quantity, OWL.DatatypeProperty), (TG.confidence, OWL.DatatypeProperty),
])
def test_contract_properties_have_the_right_kind(ontology: Graph, term: URIRef,
                                                  kind: URIRef) -> None:
    assert (term, RDF.type, kind) in ontology


# ---------------------------------------------------------------- shapes


def test_shapes_declare_themselves(shapes: Graph) -> None:
    assert (URIRef(SHAPES_IRI), RDF.type, OWL.Ontology) in shapes
    assert (URIRef(SHAPES_IRI), OWL.imports, URIRef(ONTOLOGY_IRI)) in shapes
    assert len(set(shapes.subjects(RDF.type, SH.NodeShape))) >= 5


def test_shapes_reference_only_existing_tg_terms(shapes: Graph) -> None:
    used = {node for triple in shapes for node in triple if is_tg(node)}
    assert used, "the shapes should constrain tradegraph terms"
    assert used - tg_terms() == set()


def test_shape_targets_are_classes(shapes: Graph, ontology: Graph) -> None:
    for target in shapes.objects(None, SH.targetClass):
        if is_tg(target):
            assert target in classes(ontology), target


def test_status_shape_allows_exactly_the_statuses(shapes: Graph) -> None:
    lists = [Collection(shapes, node) for node in shapes.objects(None, SH["in"])]
    status_lists = [set(items) for items in lists if TG.InForce in set(items)]
    assert status_lists == [{TG[s.local_name] for s in Status}]
