"""Screening-list rows as facts: each row a listed party and one listing action.

A row of the Consolidated Screening List gives a party (name, aliases, addresses,
country) and its listing: the list (which decides the action type and the agency, see
`lexicon.toml` beside this module), programs, license requirement and review policy, the
Federal Register citations and the start and end dates. The listing's evidence is the row
itself. A row that cannot be read is skipped and reported with its line; the rest of the
list is still read. A row lost to an unclosed quote is counted apart (`Extraction.lost`):
the file itself is broken, and the ingest says so in its exit code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tradegraph.ingest.citations import parse_citations
from tradegraph.ingest.pipeline import NewsPipeline
from tradegraph.ingest.sources.base import read_package_text, structured_fingerprint, text_digest
from tradegraph.ingest.sources.list_facts import ListFacts
from tradegraph.ingest.sources.parties import PartyResolver
from tradegraph.ingest.sources.screening_list.fields import ListingFields, list_lexicon
from tradegraph.ingest.sources.screening_list.loader import SCREENING_LIST
from tradegraph.ingest.sources.screening_list.parts import read_in_parts, unknown_list_warnings
from tradegraph.ingest.sources.screening_list.rows import Row, read_rows
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

EXTRACTOR_NAME = "tradegraph-screening-list"
_LIST_CODE = re.compile(r"\(([A-Z][A-Z-]*)(?: List)?\)")
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


@dataclass(frozen=True)
class ListKind:
    """What a list's rows record: the action type and the agency that keeps the list."""

    action: ActionType
    agency: str | None


class ScreeningListExtractor:
    """Reads the rows of a screening list (`Document.structured == "screening-list"`)."""

    name = SCREENING_LIST

    def __init__(self, prose: NewsPipeline) -> None:
        lexicon = list_lexicon()
        # 2: rows after an unclosed quote are read again, all-empty rows are reported;
        # 3: invisible characters dropped from values
        self.version = "3-" + text_digest(read_package_text(__package__, "lexicon.toml"))
        self.prose = prose
        self.parties = PartyResolver(prose.gazetteer, lexicon["organization_words"])
        self._lists = {code: ListKind(ActionType(entry["action"]), entry.get("agency"))
                       for code, entry in lexicon["lists"].items()}
        self._party_types = {name: EntityType(value)
                             for name, value in lexicon["party_types"].items()}

    def extract(self, document: Document) -> Extraction:
        """Every listing of the list, with the rows that were skipped as warnings."""
        facts = ListFacts()
        unknown_lists: set[str] = set()
        self.read(document, read_rows(document.text), facts, unknown_lists)
        facts.warnings += unknown_list_warnings(unknown_lists)
        return self.finish(document, facts)

    def reads_in_parts(self, document: Document, rows_per_part: int) -> bool:
        """A list of more rows than one part holds is read in parts."""
        return document.text.count("\n") >= rows_per_part

    def extract_parts(self, document: Document, rows_per_part: int) -> Iterator[Extraction]:
        """The list's facts in parts of about `rows_per_part` rows, each party's rows in one
        part (so its listings merge as in `extract`), the document's own part last: no
        facts, every warning, the rows lost. Memory is bounded by the part, not the list
        (see `parts.py`)."""
        return read_in_parts(self, document, rows_per_part)

    def finish(self, document: Document, facts: ListFacts) -> Extraction:
        """The extraction of what `facts` holds."""
        return facts.extraction(document, pipeline=structured_fingerprint(self.prose, self),
                                extractor=EXTRACTOR_NAME,
                                version=f"{self.prose.version}+{self.version}")

    def read(self, document: Document, rows: Iterable[Row], facts: ListFacts,
             unknown_lists: set[str]) -> None:
        """Read rows into `facts`; a row that cannot be read is reported there."""
        for row in rows:
            if facts.readable(row):
                try:
                    self._read_row(document, row, facts, unknown_lists)
                except ValueError as error:
                    facts.skip(row, str(error))

    def party_of(self, fields: ListingFields) -> tuple[EntityRef, str, list[str]]:
        """Whom a row lists: the party's identity, its name and its aliases (ValueError if
        the row names none)."""
        name = fields.text("name")
        if not name:
            raise ValueError("the row has no name")
        kind_text = fields.text("type").casefold() or "entity"
        if kind_text not in self._party_types:
            raise ValueError(f"unknown party type {fields.text('type')!r}")
        aliases = [alias for alias in fields.many("alt_names") if alias != name]
        ref = self.parties.party(self._party_types[kind_text], [name, *aliases])
        return ref, name, aliases

    def _read_row(
        self, document: Document, row: Row, facts: ListFacts, unknown_lists: set[str]
    ) -> None:
        fields = ListingFields(row.fields)
        ref, name, aliases = self.party_of(fields)
        start, end = fields.date("start_date"), fields.date("end_date")
        source = fields.text("source")
        kind = self._list_kind(source)
        if kind is None:
            unknown_lists.add(source)
            kind = ListKind(ActionType.DESIGNATION, None)

        party, country = self._party(ref, name, aliases, fields)
        facts.add_entity(party)
        if country is not None:
            facts.add_entity(country)
        evidence = self._evidence(document, row.start, row.end)
        facts.mentions.append(Mention(entity=ref, evidence=self._name_evidence(
            document, row, name) or evidence))

        agents = []
        if kind.agency:
            agency = self.parties.reference(kind.agency)
            facts.add_entity(agency)
            agents.append(agency.ref)
        facts.add_action(Action(
            type=kind.action, agents=agents, targets=[ref], date=start, start_date=start,
            end_date=end, status=_status(end, document), confidence=1.0, evidence=[evidence],
            citations=parse_citations(fields.text("citation")), source_list=source or None,
            programs=fields.many("programs"),
            license_requirement=fields.text("license_requirement") or None,
            license_policy=fields.text("license_policy") or None,
            entry_id=fields.text("id") or None,
            see_also=[url for url in (fields.text("list_url"), fields.text("information_url"))
                      if _URL.match(url)],
        ))

    def _list_kind(self, source: str) -> ListKind | None:
        code = _LIST_CODE.search(source)
        key = code.group(1) if code else source.strip().upper()
        key = {"NS-MBS": "MBS"}.get(key, key)
        return self._lists.get(key)

    def _party(self, ref: EntityRef, name: str, aliases: list[str],
               fields: ListingFields) -> tuple[Entity, Entity | None]:
        """The listed party with its names and addresses, and the country of its first
        address that names one."""
        addresses = fields.addresses()
        country = None
        for address in addresses:
            country = self.parties.country(address.country or "")
            if country is not None:
                break
        known = self.parties.known(ref)
        label = self.parties.reference(ref.key).label if known else name
        party = Entity(type=ref.type, key=ref.key, label=label,
                       aliases=sorted({name, *aliases} - {label}), addresses=addresses,
                       country=country.ref if country else None)
        return party, country

    def _evidence(self, document: Document, start: int, end: int) -> Evidence:
        return Evidence(start=start, end=end, quote=document.text[start:end], confidence=1.0,
                        extractor=EXTRACTOR_NAME, extractor_version=self.version)

    def _name_evidence(self, document: Document, row: Row, name: str) -> Evidence | None:
        """The party's name where the row spells it (highlighted in the document view)."""
        offset = document.text.find(name, row.start, row.end)
        if offset < 0:
            return None
        return self._evidence(document, offset, offset + len(name))


def _status(end: PartialDate | None, document: Document) -> Status:
    """In force, unless the listing ended before the list was published."""
    ended = end is not None and document.published is not None and (
        end.first_day() < document.published)
    return Status.TERMINATED if ended else Status.IN_FORCE
