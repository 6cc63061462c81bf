"""HTML pages of the time routes: an entity's status on a day (with a date picker) and the
deadlines on a day. Links stay on this server: resources go to their `/id/...` pages."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from tradegraph.graph.time.deadlines import DeadlineStatus
from tradegraph.graph.time.status import EntityStatus
from tradegraph.graph.time.status_lines import RegimeLine, StandingStatus

_STYLE = """<style>body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;
padding:0 1rem;line-height:1.45}table{border-collapse:collapse;width:100%}td,th{border-bottom:
1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}.in-force{color:#a00;
font-weight:600}.ended{color:#666}.announced{color:#a60}form{margin:1rem 0}
.regime{margin:.8rem 0 .2rem 0}.history{margin:.2rem 0 .8rem 0;color:#333}</style>"""


def _page(title: str, body: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>'
            f"{escape(title)} · tradegraph</title>{_STYLE}</head><body>{body}</body></html>")


def _resource(iri: str, label: str, base_iri: str, root: str) -> str:
    if iri.startswith(base_iri):
        return f'<a href="{escape(root + "id/" + iri[len(base_iri):])}">{escape(label)}</a>'
    return escape(label)


def _standing_row(s: StandingStatus, base_iri: str, root: str) -> str:
    until = escape(s.applies_until or "")
    if s.ended_by:
        until += f" ({_resource(s.ended_by, s.ended_by_type or 'ended', base_iri, root)})"
    start = escape(s.applies_from) + (" <small>(month or year only)</small>"
                                      if s.approximate else "")
    if s.since != s.applies_from:
        start += f"<br><small>continuing since {escape(s.since)}</small>"
    record = s.record
    known = ("yes" if s.known_by_then
             else f"no: first reported {escape(s.known_since or '?')}")
    return (f'<tr><td class="{s.state.replace(" ", "-")}">{escape(s.state)}</td>'
            f"<td>{escape(s.regime)}</td>"
            f"<td>{_resource(s.action, s.action_type or s.action_class, base_iri, root)}</td>"
            f"<td>{start}</td><td>{until}</td><td>{escape('; '.join(s.citations))}</td>"
            f"<td>{record}</td><td>{known}</td></tr>")


def _regime(line: RegimeLine, base_iri: str, root: str) -> str:
    """A regime's line (its act linked) and the history behind it, each act linked."""
    act = (f" ({_resource(line.action, 'the act', base_iri, root)})" if line.action else "")
    items = "".join(f"<li>{escape(item.text)} "
                    f"({_resource(item.action, 'the act', base_iri, root)})</li>"
                    for item in line.history)
    state = line.state.replace(" ", "-")
    return (f'<p class="regime {state}" data-regime="{escape(line.regime)}">'
            f'<span class="line">{escape(line.text)}</span>{act}</p>'
            f'<ul class="history">{items}</ul>')


def status_page(status: EntityStatus, base_iri: str, root: str) -> str:
    """The status of one entity on a day, with a form to ask about another day: one line
    per regime with the history behind it, then every standing in a table."""
    regimes = ", ".join(status.regimes_in_force) or "nothing in force"
    rows = "".join(_standing_row(s, base_iri, root) for s in status.standings)
    lines = "".join(_regime(line, base_iri, root) for line in status.regimes)
    table = (f"{lines}<h3>Standings</h3>"
             f"<table><tr><th>state</th><th>regime</th><th>action</th><th>from</th>"
             f"<th>until</th><th>citations</th><th>record</th><th>known by then</th></tr>"
             f"{rows}</table>" if rows else lines or
             "<p>No list, restriction or license applied to it by then, and none had been "
             "reported.</p>")
    form = (f'<form method="get" action="{escape(root)}status">'
            f'<input type="hidden" name="entity" value="{escape(status.entity)}">'
            f'<label>As of <input type="date" name="as-of" value="{escape(status.as_of)}">'
            "</label> <button>Show</button></form>")
    json_link = (f"{root}status?entity={quote(status.entity, safe='')}"
                 f"&as-of={status.as_of}&format=json")
    body = (f"<h1>{_resource(status.entity, status.label, base_iri, root)}</h1>"
            f"<p>{escape(status.kind)} · <code>{escape(status.entity)}</code></p>{form}"
            f"<h2>As of {escape(status.as_of)}: {escape(regimes)}</h2>{table}"
            f'<p>Also as <a href="{escape(json_link)}" type="application/json">JSON</a>; '
            f'<a href="{escape(root)}deadlines?as-of={status.as_of}'
            f'&amp;entity={quote(status.entity, safe="")}">its deadlines</a>.</p>')
    return _page(f"{status.label} as of {status.as_of}", body)


def deadlines_page(deadlines: list[DeadlineStatus], as_of: str, include_closed: bool,
                   base_iri: str, root: str) -> str:
    """The deadlines on a day."""
    rows = "".join(
        f"<tr><td>{escape(d.due)}</td><td>{d.days_left}</td><td>{escape(d.state)}</td>"
        f"<td>{_resource(d.action, d.label, base_iri, root)}</td><td>"
        + ", ".join(_resource(t, label, base_iri, root)
                    for t, label in zip(d.targets, d.target_labels, strict=True))
        + f"</td><td>{escape(d.basis)}</td></tr>" for d in deadlines)
    which = "Deadlines" if include_closed else "Open deadlines"
    table = (f"<table><tr><th>due</th><th>days left</th><th>state</th><th>deadline</th>"
             f"<th>parties</th><th>basis</th></tr>{rows}</table>" if rows
             else f"<p>No {which.lower()}.</p>")
    form = (f'<form method="get" action="{escape(root)}deadlines"><label>As of '
            f'<input type="date" name="as-of" value="{escape(as_of)}"></label> '
            f'<label><input type="checkbox" name="all" value="true"'
            f'{" checked" if include_closed else ""}> also passed and followed up</label> '
            "<button>Show</button></form>")
    return _page(f"{which} as of {as_of}", f"<h1>{which} as of {escape(as_of)}</h1>"
                                           f"{form}{table}")
