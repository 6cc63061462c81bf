"""The mapping from facts to quads: deterministic, one named graph per document, Web
Annotation evidence, and actions with their roles, time, status and provenance."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal

import pytest
from pydantic import ValidationError
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Store, Triple, serialize
from rdflib import Graph

from tradegraph.ontology.gazetteer import Gazetteer
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.mapping import (
    action_label,
    date_literal,
    decimal_literal,
    extraction_to_nquads,
    extraction_to_quads,
    gazetteer_to_quads,
    ontology_to_quads,
    ontology_turtle,
)
from tradegraph.ontology.models import (
    Action,
    EntityRef,
    EntityType,
    Extraction,
    PartialDate,
)
from tradegraph.ontology.terms import OA, ONTOLOGY_IRI, PREFIXES, TG

XSD = PREFIXES["xsd"]
RDF_TYPE = NamedNode(PREFIXES["rdf"] + "type")
RDFS_LABEL = NamedNode(PREFIXES["rdfs"] + "label")
NORTHWIND = EntityRef(type=EntityType.FIRM, key="northwind-optics")
BIS = EntityRef(type=EntityType.AGENCY, key="bis")
SPARQL_PREFIXES = dict(PREFIXES)

XSD_DURATION = re.compile(
    r"-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?"
)
"""The lexical space of xsd:duration (XSD 1.1 part 2, 3.3.6): no weeks."""


def node(term: str) -> NamedNode:
    return NamedNode(str(term))


def objects(quads: Iterable[Quad], subject: str,
            predicate: str) -> list[NamedNode | BlankNode | Literal | Triple]:
    return [q.object for q in quads
            if q.subject == NamedNode(subject) and q.predicate == node(predicate)]


def select(store: Store, query: str) -> list[dict[str, str]]:
    """Rows of a SELECT as {variable: lexical value}."""
    solutions = store.query(query, prefixes=SPARQL_PREFIXES, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    return [{n: row[n].value for n in names if row[n] is not None}
            for row in solutions]  # type: ignore[union-attr]


@pytest.fixture
def quads(extraction: Extraction, minter: IriMinter) -> list[Quad]:
    return extraction_to_quads(extraction, minter)


# ---------------------------------------------------------------- determinism and graphs


def test_nquads_are_the_quads_as_pyoxigraph_writes_them(
        make_extraction: Callable[..., Extraction], extraction: Extraction,
        minter: IriMinter) -> None:
    # the ingest writes these bytes: quotes, backslashes, line breaks, tabs and non-ASCII
    # text in literals, typed literals, a repeated statement (written once)
    text = ('Le ministère a dit: "non"\tC:\\path\r\nsecond line \u2014 caf\u00e9 \U0001F600.\n'
            + extraction.document.text)
    extraction = make_extraction(text=text, title='A "quoted" title\nover two lines')
    quads = extraction_to_quads(extraction, minter)
    assert len(quads) > 20 and len(set(quads)) == len(quads)
    assert extraction_to_nquads(extraction, minter) == serialize(quads,
                                                                 format=RdfFormat.N_QUADS)



def test_mapping_is_deterministic(extraction: Extraction, quads: list[Quad]) -> None:
    again = extraction_to_quads(extraction, IriMinter("https://example.org/tg/id/"))
    assert again == quads
    copy = Extraction.model_validate_json(extraction.model_dump_json())
    assert set(extraction_to_quads(copy, IriMinter("https://example.org/tg/id/"))) == set(quads)


def test_mapping_has_no_duplicate_quads(quads: list[Quad]) -> None:
    assert len(set(quads)) == len(quads)


def test_every_quad_is_in_the_documents_graph(extraction: Extraction, minter: IriMinter,
                                              quads: list[Quad]) -> None:
    graph = NamedNode(minter.document(extraction.document.key))
    assert quads
    assert {q.graph_name for q in quads} == {graph}


def test_document_description(extraction: Extraction, minter: IriMinter,
                              quads: list[Quad]) -> None:
    doc = minter.document(extraction.document.key)
    assert objects(quads, doc, PREFIXES["rdf"] + "type") == [node(TG.Document)]
    assert objects(quads, doc, TG.text) == [Literal(extraction.document.text)]
    assert objects(quads, doc, TG.contentHash) == [Literal(extraction.document.content_hash)]
    assert objects(quads, doc, TG.pipeline) == [Literal("test-pipeline-0001")]
    assert objects(quads, doc, PREFIXES["dcterms"] + "issued") == [
        Literal("2021-03-04", datatype=NamedNode(XSD + "date"))]
    assert objects(quads, doc, PREFIXES["schema"] + "url") == [
        NamedNode("https://news.example.org/2021/03/northwind")]
    mentioned = set(objects(quads, doc, TG.mentions))
    assert mentioned == {NamedNode(minter.entity(e.ref)) for e in extraction.entities}


def test_non_web_urls_are_not_linked(make_extraction: Callable[..., Extraction],
                                     minter: IriMinter) -> None:
    extraction = make_extraction(url="file:///tmp/northwind.txt", title=None)
    quads = extraction_to_quads(extraction, minter)
    doc = minter.document(extraction.document.key)
    assert objects(quads, doc, PREFIXES["schema"] + "url") == []
    assert objects(quads, doc, PREFIXES["rdfs"] + "label") == [Literal("northwind-listing")]


def test_a_changed_text_changes_only_what_depends_on_it(
    make_extraction: Callable[..., Extraction], minter: IriMinter, doc_text: str,
) -> None:
    first = extraction_to_quads(make_extraction(), minter)
    second = extraction_to_quads(make_extraction(text=doc_text + " More later."), minter)
    assert set(first) != set(second)
    actions = {q.subject for q in first if q.predicate == node(TG.status)}
    assert actions == {q.subject for q in second if q.predicate == node(TG.status)}


# ---------------------------------------------------------------- entities


def test_entities_have_types_labels_and_links(extraction: Extraction, minter: IriMinter,
                                              quads: list[Quad]) -> None:
    firm = minter.entity(NORTHWIND)
    assert objects(quads, firm, PREFIXES["rdf"] + "type") == [node(TG.Firm)]
    assert objects(quads, firm, PREFIXES["rdfs"] + "label") == [Literal("Northwind Optics Co.")]
    assert objects(quads, firm, PREFIXES["skos"] + "altLabel") == [Literal("Northwind Optics")]
    assert objects(quads, firm, TG.country) == [NamedNode(minter.base + "country/china")]
    bis = minter.entity(BIS)
    assert objects(quads, bis, TG.parentOrganization) == [
        NamedNode(minter.base + "agency/commerce-department")]


def test_broader_products_get_the_inverse_narrower(minter: IriMinter, quads: list[Quad]) -> None:
    chips = minter.base + "product/semiconductors"
    technology = minter.base + "product/technology"
    assert objects(quads, chips, PREFIXES["skos"] + "broader") == [NamedNode(technology)]
    assert objects(quads, technology, PREFIXES["skos"] + "narrower") == [NamedNode(chips)]


# ---------------------------------------------------------------- actions


def test_the_action_has_its_roles(extraction: Extraction, minter: IriMinter,
                                  quads: list[Quad]) -> None:
    listing = minter.action(extraction.actions[0])
    assert objects(quads, listing, PREFIXES["rdf"] + "type") == [node(TG.EntityListAddition)]
    assert objects(quads, listing, TG.agent) == [NamedNode(minter.entity(BIS))]
    assert objects(quads, listing, TG.target) == [NamedNode(minter.entity(NORTHWIND))]
    assert objects(quads, listing, TG.product) == [
        NamedNode(minter.base + "product/semiconductors")]
    assert objects(quads, listing, TG.status) == [node(TG.InForce)]
    assert objects(quads, listing, TG.reportedIn) == [
        NamedNode(minter.document(extraction.document.key))]
    assert objects(quads, listing, TG.date) == [Literal("2021-03-02",
                                                        datatype=NamedNode(XSD + "date"))]
    assert objects(quads, listing, TG.confidence) == [Literal("0.8",
                                                              datatype=NamedNode(XSD + "decimal"))]
    evidence = objects(quads, listing, TG.evidence)
    assert len(evidence) == 1
    assert isinstance(evidence[0], NamedNode)
    assert (Quad(evidence[0], node(OA.hasBody), NamedNode(listing), quads[0].graph_name)
            in quads)
    assert objects(quads, listing, PREFIXES["rdfs"] + "label") == [Literal(
        "Entity List addition by Bureau of Industry and Security concerning "
        "Northwind Optics Co. (2021-03-02)")]


def test_quantities_and_time_of_an_action(extraction: Extraction, minter: IriMinter,
                                          quads: list[Quad]) -> None:
    appeal = minter.action(extraction.actions[1])
    assert objects(quads, appeal, TG.status) == [node(TG.Intended)]
    assert objects(quads, appeal, TG.date) == [Literal("2021-03",
                                                       datatype=NamedNode(XSD + "gYearMonth"))]
    assert objects(quads, appeal, TG.duration) == [Literal("P90D",
                                                           datatype=NamedNode(XSD + "duration"))]
    assert objects(quads, appeal, TG.amount) == [Literal("2500000",
                                                         datatype=NamedNode(XSD + "decimal"))]
    assert objects(quads, appeal, TG.currency) == [Literal("USD")]
    assert objects(quads, appeal, TG.quantity) == [Literal("3",
                                                           datatype=NamedNode(XSD + "decimal"))]
    assert objects(quads, appeal, TG.target) == []


@pytest.mark.parametrize(("date", "lexical", "datatype"), [
    ("2019-05-16", "2019-05-16", "date"), ("2019-05", "2019-05", "gYearMonth"),
    ("2019", "2019", "gYear"),
])
def test_date_literals_are_as_precise_as_the_date(date: str, lexical: str,
                                                  datatype: str) -> None:
    assert date_literal(PartialDate.parse(date)) == Literal(lexical,
                                                            datatype=NamedNode(XSD + datatype))


@pytest.mark.parametrize(("value", "lexical"), [
    (Decimal("1E+3"), "1000"), (Decimal("2.50"), "2.5"), (0.0, "0"), (1.0, "1"),
    (Decimal("0.000001"), "0.000001"), (Decimal("-12.5"), "-12.5"),
])
def test_decimal_literals_have_no_exponent(value: Decimal | float, lexical: str) -> None:
    assert decimal_literal(value) == Literal(lexical, datatype=NamedNode(XSD + "decimal"))


@pytest.mark.parametrize("duration", ["P90D", "P1Y", "P6M", "P1Y6M", "P2W", "P1Y2W"])
def test_durations_are_valid_xsd_durations(make_extraction: Callable[..., Extraction],
                                           make_appeal: Callable[..., Action],
                                           minter: IriMinter, duration: str,
                                           as_store: Callable[[Iterable[Quad]], Store]) -> None:
    """Whatever duration the model accepts must map to a literal the store can read
    (xsd:duration has years, months, days and times, but no weeks)."""
    try:
        action = make_appeal(duration=duration)
    except ValidationError:  # refusing weeks in the model is a fix too
        assert "W" in duration
        return
    extraction = make_extraction(actions=[action])
    quads = extraction_to_quads(extraction, minter)
    (literal,) = [q.object for q in quads if q.predicate == node(TG.duration)]
    assert isinstance(literal, Literal)
    assert literal.datatype == NamedNode(XSD + "duration")
    assert XSD_DURATION.fullmatch(literal.value), literal.value
    rows = select(as_store(quads), "SELECT ?d WHERE { ?a tg:duration ?x "
                                   "BIND(xsd:duration(STR(?x)) AS ?d) }")
    assert rows == [{"d": literal.value}]


def test_action_label_is_independent_of_party_order(make_listing: Callable[..., Action]) -> None:
    commerce = EntityRef(type=EntityType.AGENCY, key="commerce-department")
    labels = {BIS: "BIS", commerce: "Commerce", NORTHWIND: "Northwind"}
    one = action_label(make_listing(agents=[BIS, commerce]), labels)
    other = action_label(make_listing(agents=[commerce, BIS]), labels)
    assert one == other == "Entity List addition by BIS, Commerce concerning Northwind (2021-03-02)"


def test_two_documents_corroborate_one_action(
    make_extraction: Callable[..., Extraction], minter: IriMinter, doc_text: str,
) -> None:
    first = extraction_to_quads(make_extraction(), minter)
    retold = "Wire summary. " + doc_text
    second = extraction_to_quads(make_extraction(text=retold, key="wire-summary"), minter)
    status = node(TG.status)
    first_actions = {q.subject for q in first if q.predicate == status}
    second_actions = {q.subject for q in second if q.predicate == status}
    assert first_actions == second_actions  # same action nodes ...
    evidence = node(TG.evidence)
    first_notes = {q.object for q in first if q.predicate == evidence}
    second_notes = {q.object for q in second if q.predicate == evidence}
    assert first_notes.isdisjoint(second_notes)  # ... each with its own evidence
    assert {q.graph_name for q in first} != {q.graph_name for q in second}


# ---------------------------------------------------------------- evidence


EVIDENCE_QUERY = """
SELECT ?body ?motivation ?source ?exact ?start ?end ?text ?prefix ?suffix ?creator WHERE {
  ?body tg:evidence ?note .
  ?note a oa:Annotation ; oa:hasBody ?body ; oa:hasTarget ?target ; oa:motivatedBy ?motivation ;
        dcterms:creator ?creator .
  ?target a oa:SpecificResource ; oa:hasSource ?source ; oa:hasSelector ?quote , ?position .
  ?quote a oa:TextQuoteSelector ; oa:exact ?exact .
  OPTIONAL { ?quote oa:prefix ?prefix } OPTIONAL { ?quote oa:suffix ?suffix }
  ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?source tg:text ?text .
  FILTER(DATATYPE(?start) = xsd:integer && DATATYPE(?end) = xsd:integer)
}
"""


def test_evidence_is_web_annotation_quoting_the_text(
    extraction: Extraction, minter: IriMinter, quads: list[Quad],
    as_store: Callable[[Iterable[Quad]], Store],
) -> None:
    rows = select(as_store(quads), EVIDENCE_QUERY)
    expected = len(extraction.mentions) + sum(len(a.evidence) for a in extraction.actions)
    assert len(rows) == expected == 6
    text = extraction.document.text
    for row in rows:
        start, end = int(row["start"]), int(row["end"])
        assert row["exact"] == text[start:end]
        assert row["source"] == minter.document(extraction.document.key)
        assert row["text"] == text
        assert text[:start].endswith(row.get("prefix", ""))
        assert text[end:].startswith(row.get("suffix", ""))
        assert row["creator"] == minter.software("test-extractor", "1.0")


def test_evidence_motivation(extraction: Extraction, minter: IriMinter, quads: list[Quad],
                             as_store: Callable[[Iterable[Quad]], Store]) -> None:
    rows = select(as_store(quads), EVIDENCE_QUERY)
    actions = {minter.action(a) for a in extraction.actions}
    for row in rows:
        wanted = "describing" if row["body"] in actions else "identifying"
        assert row["motivation"] == str(OA[wanted])


def test_two_mentions_of_one_entity_are_two_annotations(
    minter: IriMinter, quads: list[Quad],
) -> None:
    notes = objects(quads, minter.entity(NORTHWIND), TG.evidence)
    assert len(notes) == 2


def test_unicode_offsets_count_code_points(
    make_extraction: Callable[..., Extraction], minter: IriMinter, doc_text: str,
    as_store: Callable[[Iterable[Quad]], Store],
) -> None:
    text = "Update — 更新 🚢: " + doc_text
    quads = extraction_to_quads(make_extraction(text=text), minter)
    for row in select(as_store(quads), EVIDENCE_QUERY):
        assert row["exact"] == text[int(row["start"]):int(row["end"])]


# ---------------------------------------------------------------- reference graphs


def test_gazetteer_quads(gazetteer: Gazetteer, minter: IriMinter) -> None:
    quads = gazetteer_to_quads(gazetteer, minter)
    assert quads == gazetteer_to_quads(gazetteer, minter)
    assert {q.graph_name for q in quads} == {NamedNode(minter.gazetteer_graph)}
    typed = {q.subject for q in quads if q.predicate == RDF_TYPE
             and q.subject != NamedNode(minter.gazetteer_graph)}
    labelled = {q.subject for q in quads if q.predicate == RDFS_LABEL}
    assert len(typed) == len(gazetteer)
    assert typed <= labelled
    huawei = minter.base + "firm/huawei"
    assert NamedNode("http://www.wikidata.org/entity/Q160120") in objects(
        quads, huawei, PREFIXES["owl"] + "sameAs")


def test_ontology_quads_hold_the_whole_ontology() -> None:
    quads = list(ontology_to_quads())
    assert {q.graph_name for q in quads} == {NamedNode(ONTOLOGY_IRI)}
    assert len(quads) == len(Graph().parse(data=ontology_turtle(), format="turtle"))
    assert Quad(node(TG.Agency), node(PREFIXES["rdfs"] + "subClassOf"), node(TG.Organization),
                NamedNode(ONTOLOGY_IRI)) in quads
