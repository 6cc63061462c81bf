"""A press release's quoted officials on its act are Statements; quotes about anything
else, and quotes in news, are not. Every text here is written for these tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from tradegraph.ontology.models import Action, ActionType, EntityRef, Extraction, Status

Extract = Callable[..., Extraction]
STATEMENT = ActionType.STATEMENT
PRESS = {"doc_type": "government press release", "published": dt.date(2021, 6, 9)}
LEAD = "WASHINGTON – The Bureau of Industry and Security added Huawei to the Entity List.\n\n"


def refs(entities: list[EntityRef]) -> list[str]:
    return [str(ref) for ref in entities]


def statements(extraction: Extraction) -> list[Action]:
    return [a for a in extraction.actions if a.type is STATEMENT]


def test_a_quote_after_which_the_official_is_named(extract: Extract) -> None:
    text = LEAD + ("“This action keeps our technology out of Huawei’s hands,” said "
                   "Secretary of Commerce Wilbur Ross.")
    [statement] = statements(extract(text, **PRESS))
    assert refs(statement.agents) == ["person/wilbur-ross"]
    assert refs(statement.targets) == ["firm/huawei"]
    assert str(statement.date) == "2021-06-09"
    assert statement.status is Status.ANNOUNCED


def test_a_quote_after_the_officials_name_that_names_no_party(extract: Extract) -> None:
    text = LEAD + ("Secretary of Commerce Wilbur Ross said: “These restrictions protect "
                   "our national security.”")
    [statement] = statements(extract(text, **PRESS))
    assert refs(statement.agents) == ["person/wilbur-ross"] and statement.targets == []


def test_a_quote_about_something_else_is_no_statement(extract: Extract) -> None:
    text = LEAD + ("“We are proud of our staff and of the work they do every day,” said "
                   "Secretary of Commerce Wilbur Ross.")
    assert statements(extract(text, **PRESS)) == []


def test_quotes_in_news_are_left_to_the_prose_rules(extract: Extract) -> None:
    text = ("The Commerce Department added Huawei to the Entity List. “This action keeps our "
            "technology safe,” said Secretary of Commerce Wilbur Ross.")
    extraction = extract(text, published=dt.date(2021, 6, 9), doc_type="news article")
    assert statements(extraction) == []
