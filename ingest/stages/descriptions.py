"""Definite descriptions: "the company", "the Chinese company", "the department" refer to
an entity the text named shortly before; each becomes a mention of it.

Only the singular definite form counts ("a company", "the companies" and "the company's
rivals" in a list of many are left alone by the head-word rule), and only when an entity
of the right type was named in the last few sentences. A nationality word before the head
("the Chinese company") picks the nearest entity of that country when the gazetteer knows
it.
"""

from __future__ import annotations

from spacy.tokens import Doc

from tradegraph.ingest.analysis import Analysis, EntityMention
from tradegraph.ingest.stages.entities import load_name_lexicon
from tradegraph.ontology.gazetteer import Gazetteer
from tradegraph.ontology.models import EntityRef, EntityType

LOOKBACK_SENTENCES = 3
"""How far back a description may reach for its referent."""
_MODIFIERS = 2
"""Most words between "the" and the head word ("the Chinese telecom giant")."""
_NATIONALITIES = {"chinese": "china", "american": "united-states", "u.s.": "united-states",
                  "russian": "russia", "iranian": "iran", "japanese": "japan",
                  "korean": "south-korea", "taiwanese": "taiwan", "dutch": "netherlands"}


# Words that may follow a referring description ("the company said", "the department
# added"): anything else lower-case after the head makes a compound ("the company store").
_VERB_LIKE = frozenset({"added", "after", "also", "and", "announced", "appealed", "argued",
    "as", "at", "before", "but", "by", "can", "cannot", "could", "declined", "denied", "did",
    "does", "expected", "expects", "for", "from", "had", "has", "have", "in", "is", "issued",
    "itself", "may", "might", "must", "not", "on", "or", "planned", "plans", "said", "says",
    "should", "since", "stated", "that", "then", "to", "told", "was", "when", "which", "will",
    "with", "would"})


class DescriptionLinker:
    """Tag definite descriptions as mentions of the entity they refer back to."""

    name = "descriptions"
    version = "1"

    def __init__(self, gazetteer: Gazetteer) -> None:
        lexicon = load_name_lexicon()["descriptions"]
        self.heads: dict[str, EntityType] = {
            **dict.fromkeys(lexicon["firm"]["heads"], EntityType.FIRM),
            **dict.fromkeys(lexicon["agency"]["heads"], EntityType.AGENCY),
        }
        self.name_contains: dict[str, str] = lexicon["agency"]["name_contains"]
        self.gazetteer = gazetteer

    def __call__(self, analysis: Analysis) -> None:
        """Add a mention for every description whose referent is found."""
        doc = analysis.doc
        taken = {index for m in analysis.mentions for index in range(m.token_start, m.token_end)}
        added = []
        for token in doc:
            kind = self.heads.get(token.lower_)
            if kind is None or token.i in taken or _plural_or_generic(doc, token.i):
                continue
            start = _determiner(doc, token.i)
            if start is None:
                continue
            sentence = analysis.sentence_of_token(start)
            if sentence.noise:
                continue
            nationality = next((_NATIONALITIES[t.lower_] for t in doc[start + 1:token.i]
                                if t.lower_ in _NATIONALITIES), None)
            referent = self._referent(analysis, start, kind, token.lower_, nationality)
            if referent is None:
                continue
            span = doc[start:token.i + 1]
            added.append(EntityMention(
                ref=referent, start=span.start_char, end=span.end_char, token_start=start,
                token_end=token.i + 1, surface=span.text, sentence=sentence.index,
                method="definite-description", confidence=0.6))
        if added:
            analysis.mentions.extend(added)
            analysis.mentions.sort(key=lambda m: m.start)

    def _referent(self, analysis: Analysis, start: int, kind: EntityType, head: str,
                  nationality: str | None) -> EntityRef | None:
        """The nearest fitting entity named before the description."""
        sentence = analysis.sentence_of_token(start).index
        candidates = [m for index in range(max(0, sentence - LOOKBACK_SENTENCES), sentence + 1)
                      for m in analysis.mentions_in(analysis.sentences[index], kind)
                      if m.token_end <= start]
        if kind is EntityType.AGENCY and head in self.name_contains:
            word = self.name_contains[head].lower()
            candidates = [m for m in candidates if word in self._names(m).lower()]
        if nationality:
            national = [m for m in candidates if self._country(m.ref) == nationality]
            candidates = national or candidates
        return candidates[-1].ref if candidates else None

    def _known(self, ref: EntityRef) -> bool:
        return ref.key in self.gazetteer and self.gazetteer.ref(ref.key) == ref

    def _names(self, mention: EntityMention) -> str:
        """The words a referent is known by: its surface and its gazetteer label."""
        label = self.gazetteer.entry(mention.ref.key).label if self._known(mention.ref) else ""
        return f"{label} {mention.surface}"

    def _country(self, ref: EntityRef) -> str | None:
        return self.gazetteer.entry(ref.key).country if self._known(ref) else None


def _determiner(doc: Doc, head: int) -> int | None:
    """Index of the "the" that opens the description ending at `head`, if any."""
    for start in range(head - 1, max(-1, head - _MODIFIERS - 2), -1):
        word = doc[start]
        if word.lower_ == "the":
            return start
        if not (word.is_alpha or word.lower_ in _NATIONALITIES or word.text == "-"):
            return None
    return None


def _plural_or_generic(doc: Doc, head: int) -> bool:
    """"the company's rivals" refers; "the company of its peers" and compounds such as
    "the company name" or "the department store" do not."""
    following = doc[head + 1] if head + 1 < len(doc) else None
    return following is not None and (following.lower_ in {"of", "name", "names", "level"}
                                      or (following.is_alpha and following.is_lower
                                          and following.lower_ not in _VERB_LIKE))
