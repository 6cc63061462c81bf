"""Deterministic IRIs: slugs, entity/document/action/annotation IRIs and the base IRI."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradegraph.ontology.iris import (
    BASE_IRI_ENV,
    IriMinter,
    action_identity,
    slugify,
)
from tradegraph.ontology.models import (
    KEY_PATTERN,
    Action,
    ActionType,
    EntityRef,
    EntityType,
    PartialDate,
    Status,
)
from tradegraph.ontology.settings import DEFAULT_BASE_IRI

BASE = "https://example.org/tg/id/"
BIS = EntityRef(type=EntityType.AGENCY, key="bis")
COMMERCE = EntityRef(type=EntityType.AGENCY, key="commerce-department")
NORTHWIND = EntityRef(type=EntityType.FIRM, key="northwind-optics")
LAKESIDE = EntityRef(type=EntityType.FIRM, key="lakeside-machines")


# ---------------------------------------------------------------- slugify


@pytest.mark.parametrize(("name", "slug"), [
    ("China’s Huawei Technologies Co., Ltd.", "china-s-huawei-technologies-co-ltd"),
    ("Northwind  Optics", "northwind-optics"),
    ("  --Lakeside Machines--  ", "lakeside-machines"),
    ("Société Générale", "societe-generale"),
    ("5G equipment", "5g-equipment"),
    ("U.S. Department of Commerce", "u-s-department-of-commerce"),
    ("ÅSML\u00a0Holding", "asml-holding"),
])
def test_slugify_examples(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_typographic_and_ascii_apostrophes_give_the_same_slug() -> None:
    # News text writes both; the same name must give the same key (and so the same IRI).
    assert slugify("China’s Ministry of Commerce") == slugify("China's Ministry of Commerce")


@pytest.mark.parametrize("dash", ["\u2013", "\u2014", "\u2010"])
def test_typographic_dashes_separate_words(dash: str) -> None:
    assert slugify(f"Sino{dash}American trade") == "sino-american-trade"


@pytest.mark.parametrize("name", ["", "…", "中兴通讯", "華為"])
def test_names_without_ascii_letters_get_a_digest_slug(name: str) -> None:
    slug = slugify(name)
    assert re.fullmatch(r"x[0-9a-f]{12}", slug)
    assert slugify(name) == slug


def test_digest_slugs_tell_names_apart() -> None:
    assert slugify("中兴通讯") != slugify("华为")


def test_slugify_truncates_without_a_trailing_hyphen() -> None:
    slug = slugify("abcd efgh ijkl", max_length=5)
    assert slug == "abcd"
    assert len(slugify("word " * 100)) <= 120


@given(st.text())
def test_slugify_always_gives_a_valid_key(name: str) -> None:
    slug = slugify(name)
    assert re.fullmatch(KEY_PATTERN, slug)
    assert len(slug) <= 120
    assert slugify(slug) == slug  # idempotent


# ---------------------------------------------------------------- base IRI


def test_default_base(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(BASE_IRI_ENV, raising=False)
    assert IriMinter().base == DEFAULT_BASE_IRI == "https://w3id.org/tradegraph/id/"


def test_empty_env_var_means_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BASE_IRI_ENV, "")
    assert IriMinter().base == DEFAULT_BASE_IRI


def test_base_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BASE_IRI_ENV, "http://kg.example.net/resource/")
    minter = IriMinter()
    assert minter.base == "http://kg.example.net/resource/"
    assert minter.entity(BIS) == "http://kg.example.net/resource/agency/bis"


def test_constructor_beats_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BASE_IRI_ENV, "http://kg.example.net/resource/")
    assert IriMinter(BASE).base == BASE


def test_hash_base_is_allowed() -> None:
    assert IriMinter("https://example.org/kg#").entity(BIS) == "https://example.org/kg#agency/bis"


@pytest.mark.parametrize("base", [
    "https://example.org/id", "ftp://example.org/id/", "example.org/id/",
    "https://exa mple.org/id/", "urn:example:id/", "https://example.org/<id>/",
])
def test_bad_bases_are_refused(base: str) -> None:
    with pytest.raises(ValueError, match="base IRI"):
        IriMinter(base)


def test_bad_base_from_env_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BASE_IRI_ENV, "not an iri")
    with pytest.raises(ValueError):
        IriMinter()


# ---------------------------------------------------------------- entities and documents


def test_entity_and_document_iris() -> None:
    minter = IriMinter(BASE)
    assert minter.entity(NORTHWIND) == BASE + "firm/northwind-optics"
    assert minter.entity(EntityRef(type=EntityType.PRODUCT, key="5g-equipment")) == (
        BASE + "product/5g-equipment")
    assert minter.document("harbor-bulletin") == BASE + "doc/harbor-bulletin"
    assert minter.gazetteer_graph == BASE + "graph/gazetteer"
    assert minter.software("Rule Extractor", "2.1.0") == BASE + "software/rule-extractor-2-1-0"


def test_same_key_different_type_different_iri() -> None:
    minter = IriMinter(BASE)
    as_firm = minter.entity(EntityRef(type=EntityType.FIRM, key="semi"))
    as_org = minter.entity(EntityRef(type=EntityType.ORGANIZATION, key="semi"))
    assert as_firm != as_org


def test_is_minted() -> None:
    minter = IriMinter(BASE)
    assert minter.is_minted(minter.entity(BIS))
    assert not minter.is_minted("https://w3id.org/tradegraph/id/agency/bis")


# ---------------------------------------------------------------- actions


@pytest.fixture
def action(make_listing: Callable[..., Action]) -> Callable[..., Action]:
    """A listing by BIS and Commerce of two firms (fields overridable)."""

    def make(**changes: object) -> Action:
        fields: dict[str, object] = {
            "agents": [BIS, COMMERCE], "targets": [NORTHWIND, LAKESIDE], "products": [],
        }
        fields.update(changes)
        return make_listing(**fields)

    return make


def test_same_action_same_iri(action: Callable[..., Action]) -> None:
    assert IriMinter(BASE).action(action()) == IriMinter(BASE).action(action())


def test_action_iri_shape(action: Callable[..., Action]) -> None:
    iri = IriMinter(BASE).action(action())
    assert re.fullmatch(re.escape(BASE) + r"action/entity-list-addition-[0-9a-f]{16}", iri)


def test_action_iri_ignores_the_order_of_parties(action: Callable[..., Action]) -> None:
    minter = IriMinter(BASE)
    reordered = action(agents=[COMMERCE, BIS], targets=[LAKESIDE, NORTHWIND])
    assert minter.action(reordered) == minter.action(action())


@pytest.mark.parametrize("changes", [
    {"status": Status.PROPOSED},
    {"confidence": 0.1},
    {"products": [EntityRef(type=EntityType.PRODUCT, key="semiconductors")]},
    {"duration": "P90D"},
])
def test_action_iri_ignores_what_is_not_identity(action: Callable[..., Action],
                                                 changes: dict[str, object]) -> None:
    minter = IriMinter(BASE)
    assert minter.action(action(**changes)) == minter.action(action())


@pytest.mark.parametrize("changes", [
    {"type": ActionType.ENTITY_LIST_REMOVAL},
    {"date": PartialDate(year=2021, month=3, day=3)},
    {"date": PartialDate(year=2021, month=3)},
    {"date": None},
    {"agents": [BIS]},
    {"targets": [NORTHWIND]},
    {"agents": [NORTHWIND, LAKESIDE], "targets": [BIS, COMMERCE]},
])
def test_action_iri_depends_on_identity(action: Callable[..., Action],
                                        changes: dict[str, object]) -> None:
    minter = IriMinter(BASE)
    assert minter.action(action(**changes)) != minter.action(action())


def test_action_identity_parts(action: Callable[..., Action]) -> None:
    kind, agents, targets, date = action_identity(action())
    assert kind == "EntityListAddition"
    assert agents == "agency/bis,agency/commerce-department"
    assert targets == "firm/lakeside-machines,firm/northwind-optics"
    assert date == "2021-03-02"


def test_action_iri_under_another_base(action: Callable[..., Action]) -> None:
    one, other = IriMinter(BASE).action(action()), IriMinter("http://x.example/").action(action())
    assert one.removeprefix(BASE) == other.removeprefix("http://x.example/")


# ---------------------------------------------------------------- annotations


def test_annotation_iris() -> None:
    minter = IriMinter(BASE)
    body = minter.entity(NORTHWIND)
    first = minter.annotation("harbor-bulletin", 10, 26, body)
    assert first == minter.annotation("harbor-bulletin", 10, 26, body)
    assert first.startswith(BASE + "annotation/")
    others = {
        minter.annotation("harbor-bulletin", 11, 26, body),
        minter.annotation("harbor-bulletin", 10, 27, body),
        minter.annotation("other-bulletin", 10, 26, body),
        minter.annotation("harbor-bulletin", 10, 26, minter.entity(LAKESIDE)),
    }
    assert first not in others
    assert len(others) == 4
