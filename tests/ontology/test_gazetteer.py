"""The reference gazetteer: it loads, its keys, names and references are consistent, its
product hierarchy is a DAG, it knows the parties of the domain, and its identifiers are IRIs."""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest
from pyoxigraph import NamedNode

from tradegraph.ontology.gazetteer import (
    Gazetteer,
    GazetteerEntry,
    GazetteerError,
    GazetteerFile,
    load_gazetteer,
)
from tradegraph.ontology.models import EntityRef, EntityType

ORGANISATION_TYPES = {EntityType.AGENCY, EntityType.FIRM, EntityType.ORGANIZATION}
WIKIDATA = re.compile(r"http://www\.wikidata\.org/entity/Q[1-9]\d*")
FILE_TYPES = {
    "agencies.toml": EntityType.AGENCY, "firms.toml": EntityType.FIRM,
    "countries.toml": EntityType.COUNTRY, "products.toml": EntityType.PRODUCT,
    "persons.toml": EntityType.PERSON, "organizations.toml": EntityType.ORGANIZATION,
}


def raw_files() -> dict[str, dict[str, Any]]:
    """The packaged TOML files, parsed without the gazetteer's own checks."""
    folder = resources.files("tradegraph.ontology.gazetteer")
    return {item.name: tomllib.loads(item.read_text("utf-8"))
            for item in folder.iterdir() if item.name.endswith(".toml")}


def raw_entries() -> Iterator[tuple[str, dict[str, Any]]]:
    for name, data in sorted(raw_files().items()):
        for entry in data["entity"]:
            yield name, entry


def names_of(entry: GazetteerEntry) -> set[str]:
    return {entry.label, *entry.aliases}


def resolve(gazetteer: Gazetteer, name: str) -> EntityRef:
    """The one entity that goes by `name`."""
    refs = {ref for surface, ref, _ in gazetteer.names() if surface == name}
    assert len(refs) == 1, (name, refs)
    return refs.pop()


def ancestors(gazetteer: Gazetteer, key: str, field: str) -> list[str]:
    """Keys reachable through `parent` or `broader`; fails on a cycle."""
    found: list[str] = []
    todo = [key]
    while todo:
        entry = gazetteer.entry(todo.pop())
        nexts = entry.broader if field == "broader" else [entry.parent] if entry.parent else []
        for step in nexts:
            assert step != key, f"{key}: {field} cycle"
            if step not in found:
                found.append(step)
                todo.append(step)
    return found


# ---------------------------------------------------------------- loading


def test_gazetteer_loads(gazetteer: Gazetteer) -> None:
    assert len(gazetteer) > 150
    assert re.fullmatch(r"[0-9a-f]{16}", gazetteer.fingerprint)
    assert load_gazetteer() is gazetteer  # cached


def test_loading_again_gives_the_same_fingerprint(gazetteer: Gazetteer) -> None:
    files = {name: GazetteerFile.model_validate(data) for name, data in raw_files().items()}
    assert Gazetteer(files).fingerprint == gazetteer.fingerprint


def test_every_file_holds_one_type() -> None:
    assert {name: EntityType(data["type"]) for name, data in raw_files().items()} == FILE_TYPES


def test_keys_are_unique_across_files() -> None:
    seen: dict[str, str] = {}
    for filename, entry in raw_entries():
        assert entry["key"] not in seen, (entry["key"], filename, seen.get(entry["key"]))
        seen[entry["key"]] = filename


def test_entities_round_trip(gazetteer: Gazetteer) -> None:
    entities = list(gazetteer.entities())
    assert len(entities) == len(gazetteer)
    bis = gazetteer.entity("bis")
    assert bis.ref == EntityRef(type=EntityType.AGENCY, key="bis")
    assert bis.parent == gazetteer.ref("commerce-department")
    assert "bis" in gazetteer
    assert "no-such-entry" not in gazetteer
    with pytest.raises(KeyError):
        gazetteer.entity("no-such-entry")


# ---------------------------------------------------------------- names


def test_no_name_is_claimed_by_two_entities(gazetteer: Gazetteer) -> None:
    claims: dict[str, set[str]] = defaultdict(set)
    for entity in gazetteer.entities():
        for name in {entity.label, *entity.aliases}:
            claims[name.casefold()].add(entity.key)
    shared = {name: keys for name, keys in claims.items() if len(keys) > 1}
    assert shared == {}


def test_names_are_not_blank(gazetteer: Gazetteer) -> None:
    for entity in gazetteer.entities():
        for name in (entity.label, *entity.aliases):
            assert name.strip() == name and name, (entity.key, name)


def test_products_match_case_insensitively_others_case_sensitively(gazetteer: Gazetteer) -> None:
    flags = {ref.type: case for _, ref, case in gazetteer.names()
             if gazetteer.entry(ref.key).case_sensitive is None}
    assert flags[EntityType.PRODUCT] is False
    assert flags[EntityType.FIRM] is True
    assert flags[EntityType.AGENCY] is True


def test_unmatched_entries_offer_no_names(gazetteer: Gazetteer) -> None:
    unmatched = {key for key in _keys(gazetteer) if not gazetteer.entry(key).match}
    assert "technology" in unmatched
    assert {ref.key for _, ref, _ in gazetteer.names()}.isdisjoint(unmatched)


def _keys(gazetteer: Gazetteer) -> list[str]:
    return [entity.key for entity in gazetteer.entities()]


# ---------------------------------------------------------------- references


def test_references_point_to_existing_entries_of_the_right_type(gazetteer: Gazetteer) -> None:
    for entity in gazetteer.entities():
        if entity.parent:
            assert entity.parent.key in gazetteer
            assert entity.type in ORGANISATION_TYPES, entity.key
            assert entity.parent.type in ORGANISATION_TYPES, entity.key
        if entity.country:
            assert entity.country.type is EntityType.COUNTRY, entity.key
        for broader in entity.broader:
            assert entity.type is EntityType.PRODUCT, entity.key
            assert broader.type is EntityType.PRODUCT, entity.key


def test_parent_chains_are_acyclic(gazetteer: Gazetteer) -> None:
    for key in _keys(gazetteer):
        ancestors(gazetteer, key, "parent")


def test_product_hierarchy_is_acyclic(gazetteer: Gazetteer) -> None:
    products = [e.key for e in gazetteer.entities() if e.type is EntityType.PRODUCT]
    assert len(products) > 10
    for key in products:
        ancestors(gazetteer, key, "broader")


# ---------------------------------------------------------------- the domain's parties


@pytest.mark.parametrize(("name", "key", "parent"), [
    ("Commerce Department", "commerce-department", "us-government"),
    ("BIS", "bis", "commerce-department"),
    ("Treasury Department", "treasury-department", "us-government"),
    ("OFAC", "ofac", "treasury-department"),
    ("State Department", "state-department", "us-government"),
    ("Pentagon", "defense-department", "us-government"),
    ("Justice Department", "justice-department", "us-government"),
    ("FCC", "fcc", "us-government"),
    ("USTR", "ustr", "executive-office-of-the-president"),
    ("White House", "white-house", "us-government"),
    ("MOFCOM", "mofcom", "chinese-government"),
    ("Chinese Foreign Ministry", "china-foreign-ministry", "chinese-government"),
])
def test_required_agencies(gazetteer: Gazetteer, name: str, key: str, parent: str) -> None:
    assert resolve(gazetteer, name) == EntityRef(type=EntityType.AGENCY, key=key)
    assert gazetteer.entry(key).parent == parent


@pytest.mark.parametrize(("name", "key"), [
    ("Huawei", "huawei"), ("ZTE", "zte"), ("SMIC", "smic"), ("Hikvision", "hikvision"),
    ("Dahua", "dahua"), ("YMTC", "ymtc"), ("DJI", "dji"),
])
def test_required_firms(gazetteer: Gazetteer, name: str, key: str) -> None:
    assert resolve(gazetteer, name) == EntityRef(type=EntityType.FIRM, key=key)
    assert gazetteer.entry(key).country == "china"


@pytest.mark.parametrize(("key", "broader"), [
    ("semiconductors", "technology"),
    ("software", "technology"),
    ("telecom-network-equipment", "technology"),
    ("smartphones", "technology"),
    ("5g-equipment", "telecom-network-equipment"),
    ("memory-chips", "semiconductors"),
    ("eda-software", "software"),
])
def test_required_products(gazetteer: Gazetteer, key: str, broader: str) -> None:
    assert gazetteer.ref(key).type is EntityType.PRODUCT
    assert broader in ancestors(gazetteer, key, "broader")


@pytest.mark.parametrize(("name", "key"), [
    ("5G", "5g-equipment"), ("chips", "semiconductors"), ("software", "software"),
    ("telecommunications equipment", "telecom-network-equipment"), ("handsets", "smartphones"),
])
def test_product_names(gazetteer: Gazetteer, name: str, key: str) -> None:
    assert resolve(gazetteer, name) == EntityRef(type=EntityType.PRODUCT, key=key)


# ---------------------------------------------------------------- identifiers


def test_same_as_are_wikidata_entity_iris(gazetteer: Gazetteer) -> None:
    same_as = [(e.key, iri) for e in gazetteer.entities() for iri in e.same_as]
    assert len(same_as) > 10
    for key, iri in same_as:
        assert WIKIDATA.fullmatch(iri), (key, iri)


def test_no_two_entities_share_an_external_identifier(gazetteer: Gazetteer) -> None:
    owners: dict[str, list[str]] = defaultdict(list)
    for entity in gazetteer.entities():
        for iri in entity.same_as:
            owners[iri].append(entity.key)
    assert {iri: keys for iri, keys in owners.items() if len(keys) > 1} == {}


@pytest.mark.parametrize(("key", "qid"), [
    ("huawei", "Q160120"), ("united-states", "Q30"), ("china", "Q148"),
])
def test_known_identifiers(gazetteer: Gazetteer, key: str, qid: str) -> None:
    assert f"http://www.wikidata.org/entity/{qid}" in gazetteer.entry(key).same_as


def test_see_also_are_web_iris(gazetteer: Gazetteer) -> None:
    pages = [iri for e in gazetteer.entities() for iri in e.see_also]
    assert pages
    for iri in pages:
        assert re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", iri), iri
        NamedNode(iri)  # raises on an invalid IRI


# ---------------------------------------------------------------- the loader's checks


def entry(key: str, **fields: Any) -> GazetteerEntry:
    return GazetteerEntry(key=key, label=fields.pop("label", key.title()), **fields)


def files(**by_type: list[GazetteerEntry]) -> dict[str, GazetteerFile]:
    return {f"{kind}.toml": GazetteerFile(type=EntityType(kind), entity=entries)
            for kind, entries in by_type.items()}


def test_a_small_gazetteer_is_accepted() -> None:
    small = Gazetteer(files(
        Country=[entry("ruritania")],
        Agency=[entry("ruritania-trade-office", country="ruritania")],
        Product=[entry("widgets"), entry("blue-widgets", broader=["widgets"])],
    ))
    assert len(small) == 4
    assert small.entity("blue-widgets").broader == [small.ref("widgets")]


@pytest.mark.parametrize(("data", "message"), [
    ({"Firm": [entry("acme")], "Organization": [entry("acme")]}, "used twice"),
    ({"Firm": [entry("acme", parent="acme-holdings")]}, "not in the gazetteer"),
    ({"Firm": [entry("acme", country="ruritania")]}, "not in the gazetteer"),
    ({"Firm": [entry("acme", country="widgets")], "Product": [entry("widgets")]},
     "not a Country"),
    ({"Firm": [entry("acme", broader=["widgets"])], "Product": [entry("widgets")]},
     "only products"),
    ({"Product": [entry("widgets", broader=["gadgets"])]}, "not in the gazetteer"),
])
def test_inconsistent_gazetteers_are_refused(data: dict[str, list[GazetteerEntry]],
                                             message: str) -> None:
    with pytest.raises(GazetteerError, match=message):
        Gazetteer(files(**data))


def test_an_alias_claimed_twice_within_a_type_is_refused() -> None:
    """The module promises to check "no alias claimed twice within a type"."""
    with pytest.raises(GazetteerError):
        Gazetteer(files(Firm=[entry("acme", aliases=["ACME"]),
                              entry("acme-tools", aliases=["ACME"])]))


@pytest.mark.parametrize("fields", [{"key": "Acme"}, {"label": ""}])
def test_bad_entries_are_refused(fields: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        GazetteerEntry(**{"key": "acme", "label": "Acme", **fields})
