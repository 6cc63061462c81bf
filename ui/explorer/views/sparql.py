"""SPARQL: an editor that completes prefixes, ontology terms and entity labels, a gallery
of examples, results as a table, a bar or line chart, or (CONSTRUCT) a network, with CSV,
JSON and Turtle downloads; the query and its view live in the URL, and the page offers the
link that reproduces them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlencode

import streamlit as st
from code_editor import code_editor

from tradegraph.graph.query.execution import DEFAULT_MAX_RESULT_BYTES, QueryJob, QueryTimeoutError
from tradegraph.graph.query.guard import (
    Operation,
    OperationRefusedError,
    check_remote_access,
    operation_of,
)
from tradegraph.graph.query.worker_pool import QueryPool
from tradegraph.ontology.errors import TradegraphError
from tradegraph.ontology.settings import settings
from tradegraph.ui.explorer import completions, state
from tradegraph.ui.explorer.data import Store
from tradegraph.ui.explorer.examples import EXAMPLES
from tradegraph.ui.explorer.views import sparql_results

MAX_RESULT_BYTES = DEFAULT_MAX_RESULT_BYTES
"""Larger results are refused with a request to narrow the query (as by the endpoint)."""

_DEFAULT = "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)"


@dataclass(frozen=True)
class Answer:
    """A query's result, ready to show and download."""

    kind: str  # "select", "ask", "graph"
    json: bytes = b""  # SPARQL JSON results (select, ask)
    turtle: bytes = b""  # CONSTRUCT / DESCRIBE


_ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"
_POOLS: dict[tuple[str, float], QueryPool] = {}


def timeout() -> float:
    """The configured time limit for queries typed on the SPARQL page."""
    return settings().explorer_timeout


def _pool(store: Store, limit: float) -> QueryPool:
    # The endpoint's query workers: pyoxigraph cannot cancel a query, so a query past the
    # limit is stopped by stopping the process that runs it.
    key = (store.location, limit)
    if key not in _POOLS:
        _POOLS[key] = store.graph().query_pool(size=1, timeout=limit)
    return _POOLS[key]


def close_pools() -> None:
    """Stop the query workers (tests; the explorer's own exit stops them too)."""
    while _POOLS:
        _POOLS.popitem()[1].close()


class QueryRefusedError(TradegraphError):
    """The query could not be answered; the message says why."""


@st.cache_data(max_entries=100, show_spinner=False)
def run(location: str, generation: float, sparql: str) -> Answer:
    """Run a user's query in a query worker, within the time limit; QueryRefusedError or
    OperationRefusedError say why not."""
    if operation_of(sparql) is Operation.UPDATE:
        raise OperationRefusedError("the explorer is read-only: SPARQL updates are refused "
                                    "(use `tradegraph ingest` / `remove` to change the store)")
    check_remote_access(sparql, allow_service=False)
    limit = timeout()
    pool = _pool(Store(location, generation), limit)
    pool.store_changed()  # the worker reopens its snapshot: it sees what this page sees
    try:
        reply = pool.run(QueryJob(sparql, _ACCEPT, max_bytes=MAX_RESULT_BYTES))
    except QueryTimeoutError:
        raise QueryRefusedError(f"the query ran longer than {limit:g} s and was stopped; "
                                "narrow it or add a LIMIT") from None
    if reply.status != 200:
        raise QueryRefusedError(reply.body.decode("utf-8", "replace"))
    if reply.kind == "graph":
        return Answer("graph", turtle=reply.body)
    results = json.loads(reply.body)
    return Answer("ask" if "boolean" in results else "select", json=reply.body)


def render(store: Store) -> None:
    """Draw the page."""
    st.title("SPARQL")
    st.caption("Prefixes tg, rdf, rdfs, owl, xsd, skos, dcterms, dc, schema, prov, org, time "
               "and oa are predeclared. The query is part of the URL: share the link.")
    _gallery()
    sparql = state.param("q") or _DEFAULT
    response = code_editor(sparql, lang="sparql", height=[8, 20], key="editor",
                           completions=completions.for_store(store),
                           buttons=[{"name": "Run", "feather": "Play", "primary": True,
                                     "hasText": True, "showWithIcon": True,
                                     "commands": ["submit"],
                                     "style": {"bottom": "0.44rem", "right": "0.4rem"}}])
    if response and response.get("type") == "submit" and response.get("text") \
            and response["text"] != sparql:
        state.set_param("q", response["text"])
        st.rerun()
    st.caption("Edit the query, then press Ctrl+Enter (or Run) to run it. Typing offers "
               "prefixes, ontology terms (tg:Enti… → tg:EntityListAddition) and entity names "
               "(inserting their IRI).")
    if not state.param("q"):
        return
    try:
        with st.spinner("running the query…"):
            answer = run(store.location, store.generation, sparql)
    except (QueryRefusedError, OperationRefusedError) as error:
        first, _, rest = str(error).partition("\n")
        st.error(first)
        if rest:
            st.code(rest, language=None)
        return
    _show(answer, store)


def _gallery() -> None:
    with st.expander("Examples", expanded=not state.param("q")):
        titles = [e.title for e in EXAMPLES]
        title = st.selectbox("Example", titles, key="example")
        example = EXAMPLES[titles.index(title)]
        values = {name: st.text_input(name, default, key=f"example-{title}-{name}")
                  for name, default in example.parameters.items()}
        st.code(example.fill(values), language="sparql")
        if st.button("Use this query", key="use-example"):
            state.set_param("q", example.fill(values))
            st.rerun()


def _show(answer: Answer, store: Store) -> None:
    if answer.kind == "graph":
        sparql_results.show_graph(answer.turtle)
    elif answer.kind == "ask":
        st.markdown(f"**{'yes' if json.loads(answer.json)['boolean'] else 'no'}**")
    else:
        sparql_results.show_select(answer.json, store)
    share_link()


def share_link() -> None:
    """The URL of this page with its query and view, to copy."""
    base = (st.context.url or "").split("?", 1)[0]
    pairs = [(name, value) for name in st.query_params
             for value in st.query_params.get_all(name)]
    st.caption("Share this query and view:")
    st.code(f"{base}?{urlencode(pairs)}", language=None, wrap_lines=True)
