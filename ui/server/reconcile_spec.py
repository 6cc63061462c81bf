"""The shapes of the W3C Entity Reconciliation Service API v0.2
(https://www.w3.org/community/reports/reconciliation/CG-FINAL-specs-0.2-20230410/): the
service manifest, reconciliation queries read from a batch, and candidates, suggestions
and previews written from what screening found.

Identifiers: an entity's `id` is its IRI relative to the base IRI (`firm/huawei`; the
manifest's `identifierSpace` is the base IRI), a type's `id` the local name of its class
(`Firm`; `schemaSpace` is the ontology's namespace). Properties: `country` (an ISO code or
a country name) and `address`; other properties are ignored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from tradegraph.graph.screening.results import Candidate
from tradegraph.ingest.json_input import JsonInputError, read_json
from tradegraph.ontology.errors import TradegraphError
from tradegraph.ontology.schema import schema
from tradegraph.ontology.terms import TG
from tradegraph.ui.server.rendering import Link, render

API_VERSIONS = ["0.2"]
TYPES = {name: schema().label(name) for name in schema().screened_classes}
"""The types candidates have, by id (what screening matches)."""
PROPERTIES = {"country": "Country (ISO code or name)", "address": "Address"}
BATCH_SIZE = 50
DEFAULT_LIMIT = 10
MOST_CANDIDATES = 25
CUTOFF = 0.5
"""The least score a candidate is offered with: reconciling people choose among weaker
candidates too; `match` says which are sure."""
SURE = 0.9
"""A best candidate at least this good, and `MARGIN` ahead of the next, is a match."""
MARGIN = 0.1
PREVIEW_SIZE = (420, 160)


class ReconcileError(TradegraphError, ValueError):
    """A query batch that is not one; the message says why."""


def manifest(root: str, base_iri: str, version: str) -> dict[str, Any]:
    """The service manifest of the service at `root` (the server's base URL)."""
    service = root.rstrip("/")
    width, height = PREVIEW_SIZE
    return {
        "versions": API_VERSIONS,
        "name": "tradegraph",
        "identifierSpace": base_iri,
        "schemaSpace": str(TG),
        "serviceVersion": version,
        "defaultTypes": [{"id": key, "name": name} for key, name in TYPES.items()],
        "view": {"url": f"{service}/id/{{{{id}}}}"},
        "preview": {"url": f"{service}/reconcile/preview?id={{{{id}}}}", "width": width,
                    "height": height},
        "suggest": {kind: {"service_url": service, "service_path": f"/reconcile/suggest/{kind}"}
                    for kind in ("entity", "type", "property")},
        "batchSize": BATCH_SIZE,
    }


@dataclass(frozen=True)
class ReconcileQuery:
    """One query of a batch, as screening takes it."""

    name: str | None
    types: frozenset[str]
    limit: int
    country: str | None
    address: str | None


def _value(value: Any) -> str | None:
    """A property value as text: a string, a number, or an entity's name (else its id)."""
    if isinstance(value, list):
        return next((text for item in value if (text := _value(item))), None)
    if isinstance(value, dict):
        return _value(value.get("name")) or _value(value.get("id"))
    if isinstance(value, bool) or value is None:
        return None
    return str(value).strip() or None


def _type_id(value: str) -> str:
    for prefix in (str(TG), "tg:"):
        if value.startswith(prefix):
            return value[len(prefix):]
    return value


def parse_batch(text: str) -> dict[str, ReconcileQuery]:
    """The queries of a batch (JSON text); a `ReconcileError` naming what is wrong."""
    try:
        batch = read_json(text)
    except JsonInputError as error:
        raise ReconcileError(f"queries is not JSON that can be read: {error}") from None
    if not isinstance(batch, dict):
        raise ReconcileError("queries must be a JSON object of queries by key "
                             '({"q0": {"query": "..."}})')
    if len(batch) > BATCH_SIZE:
        raise ReconcileError(f"{len(batch)} queries in one batch; at most {BATCH_SIZE}")
    return {str(key): _query(str(key), item) for key, item in batch.items()}


def _query(key: str, item: Any) -> ReconcileQuery:
    if not isinstance(item, dict):
        raise ReconcileError(f"query {key!r} is not an object")
    name = item.get("query")
    if name is not None and not isinstance(name, str):
        raise ReconcileError(f"query {key!r}: 'query' must be a string")
    properties = item.get("properties") or []
    if not isinstance(properties, list) or not all(isinstance(p, dict) for p in properties):
        raise ReconcileError(f"query {key!r}: 'properties' must be a list of "
                             '{"pid": ..., "v": ...} objects')
    if not (name or "").strip() and not properties:
        raise ReconcileError(f"query {key!r} has neither a 'query' nor 'properties'")
    given = {str(p.get("pid")): _value(p.get("v")) for p in properties}
    raw_types = item.get("type") or []
    types = [raw_types] if isinstance(raw_types, str) else raw_types
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
        raise ReconcileError(f"query {key!r}: 'type' must be a type id or a list of them")
    limit = item.get("limit", DEFAULT_LIMIT)
    if isinstance(limit, bool) or not isinstance(limit, int | float) or limit < 1:
        raise ReconcileError(f"query {key!r}: 'limit' must be a positive integer")
    return ReconcileQuery((name or "").strip() or None,
                          frozenset(_type_id(t) for t in types),
                          min(int(limit), MOST_CANDIDATES), given.get("country"),
                          given.get("address"))


def entity_id(iri: str, base_iri: str) -> str:
    """An entity's reconciliation id: its IRI relative to the base IRI."""
    return iri[len(base_iri):] if iri.startswith(base_iri) else iri


def _description(candidate: Candidate, day: dt.date) -> str:
    parts = [", ".join(candidate.countries)] if candidate.countries else []
    status = candidate.status
    if status is not None and status.in_force:
        parts.append(f"in force on {day}: {', '.join(status.regimes_in_force)}")
    elif candidate.listed:
        parts.append(f"listed, nothing in force on {day}")
    if candidate.matched_name != candidate.label:
        parts.append(f"matched {candidate.matched_name!r}")
    return "; ".join(parts)


def _features(candidate: Candidate) -> list[dict[str, Any]]:
    values: dict[str, float | bool] = {}
    for feature in candidate.features:
        if feature.kind in ("name", "country", "address") and feature.kind not in values:
            values[feature.kind] = round(feature.value, 4)
        elif feature.kind == "legal_form":
            values["legal_form_same"] = feature.value >= 1.0
    values["listed"] = candidate.listed
    values["listed_in_force"] = candidate.listed_in_force
    return [{"id": key, "value": value} for key, value in values.items()]


def candidates_json(candidates: list[Candidate], base_iri: str, day: dt.date
                    ) -> list[dict[str, Any]]:
    """Reconciliation candidates, best first: score 0-100, `match` for a sure best one."""
    found = []
    for rank, candidate in enumerate(candidates):
        runner_up = candidates[rank + 1].score if rank + 1 < len(candidates) else 0.0
        sure = rank == 0 and candidate.score >= SURE and candidate.score - runner_up >= MARGIN
        found.append({
            "id": entity_id(candidate.iri, base_iri), "name": candidate.label,
            "description": _description(candidate, day),
            "score": round(candidate.score * 100, 1), "match": sure,
            "type": [{"id": candidate.kind, "name": TYPES.get(candidate.kind, candidate.kind)}],
            "features": _features(candidate)})
    return found


PREVIEW_STYLE = (f"body{{margin:0;font:13px system-ui,sans-serif;width:{PREVIEW_SIZE[0]}px;"
                 f"max-height:{PREVIEW_SIZE[1]}px;overflow:hidden}}")
"""The preview's own style: the size the manifest promises (allowed by its hash in the
preview's Content Security Policy, `rendering.inline_style_policy`)."""


def preview_view(candidate: Candidate, aliases: tuple[str, ...], day: dt.date, root: str,
                 base_iri: str) -> dict[str, Any]:
    """What the preview of an entity shows."""
    status = candidate.status
    service = root.rstrip("/")
    ident = entity_id(candidate.iri, base_iri)
    return {
        "style": PREVIEW_STYLE, "label": candidate.label, "kind": candidate.kind,
        "name": Link.to(candidate.label, f"{service}/id/{ident}", new_window=True, bold=True),
        "countries": ", ".join(candidate.countries),
        "aliases": "; ".join(aliases[:5]),
        "standing": (f"In force on {day}: {', '.join(status.regimes_in_force)}"
                     if status is not None and status.in_force
                     else f"Nothing in force on {day}"),
        "status": Link.to("status", f"{service}/status?entity={quote(candidate.iri, safe='')}",
                          new_window=True),
    }


def preview_html(candidate: Candidate, aliases: tuple[str, ...], day: dt.date, root: str,
                 base_iri: str) -> str:
    """A small page summarising an entity, for an iframe of the preview size."""
    return render("preview.html", **preview_view(candidate, aliases, day, root, base_iri))
