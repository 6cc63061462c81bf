"""Entity stages: gazetteer names, unknown company names, document aliases, resolution."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tradegraph.ingest.analysis import Analysis
from tradegraph.ontology.models import EntityRef, EntityType

Analyze = Callable[..., Analysis]

HUAWEI = EntityRef(type=EntityType.FIRM, key="huawei")
SMIC = EntityRef(type=EntityType.FIRM, key="smic")


def mentions(analysis: Analysis) -> list[tuple[str, str]]:
    """(surface, entity) of every mention, in text order."""
    return [(m.surface, str(m.ref)) for m in analysis.mentions]


def test_names_and_aliases_of_one_firm_are_one_entity(analyze: Analyze) -> None:
    analysis = analyze(
        "Huawei Technologies Co. sells phones. Huawei also sells network gear, "
        "and Huawei Technologies Co., Ltd. owns HiSilicon."
    )
    assert [(surface, ref) for surface, ref in mentions(analysis) if ref.startswith("firm/")] == [
        ("Huawei Technologies Co.", "firm/huawei"),
        ("Huawei", "firm/huawei"),
        ("Huawei Technologies Co., Ltd.", "firm/huawei"),
        ("HiSilicon", "firm/hisilicon"),
    ]
    record = analysis.entities[HUAWEI]
    assert record.label == "Huawei Technologies Co., Ltd."  # the gazetteer's label
    assert record.aliases == {"Huawei Technologies Co.", "Huawei", "Huawei Technologies Co., Ltd."}
    assert record.from_gazetteer


def test_longest_name_wins(analyze: Analyze) -> None:
    analysis = analyze("The Trump administration acted after Trump spoke to ZTE Kangxun staff.")
    assert mentions(analysis) == [
        ("Trump administration", "agency/trump-administration"),
        ("Trump", "person/donald-trump"),
        ("ZTE Kangxun", "firm/zte-kangxun"),
    ]


def test_agency_names_in_capitals_and_abbreviations(analyze: Analyze) -> None:
    analysis = analyze("The BUREAU OF INDUSTRY AND SECURITY, also called BIS, issued the rule.")
    assert [ref for _, ref in mentions(analysis)] == ["agency/bis", "agency/bis"]


def test_names_are_case_sensitive(analyze: Analyze) -> None:
    analysis = analyze("An apple a day, said the commerce teacher.")
    assert analysis.mentions == []


def test_company_names_with_a_legal_form_need_no_gazetteer(analyze: Analyze) -> None:
    analysis = analyze("The rule names Acme Photonics Ltd. and Zhongguo Widget Manufacturing Co.")
    assert mentions(analysis) == [
        ("Acme Photonics Ltd.", "firm/acme-photonics"),
        ("Zhongguo Widget Manufacturing Co.", "firm/zhongguo-widget-manufacturing"),
    ]
    assert all(m.method == "company-pattern" for m in analysis.mentions)
    record = analysis.entities[EntityRef(type=EntityType.FIRM, key="acme-photonics")]
    assert record.label == "Acme Photonics Ltd."
    assert not record.from_gazetteer


def test_company_name_with_another_legal_form_finds_the_gazetteer_entry(analyze: Analyze) -> None:
    analysis = analyze("Zhejiang Dahua Technology Corp. makes cameras.")
    assert mentions(analysis) == [("Zhejiang Dahua Technology Corp.", "firm/dahua")]


def test_sentence_opening_words_are_not_part_of_a_company_name(analyze: Analyze) -> None:
    analysis = analyze("The Acme Widgets Corp. deal closed. Semiconductor companies waited.")
    surfaces = [surface for surface, _ in mentions(analysis)]
    assert "Acme Widgets Corp." in surfaces
    assert not any(s.startswith("The ") for s in surfaces)
    assert not any("companies" in s for s in surfaces)


def test_place_glued_to_a_prefix_is_no_mention(analyze: Analyze) -> None:
    analysis = analyze("Non-U.S. suppliers kept shipping to China.")
    assert mentions(analysis) == [("China", "country/china")]


def test_parenthesised_alias_of_a_gazetteer_firm(analyze: Analyze) -> None:
    analysis = analyze(
        "Commerce added Semiconductor Manufacturing International Corp. (SMIC) to the list. "
        "SMIC said it would comply."
    )
    smic = [m for m in analysis.mentions if m.ref == SMIC]
    assert [m.surface for m in smic] == [
        "Semiconductor Manufacturing International Corp.", "SMIC", "SMIC"]
    assert analysis.entities[SMIC].label == "Semiconductor Manufacturing International Corporation"


def test_parenthesised_alias_of_an_unknown_firm_is_linked(analyze: Analyze) -> None:
    analysis = analyze(
        "The list adds Zhongguo Widget Manufacturing Co. (ZWM) and two others.\n\n"
        "ZWM makes optical parts, and ZWM exports them."
    )
    zwm = EntityRef(type=EntityType.FIRM, key="zhongguo-widget-manufacturing")
    linked = [m for m in analysis.mentions if m.ref == zwm]
    assert [(m.surface, m.method) for m in linked] == [
        ("Zhongguo Widget Manufacturing Co.", "company-pattern"),
        ("ZWM", "document-alias"),
        ("ZWM", "document-alias"),
        ("ZWM", "document-alias"),
    ]
    assert analysis.entities[zwm].aliases == {"Zhongguo Widget Manufacturing Co.", "ZWM"}


def test_collectively_defined_name(analyze: Analyze) -> None:
    analysis = analyze(
        "The order covers Zhongguo Widget Manufacturing Co. (collectively, “Widget”). "
        "Widget may not export."
    )
    assert [m.surface for m in analysis.mentions] == [
        "Zhongguo Widget Manufacturing Co.", "Widget", "Widget"]
    assert len({m.ref for m in analysis.mentions}) == 1


def test_surname_refers_back_to_the_person(analyze: Analyze) -> None:
    analysis = analyze("Commerce Secretary Wilbur Ross spoke on Monday. Ross said talks go on.")
    ross = EntityRef(type=EntityType.PERSON, key="wilbur-ross")
    assert [m.surface for m in analysis.mentions if m.ref == ross] == ["Wilbur Ross", "Ross"]


def test_mentions_quote_the_original_text(analyze: Analyze) -> None:
    text = "The   Commerce  Department\tadded\n\nHuawei   Technologies Co. to the list."
    analysis = analyze(text)
    quotes = []
    for mention in analysis.mentions:
        evidence = analysis.evidence(mention.start, mention.end, mention.confidence)
        assert text[evidence.start:evidence.end] == evidence.quote
        quotes.append(evidence.quote)
    assert quotes == ["Commerce  Department", "Huawei   Technologies Co."]


# ------------------------------------------------------------------ boilerplate


BOILERPLATE = [
    "Only subscribers are eligible to post comments.",
    "Sign in to continue reading.",
    "Forgot your password?",
    "We use cookies to improve your experience; see our cookie policy.",
    "Copyright © 2019 Example Trade Desk. All rights reserved.",
    "Sign up for our newsletter to get the news in your inbox.",
]


def test_boilerplate_sentences_are_noise(analyze: Analyze) -> None:
    for sentence in BOILERPLATE:
        analysis = analyze(sentence)
        assert analysis.sentences, sentence
        assert all(s.noise for s in analysis.sentences), sentence


def test_boilerplate_block_yields_no_facts(analyze: Analyze) -> None:
    text = (
        "Only subscribers are eligible to post comments. "
        "The Commerce Department added Huawei to the Entity List, one reader wrote."
    )
    analysis = analyze(text)
    assert all(sentence.noise for sentence in analysis.sentences)
    assert analysis.mentions == []
    assert analysis.actions == []
    assert analysis.times == []


def test_boilerplate_spares_the_article(analyze: Analyze) -> None:
    text = (
        "The Commerce Department added Huawei to the Entity List on Wednesday.\n\n"
        "Only subscribers are eligible to post comments."
    )
    analysis = analyze(text)
    assert [s.noise for s in analysis.sentences] == [False, True]
    assert {str(m.ref) for m in analysis.mentions} == {"agency/commerce-department", "firm/huawei"}
    assert len(analysis.actions) == 1


def test_article_sentences_are_not_noise(analyze: Analyze) -> None:
    analysis = analyze(
        "Huawei said it would comment on the rule later. "
        "The ministry said the list would be published in full."
    )
    assert not any(sentence.noise for sentence in analysis.sentences)


@pytest.mark.parametrize(("text", "absent"), [
    ("The rule amends the Export Administration Regulations (EAR).",
     "agency/export-administration"),
    ("Exports are controlled under the Export Control Reform Act of 2018.", None),
])
def test_a_name_running_on_into_a_law_title_names_the_law(analyze: Analyze, text: str,
                                                          absent: str | None) -> None:
    found = {str(mention.ref) for mention in analyze(text).mentions}
    if absent:
        assert absent not in found
    assert not any(ref.startswith("agency/") for ref in found)


def test_the_office_itself_is_still_recognised(analyze: Analyze) -> None:
    text = "The Office of the Assistant Secretary for Export Administration issued the order."
    found = {str(mention.ref) for mention in analyze(text).mentions}
    assert "agency/export-administration" in found
