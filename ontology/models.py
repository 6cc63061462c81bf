"""Pydantic models of the facts tradegraph extracts: documents, entities, actions, evidence.

These are the data types that flow between the ingest stages and into the mapping to RDF
(`tradegraph.ontology.mapping`). They hold no IRIs: identity is a (type, key) pair, and
the mapping mints IRIs from it, so every component agrees on identity without a store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tradegraph.ontology.action_kinds import ActionKinds
from tradegraph.ontology.schema import schema

KEY_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
"""Entity and document keys: lower-case ASCII words joined by single hyphens."""

Key = Annotated[str, Field(pattern=KEY_PATTERN, min_length=1, max_length=200)]
Confidence = Annotated[float, Field(ge=0.0, le=1.0)]


class EntityType(StrEnum):
    """The kinds of named things in the graph (the names of their ontology classes)."""

    AGENCY = "Agency"
    FIRM = "Firm"
    PERSON = "Person"
    COUNTRY = "Country"
    PRODUCT = "Product"
    ORGANIZATION = "Organization"
    VESSEL = "Vessel"
    AIRCRAFT = "Aircraft"

    @property
    def segment(self) -> str:
        """Path segment of this type's IRIs, e.g. `agency` in `.../id/agency/bis`."""
        return self.value.lower()


class ActionType(StrEnum):
    """Action classes of the ontology contract (see the annotation guidelines)."""

    ENTITY_LIST_ADDITION = "EntityListAddition"
    ENTITY_LIST_REMOVAL = "EntityListRemoval"
    ENTITY_LIST_AMENDMENT = "EntityListAmendment"
    LICENSE_APPLICATION = "LicenseApplication"
    LICENSE_APPROVAL = "LicenseApproval"
    LICENSE_DENIAL = "LicenseDenial"
    TEMPORARY_GENERAL_LICENSE = "TemporaryGeneralLicense"
    DENIAL_ORDER = "DenialOrder"
    REGULATION = "Regulation"
    DESIGNATION = "Designation"
    SANCTION = "Sanction"
    TARIFF = "Tariff"
    APPEAL = "Appeal"
    LOBBYING = "Lobbying"
    NEGOTIATION = "Negotiation"
    TRANSACTION = "Transaction"
    STATEMENT = "Statement"

    @property
    def label(self) -> str:
        """Human-readable name, the class's label in the ontology as the start of a line:
        `EntityListAddition` -> `Entity List addition`, `DenialOrder` -> `Denial order`."""
        return schema().action(self.value).caption


class Status(StrEnum):
    """Status of an action as its source states it."""

    IN_FORCE = "in force"
    ANNOUNCED = "announced"
    INTENDED = "intended"
    PROPOSED = "proposed"
    TERMINATED = "terminated"
    SUSPENDED = "suspended"
    REPORTED = "reported"
    SPECULATIVE = "speculative"

    @property
    def local_name(self) -> str:
        """Name of the status individual in the ontology: `in force` -> `InForce`."""
        return "".join(word.capitalize() for word in self.value.split())


class DatePrecision(StrEnum):
    """How much of a date the text gives."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class PartialDate(BaseModel):
    """A calendar date known to the day, the month or only the year."""

    model_config = ConfigDict(frozen=True)

    year: int = Field(ge=1, le=9999)
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)

    @model_validator(mode="after")
    def _check_calendar(self) -> Self:
        if self.day is not None:
            if self.month is None:
                raise ValueError("a day needs a month")
            dt.date(self.year, self.month, self.day)  # raises on 2019-02-30
        return self

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`."""
        match = _PARTIAL_DATE.match(text.strip())
        if not match:
            raise ValueError(f"not a date of the form YYYY, YYYY-MM or YYYY-MM-DD: {text!r}")
        year, month, day = match.groups()
        return cls(year=int(year), month=int(month) if month else None,
                   day=int(day) if day else None)

    @classmethod
    def of(cls, date: dt.date, precision: DatePrecision = DatePrecision.DAY) -> PartialDate:
        """The given date, truncated to `precision`."""
        if precision is DatePrecision.YEAR:
            return cls(year=date.year)
        if precision is DatePrecision.MONTH:
            return cls(year=date.year, month=date.month)
        return cls(year=date.year, month=date.month, day=date.day)

    @property
    def precision(self) -> DatePrecision:
        """Day, month or year."""
        if self.day is not None:
            return DatePrecision.DAY
        return DatePrecision.MONTH if self.month is not None else DatePrecision.YEAR

    def isoformat(self) -> str:
        """`2019`, `2019-05` or `2019-05-16`."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def first_day(self) -> dt.date:
        """The earliest calendar day this date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def __str__(self) -> str:
        return self.isoformat()


class EntityRef(BaseModel):
    """Identity of an entity: its type and its normalised key."""

    model_config = ConfigDict(frozen=True)

    type: EntityType
    key: Key

    def __str__(self) -> str:
        return f"{self.type.segment}/{self.key}"


class Evidence(BaseModel):
    """A span of a document's stored text that states a fact, as a Web Annotation records it."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0, description="offset of the first character (code points)")
    end: int = Field(gt=0, description="offset after the last character")
    quote: str = Field(min_length=1, description="exactly text[start:end]")
    prefix: str = ""
    suffix: str = ""
    confidence: Confidence = 1.0
    extractor: str = Field(min_length=1)
    extractor_version: str = Field(min_length=1)

    @model_validator(mode="after")
    def _check_span(self) -> Self:
        if self.end <= self.start:
            raise ValueError("evidence end must be after its start")
        if len(self.quote) != self.end - self.start:
            raise ValueError("evidence quote length differs from its span")
        return self


class PostalAddress(BaseModel):
    """An address as a screening list gives it; every part optional."""

    model_config = ConfigDict(frozen=True)

    street: str | None = None
    locality: str | None = Field(default=None, description="city")
    region: str | None = Field(default=None, description="state or province")
    postal_code: str | None = None
    country: str | None = Field(default=None, description="country name or ISO code as given")

    def __str__(self) -> str:
        parts = (self.street, self.locality, self.region, self.postal_code, self.country)
        return ", ".join(part for part in parts if part)


class Entity(BaseModel):
    """A named thing found in (or known to) the corpus."""

    type: EntityType
    key: Key
    label: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    same_as: list[str] = Field(default_factory=list, description="external identifier IRIs")
    see_also: list[str] = Field(default_factory=list, description="reference web pages")
    parent: EntityRef | None = None
    country: EntityRef | None = None
    broader: list[EntityRef] = Field(default_factory=list, description="broader products")
    description: str | None = None
    job_title: str | None = Field(default=None, description="a person's role, from a title")
    affiliation: EntityRef | None = Field(
        default=None, description="the organisation a person's title names")
    addresses: list[PostalAddress] = Field(default_factory=list)

    @property
    def ref(self) -> EntityRef:
        """This entity's identity."""
        return EntityRef(type=self.type, key=self.key)


class Mention(BaseModel):
    """One place where a document names an entity."""

    model_config = ConfigDict(frozen=True)

    entity: EntityRef
    evidence: Evidence


class Action(BaseModel):
    """An action of the ontology contract with its roles, time, status and evidence."""

    type: ActionType
    kinds: ActionKinds = Field(default_factory=list)
    agents: list[EntityRef] = Field(default_factory=list)
    targets: list[EntityRef] = Field(default_factory=list)
    affiliates_of: list[EntityRef] = Field(
        default_factory=list, description="parties whose affiliates the action is about when "
        "it counts them rather than naming them ('46 affiliates of X'): not its targets")
    beneficiaries: list[EntityRef] = Field(default_factory=list)
    products: list[EntityRef] = Field(default_factory=list)
    date: PartialDate | None = None
    start_date: PartialDate | None = None
    end_date: PartialDate | None = None
    duration: str | None = Field(
        default=None, pattern=r"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$", min_length=3,
        description="ISO 8601 duration in days, weeks, months or years, e.g. P90D",
    )
    amount: Decimal | None = None
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    quantity: Decimal | None = None
    country: EntityRef | None = Field(
        default=None, description="the country the action concerns when it names no party "
        "there ('eleven entities in China')")
    status: Status = Status.REPORTED
    confidence: Confidence = 0.5
    evidence: list[Evidence] = Field(min_length=1)
    # what the legal record states about a listing or rule (None in news)
    citations: list[str] = Field(default_factory=list, description="Federal Register "
                                 "citations of the rules behind it, e.g. '84 FR 22961'")
    source_list: str | None = Field(default=None, description="the screening list, as named")
    programs: list[str] = Field(default_factory=list, description="sanctions programs")
    license_requirement: str | None = None
    license_policy: str | None = Field(default=None, description="license review policy")
    entry_id: str | None = Field(default=None, description="the list entry's identifier")
    see_also: list[str] = Field(default_factory=list, description="reference web pages")

    @field_validator("duration")
    @classmethod
    def _weeks_as_days(cls, duration: str | None) -> str | None:
        # xsd:duration has no weeks: "P2W" is stored as "P14D".
        match = re.fullmatch(r"P((?:\d+Y)?(?:\d+M)?)(?:(\d+)W)?(?:(\d+)D)?", duration or "")
        if not match or match.group(2) is None:
            return duration
        days = 7 * int(match.group(2)) + int(match.group(3) or 0)
        return f"P{match.group(1)}{days}D"

    @field_validator("products")
    @classmethod
    def _products_are_products(cls, refs: list[EntityRef]) -> list[EntityRef]:
        for ref in refs:
            if ref.type is not EntityType.PRODUCT:
                raise ValueError(f"{ref} is not a product")
        return refs

    @field_validator("country")
    @classmethod
    def _country_is_a_country(cls, ref: EntityRef | None) -> EntityRef | None:
        if ref is not None and ref.type is not EntityType.COUNTRY:
            raise ValueError(f"{ref} is not a country")
        return ref


_FIELDS_HASHED_WHEN_SET = ("citation", "structured", "record")


class Document(BaseModel):
    """A loaded source document: its body text and the metadata its source gives."""

    key: Key
    text: str = Field(min_length=1)
    source: str = Field(description="where it was read from (path, URL or '-'); not stored")
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    doc_type: str | None = None
    rights: str | None = None
    metadata: dict[str, str] = Field(default_factory=dict, description="other header fields")
    citation: str | None = Field(default=None, description="Federal Register citation")
    structured: str | None = Field(
        default=None, description="the structured source whose extractor reads this document "
        "('screening-list', 'federal-register'); None for prose. Such documents are part of "
        "the legal record")
    record: str | None = Field(
        default=None, description="the source record as JSON, for sources whose facts are "
        "fields (kept so the document can be extracted again from the store)")
    source_key: str | None = Field(
        default=None, description="which source the document was read from, as tradegraph "
        "tells sources apart (see tg:sourceKey); set at ingest, not part of the content hash")
    source_path: str | None = Field(
        default=None, description="the file it was read from, relative to the ingest root; "
        "set at ingest, not part of the content hash")

    @property
    def content_hash(self) -> str:
        """`sha256:` and the hex digest of the text and all metadata that is stored (where
        the document came from is not: the same content from two places is one document)."""
        payload = self.model_dump(mode="json", exclude={"source", "source_key", "source_path"})
        for name in _FIELDS_HASHED_WHEN_SET:  # so hashes of prose documents stay as they were
            if payload[name] is None:
                del payload[name]
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8"))
        return "sha256:" + digest.hexdigest()


class Extraction(BaseModel):
    """All that one pipeline run found in one document."""

    document: Document
    pipeline: str = Field(min_length=1, description="fingerprint of the pipeline that ran")
    extractor: str = Field(min_length=1)
    extractor_version: str = Field(min_length=1)
    entities: list[Entity] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    warnings: list[str] = Field(
        default_factory=list, description="parts of the document that were skipped, and why")
    lost: int = Field(
        default=0, ge=0, description="parts lost because the file itself is broken (e.g. a "
        "list row whose quote never closes); among the warnings, and a failed run")
    entities_in_last_part: bool = Field(
        default=False, description="a section of a long document: the entities its "
        "mentions name are stated by the document's last part, which knows the name each "
        "is labelled by (a fuller one may come in a later section), not by this part")

    @model_validator(mode="after")
    def _check_references(self) -> Self:
        known = {entity.ref for entity in self.entities}
        for mention in self.mentions:
            if mention.entity not in known:
                raise ValueError(f"mention of unknown entity {mention.entity}")
        for action in self.actions:
            for ref in (*action.agents, *action.targets, *action.affiliates_of,
                        *action.beneficiaries, *action.products):
                if ref not in known:
                    raise ValueError(f"{action.type} refers to unknown entity {ref}")
        text = self.document.text
        for evidence in self._all_evidence():
            if evidence.end > len(text) or text[evidence.start:evidence.end] != evidence.quote:
                raise ValueError(
                    f"evidence {evidence.start}-{evidence.end} does not quote the document text"
                )
        return self

    def _all_evidence(self) -> list[Evidence]:
        found = [mention.evidence for mention in self.mentions]
        for action in self.actions:
            found.extend(action.evidence)
        return found

    def entity(self, ref: EntityRef) -> Entity:
        """The entity with this identity (KeyError if absent)."""
        for entity in self.entities:
            if entity.ref == ref:
                return entity
        raise KeyError(str(ref))

