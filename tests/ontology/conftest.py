"""Fixtures for the tests of `tradegraph.ontology`: the parsed vocabulary and shapes, the
packaged gazetteer, a minter with a fixed base, and a small hand-built extraction.

The example document is an invented news item about an invented firm ("Northwind Optics");
the agency and product it names are gazetteer entries, so the mapped graph joins the
reference graphs the way real extractions do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import pytest
from pyoxigraph import Quad, RdfFormat, Store, serialize
from rdflib import Graph

from tradegraph.ontology.gazetteer import Gazetteer, load_gazetteer
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.mapping import (
    gazetteer_to_quads,
    ontology_to_quads,
    ontology_turtle,
    shapes_turtle,
)
from tradegraph.ontology.models import (
    Action,
    ActionType,
    Document,
    Entity,
    EntityRef,
    EntityType,
    Evidence,
    Extraction,
    Mention,
    PartialDate,
    Status,
)

BASE = "https://example.org/tg/id/"
"""A base IRI of our own, so no test depends on the environment's `TRADEGRAPH_BASE_IRI`."""

TEXT = (
    "Harbor City, March 4, 2021. The Bureau of Industry and Security put Northwind Optics "
    "on the Entity List on Tuesday, saying the lens maker had shipped semiconductors to a "
    "military research institute. Northwind Optics said it intends to appeal the decision "
    "within 90 days."
)
"""An invented news item: one listing and one announced appeal."""

LISTING_SENTENCE = (
    "The Bureau of Industry and Security put Northwind Optics on the Entity List on Tuesday, "
    "saying the lens maker had shipped semiconductors to a military research institute."
)
APPEAL_SENTENCE = "Northwind Optics said it intends to appeal the decision within 90 days."

BIS = EntityRef(type=EntityType.AGENCY, key="bis")
NORTHWIND = EntityRef(type=EntityType.FIRM, key="northwind-optics")
SEMICONDUCTORS = EntityRef(type=EntityType.PRODUCT, key="semiconductors")
COMMERCE = EntityRef(type=EntityType.AGENCY, key="commerce-department")
UNITED_STATES = EntityRef(type=EntityType.COUNTRY, key="united-states")
CHINA = EntityRef(type=EntityType.COUNTRY, key="china")
TECHNOLOGY = EntityRef(type=EntityType.PRODUCT, key="technology")


def evidence_of(text: str, quote: str, confidence: float = 0.9, occurrence: int = 0) -> Evidence:
    """Evidence for the `occurrence`-th place where `quote` appears in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    end = start + len(quote)
    return Evidence(
        start=start, end=end, quote=quote,
        prefix=text[max(0, start - 32):start], suffix=text[end:end + 32],
        confidence=confidence, extractor="test-extractor", extractor_version="1.0",
    )


def entities() -> list[Entity]:
    """The entities of the example document."""
    return [
        Entity(type=EntityType.AGENCY, key="bis", label="Bureau of Industry and Security",
               aliases=["BIS"], parent=COMMERCE, country=UNITED_STATES),
        Entity(type=EntityType.FIRM, key="northwind-optics", label="Northwind Optics Co.",
               aliases=["Northwind Optics"], country=CHINA,
               description="An invented lens maker."),
        Entity(type=EntityType.PRODUCT, key="semiconductors", label="semiconductors",
               broader=[TECHNOLOGY]),
    ]


def listing(text: str = TEXT, **changes: Any) -> Action:
    """The Entity List addition the example reports (fields overridable)."""
    fields: dict[str, Any] = {
        "type": ActionType.ENTITY_LIST_ADDITION,
        "agents": [BIS],
        "targets": [NORTHWIND],
        "products": [SEMICONDUCTORS],
        "date": PartialDate(year=2021, month=3, day=2),
        "status": Status.IN_FORCE,
        "confidence": 0.8,
        "evidence": [evidence_of(text, LISTING_SENTENCE)],
    }
    fields.update(changes)
    return Action(**fields)


def appeal(text: str = TEXT, **changes: Any) -> Action:
    """The appeal the firm announces, with a duration and a month-precise date."""
    fields: dict[str, Any] = {
        "type": ActionType.APPEAL,
        "agents": [NORTHWIND],
        "date": PartialDate(year=2021, month=3),
        "duration": "P90D",
        "amount": Decimal("2.5E+6"),
        "currency": "USD",
        "quantity": Decimal(3),
        "status": Status.INTENDED,
        "confidence": 0.6,
        "evidence": [evidence_of(text, APPEAL_SENTENCE, confidence=0.7)],
    }
    fields.update(changes)
    return Action(**fields)


def build_extraction(
    text: str = TEXT,
    key: str = "northwind-listing",
    actions: list[Action] | None = None,
    **document: Any,
) -> Extraction:
    """An extraction of the example document (or of `text`, which must contain the quotes)."""
    doc_fields: dict[str, Any] = {
        "title": "Lens maker added to Entity List",
        "url": "https://news.example.org/2021/03/northwind",
        "publisher": "Example Wire",
        "published": "2021-03-04",
        "doc_type": "news article",
        "source": "tests/northwind.txt",
    }
    doc_fields.update(document)
    mentions = [
        Mention(entity=BIS, evidence=evidence_of(text, "Bureau of Industry and Security")),
        Mention(entity=NORTHWIND, evidence=evidence_of(text, "Northwind Optics")),
        Mention(entity=NORTHWIND, evidence=evidence_of(text, "Northwind Optics", occurrence=1)),
        Mention(entity=SEMICONDUCTORS, evidence=evidence_of(text, "semiconductors")),
    ]
    return Extraction(
        document=Document(key=key, text=text, **doc_fields),
        pipeline="test-pipeline-0001",
        extractor="test-extractor",
        extractor_version="1.0",
        entities=entities(),
        mentions=mentions,
        actions=[listing(text), appeal(text)] if actions is None else actions,
    )


def to_rdflib(quads: Iterable[Quad]) -> Graph:
    """The union of the quads' graphs as one rdflib graph (graph names dropped)."""
    data = serialize((quad.triple for quad in quads), format=RdfFormat.N_TRIPLES)
    assert data is not None
    return Graph().parse(data=data, format="nt")


def to_store(quads: Iterable[Quad]) -> Store:
    """An in-memory Oxigraph store holding the quads (for SPARQL checks)."""
    store = Store()
    store.extend(list(quads))
    return store


@pytest.fixture(scope="session")
def minter() -> IriMinter:
    return IriMinter(BASE)


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="session")
def ontology() -> Graph:
    """The packaged ontology, parsed by rdflib."""
    return Graph().parse(data=ontology_turtle(), format="turtle")


@pytest.fixture(scope="session")
def shapes() -> Graph:
    """The packaged SHACL shapes, parsed by rdflib."""
    return Graph().parse(data=shapes_turtle(), format="turtle")


@pytest.fixture(scope="session")
def reference_quads(minter: IriMinter, gazetteer: Gazetteer) -> list[Quad]:
    """The ontology and gazetteer graphs, which every document graph is validated with."""
    return [*ontology_to_quads(), *gazetteer_to_quads(gazetteer, minter)]


@pytest.fixture
def extraction() -> Extraction:
    """The example document with its entities, mentions, listing and appeal."""
    return build_extraction()


@pytest.fixture(scope="session")
def doc_text() -> str:
    return TEXT


@pytest.fixture(scope="session")
def evidence() -> Callable[..., Evidence]:
    """`evidence_of(text, quote, confidence=0.9, occurrence=0)`."""
    return evidence_of


@pytest.fixture(scope="session")
def make_listing() -> Callable[..., Action]:
    """`listing(text=TEXT, **changes)`: the example's Entity List addition."""
    return listing


@pytest.fixture(scope="session")
def make_appeal() -> Callable[..., Action]:
    """`appeal(text=TEXT, **changes)`: the example's announced appeal."""
    return appeal


@pytest.fixture(scope="session")
def make_extraction() -> Callable[..., Extraction]:
    """`build_extraction(text=TEXT, key=..., actions=None, **document_fields)`."""
    return build_extraction


@pytest.fixture(scope="session")
def as_rdflib() -> Callable[[Iterable[Quad]], Graph]:
    return to_rdflib


@pytest.fixture(scope="session")
def as_store() -> Callable[[Iterable[Quad]], Store]:
    return to_store
