"""Who a structured record names: listed parties and countries resolved to the identities
the news pipeline gives them, so a firm from a list row, a rule and an article is one node.

A name (or any of its aliases) the gazetteer knows resolves to the gazetteer's entity; an
unknown company name gets the key the news pipeline would mint for it (its name without
the legal form), so later news about it lands on the same node.
"""

from __future__ import annotations

import pycountry

from tradegraph.ingest.stages.entities import CompanyNameIndex, load_name_lexicon
from tradegraph.ontology.gazetteer import Gazetteer
from tradegraph.ontology.iris import slugify
from tradegraph.ontology.models import Entity, EntityRef, EntityType


class PartyResolver:
    """Resolves names of parties and countries against the gazetteer."""

    def __init__(self, gazetteer: Gazetteer, organization_words: list[str]) -> None:
        self.gazetteer = gazetteer
        self.companies = CompanyNameIndex(gazetteer, load_name_lexicon()["company_suffixes"])
        self._organization_words = {word.casefold() for word in organization_words}
        self._names: dict[tuple[str, bool], EntityRef] = {}
        self._countries: dict[str, EntityRef] = {}
        for name, ref, _ in gazetteer.names():
            if ref.type is EntityType.COUNTRY:
                self._countries.setdefault(name.casefold(), ref)
            elif ref.type is not EntityType.PRODUCT:
                person = ref.type is EntityType.PERSON
                self._names.setdefault((name.casefold(), person), ref)

    def party(self, kind: EntityType, names: list[str]) -> EntityRef:
        """The identity of a party listed under `names` (its name first, then aliases)."""
        person = kind is EntityType.PERSON
        known = self.named(names, person=person)
        if known is not None:
            return known
        if not person:
            for name in names:
                found = self.companies.lookup(name)
                if found is not None:
                    return found
        return self.new_party(kind, names[0])

    def named(self, names: list[str], *, person: bool = False) -> EntityRef | None:
        """The gazetteer entity one of `names` is a name of, if any."""
        for name in names:
            known = self._names.get((name.casefold(), person))
            if known is not None:
                return known
        return None

    def new_party(self, kind: EntityType, name: str) -> EntityRef:
        """A party the gazetteer does not know: an entity named like an institution is an
        organisation, other entities are firms keyed as the news pipeline keys them."""
        if kind is EntityType.FIRM:
            words = {word.strip(".,()").casefold() for word in name.split()}
            if words & self._organization_words:
                return EntityRef(type=EntityType.ORGANIZATION, key=slugify(name))
            return EntityRef(type=EntityType.FIRM, key=self.companies.core(name))
        return EntityRef(type=kind, key=slugify(name))

    def country(self, code_or_name: str) -> Entity | None:
        """The country an ISO code or a name means, as an entity (None if empty)."""
        text = code_or_name.strip()
        if not text:
            return None
        names = [text]
        record = pycountry.countries.get(alpha_2=text.upper()) if len(text) == 2 else None
        if record is None and len(text) > 3:
            try:
                record = pycountry.countries.lookup(text)
            except LookupError:
                record = None
        if record is not None:
            names = [getattr(record, "common_name", None) or record.name, record.name,
                     getattr(record, "official_name", None) or record.name, text]
        for name in names:
            ref = self._countries.get(name.casefold())
            if ref is not None:
                return self.gazetteer.entity(ref.key)
        label = names[0] if record is not None else text
        return Entity(type=EntityType.COUNTRY, key=slugify(label), label=label,
                      aliases=sorted({text} - {label}))

    def reference(self, key: str) -> Entity:
        """A gazetteer entity by key (e.g. the agency that keeps a list)."""
        return self.gazetteer.entity(key)

    def known(self, ref: EntityRef) -> bool:
        """Whether the gazetteer has this entity."""
        return ref.key in self.gazetteer and self.gazetteer.ref(ref.key) == ref
