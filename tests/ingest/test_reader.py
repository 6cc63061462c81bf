"""The trained reader (#28): the model and its checks, roles from the dependency tree, names
nobody listed, the parties the graph knows. Every sentence is one we wrote."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest

from tradegraph.ingest.extraction import ExtractionPipeline
from tradegraph.ingest.known_parties import KnownParties
from tradegraph.ingest.nlp import ModelError, check_meta, model_folder, trained_english
from tradegraph.ontology.action_kinds import ActionKind
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.mapping import extraction_to_quads
from tradegraph.ontology.models import (
    Action,
    ActionType,
    EntityRef,
    EntityType,
    Extraction,
)

from .conftest import Analyze, Extract, make_document

OnlyAction = Callable[[Extraction, ActionType], Action]
ADDITION = ActionType.ENTITY_LIST_ADDITION


def refs(items: list[EntityRef]) -> list[str]:
    return [str(ref) for ref in items]


def mentioned(extraction: Extraction) -> set[str]:
    return {str(mention.entity) for mention in extraction.mentions}


# ------------------------------------------------------------------ the model


def test_the_trained_pipeline_is_en_core_web_sm_3_8_with_a_parser_and_ner() -> None:
    meta = check_meta(model_folder())
    assert meta["version"].startswith("3.8.") and meta["lang"] == "en"
    assert {"tagger", "parser", "ner"} <= set(trained_english().pipe_names)


@pytest.mark.parametrize(("change", "reason"), [
    ({"lang": "de"}, "not en_core_web_sm"),
    ({"version": "3.7.1"}, "version 3.7.1"),
    ({"spacy_version": ">=2.0,<3.0"}, "built for spaCy >=2.0,<3.0"),
])
def test_a_pipeline_that_is_not_the_expected_one_is_refused(
        tmp_path: Path, change: dict[str, str], reason: str) -> None:
    meta = json.loads((model_folder() / "meta.json").read_text(encoding="utf-8"))
    (tmp_path / "meta.json").write_text(json.dumps({**meta, **change}), encoding="utf-8")
    with pytest.raises(ModelError, match=reason):
        check_meta(tmp_path)


def test_an_unreadable_meta_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"unreadable meta\.json"):
        check_meta(tmp_path)


def test_only_sentences_a_rule_needs_are_read(analyze: Analyze) -> None:
    analysis = analyze("Trade was calm in the spring. The Bureau of Industry and Security added "
                       "Norvale Optics Co., Ltd. to the Entity List on May 16, 2019. BIS, which "
                       "had warned Kestrel Widgets Co. in 2018, also added Norvale Labs Co. to "
                       "the Entity List. Shares rose three percent in Hefei.")
    parsed = {index for index, reading in analysis.readings.items() if reading.parsed}
    # the tree of the trigger sentence whose structure matters ("which"); the plain one is
    # read by position, the others hold no trigger
    assert parsed == {2}
    # a lone unexplained word outside a trigger sentence is mostly a city: no recogniser
    assert 3 not in analysis.readings


# ------------------------------------------------------------------ roles from the tree


def test_the_agent_comes_from_the_triggers_clause(extract: Extract,
                                                  only_action: OnlyAction) -> None:
    text = ("Norvale Optics Co., Ltd., which the Treasury Department had fined in 2018, was "
            "added to the Entity List by the Bureau of Industry and Security on May 16, 2019.")
    action = only_action(extract(text), ADDITION)
    assert refs(action.agents) == ["agency/bis"]
    assert refs(action.targets) == ["firm/norvale-optics"]
    assert str(action.date) == "2019-05-16"


def test_a_quoted_party_is_no_target(extract: Extract, only_action: OnlyAction) -> None:
    text = ("BIS added Norvale Optics Co., Ltd. to the Entity List after the spokesman said "
            "“we have worked with Kestrel Widgets Co. for years and will go on doing so.”")
    action = only_action(extract(text), ADDITION)
    assert refs(action.targets) == ["firm/norvale-optics"]


def test_affiliates_of_a_firm_are_not_the_firm(extract: Extract,
                                               only_action: OnlyAction) -> None:
    text = "BIS added 46 affiliates of Norvale Optics Co., Ltd. to the Entity List in August 2019."
    action = only_action(extract(text), ADDITION)
    assert action.targets == []
    assert action.quantity == 46


def test_products_of_another_clause_are_not_the_acts(extract: Extract,
                                                     only_action: OnlyAction) -> None:
    text = ("BIS added Norvale Optics Co., Ltd., which designs smartphones in Asia, to the Entity "
            "List in 2021, cutting it off from semiconductors.")
    action = only_action(extract(text), ADDITION)
    assert refs(action.products) == ["product/semiconductors"]


def test_a_recalled_act_keeps_its_own_date(extract: Extract, only_action: OnlyAction) -> None:
    text = ("In a notice published on June 2, 2023, the Commerce Department recalled that "
            "Norvale Optics Co., Ltd. was added to the Entity List on May 16, 2019.")
    action = only_action(extract(text), ADDITION)
    assert str(action.date) == "2019-05-16"


def test_a_negated_verb_states_no_act(extract: Extract) -> None:
    text = ("The Commerce Department has still not added Norvale Optics Co., Ltd. to the "
            "Entity List.")
    assert [a for a in extract(text).actions if a.type is ADDITION] == []


def test_an_act_whose_subject_cannot_do_it_is_none(extract: Extract) -> None:
    text = "Norvale Optics Co., Ltd. revoked the licenses of two resellers in Peru in 2020."
    assert [a for a in extract(text).actions if a.type is ActionType.LICENSE_DENIAL] == []


# ------------------------------------------------------------------ names nobody listed


def test_unlisted_names_are_recognised_and_typed_by_their_words(extract: Extract) -> None:
    text = ("The Ministry of Trade of Ruritania said on Monday that PJSC Volgatrans would "
            "appeal. Maria Sorensen, a lawyer in Oslo, called the case weak.")
    found = mentioned(extract(text))
    assert {"agency/ministry-of-trade-of-ruritania", "firm/pjsc-volgatrans",
            "person/maria-sorensen"} <= found
    assert not any(ref.startswith("country/") and "oslo" in ref for ref in found)


def test_a_name_with_no_telling_word_stays_only_as_a_party(extract: Extract) -> None:
    party = extract("BIS added Zephyr Dynamics to the Entity List on May 16, 2019.")
    assert "firm/zephyr-dynamics" in refs(party.actions[0].targets)
    no_party = extract("Analysts at Zephyr Dynamics expect a slow year.")
    assert "firm/zephyr-dynamics" not in mentioned(no_party)


def test_every_country_is_known_by_its_names(extract: Extract) -> None:
    found = mentioned(extract("Exports to Burma, Ukraine and the United Arab Emirates fell."))
    assert {"country/myanmar", "country/ukraine", "country/united-arab-emirates"} <= found


# ------------------------------------------------------------------ the graph teaches the reader


def test_known_parties_are_recognised_and_reach_workers() -> None:
    norvale = EntityRef(type=EntityType.FIRM, key="norvale")
    known = KnownParties.of([(norvale, ["Norvale", "NVL Systems"])])
    pipeline = ExtractionPipeline(known=known)
    text = "BIS added NVL Systems to the Entity List on May 16, 2019."
    action = pipeline.extract(make_document(text)).actions[0]
    assert refs(action.targets) == ["firm/norvale"]
    settings = pickle.loads(pickle.dumps(pipeline.settings()))
    assert settings.known == known
    # a stored document keeps its reading: known parties do not change the fingerprint
    assert pipeline.fingerprint == ExtractionPipeline().fingerprint


def test_the_gazetteer_wins_over_a_known_party_claiming_its_name() -> None:
    other = EntityRef(type=EntityType.FIRM, key="another-huawei")
    pipeline = ExtractionPipeline(known=KnownParties.of([(other, ["Huawei"])]))
    extraction = pipeline.extract(make_document("BIS added Huawei to the Entity List in 2019."))
    assert "firm/huawei" in mentioned(extraction)
    assert "firm/another-huawei" not in mentioned(extraction)


# ------------------------------------------------------------------ regimes


@pytest.mark.parametrize(("text", "action_type", "kind"), [
    ("BIS renewed the temporary denial order against Example Air on March 3, 2023.",
     ActionType.DENIAL_ORDER, ActionKind.TEMPORARY_DENIAL_ORDER),
    ("OFAC designated Example Trading Co., Ltd. pursuant to Executive Order 13846 in 2019.",
     ActionType.SANCTION, ActionKind.BLOCKING_SANCTION),
    ("The Commerce Department revoked licenses allowing Intel to sell chips to Huawei in 2024.",
     ActionType.LICENSE_DENIAL, ActionKind.LICENSE_REVOCATION),
    ("BIS added Example Aviation Corp. to the Military End-User List in January 2021.",
     ActionType.DESIGNATION, ActionKind.MILITARY_END_USER_LIST_ADDITION),
])
def test_a_regime_gives_its_kind_beside_the_guidelines_type(
        extract: Extract, text: str, action_type: ActionType, kind: ActionKind) -> None:
    extraction = extract(text)
    found = [a for a in extraction.actions if a.type is action_type]
    assert found and kind in found[0].kinds
    quads = {(str(q.predicate), str(q.object)) for q in extraction_to_quads(extraction,
                                                                             IriMinter())}
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    tg = "https://w3id.org/tradegraph/ontology#"
    assert (rdf_type, f"<{tg}{kind.value}>") in quads
    assert (rdf_type, f"<{tg}{action_type.value}>") in quads


# ------------------------------------------------------------------ own acts and recalled ones


def test_an_order_renewed_is_dated_by_the_renewal_not_by_the_order_it_names(
        extract: Extract, only_action: OnlyAction) -> None:
    text = ("BUREAU OF INDUSTRY AND SECURITY\n\nOrder Renewing Temporary Denial Order\n\n"
            "I hereby grant the request of the Office of Export Enforcement (“OEE”) to renew "
            "the temporary denial order (“TDO”) that was issued against Norvale Air Co., Ltd. on "
            "March 29, 2023.")
    extraction = extract(text, published=dt.date(2023, 9, 28), doc_type="order")
    action = only_action(extraction, ActionType.DENIAL_ORDER)
    assert ActionKind.TEMPORARY_DENIAL_ORDER in action.kinds
    assert refs(action.targets) == ["firm/norvale-air"]
    assert str(action.date) == "2023-09-28"


def test_a_list_introduced_as_the_rules_own_is_done_by_its_issuer(
        extract: Extract, only_action: OnlyAction) -> None:
    text = ("AGENCY: Bureau of Industry and Security, Commerce.\n\nACTION: Final rule.\n\n"
            "SUMMARY: These new Ruritania measures: impose license requirements on "
            "Ruritania; add two Ruritanian entities to the Entity List.")
    extraction = extract(text, published=dt.date(2022, 3, 3), doc_type="federal register rule")
    action = only_action(extraction, ADDITION)
    assert refs(action.agents) == ["agency/bis"]
    assert str(action.date) == "2022-03-03"
