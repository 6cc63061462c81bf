"""The lexicon files, their validation, and the pattern language they are written in."""

from __future__ import annotations

import re
import tomllib

import pytest
from pydantic import ValidationError

from tradegraph.ingest.lexicon import (
    LEXICON_FILES,
    TriggerRule,
    lexicon_fingerprint,
    load_action_lexicon,
    read_lexicon,
)
from tradegraph.ingest.nlp import blank_english
from tradegraph.ingest.stages.entities import load_name_lexicon
from tradegraph.ingest.stages.patterns import (
    GapMatcher,
    compile_element,
    segment_pattern,
    word_matcher,
)
from tradegraph.ontology.models import ActionType


def test_every_action_type_has_defaults_and_a_rule() -> None:
    lexicon = load_action_lexicon()
    assert set(lexicon.type) == set(ActionType)
    assert {rule.type for rule in lexicon.rule} == set(ActionType)


def test_every_pattern_compiles() -> None:
    for rule in load_action_lexicon().rule:
        for pattern in rule.patterns:
            segmented = segment_pattern(pattern)
            assert len(segmented.segments) == len(segmented.gaps) + 1


def test_lexicon_files_parse() -> None:
    for name in LEXICON_FILES:
        assert tomllib.loads(read_lexicon(name))
    names = load_name_lexicon()
    assert "co." in names["company_suffixes"]
    for pattern in tomllib.loads(read_lexicon("boilerplate.toml"))["patterns"]:
        re.compile(pattern)


def test_fingerprint_is_stable() -> None:
    assert lexicon_fingerprint() == lexicon_fingerprint()
    assert re.fullmatch(r"[0-9a-f]{16}", lexicon_fingerprint())


@pytest.mark.parametrize(
    "fields",
    [
        {"type": "EntityListAddition", "patterns": []},
        {"type": "EntityListAddition", "patterns": ["add"], "confidence": 1.5},
        {"type": "NoSuchType", "patterns": ["add"]},
        {"type": "EntityListAddition", "patterns": ["add"], "agent_after": "with"},
        {"type": "EntityListAddition", "patterns": ["add"], "examples": "not a list"},
        {"type": "EntityListAddition", "patterns": ["add"], "prority": 2},
    ],
)
def test_bad_rules_are_refused(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        TriggerRule.model_validate(fields)


def test_examples_are_optional() -> None:
    rule = TriggerRule.model_validate({"type": "Tariff", "patterns": ["tariffs"]})
    assert rule.examples == []
    assert rule.counterexamples == []


# ------------------------------------------------------------------ the pattern language


def test_elements() -> None:
    assert compile_element("entity") == {"LOWER": "entity"}
    assert compile_element("a|b") == {"LOWER": {"IN": ["a", "b"]}}
    assert compile_element("~an") == {"LOWER": "an", "OP": "?"}
    assert compile_element("approv*|grant") == {"LOWER": {"REGEX": "^(?:approv.*|grant)$"}}
    assert compile_element("*4") == {"OP": "{0,4}"}


@pytest.mark.parametrize("pattern", ["", "*3 add", "add *3", "add *2 *3 list"])
def test_bad_patterns(pattern: str) -> None:
    with pytest.raises(ValueError, match="pattern"):
        segment_pattern(pattern)


def matches(pattern: str, text: str) -> list[str]:
    nlp = blank_english()
    matcher = GapMatcher(nlp.vocab)
    matcher.add("rule", [pattern])
    doc = nlp.make_doc(text)
    return [doc[start:end].text for _, start, end in matcher(doc)]


def test_gap_bridges_up_to_n_tokens() -> None:
    pattern = "add|added *5 entity list"  # five tokens: "ZTE and Huawei to the"
    assert matches(pattern, "They added ZTE and Huawei to the Entity List.") == [
        "added ZTE and Huawei to the Entity List"]
    assert matches(pattern, "They added ZTE, Huawei and others to the Entity List.") == []


def test_prefix_optional_and_hyphen_elements() -> None:
    assert matches("approv* *2 license", "Commerce approved a license.") == [
        "approved a license"]
    assert matches("intent ~- to ~- deny", "an intent-to-deny letter") == ["intent-to-deny"]
    assert matches("intent ~- to ~- deny", "an intent to deny letter") == ["intent to deny"]


def test_word_matcher() -> None:
    negation = word_matcher(["not", "n't", "never"])
    assert negation.match("n't")
    assert not negation.match("note")
    cues = word_matcher(["propos*"])
    assert cues.match("proposed")
    assert not cues.match("purpose")
