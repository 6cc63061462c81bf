"""The parties a store knows, read for the prose engine (`tradegraph.ingest.known_parties`).

Every party of an action in the store is one: the screening lists' parties and their
aliases, the FCC Covered List's firms (the legal record states them as targets of its
listings), and the agents and targets earlier documents named; with the names the store
gives them: every name a list gives, and from prose the name that gave the party its key
(an alias a document linked, or a user's merge, is a reading of that document: were it
known, a withdrawn merge would outlive its withdrawal). Entities a document only mentions
are left out: an uncertain name would otherwise be recognised with
the confidence of a known one in every later document. Gazetteer entries are left out too:
the pipeline knows them already.

The facade reads them when it builds its pipeline, and builds it anew after an ingest that
changed the store, so a party one run learns is known to the next.

What a document's graph says here depends on that graph alone, so it is read once per
version of the document (its content hash and pipeline) and kept in a `PartyCache`: a file
beside the store (`graph/store/backends.beside_store`), or memory for a store in memory.
Building the pipeline then costs a read of the documents' versions and of the graphs of
the documents new since, not a scan of every action of the store (seconds on a million
quads).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections import defaultdict

from pydantic import ValidationError

from tradegraph.graph.store.backends import beside_store
from tradegraph.graph.store.location import MEMORY
from tradegraph.graph.store.protocol import GraphStore, solutions
from tradegraph.ingest.known_parties import KnownParties, own_keys
from tradegraph.ingest.lexicon import load_name_lexicon
from tradegraph.ontology.gazetteer import load_gazetteer
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.models import EntityRef, EntityType

_PARTY_TYPES = (EntityType.FIRM, EntityType.ORGANIZATION, EntityType.PERSON,
                EntityType.AGENCY, EntityType.COUNTRY)
_PARTY_NAMES = """
SELECT DISTINCT ?g ?party ?name WHERE {{ VALUES ?g {{ {values} }}
  GRAPH ?g {{ ?action tg:agent|tg:target|tg:beneficiary ?party .
             {{ ?party rdfs:label ?name }} UNION {{ ?party skos:altLabel ?name }} }} }}"""
_RECORDS = "SELECT ?g WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?g tg:sourceFormat ?f }} }}"
# the versions of the documents, in two flat queries (an OPTIONAL costs ten times more)
_HASHES = "SELECT ?g ?hash WHERE { GRAPH ?g { ?g tg:contentHash ?hash } }"
_PIPELINES = "SELECT ?g ?pipeline WHERE { GRAPH ?g { ?g tg:pipeline ?pipeline } }"
CACHE_FILE = "known-parties.json"
"""The cache's file name in an embedded store's folder."""
_DOCUMENTS_PER_QUERY = 200

Rows = list[tuple[str, str, bool, bool]]
"""(party IRI, name, whether the document is a list, whether the name gave the party its
key: `own_keys`) of one document graph."""


def _stamp() -> str:
    """What the cached rows depend on besides the graphs: the legal forms `own_keys` strips."""
    suffixes = json.dumps(sorted(load_name_lexicon()["company_suffixes"]))
    return hashlib.sha256(suffixes.encode()).hexdigest()[:16]


class PartyCache:
    """What each document's graph says of the parties, by the version of the document
    (a file beside the store, rewritten whole; an unreadable one is read again)."""

    def __init__(self, location: str) -> None:
        self.path = beside_store(location, CACHE_FILE, "known-parties")
        self.documents: dict[str, tuple[str, Rows]] | None = None  # read on first use

    def _load(self) -> dict[str, tuple[str, Rows]]:
        if self.path is not None and self.path.exists():
            with contextlib.suppress(OSError, ValueError, TypeError):
                stored = json.loads(self.path.read_text(encoding="utf-8"))
                if stored.get("stamp") == _stamp():
                    return {iri: (version, [(p, n, bool(r), bool(o)) for p, n, r, o in rows])
                            for iri, (version, rows) in stored["documents"].items()}
        return {}

    def rows(self, store: GraphStore) -> Rows:
        """Every document's rows, reading only the graphs of versions not seen yet."""
        if self.documents is None:
            self.documents = self._load()
        versions = _versions(store)
        stale = sorted(iri for iri, version in versions.items()
                       if self.documents.get(iri, ("", []))[0] != version)
        for start in range(0, len(stale), _DOCUMENTS_PER_QUERY):
            chunk = stale[start:start + _DOCUMENTS_PER_QUERY]
            for iri, rows in _read_rows(store, chunk).items():
                self.documents[iri] = (versions[iri], rows)
        gone = set(self.documents) - set(versions)
        for iri in gone:
            del self.documents[iri]
        if (stale or gone) and self.path is not None:
            self._save()
        return [row for iri in sorted(self.documents) for row in self.documents[iri][1]]

    def forget(self) -> None:
        """Drop what is kept: the graphs were changed by other means than an ingest (a
        SPARQL update, the Graph Store protocol), which may leave a version unchanged."""
        self.documents = None
        if self.path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()

    def _save(self) -> None:
        assert self.path is not None and self.documents is not None
        with contextlib.suppress(OSError):  # a cache that cannot be kept is read again
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps({"stamp": _stamp(), "documents": self.documents}),
                                 encoding="utf-8")
            temporary.replace(self.path)


def _versions(store: GraphStore) -> dict[str, str]:
    pipelines = {row["g"].value: row["pipeline"].value
                 for row in solutions(store.query(_PIPELINES))}
    return {row["g"].value: f"{row['hash'].value} {pipelines.get(row['g'].value, '')}"
            for row in solutions(store.query(_HASHES))}


def _read_rows(store: GraphStore, documents: list[str]) -> dict[str, Rows]:
    values = " ".join(f"<{iri}>" for iri in documents)
    lists = {row["g"].value for row in solutions(store.query(_RECORDS.format(values=values)))}
    found: dict[str, Rows] = {iri: [] for iri in documents}
    for row in solutions(store.query(_PARTY_NAMES.format(values=values))):
        graph, party, name = row["g"].value, row["party"].value, row["name"].value
        own = party.rsplit("/", 1)[-1] in own_keys(name)
        found[graph].append((party, name, graph in lists, own))
    return {iri: sorted(rows) for iri, rows in found.items()}


def known_parties(store: GraphStore, minter: IriMinter,
                  cache: PartyCache | None = None) -> KnownParties:
    """The parties of the store's actions with their names (see the module's docstring);
    `cache` keeps what each document said for the next call."""
    gazetteer = load_gazetteer()
    prefixes = {f"{minter.base}{t.segment}/": t for t in _PARTY_TYPES}
    names: dict[EntityRef, list[str]] = defaultdict(list)
    for party, name, record, own in (cache or PartyCache(MEMORY)).rows(store):
        # a list states its parties' names; prose only the name that gave the key (an
        # alias or a merge there is a reading, which a withdrawn merge must not outlive)
        if not (record or own):
            continue
        ref = _ref(party, prefixes)
        if ref is not None and ref.key not in gazetteer:
            names[ref].append(name)
    return KnownParties.of(sorted(names.items(), key=lambda item: str(item[0])))


def _ref(iri: str, prefixes: dict[str, EntityType]) -> EntityRef | None:
    for prefix, entity_type in prefixes.items():
        key = iri[len(prefix):]
        if iri.startswith(prefix) and "/" not in key:
            try:
                return EntityRef(type=entity_type, key=key)
            except ValidationError:
                return None  # not an entity this version mints
    return None
