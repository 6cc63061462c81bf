"""The registry of what classes mean (`ontology/schema.py`) against the Turtle it reads: read
here independently with rdflib, inheritance followed the same way, so the two cannot drift;
and adding a class is one Turtle edit."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from tradegraph.ontology.mapping import ontology_turtle
from tradegraph.ontology.models import ActionType, EntityType
from tradegraph.ontology.schema import SchemaError, read_schema, schema
from tradegraph.ontology.terms import TG, TG_NAMESPACE


def local(node: object) -> str:
    return str(node).rsplit("#", 1)[-1]


def chain(ontology: Graph, cls: URIRef) -> list[URIRef]:
    """The class and its tg superclasses, nearest first."""
    found = [cls]
    for node in found:
        for parent in ontology.objects(node, RDFS.subClassOf):
            if isinstance(parent, URIRef) and str(parent).startswith(TG_NAMESPACE) \
                    and parent not in found:
                found.append(parent)
    return found


def inherited(ontology: Graph, cls: URIRef, predicate: URIRef) -> list[object]:
    for owner in chain(ontology, cls):
        values = list(ontology.objects(owner, predicate))
        if values:
            return values
    return []


def action_classes(ontology: Graph) -> list[URIRef]:
    return sorted(c for c in ontology.transitive_subjects(RDFS.subClassOf, TG.Action)
                  if c != TG.Action)


def test_every_action_class_of_the_turtle_is_in_the_registry(ontology: Graph) -> None:
    assert set(schema().actions) == {local(c) for c in action_classes(ontology)}
    assert {t.value for t in ActionType} <= set(schema().actions)


@pytest.mark.parametrize("name", sorted(t.value for t in ActionType))
def test_the_registry_says_what_the_turtle_says(ontology: Graph, name: str) -> None:
    cls, meaning = TG[name], schema().action(name)
    assert meaning.label == str(ontology.value(cls, RDFS.label))
    assert meaning.alt_labels == tuple(sorted(str(v) for v in ontology.objects(cls, SKOS.altLabel)))
    regime = inherited(ontology, cls, TG.regime)
    assert (meaning.regime.name if meaning.regime else None) == (
        local(regime[0]) if regime else None)
    if meaning.regime:
        node = TG[meaning.regime.name]
        assert meaning.regime.label == str(ontology.value(node, RDFS.label))
        assert meaning.regime.keeps_list == bool(ontology.value(node, TG.keepsList).toPython())
        one = ontology.value(node, TG.oneEntryPerParty)
        assert meaning.regime.one_entry_per_party == bool(one is not None and one.toPython())
        assert meaning.regime.short_labels == tuple(
            sorted(str(v) for v in ontology.objects(node, SKOS.altLabel)))
    flags = {TG.opensStanding: meaning.opens_standing, TG.authorizes: meaning.authorizes}
    for predicate, value in flags.items():
        stated = inherited(ontology, cls, predicate)
        assert value == (bool(stated[0].toPython()) if stated else False), predicate  # type: ignore[attr-defined]
    names = {TG.endsStandingOf: meaning.ends, TG.amendsStandingOf: meaning.amends,
             TG.answers: meaning.answers}
    for predicate, found in names.items():
        assert found == {local(v) for v in inherited(ontology, cls, predicate)}, predicate
    succession = inherited(ontology, cls, TG.successionLink)
    assert meaning.succession == (local(succession[0]) if succession else None)
    days = inherited(ontology, cls, TG.answerDays)
    assert meaning.answer_days == (int(days[0]) if days else None)  # type: ignore[call-overload]
    basis = inherited(ontology, cls, TG.answerBasis)
    assert meaning.answer_basis == (str(basis[0]) if basis else None)


def test_party_classes_are_the_subclasses_of_party(ontology: Graph) -> None:
    parties = {local(c) for c in ontology.transitive_subjects(RDFS.subClassOf, TG.Party)
               if c != TG.Party}
    assert set(schema().party_classes) == parties
    screened = {p for p in parties if inherited(ontology, TG[p], TG.screened)[0] == Literal(True)}
    assert set(schema().screened_classes) == screened
    assert set(schema().entity_classes) == parties | {"Product"}
    assert set(schema().entity_classes) == {t.value for t in EntityType}


def test_subclasses_come_before_their_parents() -> None:
    for names in (schema().party_classes, schema().screened_classes, schema().entity_classes):
        assert names.index("Agency") < names.index("Organization")
        assert names.index("Firm") < names.index("Organization")


def test_the_meanings_hold_together() -> None:
    standing = schema().standing_classes
    for meaning in schema().actions.values():
        if meaning.opens_standing:
            assert meaning.regime is not None, meaning.name
        for other in meaning.ends | meaning.amends:
            assert other in standing, (meaning.name, other)
            assert schema().action(other).regime == meaning.regime, meaning.name
        assert meaning.succession in (None, "extends", "supersedes"), meaning.name
        assert (meaning.answer_days is None) == (meaning.answer_basis is None), meaning.name
        for answered in meaning.answers:
            assert schema().action(answered).answer_days is not None, meaning.name


def test_the_tables_of_before_are_what_the_registry_derives() -> None:
    """What the ten hand-written tables said, now read from the ontology."""
    guidelines = {t.value for t in ActionType}  # the kinds (#28) inherit: below
    assert schema().standing_classes & guidelines == {
        "EntityListAddition", "TemporaryGeneralLicense", "DenialOrder", "Sanction",
        "Designation", "Regulation"}
    assert set(schema().listing_classes) & guidelines == {
        "DenialOrder", "Designation", "EntityListAddition", "EntityListAmendment",
        "EntityListRemoval", "Sanction"}
    assert {n for n, c in schema().actions.items() if c.answers} & guidelines == {
        "LicenseDenial", "LicenseApproval", "Appeal"}
    assert {n for n, c in schema().actions.items() if c.authorizes} == {
        "TemporaryGeneralLicense"}
    assert schema().action("TemporaryGeneralLicense").regime_label == "temporary general license"
    assert schema().action("Tariff").regime is None


def test_the_narrower_kinds_carry_their_meaning() -> None:
    """The kinds of #28: each behaves as the class it narrows, or says otherwise."""
    order = schema().action("TemporaryDenialOrder")
    assert (order.base, order.regime_label, order.succession, order.alt_labels) == (
        "DenialOrder", "denial order", "supersedes", ("TDO",))
    for kind, regime in (("MilitaryEndUserListAddition", "Military End-User List"),
                         ("UnverifiedListAddition", "Unverified List")):
        listing = schema().action(kind)
        assert (listing.base, listing.regime_label, listing.one_entry_per_party) == (
            "Designation", regime, True)
    for kind in ("BlockingSanction", "Countermeasure"):
        assert schema().action(kind).regime_label == "sanction"
    assert schema().action("LicenseRevocation").regime_label == "license"

def test_an_unknown_class_is_refused_by_name() -> None:
    with pytest.raises(SchemaError, match="'Embargo' is not an action class"):
        schema().action("Embargo")


EXTRA = """
@prefix tg: <https://w3id.org/tradegraph/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

tg:ProvisionalDenialOrder a owl:Class ; rdfs:label "provisional denial order"@en ;
    rdfs:subClassOf tg:DenialOrder .
tg:WatchListAddition a owl:Class ; rdfs:label "Watch List addition"@en ;
    rdfs:subClassOf tg:Designation .
tg:WatchListRegime a tg:Regime ; rdfs:label "Watch List"@en ; tg:keepsList true ;
    tg:oneEntryPerParty true .
tg:WatchListAddition tg:regime tg:WatchListRegime .
tg:WatchListRemoval a owl:Class ; rdfs:label "Watch List removal"@en ;
    rdfs:subClassOf tg:Action ; tg:regime tg:WatchListRegime ;
    tg:endsStandingOf tg:WatchListAddition .
"""


def test_adding_a_class_is_one_turtle_edit() -> None:
    registry = read_schema(ontology_turtle() + EXTRA.encode())
    kind = registry.action("ProvisionalDenialOrder")  # a narrower kind inherits everything
    assert (kind.base, kind.regime_label, kind.succession) == (
        "DenialOrder", "denial order", "supersedes")
    listing = registry.action("WatchListAddition")  # its own regime, the rest inherited
    assert (listing.regime_label, listing.opens_standing, listing.one_entry_per_party) == (
        "Watch List", True, True)
    assert registry.action("WatchListRemoval").ends == {"WatchListAddition"}
    assert "WatchListAddition" in registry.listing_classes
    assert registry.meaning(["DenialOrder", "ProvisionalDenialOrder"]) == kind


def test_two_regimes_for_one_class_are_refused() -> None:
    clash = EXTRA + ("tg:ProvisionalDenialOrder tg:regime tg:SanctionRegime , "
                     "tg:DenialOrderRegime .\n")
    with pytest.raises(SchemaError, match="tg:ProvisionalDenialOrder states 2 regimes"):
        read_schema(ontology_turtle() + clash.encode())
