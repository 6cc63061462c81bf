"""The reference gazetteer: agencies, firms, organisations, persons, countries and products.

The data lives in the TOML files beside this module, one file per entity type; this module
validates it (unique keys, references that resolve, no alias claimed twice within a type)
and offers it as `Entity` models. The gazetteer is reference data: it is loaded into a named
graph of its own and drives the recogniser that finds its names in text.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Iterator
from functools import cache
from importlib import resources

from pydantic import BaseModel, Field, ValidationError

from tradegraph.ontology.errors import TradegraphError
from tradegraph.ontology.models import Entity, EntityRef, EntityType, Key


class GazetteerError(TradegraphError, ValueError):
    """The gazetteer data is inconsistent; the message names the file and the entry."""


class GazetteerEntry(BaseModel):
    """One entry as written in a gazetteer file."""

    key: Key
    label: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    description: str | None = None
    parent: Key | None = None
    country: Key | None = None
    broader: list[Key] = Field(default_factory=list)
    same_as: list[str] = Field(default_factory=list)
    see_also: list[str] = Field(default_factory=list)
    case_sensitive: bool | None = Field(
        default=None, description="match names case-sensitively (default: all but products)"
    )
    match: bool = Field(default=True, description="tag this entry's names in text")


class GazetteerFile(BaseModel):
    """A gazetteer file: one entity type and its entries."""

    type: EntityType
    entity: list[GazetteerEntry]


class Gazetteer:
    """All reference entities, indexed by key."""

    def __init__(self, files: dict[str, GazetteerFile]) -> None:
        self.files = files
        """The files it was built from, by name (to build a variant of it)."""
        self._entries: dict[str, tuple[EntityType, GazetteerEntry]] = {}
        for filename, data in files.items():
            for entry in data.entity:
                if entry.key in self._entries:
                    raise GazetteerError(f"{filename}: key {entry.key!r} is used twice")
                self._entries[entry.key] = (data.type, entry)
        self._check_references()
        self._check_names()
        self.fingerprint = _fingerprint(files)

    def _check_references(self) -> None:
        for key, (entity_type, entry) in self._entries.items():
            wanted = {
                "parent": [entry.parent] if entry.parent else [],
                "country": [entry.country] if entry.country else [],
                "broader": entry.broader,
            }
            for field, refs in wanted.items():
                for ref in refs:
                    if ref not in self._entries:
                        raise GazetteerError(f"{key}: {field} {ref!r} is not in the gazetteer")
            if entry.country and self._entries[entry.country][0] is not EntityType.COUNTRY:
                raise GazetteerError(f"{key}: country {entry.country!r} is not a Country")
            if entry.broader and entity_type is not EntityType.PRODUCT:
                raise GazetteerError(f"{key}: only products have broader categories")

    def _check_names(self) -> None:
        # One surface form naming two entities of one type would make tagging ambiguous.
        claimed: dict[tuple[EntityType, str], str] = {}
        for key, (entity_type, entry) in self._entries.items():
            for name in dict.fromkeys([entry.label, *entry.aliases]):
                owner = claimed.setdefault((entity_type, name), key)
                if owner != key:
                    raise GazetteerError(
                        f"{key}: name {name!r} is already claimed by {owner!r} "
                        f"({entity_type.value})")

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def ref(self, key: str) -> EntityRef:
        """Identity of the entry with this key (KeyError if absent)."""
        return EntityRef(type=self._entries[key][0], key=key)

    def entry(self, key: str) -> GazetteerEntry:
        """The raw entry with this key (KeyError if absent)."""
        return self._entries[key][1]

    def entity(self, key: str) -> Entity:
        """The entry as an `Entity` model (KeyError if absent)."""
        entity_type, entry = self._entries[key]
        return Entity(
            type=entity_type,
            key=entry.key,
            label=entry.label,
            aliases=list(entry.aliases),
            description=entry.description,
            same_as=list(entry.same_as),
            see_also=list(entry.see_also),
            parent=self.ref(entry.parent) if entry.parent else None,
            country=self.ref(entry.country) if entry.country else None,
            broader=[self.ref(b) for b in entry.broader],
        )

    def entities(self) -> Iterator[Entity]:
        """Every entry as an `Entity`, in file order."""
        for key in self._entries:
            yield self.entity(key)

    def names(self) -> Iterator[tuple[str, EntityRef, bool]]:
        """Every name to tag in text: (surface form, entity, case-sensitive?)."""
        for key, (entity_type, entry) in self._entries.items():
            if not entry.match:
                continue
            case_sensitive = entry.case_sensitive
            if case_sensitive is None:
                case_sensitive = entity_type is not EntityType.PRODUCT
            ref = EntityRef(type=entity_type, key=key)
            for name in dict.fromkeys([entry.label, *entry.aliases]):
                yield name, ref, case_sensitive


def _fingerprint(files: dict[str, GazetteerFile]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode())
        digest.update(files[name].model_dump_json().encode())
    return digest.hexdigest()[:16]


@cache
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer, validated (cached: it is read once per process)."""
    files: dict[str, GazetteerFile] = {}
    folder = resources.files(__package__)
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".toml"):
            continue
        try:
            files[item.name] = GazetteerFile.model_validate(tomllib.loads(item.read_text("utf-8")))
        except (tomllib.TOMLDecodeError, ValidationError) as error:
            raise GazetteerError(f"gazetteer file {item.name}: {error}") from error
    return Gazetteer(files)
