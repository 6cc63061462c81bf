"""The gold annotation format of `../shared/corpus/gold/` and how names in it are compared."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tradegraph.ingest.errors import IngestError


class EvaluationError(IngestError):
    """A gold file or document that cannot be scored; the message names it."""


class GoldEntity(BaseModel):
    """One annotated entity."""

    type: str
    label: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)


class GoldAction(BaseModel):
    """One annotated action."""

    model_config = ConfigDict(extra="ignore")

    type: str
    agent: list[str] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    date: str | None = None
    status: str | None = None
    evidence: str | None = None


class GoldDocument(BaseModel):
    """The gold annotations of one document."""

    model_config = ConfigDict(extra="ignore")

    doc: str
    published: str | None = None
    entities: list[GoldEntity] = Field(default_factory=list)
    actions: list[GoldAction] = Field(default_factory=list)


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def normalise_name(name: str) -> str:
    """A name as compared: lower case, plain quotes, no leading 'the', no possessive."""
    text = " ".join(name.translate(_QUOTES).lower().split())
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"'s$", "", text)
    return text.strip(" .,;:")


def names_of(names: Iterable[str]) -> frozenset[str]:
    """The normalised, non-empty forms of some names."""
    return frozenset(filter(None, (normalise_name(n) for n in names)))


def load_gold(path: Path) -> GoldDocument:
    """Read one gold file (EvaluationError naming it if unreadable or malformed)."""
    try:
        return GoldDocument.model_validate_json(path.read_bytes())
    except OSError as error:
        raise EvaluationError(str(path), f"cannot read gold file: {error.strerror}") from None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise EvaluationError(str(path), f"malformed gold file ({where}: {first['msg']})"
                              ) from None
