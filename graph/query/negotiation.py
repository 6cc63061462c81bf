"""Content negotiation: which serialisation answers a request, from its `Accept` header
(the media types offered come from `tradegraph.graph.query.formats`)."""

from __future__ import annotations

from dataclasses import dataclass

from tradegraph.graph.query.formats import GRAPH_MEDIA_TYPES, RESULT_MEDIA_TYPES


@dataclass(frozen=True)
class MediaRange:
    """One entry of an `Accept` header."""

    type: str
    quality: float
    order: int

    def matches(self, media_type: str) -> bool:
        """Whether this range covers a concrete media type."""
        if self.type in ("*/*", media_type):
            return True
        major = self.type.removesuffix("/*")
        return self.type.endswith("/*") and media_type.startswith(major + "/")

    @property
    def specificity(self) -> int:
        """Exact types beat `type/*`, which beats `*/*`."""
        return 0 if self.type == "*/*" else 1 if self.type.endswith("/*") else 2


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an `Accept` header; an absent or empty header accepts anything."""
    ranges = []
    for order, part in enumerate((header or "*/*").split(",")):
        fields = [field.strip() for field in part.split(";")]
        if not fields[0]:
            continue
        quality = 1.0
        for parameter in fields[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        ranges.append(MediaRange(fields[0].lower(), quality, order))
    return ranges or [MediaRange("*/*", 1.0, 0)]


def choose(header: str | None, offered: list[str]) -> str | None:
    """The offered media type the header likes best (ties go to the offer order), or None."""
    ranges = parse_accept(header)
    best: tuple[float, int, int, int] | None = None
    chosen = None
    for position, media_type in enumerate(offered):
        matching = [r for r in ranges if r.matches(media_type)]
        if not matching:
            continue
        # The most specific matching range decides the quality (RFC 9110, 12.5.1).
        decisive = max(matching, key=lambda r: (r.specificity, -r.order))
        if decisive.quality <= 0:
            continue
        score = (decisive.quality, decisive.specificity, -decisive.order, -position)
        if best is None or score > best:
            best, chosen = score, media_type
    return chosen


def result_media_type(header: str | None) -> str | None:
    """Media type for a SELECT/ASK result, or None if nothing offered is acceptable."""
    return choose(header, list(RESULT_MEDIA_TYPES))


def graph_media_type(header: str | None) -> str | None:
    """Media type for a CONSTRUCT/DESCRIBE result, or None if nothing is acceptable."""
    return choose(header, list(GRAPH_MEDIA_TYPES))
