"""A document's text as HTML with what was recognised in it highlighted: action
sentences, entity mentions, and the one quote the user came to see."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from itertools import pairwise

FOCUS_ID = "evidence"
"""The HTML id of the focused quote, so a link can jump to it."""


@dataclass(frozen=True)
class Span:
    """A recognised stretch of text: [start, end) in characters, its kind and what it is."""

    start: int
    end: int
    kind: str  # "entity", "action" or "focus"
    title: str = ""


def highlight(text: str, spans: list[Span]) -> str:
    """HTML of `text` with every span marked; nested spans are marked inside each other."""
    inside = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in inside), *(s.end for s in inside)})
    parts: list[str] = []
    focus_done = False
    for left, right in pairwise(cuts):
        covering = [s for s in inside if s.start <= left and right <= s.end]
        piece = escape(text[left:right]).replace("\n", "<br>")
        for kind in ("entity", "action", "focus"):
            here = [s for s in covering if s.kind == kind]
            if not here:
                continue
            title = escape("; ".join(dict.fromkeys(s.title for s in here if s.title)))
            anchor = ""
            if kind == "focus" and not focus_done:
                anchor, focus_done = f' id="{FOCUS_ID}"', True
            piece = f'<mark class="tg-{kind}" title="{title}"{anchor}>{piece}</mark>'
        parts.append(piece)
    return "".join(parts)


STYLE = """<style>
mark.tg-entity{background:#dbeafe;padding:0 .1em;border-bottom:2px solid #2563eb}
mark.tg-action{background:#fef3c7}
mark.tg-focus{background:#fdba74;padding:.1em 0}
mark.tg-focus mark{background:transparent}
.tg-doc{line-height:1.7;font-size:1.02rem;max-width:60rem}
</style>"""
"""CSS for the marks."""
