"""Every trigger rule of `actions.toml` carries examples (sentences that state an action of its
type) and counterexamples (sentences using its words that do not); both are run here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tradegraph.ingest.lexicon import TriggerRule, load_action_lexicon
from tradegraph.ontology.models import Extraction

Extract = Callable[..., Extraction]

PUBLISHED = dt.date(2020, 12, 18)
RULES = load_action_lexicon().rule


def rule_id(index: int, rule: TriggerRule) -> str:
    return f"rule{index}-{rule.type.value}"


EXAMPLES = [
    pytest.param(rule, sentence, id=f"{rule_id(index, rule)}: {sentence[:48]}")
    for index, rule in enumerate(RULES)
    for sentence in rule.examples
]
COUNTEREXAMPLES = [
    pytest.param(rule, sentence, id=f"{rule_id(index, rule)}: {sentence[:48]}")
    for index, rule in enumerate(RULES)
    for sentence in rule.counterexamples
]


@pytest.mark.parametrize(
    "rule", [pytest.param(rule, id=rule_id(i, rule)) for i, rule in enumerate(RULES)]
)
def test_every_rule_has_examples(rule: TriggerRule) -> None:
    assert rule.examples, f"add examples to the {rule.type} rule {rule.patterns}"


@pytest.mark.parametrize(("rule", "sentence"), EXAMPLES)
def test_example_yields_an_action_of_the_rule_type(
    extract: Extract, rule: TriggerRule, sentence: str
) -> None:
    extraction = extract(sentence, published=PUBLISHED)
    found = [action for action in extraction.actions if action.type is rule.type]
    assert found, f"no {rule.type} in {sentence!r}; got {extraction.actions}"
    for action in found:
        for evidence in action.evidence:
            assert sentence[evidence.start:evidence.end] == evidence.quote


@pytest.mark.parametrize(("rule", "sentence"), COUNTEREXAMPLES)
def test_counterexample_yields_no_action_of_the_rule_type(
    extract: Extract, rule: TriggerRule, sentence: str
) -> None:
    extraction = extract(sentence, published=PUBLISHED)
    assert rule.type not in {action.type for action in extraction.actions}, extraction.actions


def test_examples_and_counterexamples_are_sentences() -> None:
    for rule in RULES:
        for sentence in (*rule.examples, *rule.counterexamples):
            assert sentence[:1].isupper() and sentence.endswith("."), sentence
            assert "\n" not in sentence
