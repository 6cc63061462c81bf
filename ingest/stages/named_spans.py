"""Names nobody listed: the trained recogniser's organisation, person and place spans,
typed by their own words and by what stands around them.

A legal form makes a firm ("... Co., Ltd.", "PJSC ..."); ministry, bureau, commission,
department, office, administration, regime make an agency; association, institute,
university make an organisation; a person span is a person; a place is a country only when
it names one (ISO 3166 or the gazetteer: cities and regions are no parties). An
organisation span with no such word is a firm when it is written as a name (capitalised
words or an acronym), never when it runs into the title of a list or law ("Entity List",
"Export Administration Regulations") or holds a word of a document's furniture ("Media
Contact", "Docket No."). Such an organisation, and a person named by one word only, is a
*weak* candidate: it stays an entity only if an action of the document makes it a party
(`keep_weak`). A one-word person that is the surname of a person named before is that
person. Headings (every word capitalised) are not read for names: title case says nothing
there. These candidates are the weakest: gazetteer names, known parties and name patterns
win wherever they overlap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span

from tradegraph.ingest.analysis import Analysis, Reading, Sentence
from tradegraph.ingest.stages.titled_names import person_ref
from tradegraph.ontology.iris import slugify
from tradegraph.ontology.models import EntityRef, EntityType

_LEADING = frozenset({"the", "a", "an", "its", "their", "our", "this", "that"})
_TRAILING = frozenset({"'s", "’s", "'", "’", ",", ".", ")", "(", "-", "–", "—", ":"})
_CONFIDENCE = 0.6
_MONTHS_AND_DAYS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "today"})


@dataclass(frozen=True)
class NamedSpan:
    """A span the recogniser found, typed (token offsets of the document)."""

    start: int
    end: int
    ref: EntityRef
    method: str = "trained-ner"
    confidence: float = _CONFIDENCE


WEAK = "trained-ner-weak"
"""The method of candidates kept only as parties of an action."""


class NamedSpanTyper:
    """Types the trained recogniser's spans (see the module's docstring)."""

    def __init__(self, lexicon: dict[str, Any], countries: dict[str, EntityRef],
                 company_key: Any) -> None:
        self._suffixes = {s.lower() for s in lexicon["company_suffixes"]}
        self._prefix_forms = {s.lower() for s in lexicon.get("company_prefix_forms", [])}
        self._agency_words = {w.lower() for w in lexicon["agency_name_words"]}
        self._organization_words = {w.lower() for w in lexicon["organization_name_words"]}
        self._instrument_words = {w.lower() for w in lexicon["instrument_words"]}
        self._list_words = {w.lower() for w in lexicon["list_name_words"]}
        self._furniture = {w.lower() for w in lexicon["furniture_words"]}
        self._acronyms = set(lexicon["instrument_acronyms"])
        self._known_words = (self._agency_words | self._organization_words | self._furniture
                             | self._instrument_words | self._list_words)
        """Words in capitals ("AGENCY:") that are no acronym."""
        self._stop_words = set(lexicon["name_stop_words"])
        self._countries = countries
        self._company_key = company_key

    def spans(self, reading: Reading, persons: dict[str, EntityRef]) -> list[NamedSpan]:
        """The typed spans of one recognised sentence; `persons` maps the surnames of
        persons named before to them."""
        sentence = reading.entities
        if sentence is None or _heading(sentence):
            return []
        found = []
        for ent in sentence.ents:
            trimmed = self._trim(ent)
            if trimmed is None:
                continue
            typed = self._type(ent.label_, trimmed, persons)
            if typed is not None:
                ref, method = typed
                start = reading.offset + trimmed.start - sentence.start
                found.append(NamedSpan(start, start + len(trimmed), ref, method))
        return found

    @staticmethod
    def _trim(ent: Span) -> Span | None:
        start, end = ent.start, ent.end
        doc = ent.doc
        while start < end and (doc[start].lower_ in _LEADING or doc[start].is_space):
            start += 1
        while end > start and (doc[end - 1].text in _TRAILING or doc[end - 1].is_space):
            end -= 1
        if end <= start or any(t.is_space for t in doc[start:end]):
            return None  # a span across a line of a heading or a block is no name
        return doc[start:end]

    def _type(self, label: str, span: Span, persons: dict[str, EntityRef]
              ) -> tuple[EntityRef, str] | None:
        words = [t.lower_ for t in span]
        if self._no_name(span, words):
            return None
        if label == "GPE":
            country = self._countries.get(span.text)
            return (country, "trained-ner") if country is not None else None
        if label == "PERSON" and not (len(span) == 1 and span[0].is_upper):
            return self._person(span, persons)
        if label == "PERSON":  # "CEIEC": an acronym, never a person's name
            label = "ORG"
        if label == "ORG" and not set(words) & (self._instrument_words | self._list_words):
            return self._organisation(span, words)
        return None  # a law, a list, a nationality, a date ...

    def _no_name(self, span: Span, words: list[str]) -> bool:
        return (not any(t.is_alpha and (t.is_title or t.is_upper) for t in span)
                or words[0] in _MONTHS_AND_DAYS or span.text in self._stop_words
                or any(t.like_num for t in span) or bool(set(words) & self._furniture))

    def _organisation(self, span: Span, words: list[str]) -> tuple[EntityRef, str] | None:
        text = span.text
        if words[-1] in self._suffixes or (words[0] in self._prefix_forms and len(span) > 1):
            return EntityRef(type=EntityType.FIRM, key=self._company_key(text)), "trained-ner"
        if len(span) == 1:
            # one word ("Commerce") is as often no name; an acronym may be a firm's
            acronym = (span[0].is_upper and len(text) >= 3 and text not in self._acronyms
                       and words[0] not in self._known_words)
            return (EntityRef(type=EntityType.FIRM, key=self._company_key(text)), WEAK
                    ) if acronym else None
        if set(words) & self._agency_words:
            return EntityRef(type=EntityType.AGENCY, key=slugify(text)), "trained-ner"
        if set(words) & self._organization_words:
            return EntityRef(type=EntityType.ORGANIZATION, key=slugify(text)), "trained-ner"
        if not all(t.is_title or t.is_upper or t.lower_ in _JOINERS or t.is_punct
                   for t in span):
            return None
        return EntityRef(type=EntityType.FIRM, key=self._company_key(text)), WEAK

    @staticmethod
    def _person(span: Span, persons: dict[str, EntityRef]) -> tuple[EntityRef, str] | None:
        names = [t for t in span if t.is_alpha]
        if not names or not all(t.is_title or (t.is_upper and len(t) <= 2) for t in names):
            return None
        if len(names) == 1:  # a surname of a person named in full before, or no one
            known = persons.get(names[0].text)
            return (known, "trained-ner") if known else None
        return person_ref(span.text), "trained-ner"


_JOINERS = frozenset({"and", "of", "&", "for", "de", "la", "du"})


def _heading(sentence: Span) -> bool:
    """A line of title case (a heading, a title): every longer word capitalised."""
    words = [t for t in sentence if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and all(t.text[0].isupper() for t in words)


_ECHOES = frozenset({WEAK, "document-alias", "definite-description"})
"""Methods of mentions that only echo an entity found otherwise."""


def keep_weak(analysis: Analysis) -> None:
    """Drop the mentions of entities only weak candidates found (with their aliases and
    descriptions) unless an action makes them a party."""
    parties = {ref for action in analysis.actions
               for ref in (*action.agents, *action.targets, *action.beneficiaries)}
    weak = {m.ref for m in analysis.mentions if m.method == WEAK}
    weak -= {m.ref for m in analysis.mentions if m.method not in _ECHOES} | parties
    if weak:
        analysis.mentions = [m for m in analysis.mentions if m.ref not in weak]


def needs_recognition(analysis: Analysis, sentence: Sentence, taken: list[bool], *,
                      stop_words: set[str], instrument_words: set[str],
                      with_trigger: bool = True) -> bool:
    """Whether a sentence holds a capitalised word no earlier recogniser explained: a word
    that is not its first (or is followed by another capitalised word), not a stop word,
    month or day, nor a word of the name of a list or law ("Entity List"). Outside the
    sentences with a trigger, where a name can only matter as a person's or a body's, it
    takes two such words in a row (one word there is mostly a city)."""
    doc = analysis.doc
    run = 0
    for index in range(sentence.token_start, sentence.token_end):
        if run and doc[index].lower_ in _JOINERS:
            continue  # "Ministry of Trade": one name
        if not _unexplained(doc, index, sentence, taken,
                            words=(stop_words, instrument_words)):
            run = 0
            continue
        run += 1
        if with_trigger or run >= 2:
            return True
    return False


def _unexplained(doc: Doc, index: int, sentence: Sentence, taken: list[bool], *,
                 words: tuple[set[str], set[str]]) -> bool:
    stop_words, instrument_words = words
    token = doc[index]
    if taken[index] or not token.is_alpha or not token.text[0].isupper():
        return False
    if token.text in stop_words or token.lower_ in _MONTHS_AND_DAYS:
        return False
    following = doc[index + 1] if index + 1 < sentence.token_end else None
    if token.lower_ in instrument_words or (
            following is not None and following.lower_ in instrument_words
            and following.text[:1].isupper()):
        return False
    return index != sentence.token_start or (
        following is not None and following.text[:1].isupper() and not taken[index + 1])
