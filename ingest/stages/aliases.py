"""Names a document defines for itself: "Federal Communications Commission (Commission)",
"(collectively, ``ZTE'')", and a person's surname after the full name was used.

Each defined name becomes a document-local alias of the entity it follows, and its later
occurrences are tagged as mentions of that entity.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from tradegraph.ingest.analysis import Analysis, EntityMention
from tradegraph.ontology.models import EntityRef, EntityType

_OPEN_QUOTES = {"``", "“", '"', "‘", "'"}
_CLOSE_QUOTES = {"''", "”", '"', "’", "'"}


class AliasLinker:
    """Register parenthesised definitions and surnames as aliases and tag their uses."""

    name = "aliases"
    version = "2"

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.definition = Matcher(nlp.vocab)
        self.definition.add(
            "DEFINITION",
            [[
                {"TEXT": "("},
                {"LOWER": {"IN": ["collectively", "hereinafter", "together"]}, "OP": "?"},
                {"TEXT": ",", "OP": "?"},
                {"TEXT": {"IN": sorted(_OPEN_QUOTES)}, "OP": "?"},
                {"TEXT": {"REGEX": r"^[A-Z][A-Za-z0-9&.\-]*$"}, "OP": "{1,4}"},
                {"TEXT": {"IN": sorted(_CLOSE_QUOTES)}, "OP": "?"},
                {"TEXT": ")"},
            ]],
            greedy="LONGEST",
        )

    def _definitions(self, analysis: Analysis) -> dict[str, EntityRef]:
        doc = analysis.doc
        ends = {mention.token_end: mention for mention in analysis.mentions}
        # the trained recogniser's guess yields to a name the document defines
        starts = {mention.token_start for mention in analysis.mentions
                  if not _guessed(mention)}
        aliases: dict[str, EntityRef] = {}
        for _, start, end in self.definition(doc):
            defined = [t for t in doc[start + 1:end - 1] if t.text[:1].isupper()
                       and t.lower_ not in {"collectively", "hereinafter", "together"}]
            if not defined or defined[0].i in starts:
                continue  # nothing defined, or the defined name is an entity of its own
            owner = ends.get(start)
            if owner is None:
                continue
            name = doc[defined[0].i:defined[-1].i + 1].text
            aliases.setdefault(name, owner.ref)
        for mention in analysis.mentions:
            if mention.ref.type is EntityType.PERSON and " " in mention.surface:
                surname = mention.surface.split()[-1]
                if surname[:1].isupper() and surname.isalpha():
                    aliases.setdefault(surname, mention.ref)
        return aliases

    def _tag(self, analysis: Analysis, aliases: dict[str, EntityRef]) -> None:
        doc: Doc = analysis.doc
        matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        for name in aliases:
            matcher.add(name, [self.nlp.make_doc(name)])
        taken = [False] * len(doc)
        for mention in analysis.mentions:
            if _guessed(mention):
                continue
            for index in range(mention.token_start, mention.token_end):
                taken[index] = True
        tagged: list[EntityMention] = []
        for match_id, start, end in sorted(matcher(doc), key=lambda m: (m[1], -m[2])):
            if any(taken[start:end]):
                continue
            sentence = analysis.sentence_of_token(start)
            if sentence.noise:
                continue
            span = doc[start:end]
            ref = aliases[doc.vocab.strings[match_id]]
            for index in range(start, end):
                taken[index] = True
            tagged.append(EntityMention(
                ref=ref, start=span.start_char, end=span.end_char, token_start=start,
                token_end=end, surface=span.text, sentence=sentence.index,
                method="document-alias", confidence=0.8,
            ))
        if tagged:
            covered = {i for m in tagged for i in range(m.token_start, m.token_end)}
            analysis.mentions = [m for m in analysis.mentions if not _guessed(m) or not any(
                i in covered for i in range(m.token_start, m.token_end))] + tagged
        analysis.mentions.sort(key=lambda m: m.start)

    def __call__(self, analysis: Analysis) -> None:
        """Tag the uses of document-defined names."""
        aliases = self._definitions(analysis)
        if aliases:
            self._tag(analysis, aliases)


def _guessed(mention: EntityMention) -> bool:
    """A mention the trained recogniser proposed (see `stages.named_spans`)."""
    return mention.method.startswith("trained-ner")
