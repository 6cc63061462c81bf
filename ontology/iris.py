"""Deterministic IRIs for everything tradegraph mints.

The same fact always gets the same IRI, in any process and on any machine: an entity's
IRI comes from its type and normalised key, an action's from its type, agents, targets
and date, an annotation's from its document, span and body. Two documents that report the
same action therefore describe the same node, each adding its own evidence.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from tradegraph.ontology.models import Action, EntityRef
from tradegraph.ontology.settings import env_name, settings

BASE_IRI_ENV = env_name("base_iri")

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 120) -> str:
    """Normalise a name to a key: ASCII, lower case, words joined by hyphens.

    >>> slugify("China’s Huawei Technologies Co., Ltd.")
    'china-s-huawei-technologies-co-ltd'
    """
    # Strip accents only; every other non-ASCII character (typographic apostrophes and
    # dashes) is a word break, like its ASCII counterpart.
    decomposed = unicodedata.normalize("NFKD", text)
    unaccented = "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = _NON_ALNUM.sub("-", unaccented.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rstrip("-")
    return slug or "x" + _digest(text, length=12)


def _digest(*parts: str, length: int = 16) -> str:
    joined = "\x1f".join(parts).encode("utf-8")
    return hashlib.sha256(joined).hexdigest()[:length]


def base_iri_from_env() -> str:
    """The configured base IRI: `$TRADEGRAPH_BASE_IRI` or the default (see `settings`)."""
    return settings().base_iri


class IriMinter:
    """Mints the IRIs of one knowledge graph under a base IRI."""

    def __init__(self, base: str | None = None) -> None:
        base = base or base_iri_from_env()
        if not re.match(r"^https?://[^\s<>\"{}|\\^`]+[/#]$", base):
            raise ValueError(f"base IRI must be an http(s) IRI ending in '/' or '#': {base!r}")
        self.base = base

    def entity(self, ref: EntityRef) -> str:
        """`{base}{type}/{key}`, e.g. `.../id/firm/huawei`."""
        return f"{self.base}{ref.type.segment}/{ref.key}"

    def document(self, key: str) -> str:
        """`{base}doc/{key}`; also the name of the document's graph."""
        return f"{self.base}doc/{key}"

    def action(self, action: Action) -> str:
        """IRI from the action's type, agents, targets and date: same action, same IRI."""
        identity = action_identity(action)
        return f"{self.base}action/{slugify(action.type.label)}-{_digest(*identity)}"

    def real_action(self, type_label: str, anchor: str) -> str:
        """IRI of the one node of a real action that several reports describe, from its
        type and its anchor report (the first legal-record report, else the earliest): it
        stays put as more reports of the action arrive."""
        return f"{self.base}action/{slugify(type_label)}-{_digest('same-action', anchor)}"

    def standing(self, action: str, party: str) -> str:
        """IRI of the period during which `action` applied to `party`."""
        return f"{self.base}standing/{_digest(action, party)}"

    def deadline(self, action: str, kind: str) -> str:
        """IRI of the deadline of one kind (e.g. "respond", "expires") that `action` sets."""
        return f"{self.base}deadline/{_digest(action, kind)}"

    def annotation(self, document_key: str, start: int, end: int, body_iri: str) -> str:
        """IRI of the evidence annotation of `body_iri` at `start`-`end` in a document."""
        return f"{self.base}annotation/{_digest(document_key, str(start), str(end), body_iri)}"

    def address(self, entity_iri: str, address: str) -> str:
        """IRI of one postal address of an entity."""
        return f"{self.base}address/{_digest(entity_iri, address)}"

    def software(self, name: str, version: str) -> str:
        """IRI of the software agent (extractor) that produced annotations."""
        return f"{self.base}software/{slugify(name)}-{slugify(version)}"

    @property
    def gazetteer_graph(self) -> str:
        """Name of the named graph that holds the reference gazetteer."""
        return f"{self.base}graph/gazetteer"

    @property
    def corroboration_graph(self) -> str:
        """Name of the named graph that holds the links between reported actions and the
        legal record (derived from the documents, rewritten after every change)."""
        return f"{self.base}graph/corroboration"

    @property
    def actions_graph(self) -> str:
        """Name of the named graph that holds the one node of each real action and its
        dates by kind (derived from the documents, rewritten after every change)."""
        return f"{self.base}graph/actions"

    @property
    def lifecycles_graph(self) -> str:
        """Name of the named graph that holds the links between successive actions, the
        standings (when each action applied to each target) and the deadlines (derived)."""
        return f"{self.base}graph/lifecycles"

    def is_minted(self, iri: str) -> bool:
        """Whether `iri` lies under this minter's base."""
        return iri.startswith(self.base)


def action_identity(action: Action) -> tuple[str, ...]:
    """The parts of an action that decide its identity (the parties whose affiliates it is
    about, where it names them: an action about "46 affiliates of X" is not one about X)."""
    identity = (
        action.type.value,
        _refs(action.agents),
        _refs(action.targets),
        action.date.isoformat() if action.date else "",
    )
    return (*identity, _refs(action.affiliates_of)) if action.affiliates_of else identity


def _refs(refs: Iterable[EntityRef]) -> str:
    return ",".join(sorted(str(ref) for ref in refs))
