"""Parties the graph already knows, handed to the reader so that it recognises them in prose.

The gazetteer is what tradegraph ships; the store learns more: the parties and aliases of
the screening lists, the firms of the FCC Covered List, entities earlier documents named,
the user's merges. A `KnownParties` value carries them (an identity and every name) into the
prose engine, and with the pipeline's settings into worker processes. Its names are matched
like gazetteer names and win over the trained recogniser's guesses; the gazetteer wins over
them where both claim a name.

Known parties do not enter the pipeline's fingerprint: a document keeps the reading it was
ingested with, and a party learned later is recognised in documents read afterwards (and in
stored ones when they are read again, e.g. `tradegraph ingest --force`).

>>> from tradegraph.ontology.models import EntityType
>>> known = KnownParties.of([(EntityRef(type=EntityType.FIRM, key="acme"), ["Acme Widgets", "AW"])])
>>> [name for name, _ in known.names()]
['Acme Widgets', 'AW']
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tradegraph.ingest.lexicon import load_name_lexicon
from tradegraph.ontology.iris import slugify
from tradegraph.ontology.models import EntityRef, EntityType

MIN_NAME_LENGTH = 3
"""Shorter names ("AW" excepted when written in capitals) are too ambiguous to match alone."""
PARTY_TYPES = frozenset({EntityType.FIRM, EntityType.ORGANIZATION, EntityType.PERSON,
                         EntityType.AGENCY, EntityType.COUNTRY})


@dataclass(frozen=True)
class KnownParty:
    """One party: its identity in the graph and the names it goes by."""

    ref: EntityRef
    names: tuple[str, ...]


@dataclass(frozen=True)
class KnownParties:
    """The parties a store knows (picklable, for worker processes)."""

    parties: tuple[KnownParty, ...] = ()

    @classmethod
    def of(cls, parties: Iterable[tuple[EntityRef, Iterable[str]]]) -> KnownParties:
        """From (identity, names) pairs; parties of other types and blank names are left
        out, and each party's names are kept once, in order."""
        kept = []
        for ref, names in parties:
            if ref.type not in PARTY_TYPES:
                continue
            usable = tuple(dict.fromkeys(n.strip() for n in names if usable_name(n.strip())))
            if usable:
                kept.append(KnownParty(ref, usable))
        return cls(tuple(kept))

    def __len__(self) -> int:
        return len(self.parties)

    def names(self) -> Iterator[tuple[str, EntityRef]]:
        """Every (name, identity) to look for in text."""
        for party in self.parties:
            for name in party.names:
                yield name, party.ref

    @property
    def fingerprint(self) -> str:
        """A digest of the parties and their names."""
        digest = hashlib.sha256()
        for party in self.parties:
            digest.update("\x1f".join([str(party.ref), *party.names, "\x1d"]).encode())
        return digest.hexdigest()[:16]


def own_keys(name: str) -> set[str]:
    """The keys a name gives its entity by itself: the name's, and without its legal form
    ("Kestrel Optical Corp." -> kestrel-optical-corp, kestrel-optical). A name whose entity
    has another key came to it by an alias or a merge.

    >>> sorted(own_keys("Kestrel Optical Corp."))
    ['kestrel-optical', 'kestrel-optical-corp']
    """
    suffixes = "|".join(re.escape(s.rstrip(".")) for s in load_name_lexicon()["company_suffixes"])
    bare = re.sub(rf"(?:[\s,]+(?:{suffixes})\.?)+$", "", name.strip(), flags=re.IGNORECASE)
    return {key for key in (slugify(name), slugify(bare or name)) if key}


def usable_name(name: str) -> bool:
    """A name worth matching: three characters or more, or an acronym of two capitals."""
    if not any(ch.isalpha() for ch in name):
        return False
    return len(name) >= MIN_NAME_LENGTH or (len(name) == 2 and name.isupper())
