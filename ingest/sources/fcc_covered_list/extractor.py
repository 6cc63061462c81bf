"""Covered List entries as facts: each a designation by the FCC of the firms producing or
providing a class of equipment or services, with the class as its products.

An entry that names no firm ("Routers produced in a foreign country, ...") is kept as a
designation of its class alone, with no target (partyless acts are kept). The evidence is
the entry's text in its row. A row that cannot be read (no entry, more fields than the
header) is skipped and reported with its line; a date that is no date is reported and the
entry kept undated; a cell holding two fused entries is reported and read as both.
"""

from __future__ import annotations

from tradegraph.ingest.pipeline import NewsPipeline
from tradegraph.ingest.sources.base import read_package_text, structured_fingerprint, text_digest
from tradegraph.ingest.sources.fcc_covered_list.entries import (
    Entry,
    Firm,
    clean,
    parse_inclusion_date,
    product_parts,
    read_entry,
    shares_head,
    split_fused,
)
from tradegraph.ingest.sources.fcc_covered_list.loader import (
    FCC_COVERED_LIST,
    covered_list_lexicon,
)
from tradegraph.ingest.sources.list_facts import ListFacts
from tradegraph.ingest.sources.parties import PartyResolver
from tradegraph.ingest.sources.screening_list.fields import list_lexicon
from tradegraph.ingest.sources.screening_list.rows import Row, read_rows
from tradegraph.ontology.iris import slugify
from tradegraph.ontology.models import (
    Action,
    ActionType,
    Document,
    Entity,
    EntityRef,
    EntityType,
    Evidence,
    Extraction,
    Mention,
    PartialDate,
    Status,
)

EXTRACTOR_NAME = "tradegraph-fcc-covered-list"
_ENTRY, _DATE = covered_list_lexicon()["header"]


class CoveredListExtractor:
    """Reads the entries of the Covered List (`Document.structured == "fcc-covered-list"`)."""

    name = FCC_COVERED_LIST

    def __init__(self, prose: NewsPipeline) -> None:
        lexicon = covered_list_lexicon()
        # 2: all-empty rows reported as such, rows lost to an unclosed quote counted
        self.version = "2-" + text_digest(read_package_text(__package__, "lexicon.toml"))
        self.prose = prose
        self.parties = PartyResolver(prose.gazetteer, list_lexicon()["organization_words"])
        self._action = ActionType(lexicon["action"])
        self._agency = self.parties.reference(lexicon["agency"])
        self._source_list: str = lexicon["source_list"]
        self._products = {name.casefold(): ref for name, ref, _ in prose.gazetteer.names()
                          if ref.type is EntityType.PRODUCT}

    def extract(self, document: Document) -> Extraction:
        """Every entry of the list, with what was skipped or repaired as warnings."""
        facts = ListFacts()
        for row in read_rows(document.text):
            if not facts.readable(row):
                continue
            if not row.fields.get(_ENTRY, "").strip():
                facts.skip(row, "the row names no equipment or service")
                continue
            self._read_row(document, row, facts)
        return facts.extraction(document, pipeline=structured_fingerprint(self.prose, self),
                                extractor=EXTRACTOR_NAME,
                                version=f"{self.prose.version}+{self.version}")

    def _read_row(self, document: Document, row: Row, facts: ListFacts) -> None:
        date: PartialDate | None = None
        try:
            date = parse_inclusion_date(row.fields.get(_DATE, ""))
        except ValueError as error:
            facts.warnings.append(f"{row.where}: {error}; date skipped, entry kept")
        else:
            if date is None:
                facts.warnings.append(f"{row.where}: no inclusion date; entry kept "
                                      "without a date")
        entries = split_fused(row.fields[_ENTRY])
        if len(entries) > 1:
            facts.warnings.append(f"{row.where}: {len(entries)} entries fused in one cell "
                                  f"(a doubled quote); read as {len(entries)} entries")
        facts.add_entity(self._agency)
        for text in entries:
            entry = read_entry(clean(text), self._is_firm)
            evidence = self._evidence(document, row, text)
            targets = [self._firm(document, row, firm, facts, evidence)
                       for firm in entry.firms]
            products = self._product_refs(entry, facts)
            facts.add_action(Action(
                type=self._action, agents=[self._agency.ref], targets=targets,
                products=products, date=date, start_date=date, status=Status.IN_FORCE,
                confidence=1.0, evidence=[evidence], source_list=self._source_list,
            ))

    def _is_firm(self, name: str) -> bool:
        """A name the gazetteer knows, or one ending in a legal form."""
        return (self.parties.named([name]) is not None
                or self.parties.companies.lookup(name) is not None
                or self.parties.companies.core(name) != slugify(name))

    def _firm(self, document: Document, row: Row, firm: Firm, facts: ListFacts,
              evidence: Evidence) -> EntityRef:
        """The firm's identity; its entity (with its parent) and its mention recorded."""
        name = firm.name
        ref = self.parties.party(EntityType.FIRM, [name])
        parent_ref = (self.parties.party(EntityType.FIRM, [firm.parent]) if firm.parent
                      else None)
        if self.parties.known(ref):
            known = self.parties.reference(ref.key)
            entity = known.model_copy(update={"aliases": sorted({*known.aliases, name}
                                                                 - {known.label})})
        else:
            entity = Entity(type=ref.type, key=ref.key, label=name, parent=parent_ref)
        facts.add_entity(entity)
        offset = document.text.find(name, row.start, row.end)
        facts.mentions.append(Mention(entity=ref, evidence=evidence if offset < 0 else
                                      self._span(document, offset, offset + len(name))))
        return ref

    def _product_refs(self, entry: Entry, facts: ListFacts) -> list[EntityRef]:
        """The class as gazetteer products (the whole phrase, or each of its parts, alone
        or completed by the last one's head noun), else as one product of its own,
        narrower than the gazetteer product its shared head names."""
        if entry.products is None:
            return []
        parts, head = product_parts(entry.products)
        whole = self._product(entry.products)
        found = [self._product(part) or self._product(f"{part} {head}") for part in parts]
        refs = [whole] if whole else []
        if not refs and all(found):
            refs = list(dict.fromkeys(ref for ref in found if ref))
        if not refs:
            product = Entity(type=EntityType.PRODUCT, key=slugify(entry.products),
                             label=entry.products,
                             broader=self._broader(parts[-1]) if shares_head(parts, head)
                             else [])
            facts.add_entity(product)
            return [product.ref]
        for ref in refs:
            facts.add_entity(self.parties.reference(ref.key))
        return refs

    def _product(self, name: str) -> EntityRef | None:
        return self._products.get(name.casefold())

    def _broader(self, phrase: str) -> list[EntityRef]:
        """The gazetteer product the last words of `phrase` name, if any."""
        words = phrase.split()
        for start in range(1, len(words)):
            ref = self._product(" ".join(words[start:]))
            if ref is not None:
                return [ref]
        return []

    def _evidence(self, document: Document, row: Row, entry: str) -> Evidence:
        """The entry where its row spells it, else the whole row."""
        offset = document.text.find(entry, row.start, row.end)
        if offset < 0:
            return self._span(document, row.start, row.end)
        return self._span(document, offset, offset + len(entry))

    def _span(self, document: Document, start: int, end: int) -> Evidence:
        return Evidence(start=start, end=end, quote=document.text[start:end], confidence=1.0,
                        extractor=EXTRACTOR_NAME, extractor_version=self.version)
