"""Entity recognition: gazetteer names and the parties the graph already knows (spaCy
PhraseMatcher), every country by name, company names the gazetteer does not know (spaCy
Matcher over capitalised tokens ending in a legal form), names by their context, and last
the trained recogniser's spans where a capitalised word is still unexplained.

Candidates of the lexical recognisers compete for the text: the longest span wins, so
"Trump administration" beats "Trump" and "Huawei Cloud Computing Technologies Co., Ltd."
beats "Huawei". The trained recogniser's spans only fill what they left free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from tradegraph.ingest.analysis import Analysis, EntityMention, Sentence
from tradegraph.ingest.known_parties import KnownParties
from tradegraph.ingest.lexicon import load_name_lexicon
from tradegraph.ingest.stages.countries import country_names
from tradegraph.ingest.stages.document_people import people_spans
from tradegraph.ingest.stages.named_spans import NamedSpanTyper, needs_recognition
from tradegraph.ingest.stages.reading import Reader, ReadRequest, Steps, run_steps
from tradegraph.ingest.stages.titled_names import (
    TitleIndex,
    assign_roles,
    person_ref,
    place_named_spans,
    titled_person_spans,
)
from tradegraph.ontology.gazetteer import Gazetteer
from tradegraph.ontology.iris import slugify
from tradegraph.ontology.models import EntityRef, EntityType

__all__ = ["Candidate", "CompanyNameIndex", "EntityRecognizer", "load_name_lexicon",
           "name_variants"]

_NAME_JOINERS = frozenset({"And", "Of"})
"""Stop words that may stand inside a company name ("Bank Of Example Ltd.")."""


@dataclass(frozen=True)
class Candidate:
    """A span some recogniser proposes as a name (token offsets)."""

    start: int
    end: int
    ref: EntityRef
    method: str
    confidence: float


def name_variants(name: str) -> set[str]:
    """Surface forms to match for a name: as written, with either apostrophe, in capitals."""
    forms = {name, name.replace("'", "’"), name.replace("’", "'")}
    if " " in name and not name.isupper():
        forms |= {form.upper() for form in forms}
    return forms


class CompanyNameIndex:
    """Finds the gazetteer entry for a company name however its legal form is written."""

    def __init__(self, gazetteer: Gazetteer, suffixes: list[str]) -> None:
        self._suffix = re.compile(
            r"(?:[\s,]+(?:" + "|".join(re.escape(s.rstrip(".")) for s in suffixes) + r")\.?)+$",
            re.IGNORECASE,
        )
        self._index: dict[str, EntityRef] = {}
        for name, ref, _ in gazetteer.names():
            if ref.type in (EntityType.FIRM, EntityType.ORGANIZATION):
                self._index.setdefault(self.core(name), ref)

    def core(self, name: str) -> str:
        """The name without its legal form, as a key: `Huawei Technologies Co., Ltd.`
        -> `huawei-technologies`."""
        stripped = self._suffix.sub("", name.strip())
        return slugify(stripped or name)

    def lookup(self, name: str) -> EntityRef | None:
        """The gazetteer firm or organisation with this name, if any."""
        return self._index.get(self.core(name))


_OPEN_QUOTES = {"``", "`", "“", '"', "‘"}  # the tokenizer splits "``" into two "`"
_CLOSE_QUOTES = {"''", "”", '"', "’"}


class EntityRecognizer:
    """Tag gazetteer names and unknown company names in every non-noise sentence."""

    name = "entities"
    version = "3"

    def __init__(self, nlp: Language, gazetteer: Gazetteer, reader: Reader | None = None,
                 known: KnownParties | None = None) -> None:
        lexicon = load_name_lexicon()
        self.case_sensitive = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.case_insensitive = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.secondary = PhraseMatcher(nlp.vocab, attr="ORTH")
        """Names of known parties and countries the gazetteer does not list."""
        self._refs: dict[str, EntityRef] = {}
        gazetteer_names = set()
        for name, ref, case_sensitive in gazetteer.names():
            label = str(ref)
            self._refs[label] = ref
            gazetteer_names.add(name)
            matcher = self.case_sensitive if case_sensitive else self.case_insensitive
            forms = name_variants(name) if case_sensitive else {name}
            matcher.add(label, [nlp.make_doc(form) for form in forms])
        countries = country_names(gazetteer)
        secondary = [*(known.names() if known else ()), *countries]
        for name, ref in secondary:
            if name in gazetteer_names:
                continue  # the gazetteer's entry wins
            self._refs[str(ref)] = ref
            self.secondary.add(str(ref), [nlp.make_doc(form) for form in name_variants(name)])
        self.companies = CompanyNameIndex(gazetteer, lexicon["company_suffixes"])
        self.reader = reader
        self.typer = NamedSpanTyper(lexicon, {**{n: r for n, r, _ in gazetteer.names()
                                                 if r.type is EntityType.COUNTRY},
                                              **dict(countries)}, self.companies.core)
        self.company_matcher = Matcher(nlp.vocab)
        self.company_matcher.add("COMPANY", [self._company_pattern(lexicon)], greedy="LONGEST")
        # a legal form written first: "PJSC Aeroflot", "OOO Example Trade"
        self.company_matcher.add("COMPANY", [[
            {"TEXT": {"IN": [f.upper() for f in lexicon["company_prefix_forms"]]}},
            {"TEXT": {"REGEX": r"^[A-Z][A-Za-z0-9\-]+$"}, "OP": "{1,4}"}]], greedy="LONGEST")
        self._stop_words = set(lexicon["name_stop_words"])
        self._hyphen_prefixes = set(lexicon["hyphen_prefixes"])
        self._instrument_words = set(lexicon["instrument_words"])
        self._unexplaining = {w.lower() for w in [*lexicon["instrument_words"],
                                                  *lexicon["list_name_words"]]}
        self.titles = TitleIndex(lexicon["person_titles"])
        self._firm_heads = set(lexicon["firm_heads_of_place"])
        self._organization_heads = set(lexicon["organization_heads_of_place"])
        self._places = {name for name, ref, _ in gazetteer.names()
                        if ref.type is EntityType.COUNTRY and " " not in name}

    @staticmethod
    def _company_pattern(lexicon: dict[str, Any]) -> list[dict[str, Any]]:
        name_token = {"TEXT": {"REGEX": r"^(?:[A-Z][A-Za-z0-9&.\-]*|&)$"}}
        return [
            {**name_token, "OP": "{1,6}"},
            {"TEXT": ",", "OP": "?"},
            {"LOWER": {"IN": lexicon["company_suffixes"]}},
            {"TEXT": ",", "OP": "?"},
            {"LOWER": {"IN": lexicon["company_suffix_tails"]}, "OP": "?"},
        ]

    def _gazetteer_candidates(self, doc: Doc) -> list[Candidate]:
        found = []
        for matcher, method in ((self.case_sensitive, "gazetteer"),
                                (self.case_insensitive, "gazetteer"),
                                (self.secondary, "known-name")):
            for match_id, start, end in matcher(doc):
                ref = self._refs[doc.vocab.strings[match_id]]
                found.append(Candidate(start, end, ref, method, 0.95 if method == "gazetteer"
                                       else 0.9))
        return found

    def _company_candidates(self, doc: Doc) -> list[Candidate]:
        found = []
        for _, match_start, match_end in self.company_matcher(doc):
            start, end = match_start, match_end
            while start < end and doc[start].text in self._stop_words:
                start += 1
            # a caption before the name: "Order Denying Privileges Against Acme Corp."
            inner = [i for i in range(start, end) if doc[i].text in self._stop_words
                     and doc[i].text not in _NAME_JOINERS]
            if inner:
                start = inner[-1] + 1
            while end > start and doc[end - 1].is_punct and doc[end - 1].text != ".":
                end -= 1  # "Acme Co.," keeps its legal form, not the comma
            span = doc[start:end]
            # at least one name word before the legal form, and not just an acronym + "Group"
            if end - start < 2 or (not span[0].is_title and not span[0].is_upper):
                continue
            ref = self.companies.lookup(span.text) or EntityRef(
                type=EntityType.FIRM, key=self.companies.core(span.text)
            )
            found.append(Candidate(start, end, ref, "company-pattern", 0.75))
        return found

    def _quoted_candidates(self, doc: Doc, known: list[Candidate]) -> list[Candidate]:
        """A quoted name that starts with a known firm and goes on ("``Huawei Cloud Brazil''",
        as Entity List rules write entries) names a firm of its own, not the known one."""
        firm_starts = {c.start: c for c in known if c.ref.type is EntityType.FIRM}
        found = []
        for index, token in enumerate(doc):
            if token.text not in _OPEN_QUOTES or index + 1 not in firm_starts:
                continue
            close = next((i for i in range(index + 2, min(len(doc), index + 10))
                          if doc[i].text in _CLOSE_QUOTES), None)
            if close is None or close <= firm_starts[index + 1].end:
                continue
            words = doc[index + 1:close]
            if all(w.is_title or w.is_upper or w.is_punct or w.like_num for w in words):
                ref = self.companies.lookup(words.text) or EntityRef(
                    type=EntityType.FIRM, key=self.companies.core(words.text))
                found.append(Candidate(index + 1, close, ref, "quoted-name", 0.8))
        return found

    def _context_candidates(self, doc: Doc) -> list[Candidate]:
        """Persons after a title and organisations named after a country."""
        found = [Candidate(start, end, person_ref(doc[start:end].text), "title-pattern", 0.7)
                 for start, end in titled_person_spans(doc, self.titles, self._stop_words)]
        for start, end, kind in place_named_spans(doc, self._firm_heads,
                                                  self._organization_heads, self._places):
            name = doc[start:end].text
            ref = self.companies.lookup(name) or EntityRef(type=kind, key=slugify(name))
            found.append(Candidate(start, end, ref, "place-pattern", 0.75))
        return found

    @staticmethod
    def _document_people(analysis: Analysis) -> list[Candidate]:
        """A report's authors and a rule's contact person, wherever the text names them."""
        found = []
        spans = people_spans(analysis.document, analysis.normalized.text, analysis.layout)
        for start, end in spans:
            span = analysis.doc.char_span(start, end)
            if span is not None:
                found.append(Candidate(span.start, span.end, person_ref(span.text),
                                       "document-person", 0.85))
        return found

    def _inside_title(self, doc: Doc, candidate: Candidate) -> bool:
        """A gazetteer name that runs on into the title of a law ("Export Administration
        Regulations") names the law, not the body."""
        return (candidate.method == "gazetteer" and candidate.end < len(doc)
                and doc[candidate.end].text in self._instrument_words
                and doc[candidate.end - 1].whitespace_ != "")

    def _inside_word(self, doc: Doc, start: int) -> bool:
        """A match glued to a prefix, as "U.S." in "non-U.S.", is not a name of its own."""
        if start < 2 or doc[start - 1].text != "-" or doc[start - 1].whitespace_:
            return False
        return doc[start - 2].lower_ in self._hyphen_prefixes

    def __call__(self, analysis: Analysis) -> None:
        """Add the winning candidates to `analysis.mentions`."""
        run_steps(self.steps(analysis), self.reader)

    def steps(self, analysis: Analysis) -> Steps:
        """`__call__` as steps: the recogniser's reading of the sentences where a name is
        still unexplained is asked for, not made (`tradegraph.ingest.stages.reading`)."""
        doc = analysis.doc
        known = self._gazetteer_candidates(doc) + self._company_candidates(doc)
        candidates = (known + self._context_candidates(doc) + self._quoted_candidates(doc, known)
                      + self._document_people(analysis))
        candidates.sort(key=lambda c: (-(c.end - c.start), c.start, -c.confidence))
        taken = [False] * len(doc)
        for candidate in candidates:
            self._place(analysis, candidate, taken)
        recognised: list[Candidate] = []
        if self.reader is not None:
            wanted = self._unexplained(analysis, taken)
            yield ReadRequest("ner", analysis, wanted)
            recognised = self._recognised_candidates(analysis, wanted)
        for candidate in recognised:
            self._place(analysis, candidate, taken)
        for candidate in _repeated(analysis.doc, recognised, taken):
            self._place(analysis, candidate, taken)
        analysis.mentions.sort(key=lambda m: m.start)
        analysis.roles = assign_roles(analysis, self.titles)

    def _unexplained(self, analysis: Analysis, taken: list[bool]) -> list[Sentence]:
        """The sentences where a capitalised word is still unexplained: the trained
        recogniser reads those only."""
        with_trigger = {t.sentence.index for t in analysis.triggers or ()}
        return [s for s in analysis.sentences if not s.noise
                and needs_recognition(analysis, s, taken, stop_words=self._stop_words,
                                      instrument_words=self._unexplaining,
                                      with_trigger=s.index in with_trigger)]

    def _recognised_candidates(self, analysis: Analysis,
                               wanted: list[Sentence]) -> list[Candidate]:
        """The trained recogniser's spans in the sentences it read."""
        persons = {m.surface.split()[-1]: m.ref for m in analysis.mentions
                   if m.ref.type is EntityType.PERSON and " " in m.surface}
        found = []
        for sentence in wanted:
            for span in self.typer.spans(analysis.readings[sentence.index], persons):
                found.append(Candidate(span.start, span.end, span.ref, span.method,
                                       span.confidence))
        return found

    def _place(self, analysis: Analysis, candidate: Candidate, taken: list[bool]) -> None:
        """Add a candidate as a mention unless its tokens are taken or it is no name."""
        doc = analysis.doc
        if (any(taken[candidate.start:candidate.end]) or self._inside_word(doc, candidate.start)
                or self._inside_title(doc, candidate)):
            return
        sentence = analysis.sentence_of_token(candidate.start)
        if sentence.noise:
            return
        for index in range(candidate.start, candidate.end):
            taken[index] = True
        span = doc[candidate.start:candidate.end]
        analysis.mentions.append(EntityMention(
            ref=candidate.ref, start=span.start_char, end=span.end_char,
            token_start=candidate.start, token_end=candidate.end, surface=span.text,
            sentence=sentence.index, method=candidate.method,
            confidence=candidate.confidence))


def _repeated(doc: Doc, found: list[Candidate], taken: list[bool]) -> list[Candidate]:
    """The other uses, where still free, of the names the trained recogniser found: a name
    it read in one sentence is the same name in a sentence it did not read ("X has
    provided ..." opening a sentence, where a capitalised first word explains nothing)."""
    names = {tuple(t.text for t in doc[c.start:c.end]): c for c in found}
    firsts = {name[0] for name in names}
    repeats = []
    for token in doc:
        if token.text not in firsts or taken[token.i]:
            continue
        for name, candidate in names.items():
            end = token.i + len(name)
            if (name[0] == token.text and end <= len(doc) and not any(taken[token.i:end])
                    and tuple(t.text for t in doc[token.i:end]) == name):
                repeats.append(Candidate(token.i, end, candidate.ref, candidate.method,
                                         candidate.confidence))
                break
    return repeats
