"""The mapped graph of a hand-built extraction, with the ontology and the gazetteer, conforms
to `shapes.ttl`; each kind of damage is reported at the node and path that carry it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pyshacl
import pytest
from pyoxigraph import Literal, NamedNode, Quad
from rdflib import Graph
from rdflib.namespace import RDFS, SH

from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.mapping import extraction_to_quads
from tradegraph.ontology.models import Action, EntityRef, EntityType, Extraction
from tradegraph.ontology.terms import OA, PREFIXES, TG

ToGraph = Callable[[Iterable[Quad]], Graph]
NORTHWIND = EntityRef(type=EntityType.FIRM, key="northwind-optics")
XSD_INTEGER = NamedNode(PREFIXES["xsd"] + "integer")


def validate(data: Graph, shapes: Graph) -> set[tuple[str, str | None]]:
    """(focus node, path) of every violation; empty when the graph conforms."""
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    assert isinstance(results, Graph)
    found = {
        (str(results.value(r, SH.focusNode)),
         str(path) if (path := results.value(r, SH.resultPath)) is not None else None)
        for r in results.subjects(SH.resultSeverity, SH.Violation)
    }
    assert conforms == (not found)
    return found


def without(quads: list[Quad], subject: str, predicate: str) -> list[Quad]:
    """The quads less those with this subject and predicate (at least one must go)."""
    kept = [q for q in quads if not (q.subject == NamedNode(subject)
                                     and q.predicate == NamedNode(predicate))]
    assert len(kept) < len(quads)
    return kept


Check = Callable[[list[Quad]], set[tuple[str, str | None]]]


@pytest.fixture
def document_quads(extraction: Extraction, minter: IriMinter) -> list[Quad]:
    return extraction_to_quads(extraction, minter)


@pytest.fixture
def violations(reference_quads: list[Quad], shapes: Graph, as_rdflib: ToGraph) -> Check:
    """Validate a document graph together with the ontology and gazetteer graphs."""
    return lambda quads: validate(as_rdflib([*quads, *reference_quads]), shapes)


def test_reference_graphs_conform(reference_quads: list[Quad], shapes: Graph,
                                  as_rdflib: ToGraph) -> None:
    assert validate(as_rdflib(reference_quads), shapes) == set()


def test_mapped_extraction_conforms(document_quads: list[Quad], violations: Check) -> None:
    assert violations(document_quads) == set()


def test_action_without_status(extraction: Extraction, minter: IriMinter,
                               document_quads: list[Quad], violations: Check) -> None:
    listing = minter.action(extraction.actions[0])
    broken = without(document_quads, listing, str(TG.status))
    found = violations(broken)
    assert found == {(listing, str(TG.status))}


def test_action_with_a_status_outside_the_scheme(extraction: Extraction, minter: IriMinter,
                                                 document_quads: list[Quad],
                                                 violations: Check) -> None:
    listing = minter.action(extraction.actions[0])
    broken = without(document_quads, listing, str(TG.status))
    broken.append(Quad(NamedNode(listing), NamedNode(str(TG.status)),
                       NamedNode(str(TG.Document)), broken[0].graph_name))
    found = violations(broken)
    assert found == {(listing, str(TG.status))}


def test_target_without_label(minter: IriMinter, document_quads: list[Quad],
                              violations: Check) -> None:
    firm = minter.entity(NORTHWIND)  # not in the gazetteer: only the document labels it
    broken = without(document_quads, firm, str(RDFS.label))
    found = violations(broken)
    assert found == {(firm, str(RDFS.label))}


def test_action_without_evidence(extraction: Extraction, minter: IriMinter,
                                 document_quads: list[Quad], violations: Check) -> None:
    appeal = minter.action(extraction.actions[1])
    broken = without(document_quads, appeal, str(TG.evidence))
    found = violations(broken)
    assert found == {(appeal, str(TG.evidence))}


def test_action_reported_nowhere(extraction: Extraction, minter: IriMinter,
                                 document_quads: list[Quad], violations: Check) -> None:
    """An action needs a document that reports it, or reports that are the same action as it
    (a real action of graph/time/action_identity.py): a node-level constraint, so no path."""
    appeal = minter.action(extraction.actions[1])
    broken = without(document_quads, appeal, str(TG.reportedIn))
    assert violations(broken) == {(appeal, None)}


def test_a_real_action_is_reported_through_its_reports(
        extraction: Extraction, minter: IriMinter, document_quads: list[Quad],
        violations: Check) -> None:
    """A real action of several reports has no tg:reportedIn of its own: its reports
    (tg:sameActionAs it) are reported."""
    listing = minter.action(extraction.actions[0])
    real = minter.base + "action/real-one"
    graph = NamedNode(minter.base + "graph/actions")
    kept = [q for q in document_quads if q.subject == NamedNode(listing)
            and q.predicate != NamedNode(str(TG.reportedIn))]
    copied = [Quad(NamedNode(real), q.predicate, q.object, graph) for q in kept]
    link = Quad(NamedNode(listing), NamedNode(str(TG.sameActionAs)), NamedNode(real), graph)
    assert violations([*document_quads, *copied, link]) == set()
    second = Quad(NamedNode(listing), NamedNode(str(TG.sameActionAs)),
                  NamedNode(minter.action(extraction.actions[1])), graph)
    assert violations([*document_quads, *copied, link, second]) == {
        (listing, str(TG.sameActionAs))}


def test_selector_offsets_out_of_order(document_quads: list[Quad], violations: Check) -> None:
    start = NamedNode(str(OA.start))
    victim = next(q for q in document_quads if q.predicate == start)
    assert isinstance(victim.subject, NamedNode)
    broken = [q for q in document_quads if q != victim]
    broken.append(Quad(victim.subject, start, Literal("100000", datatype=XSD_INTEGER),
                       victim.graph_name))
    found = violations(broken)
    assert found == {(victim.subject.value, str(OA.start))}


def test_document_without_text(extraction: Extraction, minter: IriMinter,
                               document_quads: list[Quad], violations: Check) -> None:
    doc = minter.document(extraction.document.key)
    broken = without(document_quads, doc, str(TG.text))
    found = violations(broken)
    assert found == {(doc, str(TG.text))}


def test_agent_that_is_a_product(extraction: Extraction, minter: IriMinter,
                                 document_quads: list[Quad], violations: Check) -> None:
    """Class checks follow rdfs:subClassOf through the ontology graph: an agency passes as
    an organisation, a product does not."""
    listing = minter.action(extraction.actions[0])
    broken = [*document_quads, Quad(NamedNode(listing), NamedNode(str(TG.agent)),
                                    NamedNode(minter.base + "product/semiconductors"),
                                    document_quads[0].graph_name)]
    found = violations(broken)
    assert found == {(listing, str(TG.agent))}


def test_one_span_quoted_twice_with_different_confidence(
    make_extraction: Callable[..., Extraction], make_listing: Callable[..., Action],
    minter: IriMinter, violations: Check,
) -> None:
    """The models allow an action to cite one sentence twice with different confidence (the
    ingest merge of duplicate reports keeps both); it is one annotation, and an annotation
    has at most one tg:confidence."""
    (sentence,) = make_listing().evidence
    action = make_listing(evidence=[sentence, sentence.model_copy(update={"confidence": 0.6})])
    quads = extraction_to_quads(make_extraction(actions=[action]), minter)
    assert violations(quads) == set()


def test_standings_and_deadlines_need_their_dates(
        extraction: Extraction, minter: IriMinter, document_quads: list[Quad],
        violations: Check) -> None:
    listing = minter.action(extraction.actions[0])
    party = minter.entity(NORTHWIND)
    standing, deadline = minter.standing(listing, party), minter.deadline(listing, "respond")
    graph = NamedNode(minter.base + "graph/lifecycles")
    xsd = PREFIXES["xsd"]

    def day(text: str) -> Literal:
        return Literal(text, datatype=NamedNode(xsd + "date"))

    def quad(subject: str, predicate: str, value: NamedNode | Literal) -> Quad:
        return Quad(NamedNode(subject), NamedNode(predicate), value, graph)

    kind = PREFIXES["rdf"] + "type"
    good = [
        quad(listing, str(TG.standing), NamedNode(standing)),
        quad(standing, kind, NamedNode(str(TG.Standing))),
        quad(standing, str(TG.party), NamedNode(party)),
        quad(standing, str(TG.appliesFrom), day("2021-03-02")),
        quad(listing, str(TG.deadline), NamedNode(deadline)),
        quad(deadline, kind, NamedNode(str(TG.Deadline))),
        quad(deadline, str(TG.dueOn), day("2021-03-22")),
        quad(deadline, str(TG.deadlineBasis), Literal("a rule")),
        quad(deadline, str(TG.hasFollowUp), Literal("false", datatype=NamedNode(xsd + "boolean"))),
    ]
    assert violations([*document_quads, *good]) == set()
    broken = [q for q in good if q.predicate.value not in (str(TG.appliesFrom), str(TG.dueOn))]
    broken.append(quad(standing, str(TG.appliesUntil), Literal("2021-05")))
    assert violations([*document_quads, *broken]) == {
        (standing, str(TG.appliesFrom)), (standing, str(TG.appliesUntil)),
        (deadline, str(TG.dueOn))}
