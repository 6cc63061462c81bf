"""Where a mention stands that says it is no actor: a country as a place ("sales in
China") or as a nationality ("China's Huawei"); and the person a document speaks as."""

from __future__ import annotations

from spacy.tokens import Doc

from tradegraph.ingest.analysis import Analysis, EntityMention
from tradegraph.ontology.models import EntityType


def first_person_author(analysis: Analysis) -> EntityMention | None:
    """The person a document speaks as ("I, NAME, President of ..."), if it says so."""
    doc = analysis.doc
    for mention in analysis.mentions:
        start = mention.token_start
        if (mention.ref.type is EntityType.PERSON and start >= 2 and doc[start - 1].text == ","
                and doc[start - 2].text == "I"):
            return mention
    return None


_LOCATIVE = frozenset({"in", "under", "within", "across", "throughout", "from", "to", "into",
                       "inside", "outside", "near"})


def place_of(doc: Doc, mention: EntityMention) -> bool:
    """A country after a preposition of place ("an entry under Brazil", "sales in China") is
    where something is, not who acts."""
    if mention.ref.type is not EntityType.COUNTRY:
        return False
    index = mention.token_start - 1
    if index >= 0 and doc[index].lower_ == "the":
        index -= 1
    return index >= 0 and doc[index].lower_ in _LOCATIVE


def possessive_qualifier(doc: Doc, mention: EntityMention,
                          mentions: list[EntityMention]) -> bool:
    """A country naming another party's nationality ("China's Huawei"), not an actor."""
    if mention.ref.type is not EntityType.COUNTRY or mention.token_end >= len(doc):
        return False
    if doc[mention.token_end].lower_ not in ("'s", "’s"):
        return False
    return any(other.token_start == mention.token_end + 1 for other in mentions)
