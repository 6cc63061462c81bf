"""Names the gazetteer does not know, found by what surrounds them: a title before a person
("Commerce Secretary Gina Raimondo", which also gives the person's role and organisation),
and organisations named after a country ("Industrial and Commercial Bank of China")."""

from __future__ import annotations

from spacy.tokens import Doc

from tradegraph.ingest.analysis import Analysis, Role
from tradegraph.ontology.iris import slugify
from tradegraph.ontology.models import EntityRef, EntityType

_NAME_WORDS = 3
"""Most words of a person's name after a title."""
_ORGANISATIONS = (EntityType.AGENCY, EntityType.FIRM, EntityType.ORGANIZATION,
                  EntityType.COUNTRY)


class TitleIndex:
    """The title phrases of the lexicon as lower-cased token sequences, indexed by their
    first and last word (every token is looked up, so this must be a dictionary hit)."""

    def __init__(self, titles: list[str]) -> None:
        phrases = sorted({tuple(t.lower().split()) for t in titles}, key=len, reverse=True)
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        self._by_last: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:  # longest first within each list
            self._by_first.setdefault(phrase[0], []).append(phrase)
            self._by_last.setdefault(phrase[-1], []).append(phrase)

    def ending_at(self, doc: Doc, end: int) -> int | None:
        """Start token of the longest title that ends just before token `end`, if any."""
        if end == 0:
            return None
        for title in self._by_last.get(doc[end - 1].lower_, ()):
            start = end - len(title)
            if start >= 0 and tuple(t.lower_ for t in doc[start:end]) == title:
                return start
        return None

    def starting_at(self, doc: Doc, start: int) -> int | None:
        """End token of the longest title that starts at token `start`, if any."""
        for title in self._by_first.get(doc[start].lower_, ()):
            end = start + len(title)
            if end <= len(doc) and tuple(t.lower_ for t in doc[start:end]) == title:
                return end
        return None


def titled_person_spans(doc: Doc, titles: TitleIndex, stop_words: set[str]
                        ) -> list[tuple[int, int]]:
    """Token spans of person names right after a title: two or three capitalised words."""
    spans = []
    for start in range(len(doc)):
        title_end = titles.starting_at(doc, start)
        if title_end is None:
            continue
        end = title_end
        while (end < len(doc) and end - title_end < _NAME_WORDS and doc[end].is_title
               and doc[end].is_alpha and doc[end].text not in stop_words
               and titles.starting_at(doc, end) is None):
            end += 1
        if end - title_end >= 2 and not _in_headline(doc, start, end):
            spans.append((title_end, end))
    return spans


def _in_headline(doc: Doc, start: int, end: int) -> bool:
    """True in a title-case headline ("The President Said Nothing Today"), where capitals
    do not mark a name: every longer word of the sentence is capitalised."""
    first, last = start, end
    while first > 0 and not doc[first].is_sent_start:
        first -= 1
    while last < len(doc) and not doc[last].is_sent_start:
        last += 1
    words = [token for token in doc[first:last] if token.is_alpha and len(token) > 3]
    return len(words) >= 3 and all(token.is_title or token.is_upper for token in words)


def place_named_spans(doc: Doc, firm_heads: set[str], organization_heads: set[str],
                      places: set[str]) -> list[tuple[int, int, EntityType]]:
    """Spans like "Industrial and Commercial Bank of China": capitalised words (and "and"),
    a head word, "of", a country name."""
    found = []
    for index in range(1, len(doc) - 1):
        if doc[index].lower_ != "of" or doc[index + 1].text not in places:
            continue
        head = doc[index - 1]
        kind = (EntityType.FIRM if head.lower_ in firm_heads else
                EntityType.ORGANIZATION if head.lower_ in organization_heads else None)
        if kind is None or not head.is_title:
            continue
        start = index - 1
        while start > 0 and (doc[start - 1].is_title or (
                doc[start - 1].lower_ == "and" and start > 1 and doc[start - 2].is_title)):
            start -= 1
        if doc[start].lower_ == "and":
            start += 1
        found.append((start, index + 2, kind))
    return found


def person_ref(name: str) -> EntityRef:
    """The identity of a person known only from the text."""
    return EntityRef(type=EntityType.PERSON, key=slugify(name))


def assign_roles(analysis: Analysis, titles: TitleIndex) -> dict[EntityRef, Role]:
    """The role of each person named right after a title, with the organisation named
    right before the title ("Commerce Secretary", "Huawei's founder") if any."""
    doc = analysis.doc
    by_end = {mention.token_end: mention for mention in analysis.mentions}
    roles: dict[EntityRef, Role] = {}
    for mention in analysis.mentions:
        if mention.ref.type is not EntityType.PERSON or mention.ref in roles:
            continue
        title_start = titles.ending_at(doc, mention.token_start)
        if title_start is None:
            continue
        title = doc[title_start:mention.token_start].text
        possessive = title_start > 0 and doc[title_start - 1].lower_ in ("'s", "’s")
        organisation = by_end.get(title_start - 1 if possessive else title_start)
        roles[mention.ref] = Role(
            title=title[0].upper() + title[1:],
            organisation=organisation.ref if organisation and organisation.ref.type in
            _ORGANISATIONS else None)
    return roles
