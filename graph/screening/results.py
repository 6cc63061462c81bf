"""What screening answers: per query, candidates with their score, the features that made
it, and the listing actions (with their evidence) that put them on a list.

Every type turns into plain JSON-ready dicts with `to_dict()`, for the CLI's JSON output,
the HTTP `/match` route and the explorer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from tradegraph.graph.time.status import EntityStatus

ScreenProgress = Callable[[int], None]
"""Called during a screening run with the number of rows done so far."""


@dataclass(frozen=True)
class Party:
    """An entity the store can name: a firm, organisation, agency or person, with every
    name it goes by, its countries (ISO 3166 alpha-2 codes where known) and addresses."""

    iri: str
    kind: str
    """The local name of its class: Firm, Organization, Agency or Person."""
    label: str
    aliases: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Its label, then its aliases."""
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class Feature:
    """One reason for a score: what was compared (`name`, `words`, `legal_form`, `country`,
    `address`), how it came out, and what it added to or took from the score."""

    kind: str
    detail: str
    value: float
    """A similarity in [0, 1] for `name` and `words`; 1 or 0 for `legal_form` (the same
    forms or not; not scored); for `country` and `address` the amount added to (or taken
    from) the score."""


@dataclass(frozen=True)
class Evidence:
    """The source passage that states a listing: its document and the exact quote."""

    document: str
    quote: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Listing:
    """A listing action on a candidate: an Entity List addition, a denial order, a
    sanction, a designation, ..., with where it was published and whether it is in force."""

    action: str
    action_type: str
    source_list: str | None = None
    citations: tuple[str, ...] = ()
    date: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    status: str | None = None
    """The local name of its `tg:status` (InForce, Terminated, ...)."""
    in_force: bool | None = None
    """Whether it is in force on the day asked about; None if the store cannot say."""
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """One entity that may be the screened name."""

    iri: str
    label: str
    kind: str
    score: float
    matched_name: str
    """Which of its names (label or alias) matched best."""
    features: tuple[Feature, ...]
    countries: tuple[str, ...] = ()
    listings: tuple[Listing, ...] = ()
    status: EntityStatus | None = None
    """What applied to it on the day asked about (`tradegraph.graph.time.status`)."""

    @property
    def listed(self) -> bool:
        """Whether any listing action names it."""
        return bool(self.listings)

    @property
    def listed_in_force(self) -> bool:
        """Whether a listing action on it is in force."""
        return any(listing.in_force for listing in self.listings)

    def to_dict(self) -> dict[str, Any]:
        """The candidate as JSON-ready data."""
        data = asdict(self)
        data["listed"] = self.listed
        data["listed_in_force"] = self.listed_in_force
        data["status"] = self.status.to_dict() if self.status is not None else None
        return data


@dataclass(frozen=True)
class MatchResult:
    """The candidates for one screened name, best first."""

    query: str
    country: str | None = None
    address: str | None = None
    candidates: tuple[Candidate, ...] = ()

    @property
    def best(self) -> Candidate | None:
        """The best candidate, if any reached the threshold."""
        return self.candidates[0] if self.candidates else None

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data."""
        return {"query": self.query, "country": self.country, "address": self.address,
                "candidates": [c.to_dict() for c in self.candidates]}


@dataclass(frozen=True)
class CustomerRow:
    """One row of a customer list: where it stood (1-based line in the file; 0 if it came
    from no file), the name to screen, and the country and address if given."""

    line: int
    name: str
    country: str | None = None
    address: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    """The row's other columns, by header, carried through to the output."""


@dataclass(frozen=True)
class RowError:
    """A row that could not be screened, with its line and the reason."""

    line: int
    reason: str
    source: str = ""

    def message(self) -> str:
        """"customers.csv: line 7: no name in column 'company'"."""
        where = f"{self.source}: " if self.source else ""
        return f"{where}line {self.line}: {self.reason}"


@dataclass(frozen=True)
class ScreenedRow:
    """One row of a screening run: the row and its result, or the row's error."""

    line: int
    row: CustomerRow | None
    result: MatchResult | None
    error: RowError | None = None

    @property
    def ok(self) -> bool:
        """Whether the row was screened."""
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data."""
        data: dict[str, Any] = {"line": self.line}
        if self.row is not None:
            data["input"] = asdict(self.row)
        if self.result is not None:
            data["candidates"] = [c.to_dict() for c in self.result.candidates]
        if self.error is not None:
            data["error"] = self.error.reason
        return data
