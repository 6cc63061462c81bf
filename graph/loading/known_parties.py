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
"""

from __future__ import annotations

from collections import defaultdict

from pydantic import ValidationError

from tradegraph.graph.store.protocol import GraphStore, solutions
from tradegraph.ingest.known_parties import KnownParties, own_keys
from tradegraph.ontology.gazetteer import load_gazetteer
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.models import EntityRef, EntityType

_PARTY_TYPES = (EntityType.FIRM, EntityType.ORGANIZATION, EntityType.PERSON,
                EntityType.AGENCY, EntityType.COUNTRY)
_KNOWN_PARTIES = """
PREFIX tg: <https://w3id.org/tradegraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?party ?name ?record WHERE {
  GRAPH ?g {
    ?action tg:agent|tg:target|tg:beneficiary ?party .
    { ?party rdfs:label ?name } UNION { ?party skos:altLabel ?name }
    OPTIONAL { ?g tg:sourceFormat ?record }
  }
}"""


def known_parties(store: GraphStore, minter: IriMinter) -> KnownParties:
    """The parties of the store's actions with their names (see the module's docstring)."""
    gazetteer = load_gazetteer()
    prefixes = {f"{minter.base}{t.segment}/": t for t in _PARTY_TYPES}
    names: dict[EntityRef, list[str]] = defaultdict(list)
    for row in solutions(store.query(_KNOWN_PARTIES)):
        party, name = row["party"], row["name"]
        if party is None or name is None:
            continue
        ref = _ref(party.value, prefixes)
        if ref is None or ref.key in gazetteer:
            continue
        # a list states its parties' names; prose only the name that gave the key (an
        # alias or a merge there is a reading, which a withdrawn merge must not outlive)
        if row["record"] is not None or ref.key in own_keys(name.value):
            names[ref].append(name.value)
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
