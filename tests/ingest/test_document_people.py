"""People named by a document's structure (a report's authors, a rule's contact person),
and the bodies the gazetteer now knows: committees, courts, regions, parties. Every text
here is written for these tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tradegraph.ontology.models import Extraction

Extract = Callable[..., Extraction]
PUBLISHED = dt.date(2021, 6, 9)


def mentioned(extraction: Extraction) -> set[str]:
    return {str(m.entity) for m in extraction.mentions}


def test_a_reports_authors_from_its_title(extract: Extract) -> None:
    text = ("Export Controls and You June 9, 2021 Jane Q. Roe Legislative Attorney "
            "The report reviews recent rules. Samuel Doe Analyst in Trade Policy")
    extraction = extract(text, published=PUBLISHED, doc_type="CRS report",
                         title="Export Controls and You (CRS Report R12345, Jane Q. Roe and "
                               "Samuel Doe)")
    assert {"person/jane-q-roe", "person/samuel-doe"} <= mentioned(extraction)


def test_title_parentheses_of_other_genres_name_no_one(extract: Extract) -> None:
    text = "A spokesperson spoke to reporters about the rule."
    extraction = extract(text, published=PUBLISHED, doc_type="news article",
                         title="A Rule (Jane Q. Roe)")
    assert "person/jane-q-roe" not in mentioned(extraction)


def test_a_rules_contact_person(extract: Extract) -> None:
    text = ("Addition of Sample Entities to the Entity List\n\nAGENCY: Bureau of Industry "
            "and Security, Commerce.\n\nFOR FURTHER INFORMATION CONTACT: For questions, "
            "please contact Jane Roe, Office of Examples, at 555-0100.")
    extraction = extract(text, published=PUBLISHED, doc_type="Federal Register final rule")
    assert "person/jane-roe" in mentioned(extraction)


@pytest.mark.parametrize(("text", "ref"), [
    ("The House Permanent Select Committee on Intelligence released a report.",
     "agency/us-house-intelligence-committee"),
    ("The indictment was filed in the Eastern District of New York.", "agency/edny"),
    ("The firm was founded by a former officer of the People's Liberation Army.",
     "agency/peoples-liberation-army"),
    ("The Chinese Communist Party runs the campaign.", "organization/chinese-communist-party"),
    ("The companies operate in the Xinjiang Uyghur Autonomous Region.", "country/xinjiang"),
    ("The case was reviewed by the U.S. government last year.", "agency/us-government"),
])
def test_public_bodies_the_gazetteer_knows(extract: Extract, text: str, ref: str) -> None:
    assert ref in mentioned(extract(text, published=PUBLISHED))
