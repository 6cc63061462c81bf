"""Python names for the terms of the tradegraph vocabulary and the vocabularies it reuses.

`TG` lists every class, property and individual that `tradegraph.ttl` declares, and
nothing else: rdflib's `DefinedNamespace` refuses names it does not list, and a test
checks the list against the Turtle in both directions, so the two cannot drift.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/tradegraph/ontology"
"""IRI of the ontology document; also the name of the named graph that holds it."""

TG_NAMESPACE = ONTOLOGY_IRI + "#"
SHAPES_IRI = "https://w3id.org/tradegraph/shapes"


class TG(DefinedNamespace):
    """The tradegraph vocabulary, `https://w3id.org/tradegraph/ontology#`."""

    _fail = True
    _NS = Namespace(TG_NAMESPACE)

    # parties
    Organization: URIRef
    Agency: URIRef
    Firm: URIRef
    Person: URIRef
    Country: URIRef
    Product: URIRef
    Vessel: URIRef
    Aircraft: URIRef
    Document: URIRef
    LegalRecord: URIRef

    # actions
    Action: URIRef
    EntityListAddition: URIRef
    EntityListRemoval: URIRef
    EntityListAmendment: URIRef
    LicenseApplication: URIRef
    LicenseApproval: URIRef
    LicenseDenial: URIRef
    TemporaryGeneralLicense: URIRef
    DenialOrder: URIRef
    Regulation: URIRef
    Designation: URIRef
    Sanction: URIRef
    Tariff: URIRef
    Appeal: URIRef
    Lobbying: URIRef
    Negotiation: URIRef
    Transaction: URIRef
    Statement: URIRef
    # narrower kinds, asserted beside the type they narrow (ActionKind)
    TemporaryDenialOrder: URIRef
    LicenseRevocation: URIRef
    MilitaryEndUserListAddition: URIRef
    UnverifiedListAddition: URIRef
    BlockingSanction: URIRef
    Countermeasure: URIRef

    # status
    Status: URIRef
    StatusScheme: URIRef
    InForce: URIRef
    Announced: URIRef
    Intended: URIRef
    Proposed: URIRef
    Terminated: URIRef
    Suspended: URIRef
    Reported: URIRef
    Speculative: URIRef

    # roles of an action
    agent: URIRef
    target: URIRef
    beneficiary: URIRef
    product: URIRef
    status: URIRef
    evidence: URIRef
    reportedIn: URIRef
    mentions: URIRef

    # time and quantities
    date: URIRef
    startDate: URIRef
    endDate: URIRef
    duration: URIRef
    amount: URIRef
    currency: URIRef
    quantity: URIRef
    confidence: URIRef

    # organisations
    parentOrganization: URIRef
    country: URIRef

    # the legal record: listings, rules, and the news they confirm
    citation: URIRef
    sourceList: URIRef
    program: URIRef
    licenseRequirement: URIRef
    licensePolicy: URIRef
    publishedIn: URIRef
    confirmedBy: URIRef
    confirms: URIRef

    # documents and provenance
    text: URIRef
    documentType: URIRef
    contentHash: URIRef
    pipeline: URIRef
    sourceFormat: URIRef
    sourceRecord: URIRef
    sourceKey: URIRef
    sourcePath: URIRef
    lostParts: URIRef

    # time: dates by kind, one node per real action, lifecycles, standings, deadlines
    announcedOn: URIRef
    publishedOn: URIRef
    effectiveOn: URIRef
    firstReportedOn: URIRef
    sameActionAs: URIRef
    follows: URIRef
    amends: URIRef
    extends: URIRef
    supersedes: URIRef
    suspends: URIRef
    terminates: URIRef
    removes: URIRef
    Standing: URIRef
    standing: URIRef
    party: URIRef
    appliesFrom: URIRef
    appliesUntil: URIRef
    endedBy: URIRef
    Deadline: URIRef
    deadline: URIRef
    dueOn: URIRef
    deadlineBasis: URIRef
    hasFollowUp: URIRef
    followUp: URIRef

    # what each class means (read by the registry, ontology/schema.py)
    regime: URIRef
    opensStanding: URIRef
    endsStandingOf: URIRef
    amendsStandingOf: URIRef
    successionLink: URIRef
    answers: URIRef
    answerDays: URIRef
    answerBasis: URIRef
    authorizes: URIRef
    keepsList: URIRef
    oneEntryPerParty: URIRef
    screened: URIRef
    Party: URIRef
    affiliatesOf: URIRef
    Regime: URIRef
    RegimeScheme: URIRef
    EntityListRegime: URIRef
    DenialOrderRegime: URIRef
    TemporaryGeneralLicenseRegime: URIRef
    SanctionRegime: URIRef
    DesignationRegime: URIRef
    RegulationRegime: URIRef
    LicenseRegime: URIRef
    MilitaryEndUserListRegime: URIRef
    UnverifiedListRegime: URIRef


OA = Namespace("http://www.w3.org/ns/oa#")
"""W3C Web Annotation vocabulary (evidence)."""

DC = Namespace("http://purl.org/dc/elements/1.1/")
"""Dublin Core elements: literal-valued publisher and rights of documents."""

PREFIXES: dict[str, str] = {
    "tg": TG_NAMESPACE,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "dc": str(DC),
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "oa": str(OA),
}
"""Prefixes used in exports and offered to SPARQL queries by default."""
