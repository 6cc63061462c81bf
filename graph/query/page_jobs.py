"""Jobs that answer a whole linked-data request in one trip to a query worker: the worker
runs every query the answer needs on its own store and sends back plain values (rows as
dicts of strings), not a text format that the server would parse again.

A resource (`/id/...`): whether the store knows it, and then the rows of its page
(`describing.FACTS`, `describing.EVIDENCE`) or its description as RDF in the format asked
for. Several SELECTs at once (the dataset description's counts and classes): their rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import QueryBoolean

from tradegraph.graph.errors import QueryError
from tradegraph.graph.query.describing import EVIDENCE, FACTS, describe
from tradegraph.graph.query.execution import DEFAULT_MAX_RESULT_BYTES, QueryJob, QueryReply
from tradegraph.graph.query.inventory import rows
from tradegraph.graph.store.protocol import GraphStore

PlainRow = dict[str, str]
"""A result row: variable name -> plain text of its value (unbound variables left out)."""


def exists_query(iri: str) -> str:
    """ASK whether the store holds any statement about or pointing at `iri`."""
    return f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}"


def plain_rows(store: GraphStore, sparql: str) -> list[PlainRow]:
    """The rows of a SELECT as plain values."""
    return [{name: value for name, value in row.items() if value is not None}
            for row in rows(store.query(sparql))]


@dataclass(frozen=True)
class ResourcePage:
    """What a resource's page shows: its statements (both directions) and the evidence."""

    facts: list[PlainRow] = field(default_factory=list)
    evidence: list[PlainRow] = field(default_factory=list)


@dataclass(frozen=True)
class ResourceJob:
    """A resource under the base IRI: its page (`media_type` None) or its description as
    RDF in `media_type`. The answer: None when the store knows nothing about it, a
    `ResourcePage`, or a `QueryReply` with the serialised RDF (or an error)."""

    iri: str
    media_type: str | None = None
    max_bytes: int = DEFAULT_MAX_RESULT_BYTES

    def run(self, store: GraphStore) -> ResourcePage | QueryReply | None:
        """All the answer needs, on one store."""
        try:
            known = store.query(exists_query(self.iri))
            if isinstance(known, QueryBoolean) and not bool(known):
                return None
            if self.media_type is None:
                return ResourcePage(plain_rows(store, FACTS.replace("$IRI", self.iri)),
                                    plain_rows(store, EVIDENCE.replace("$IRI", self.iri)))
        except QueryError as error:  # (a store that fails: the worker answers 503)
            return QueryReply(400, body=str(error).encode())
        return QueryJob(describe(self.iri), self.media_type, max_bytes=self.max_bytes
                        ).run(store)


@dataclass(frozen=True)
class SelectsJob:
    """Several SELECT queries answered together: their rows, in order (or a QueryReply
    with the first error)."""

    queries: tuple[str, ...]

    def run(self, store: GraphStore) -> list[list[PlainRow]] | QueryReply:
        """Every query's rows, on one store."""
        try:
            return [plain_rows(store, sparql) for sparql in self.queries]
        except QueryError as error:
            return QueryReply(400, body=str(error).encode())


@dataclass(frozen=True)
class AskJob:
    """An ASK query: its answer as a boolean (or a QueryReply with the error)."""

    sparql: str

    def run(self, store: GraphStore) -> bool | QueryReply:
        """The answer, on one store."""
        try:
            answer = store.query(self.sparql)
        except QueryError as error:
            return QueryReply(400, body=str(error).encode())
        if not isinstance(answer, QueryBoolean):
            return QueryReply(400, body=b"expected an ASK query")
        return bool(answer)
