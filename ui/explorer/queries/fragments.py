"""What every explorer query is built from: values from the URL checked (`iri`) or escaped
(`literal`) before they go into a query, and the fragments several queries share."""

from __future__ import annotations

import re
from functools import cache

from tradegraph.ontology.errors import TradegraphError
from tradegraph.ontology.schema import schema

ENTITY_CLASSES = schema().entity_classes
"""Classes the search and the overview offer, by local name in `tg:`."""

ACTION_ROLES = ("agent", "target", "beneficiary", "product")
"""Properties that tie an entity to an action."""

_BAD_IRI = re.compile(r'[\s<>"{}|^`\\]')


class BadParameterError(TradegraphError, ValueError):
    """A value from the URL that cannot go into a query; the message says why."""


def iri(value: str) -> str:
    """`<value>` for use in a query, or BadParameterError if it is not an absolute IRI."""
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value) or _BAD_IRI.search(value):
        raise BadParameterError(f"not a valid IRI: {value!r}")
    return f"<{value}>"


def literal(value: str) -> str:
    """A quoted SPARQL string literal holding `value`."""
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"')
               .replace("\n", "\\n").replace("\r", "\\r"))
    return f'"{escaped}"'


def class_terms(names: list[str] | tuple[str, ...]) -> str:
    """The entity classes named (all of them if none is known), as `tg:` terms."""
    picked = [n for n in names if n in ENTITY_CLASSES] or list(ENTITY_CLASSES)
    return " ".join(f"tg:{n}" for n in picked)


def date_range_test(expression: str, start: str | None, end: str | None) -> str:
    """A boolean SPARQL expression: the date `expression` (its text) lies between `start`
    and `end` (either may be None, a year, a month or a day); "" when neither is given.

    Dates are xsd:date, gYearMonth or gYear: their text is compared, which sorts the same
    way; `end` is compared on its own length, so `end="2020"` keeps all of 2020."""
    parts = []
    if start:
        parts.append(f"STR({expression}) >= {literal(start)}")
    if end:
        parts.append(f"SUBSTR(STR({expression}), 1, {len(end)}) <= {literal(end)}")
    return " && ".join(parts)


def date_range_filter(var: str, start: str | None, end: str | None) -> str:
    """A FILTER keeping the dates in `var` between `start` and `end` (either may be None):
    `date_range_test` as a FILTER."""
    test = date_range_test(var, start, end)
    return f"FILTER({test})" if test else ""


def types_values(var: str, types: list[str]) -> str:
    """`VALUES var { tg:T ... }` for the action types named (nothing if none)."""
    names = [t for t in types if re.fullmatch(r"[A-Za-z]+", t)]
    return f"VALUES {var} {{ {' '.join(f'tg:{t}' for t in names)} }}" if names else ""


def involving(action: str, node: str) -> str:
    """A subquery binding `action` to each action `node` takes part in, in any role.

    VALUES over the four properties: the planner uses the index for each, where the path
    `tg:agent|tg:target|...` would scan."""
    return f"{{ SELECT DISTINCT {action} WHERE {{ VALUES ?via {{ tg:agent tg:target " \
           f"tg:beneficiary tg:product }} {action} ?via {node} }} }}"


@cache
def _description_pattern() -> str:
    from tradegraph.ingest.stages.entities import load_name_lexicon

    lexicon = load_name_lexicon()["descriptions"]
    heads = sorted({h for kind in lexicon.values() for h in kind.get("heads", [])})
    return f"^[Tt]he( [^ ]+){{0,2}} ({'|'.join(heads)})$"


def is_description(var: str) -> str:
    """A SPARQL expression true when the name in `var` is a definite description ("the company",
    "The department", "the Chinese telecom giant"), not names.

    Extraction no longer records descriptions as aliases (`ingest/stages/resolution.py`),
    but stores written before it did, and other writers of the graph may: the explorer
    filters them all the same. The pattern is `ingest/stages/descriptions.py`'s own:
    "the", at most two words, a head word from the lexicon in lower case. "The Carlyle
    Group" (a capital head) stays a name."""
    return f"REGEX(STR({var}), {literal(_description_pattern())})"


def not_a_description(var: str) -> str:
    """A FILTER dropping the names in `var` that are descriptions (`is_description`)."""
    return f"FILTER(!{is_description(var)})"
