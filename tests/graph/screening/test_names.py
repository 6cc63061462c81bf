"""Name analysis and comparison on their own: legal forms, transliteration, pinyin and
Wade-Giles, word order, abbreviations, and the explanation every score carries."""

from __future__ import annotations

import pytest

from tradegraph.graph.screening.names import MAX_NAME_CHARS, NameKind, NotANameError, analyze
from tradegraph.graph.screening.romanisation import han_to_pinyin, romanisation_key
from tradegraph.graph.screening.similarity import compare_names


def even(_: str) -> float:
    return 1.0


def score(query: str, candidate: str, kind: NameKind = NameKind.ORGANIZATION) -> float:
    return compare_names(analyze(query), analyze(candidate, kind), even).score


def test_legal_forms_are_set_apart_in_any_language() -> None:
    for name in ("Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES COMPANY LIMITED",
                 "Huawei Technologies Corp", "Huawei Technologies"):
        assert analyze(name).tokens == ("huawei", "technologies")
    russian = analyze("Общество с ограниченной ответственностью Ромашка")
    assert russian.tokens == ("romashka",) and russian.legal == ("ooo",)
    assert analyze("中兴通讯股份有限公司").legal == ("gufen", "youxiangongsi")


def test_scripts_are_transliterated() -> None:
    assert analyze("АО Рособоронэкспорт").tokens == ("rosoboroneksport",)
    assert han_to_pinyin("中兴通讯") == "zhong xing tong xun"
    assert score("中兴通讯", "Zhongxing Tongxun") > 0.95


def test_pinyin_and_wade_giles_meet_in_one_key() -> None:
    assert romanisation_key("Zhongxing") == romanisation_key("Chung-hsing") == "chunghsing"
    assert romanisation_key("Xi'an") == romanisation_key("Hsi-an")
    assert romanisation_key("technologies") is None
    comparison = compare_names(analyze("Chung-hsing Telecommunications Equipment"),
                               analyze("Zhongxing Telecommunications Equipment Corp"), even)
    assert comparison.score == 1.0 and comparison.romanised


def test_word_order_punctuation_and_case_do_not_matter() -> None:
    assert score("Technologies Huawei", "Huawei Technologies Co., Ltd.") == 1.0
    assert score("PUTIN, Vladimir", "Vladimir Putin", NameKind.PERSON) == 1.0
    assert score("HIK-VISION digital", "Hikvision Digital") > 0.9


def test_abbreviations_slips_and_merged_words_match() -> None:
    assert score("Semiconductor Mfg Intl", "Semiconductor Manufacturing International") == 1.0
    assert score("Baltika Shpg", "Baltika Shipping") > 0.9
    assert score("Huawie Technologies", "Huawei Technologies") > 0.9
    assert score("Hik Vision", "Hikvision") > 0.9
    assert score("ZTE", "Zhongxing Telecommunications Equipment Corporation") >= 0.85


def test_near_misses_stay_apart() -> None:
    assert score("Huawei Device Co", "Huawei Technologies Co., Ltd.") < 0.7
    assert score("China Telecom", "China Unicom") < 0.6
    assert score("Wang Wei", "Wang Weiguo", NameKind.PERSON) < 0.8
    assert score("Shenzhen Guangsheng Photoelectric", "Shenzhen Longsheng Photoelectric") < 0.8


def test_a_score_is_explained_word_by_word() -> None:
    comparison = compare_names(analyze("Huawei Tech Device"),
                               analyze("Huawei Technologies Co., Ltd."), even)
    hows = {(m.query, m.candidate): m.how for m in comparison.matches}
    assert hows[("huawei", "huawei")] == "same"
    assert hows[("tech", "technologies")].startswith("symbol:")
    assert hows[("device", "")] == "unmatched"
    total = sum(m.weight for m in comparison.matches)
    assert comparison.score == pytest.approx(
        sum(m.score * m.weight for m in comparison.matches) / total)


def test_rarer_words_weigh_more() -> None:
    def common_huawei(word: str) -> float:
        return 0.2 if word == "huawei" else 1.0

    query, candidate = analyze("Huawei Device"), analyze("Huawei Technologies")
    assert compare_names(query, candidate, common_huawei).score < compare_names(
        query, candidate, even).score


@pytest.mark.parametrize(("text", "reason"), [
    ("", "empty"), ("   ", "empty"), ("x" * (MAX_NAME_CHARS + 1), "characters long"),
    ("--- ...", "no letters"),
])
def test_what_is_no_name_is_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(NotANameError, match=reason):
        analyze(text)
