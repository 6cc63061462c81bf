"""The registry of what each class means, read once from the ontology's own annotations.

`tradegraph.ttl` says, for every action class, its regime, whether it opens a standing,
what it ends, amends or answers, how a later action of the class succeeds an earlier one and
whether its standing permits or restricts; for every party class, that it is a party and
whether screening compares names with it; and how people name each (`rdfs:label`,
`skos:altLabel`). This module reads those annotations once, follows `rdfs:subClassOf` so a
narrower class inherits what its superclass says, and offers them as plain values. Every
table of class behaviour in tradegraph is derived from here; nothing else names classes to
decide what they do.

    >>> from tradegraph.ontology.schema import schema
    >>> addition = schema().action("EntityListAddition")
    >>> addition.regime.label, addition.opens_standing, addition.one_entry_per_party
    ('Entity List', True, True)
    >>> schema().action("EntityListRemoval").ends
    frozenset({'EntityListAddition'})
    >>> schema().action("TemporaryGeneralLicense").regime.short_labels
    ('TGL',)
    >>> schema().party_classes
    ('Agency', 'Firm', 'Organization', 'Person', 'Country', 'Vessel', 'Aircraft')
    >>> schema().screened_classes
    ('Agency', 'Firm', 'Organization', 'Person')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

from pyoxigraph import Literal, NamedNode, RdfFormat, parse

from tradegraph.ontology.errors import TradegraphError
from tradegraph.ontology.terms import ONTOLOGY_IRI, PREFIXES, TG_NAMESPACE

_RDF_TYPE = PREFIXES["rdf"] + "type"
_SUBCLASS = PREFIXES["rdfs"] + "subClassOf"
_LABEL = PREFIXES["rdfs"] + "label"
_COMMENT = PREFIXES["rdfs"] + "comment"
_ALT_LABEL = PREFIXES["skos"] + "altLabel"
_OWL_CLASS = PREFIXES["owl"] + "Class"
_ACTION, _PARTY, _PRODUCT = "Action", "Party", "Product"


class SchemaError(TradegraphError, LookupError):
    """A class the ontology does not declare, or annotations that contradict each other."""


@dataclass(frozen=True)
class Regime:
    """A body of rules actions are taken under (`tg:Regime`)."""

    name: str
    """Local name of the individual, e.g. `EntityListRegime`."""
    label: str
    """How status names it: "Entity List", "temporary general license"."""
    short_labels: tuple[str, ...]
    """Abbreviations and other names people use ("TGL", "DPL")."""
    keeps_list: bool
    """Whether it keeps lists of parties (`tg:keepsList`): its actions are listings."""
    one_entry_per_party: bool = False
    """Whether it is one list holding a party once at a time (`tg:oneEntryPerParty`)."""


@dataclass(frozen=True)
class ActionClass:
    """What an action class means, its own annotations and its superclasses' together."""

    name: str
    label: str
    alt_labels: tuple[str, ...]
    comment: str
    ancestors: tuple[str, ...]
    """tg superclasses, nearest first; the last is `Action`."""
    regime: Regime | None
    opens_standing: bool
    ends: frozenset[str]
    """Classes whose standings an action of this class ends (`tg:endsStandingOf`)."""
    amends: frozenset[str]
    """Classes whose standings it amends (`tg:amendsStandingOf`)."""
    succession: str | None
    """"extends" or "supersedes": what a later action of the class does to an earlier."""
    answers: frozenset[str]
    """Classes whose intents an action of this class answers (`tg:answers`)."""
    answer_days: int | None
    answer_basis: str | None
    authorizes: bool

    @property
    def base(self) -> str:
        """The class of the annotation guidelines it is: itself if directly under
        `tg:Action`, else the ancestor that is (a temporary denial order is a denial order)."""
        chain = (self.name, *self.ancestors)
        return chain[-2] if len(chain) >= 2 else self.name

    @property
    def caption(self) -> str:
        """The label as the start of a line: "Temporary general license"."""
        return self.label[:1].upper() + self.label[1:]

    @property
    def effect(self) -> str:
        """"authorization" or "restriction": what its standing does to the party."""
        return "authorization" if self.authorizes else "restriction"

    @property
    def one_entry_per_party(self) -> bool:
        """Whether a party can hold one standing of this class at a time: it opens one
        on a list that holds each party once, and no later action of it continues or
        replaces an earlier one."""
        return (self.opens_standing and self.succession is None
                and self.regime is not None and self.regime.one_entry_per_party)

    @property
    def regime_label(self) -> str:
        """The regime's name, or the class's own label where it has no regime."""
        return self.regime.label if self.regime else self.label


@dataclass(frozen=True)
class EntityClass:
    """A class of named things that are not actions: parties and products."""

    name: str
    label: str
    ancestors: tuple[str, ...]
    party: bool
    """A `tg:Party`: it can be targeted and has a status."""
    screened: bool


class Schema:
    """The classes of the ontology and what they mean (see the module's documentation)."""

    def __init__(self, actions: Mapping[str, ActionClass], entities: Mapping[str, EntityClass],
                 regimes: Mapping[str, Regime]) -> None:
        self.actions = MappingProxyType(dict(actions))
        self.entities = MappingProxyType(dict(entities))
        """In the order the ontology declares them."""
        self.regimes = MappingProxyType(dict(regimes))

    def action(self, name: str) -> ActionClass:
        """The action class of this local name (`SchemaError` if the ontology has none)."""
        try:
            return self.actions[name]
        except KeyError:
            raise SchemaError(f"{name!r} is not an action class of the ontology") from None

    def meaning(self, names: Iterable[str]) -> ActionClass | None:
        """The most specific action class among `names` (an action typed with a class and
        a narrower kind of it means the kind); None if none is an action class."""
        known = [self.actions[n] for n in names if n in self.actions]
        return max(known, key=lambda c: (len(c.ancestors), c.name), default=None)

    def label(self, name: str) -> str:
        """The label of a class, or the name itself if the ontology has none."""
        found = self.actions.get(name) or self.entities.get(name)
        return found.label if found else name

    def caption(self, name: str) -> str:
        """The label of a class as the start of a line ("Temporary general license")."""
        text = self.label(name)
        return text[:1].upper() + text[1:]

    @property
    def action_classes(self) -> tuple[str, ...]:
        """Every action class, by name."""
        return tuple(sorted(self.actions))

    @property
    def standing_classes(self) -> frozenset[str]:
        """Classes whose taken actions apply to their targets for a time."""
        return frozenset(n for n, c in self.actions.items() if c.opens_standing)

    @property
    def listing_classes(self) -> tuple[str, ...]:
        """Classes that put a party on a list, take it off or change its entry."""
        return tuple(sorted(n for n, c in self.actions.items()
                            if c.regime is not None and c.regime.keeps_list))

    @property
    def entity_classes(self) -> tuple[str, ...]:
        """Classes of named things (parties and products), subclasses before their parents."""
        return self._ordered(self.entities)

    @property
    def party_classes(self) -> tuple[str, ...]:
        """Classes whose members have a status, subclasses before their parents."""
        return self._ordered({n: c for n, c in self.entities.items() if c.party})

    @property
    def screened_classes(self) -> tuple[str, ...]:
        """Party classes screening compares names with, subclasses before their parents."""
        return self._ordered({n: c for n, c in self.entities.items() if c.screened})

    def _ordered(self, classes: Mapping[str, EntityClass]) -> tuple[str, ...]:
        # a subclass before its parent (an agency is read as an agency, not an organisation),
        # families in the order the ontology declares them
        order = {name: index for index, name in enumerate(self.entities)}

        def rank(name: str) -> tuple[int, int, int]:
            ancestors = classes[name].ancestors
            family = next((a for a in ancestors[::-1] if a in classes), name)
            return (order[family], -len(ancestors), order[name])
        return tuple(sorted(classes, key=rank))


# ------------------------------------------------------------------ reading the Turtle


class _Triples:
    """The ontology's triples about tg terms, by subject and predicate."""

    def __init__(self, turtle: bytes) -> None:
        self.values: dict[tuple[str, str], list[NamedNode | Literal]] = {}
        for quad in parse(turtle, format=RdfFormat.TURTLE, base_iri=ONTOLOGY_IRI):
            subject, obj = quad.subject, quad.object
            if isinstance(subject, NamedNode) and isinstance(obj, NamedNode | Literal):
                self.values.setdefault((subject.value, quad.predicate.value), []).append(obj)

    def objects(self, subject: str, predicate: str) -> list[NamedNode | Literal]:
        return self.values.get((_tg(subject), predicate), [])

    def local(self, subject: str, predicate: str) -> list[str]:
        return sorted(_local(o.value) for o in self.objects(subject, predicate)
                      if isinstance(o, NamedNode) and o.value.startswith(TG_NAMESPACE))

    def text(self, subject: str, predicate: str) -> str | None:
        found = [o for o in self.objects(subject, predicate) if isinstance(o, Literal)]
        english = [o for o in found if o.language in ("en", None)]
        return english[0].value if english else None

    def texts(self, subject: str, predicate: str) -> tuple[str, ...]:
        return tuple(sorted(o.value for o in self.objects(subject, predicate)
                            if isinstance(o, Literal)))

    def classes(self) -> list[str]:
        """The tg classes, in the order the Turtle declares them."""
        return [_local(s) for (s, p), objects in self.values.items()
                if p == _RDF_TYPE and s.startswith(TG_NAMESPACE)
                and any(o.value == _OWL_CLASS for o in objects)]


def _tg(name: str) -> str:
    return TG_NAMESPACE + name


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


class _Reader:
    """Builds the registry from the triples, resolving inheritance."""

    def __init__(self, triples: _Triples) -> None:
        self.triples = triples
        self.parents = {name: triples.local(name, _SUBCLASS) for name in triples.classes()}
        self.regimes = {_local(s): self._regime(_local(s)) for (s, p), objects
                        in triples.values.items() if p == _RDF_TYPE
                        and any(o.value == _tg("Regime") for o in objects)}

    def ancestors(self, name: str) -> tuple[str, ...]:
        """tg superclasses, nearest first (breadth first, each once)."""
        found: list[str] = []
        frontier = list(self.parents.get(name, ()))
        while frontier:
            parent = frontier.pop(0)
            if parent not in found and parent != name:
                found.append(parent)
                frontier.extend(self.parents.get(parent, ()))
        return tuple(found)

    def inherited(self, name: str, predicate: str) -> list[NamedNode | Literal]:
        """The values the class states, else those of its nearest superclass that does."""
        for owner in (name, *self.ancestors(name)):
            values = self.triples.objects(owner, _tg(predicate))
            if values:
                return values
        return []

    def flag(self, name: str, predicate: str) -> bool:
        values = self.inherited(name, predicate)
        return bool(values) and values[0].value in ("true", "1")

    def names(self, name: str, predicate: str) -> frozenset[str]:
        return frozenset(_local(v.value) for v in self.inherited(name, predicate)
                         if isinstance(v, NamedNode))

    def _regime(self, name: str) -> Regime:
        def flag(predicate: str) -> bool:
            values = self.triples.objects(name, _tg(predicate))
            return bool(values) and values[0].value in ("true", "1")
        return Regime(name, self.triples.text(name, _LABEL) or name,
                      self.triples.texts(name, _ALT_LABEL), flag("keepsList"),
                      flag("oneEntryPerParty"))

    def action(self, name: str) -> ActionClass:
        regimes = self.names(name, "regime")
        if len(regimes) > 1:
            raise SchemaError(f"tg:{name} states {len(regimes)} regimes: {sorted(regimes)}")
        succession = self.names(name, "successionLink")
        days = self.inherited(name, "answerDays")
        basis = self.inherited(name, "answerBasis")
        return ActionClass(
            name=name, label=self.triples.text(name, _LABEL) or name,
            alt_labels=self.triples.texts(name, _ALT_LABEL),
            comment=self.triples.text(name, _COMMENT) or "",
            ancestors=self.ancestors(name),
            regime=self.regimes[next(iter(regimes))] if regimes else None,
            opens_standing=self.flag(name, "opensStanding"),
            ends=self.names(name, "endsStandingOf"), amends=self.names(name, "amendsStandingOf"),
            succession=min(succession) if succession else None,
            answers=self.names(name, "answers"),
            answer_days=int(days[0].value) if days else None,
            answer_basis=basis[0].value if basis else None,
            authorizes=self.flag(name, "authorizes"))

    def entity(self, name: str) -> EntityClass:
        ancestors = self.ancestors(name)
        return EntityClass(name=name, label=self.triples.text(name, _LABEL) or name,
                           ancestors=ancestors, party=_PARTY in ancestors,
                           screened=_PARTY in ancestors and self.flag(name, "screened"))

    def schema(self) -> Schema:
        actions, entities = {}, {}
        for name in self.parents:
            ancestors = self.ancestors(name)
            if _ACTION in ancestors:
                actions[name] = self.action(name)
            elif _PARTY in ancestors or name == _PRODUCT:
                entities[name] = self.entity(name)
        return Schema(actions, entities, self.regimes)


def read_schema(turtle: bytes) -> Schema:
    """The registry of an ontology given as Turtle (`schema()` reads tradegraph's own)."""
    return _Reader(_Triples(turtle)).schema()


@cache
def schema() -> Schema:
    """The registry of tradegraph's ontology, read once per process."""
    turtle = resources.files(__package__).joinpath("tradegraph.ttl").read_bytes()
    return read_schema(turtle)
