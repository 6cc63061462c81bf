"""A long document is read whole: the facts of its first, middle and last paragraphs are
found with their own parties and dates, however many sections the trained model reads it in
(#26 item 4). Every sentence is one we wrote; timing is measured by
`bench/large_document_bench.py`, not here."""

from __future__ import annotations

import datetime as dt

from tradegraph.ingest.stages.reading import SECTION_TOKENS
from tradegraph.ontology.models import ActionType

from .conftest import Extract

FIRMS = [f"{first} {second} Co., Ltd." for first in ("Norvale", "Kestrel", "Talis", "Orrin",
                                                      "Halcyon", "Quorra", "Vantor", "Lumen")
         for second in ("Optics", "Widgets", "Sensors", "Avionics", "Robotics", "Materials")]


def paragraph(number: int, firm: str) -> str:
    day = dt.date(2031, 1, 1) + dt.timedelta(days=number)
    return (f"On {day:%B} {day.day}, {day.year}, the Bureau of Industry and Security added "
            f"{firm} to the Entity List, cutting it off from semiconductors. Analysts said "
            f"the company, which says it complies with every law, could lose about "
            f"{number % 9 + 1} billion dollars in sales.\n\n")


def test_facts_are_found_in_every_section_of_a_long_document(extract: Extract) -> None:
    paragraphs = [paragraph(number, FIRMS[number % len(FIRMS)]) for number in range(400)]
    text = "Export curbs over one year\n\n" + "".join(paragraphs)
    # the trigger sentences alone (some 25 tokens each) fill several of the model's sections
    assert 2 * SECTION_TOKENS < 400 * 25
    extraction = extract(text, published=dt.date(2032, 3, 1))
    dated = {(str(action.date), str(target)) for action in extraction.actions
             if action.type is ActionType.ENTITY_LIST_ADDITION for target in action.targets}
    for number in (0, 1, 200, 398, 399):
        day = dt.date(2031, 1, 1) + dt.timedelta(days=number)
        key = FIRMS[number % len(FIRMS)].split(" Co.")[0].lower().replace(" ", "-")
        assert (day.isoformat(), f"firm/{key}") in dated, (number, key)
    additions = [a for a in extraction.actions if a.type is ActionType.ENTITY_LIST_ADDITION]
    assert len(additions) == 400  # one per paragraph: none lost, none merged across dates
