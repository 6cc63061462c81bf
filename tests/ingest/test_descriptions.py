"""Definite descriptions ("the company", "the Chinese company", "the department") refer back
to the entity named before them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tradegraph.ingest.analysis import Analysis
from tradegraph.ontology.models import Extraction

Analyze = Callable[..., Analysis]


def described(analysis: Analysis) -> list[tuple[str, str]]:
    return [(m.surface, str(m.ref)) for m in analysis.mentions
            if m.method == "definite-description"]


def test_the_company_and_the_department_refer_back(analyze: Analyze) -> None:
    analysis = analyze("The Commerce Department added Huawei to the Entity List in May. "
                       "The company said it would appeal. The department declined to comment.")
    assert described(analysis) == [("The company", "firm/huawei"),
                                   ("The department", "agency/commerce-department")]


def test_a_nationality_picks_the_firm_of_that_country(analyze: Analyze) -> None:
    analysis = analyze("Regulators questioned ZTE and Apple about their suppliers. "
                       "The Chinese company said it had complied.")
    assert described(analysis) == [("The Chinese company", "firm/zte")]


def test_the_bureau_is_a_bureau(analyze: Analyze) -> None:
    analysis = analyze("The Bureau of Industry and Security and the State Department met. "
                       "The bureau then published the rule.")
    assert described(analysis) == [("The bureau", "agency/bis")]


@pytest.mark.parametrize("text", [
    "A company said it would appeal.",                          # indefinite
    "The companies said they would appeal.",                    # plural
    "Huawei grew. The company store in Shenzhen closed.",       # a compound
    "The company said it would appeal.",                        # nothing named before
    "Huawei grew fast.\n\nOne.\n\nTwo.\n\nThree.\n\nFour.\n\nThe company said so.",  # too far
    "The Commerce Department spoke. The company said nothing.",  # no firm before
])
def test_no_referent_no_mention(analyze: Analyze, text: str) -> None:
    assert described(analyze(text)) == []


def test_a_description_fills_an_action_role(extract: Callable[..., Extraction]) -> None:
    extraction = extract("Huawei makes phones and network gear. The Commerce Department added "
                         "the company to the Entity List on Wednesday.")
    addition = [a for a in extraction.actions if a.type.value == "EntityListAddition"]
    assert [[str(t) for t in a.targets] for a in addition] == [["firm/huawei"]]
    assert "the company" in [m.evidence.quote for m in extraction.mentions]


def test_a_description_is_not_a_name_of_its_entity(extract: Callable[..., Extraction]) -> None:
    extraction = extract("Huawei Technologies makes phones. The Commerce Department added the "
                         "company to the Entity List. The Chinese company said it would appeal.")
    huawei = next(e for e in extraction.entities if e.key == "huawei")
    names = [huawei.label, *huawei.aliases]
    assert "Huawei Technologies" in names
    assert not any(name.lower().startswith("the ") for name in names), names
