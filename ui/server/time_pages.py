"""Pages of the time routes: an entity's status on a day (with a date picker) and the
deadlines on a day. What they show is gathered here (`status_view`, `deadlines_view`);
how it looks is in `templates/status.html` and `templates/deadlines.html`. Links stay on
this server: resources go to their `/id/...` pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from tradegraph.graph.time.deadlines import DeadlineStatus
from tradegraph.graph.time.status import EntityStatus
from tradegraph.graph.time.status_lines import RegimeLine, StandingStatus
from tradegraph.ui.server.rendering import Link, render


def _resource(iri: str, label: str, base_iri: str, root: str) -> Link:
    if iri.startswith(base_iri):
        return Link.to(label, root + "id/" + iri[len(base_iri):])
    return Link(label)


def _standing(s: StandingStatus, base_iri: str, root: str) -> dict[str, Any]:
    return {
        "state": s.state, "state_class": s.state.replace(" ", "-"), "regime": s.regime,
        "action": _resource(s.action, s.action_type or s.action_class, base_iri, root),
        "applies_from": s.applies_from, "approximate": s.approximate,
        "since": s.since if s.since != s.applies_from else None,
        "until": s.applies_until or "",
        "ended_by": (_resource(s.ended_by, s.ended_by_type or "ended", base_iri, root)
                     if s.ended_by else None),
        "citations": "; ".join(s.citations),
        "record": s.record,
        "known": ("yes" if s.known_by_then
                  else f"no: first reported {s.known_since or '?'}"),
    }


def _regime(line: RegimeLine, base_iri: str, root: str) -> dict[str, Any]:
    """A regime's line (its act linked) and the history behind it, each act linked."""
    return {
        "regime": line.regime, "state_class": line.state.replace(" ", "-"), "text": line.text,
        "action": _resource(line.action, "the act", base_iri, root) if line.action else None,
        "history": [{"text": item.text, "action": _resource(item.action, "the act", base_iri,
                                                              root)}
                    for item in line.history],
    }


def status_view(status: EntityStatus, base_iri: str, root: str) -> dict[str, Any]:
    """What the status page of one entity on a day shows."""
    entity = quote(status.entity, safe="")
    return {
        "root": root, "label": status.label, "kind": status.kind, "as_of": status.as_of,
        "entity": _resource(status.entity, status.label, base_iri, root),
        "entity_iri": status.entity,
        "regimes": ", ".join(status.regimes_in_force) or "nothing in force",
        "lines": [_regime(line, base_iri, root) for line in status.regimes],
        "standings": [_standing(s, base_iri, root) for s in status.standings],
        "json": Link.to("JSON", f"{root}status?entity={entity}&as-of={status.as_of}"
                                f"&format=json", media_type="application/json"),
        "deadlines": Link.to("its deadlines",
                             f"{root}deadlines?as-of={status.as_of}&entity={entity}"),
    }


def status_page(status: EntityStatus, base_iri: str, root: str) -> str:
    """The status of one entity on a day, with a form to ask about another day: one line
    per regime with the history behind it, then every standing in a table."""
    return render("status.html", **status_view(status, base_iri, root))


def deadlines_view(deadlines: list[DeadlineStatus], as_of: str, include_closed: bool,
                   base_iri: str, root: str) -> dict[str, Any]:
    """What the deadlines page of a day shows."""
    return {
        "root": root, "as_of": as_of, "include_closed": include_closed,
        "which": "Deadlines" if include_closed else "Open deadlines",
        "deadlines": [{
            "due": d.due, "days_left": d.days_left, "state": d.state, "basis": d.basis,
            "action": _resource(d.action, d.label, base_iri, root),
            "parties": [_resource(t, label, base_iri, root)
                        for t, label in zip(d.targets, d.target_labels, strict=True)],
        } for d in deadlines],
    }


def deadlines_page(deadlines: list[DeadlineStatus], as_of: str, include_closed: bool,
                   base_iri: str, root: str) -> str:
    """The deadlines on a day."""
    return render("deadlines.html", **deadlines_view(deadlines, as_of, include_closed,
                                                      base_iri, root))
