"""The SERVICE/LOAD guard reads the parse tree, not the text: escapes, comments, strings and
codepoint escapes cannot smuggle a fetch past it. Every query it admits is run on a real
pyoxigraph store, and a listener on loopback must hear nothing."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import QueryBoolean, Store

from tradegraph.graph.query.guard import (
    Operation,
    OperationRefusedError,
    UnreadableSparqlError,
    check_remote_access,
    operation_of,
    parse_tree,
    query_form,
    read_sparql,
)
from tradegraph.graph.query.lanes import Lane, lane_of
from tradegraph.graph.query.text_cache import CACHED_TEXT_LIMIT


def bypasses(url: str) -> list[str]:
    """Texts that fooled the old reading of the text, and their kin."""
    return [
        # The `#` of an escaped local name is not a comment.
        "PREFIX ex: <http://e/> SELECT * WHERE { OPTIONAL { ?s ex:a\\# ?o } "
        f"SERVICE <{url}> {{ ?x ?y ?z }} }}",
        f"PREFIX ex: <http://e/> SELECT * WHERE {{ ?s ex:a\\#b ?o . SERVICE <{url}> {{}} }}",
        # Codepoint escapes are undone before parsing (SPARQL 1.1, section 19.2).
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\U00000053ervice SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"ASK {{ sErViCe <{url}> {{}} }}",
        f"ASK {{ ?s ?p 'a # b' . SERVICE <{url}> {{}} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"PREFIX ex: <http://e/> LOAD <{url}> INTO GRAPH ex:g\\#",
        f"\\u004cOAD <{url}>",
        f"PREFIX ex: <http://e/> INSERT {{ ?s ?p ?o }} WHERE {{ ?s ex:a\\# ?o . "
        f"SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"DELETE WHERE {{ ?s ?p ?o }} ; LOAD SILENT <{url}>",
    ]


def run_admitted(text: str) -> None:
    """Run a text the guard admitted, on a real store, as the endpoint would."""
    store = Store()
    try:
        if operation_of(text) is Operation.UPDATE:
            store.update(text)
        else:
            result = store.query(text, use_default_graph_as_union=True)
            if not isinstance(result, QueryBoolean):
                list(result)
    except (SyntaxError, OSError, ValueError, RuntimeError):
        pass


def test_the_bypasses_are_refused_and_reach_nobody(listener: Any) -> None:
    for text in bypasses(listener.url):
        with pytest.raises(OperationRefusedError):
            check_remote_access(text, allow_service=False)
    assert listener.hits == 0
    # The listener is real: a store that runs one of them does call it.
    run_admitted(f"ASK {{ SERVICE <{listener.url}> {{}} }}")
    assert listener.hits == 1
    listener.hits = 0


@pytest.mark.parametrize("text", [
    'SELECT * WHERE { ?s ?p "self-service kiosk" }',
    "SELECT * WHERE { ?s <http://example.org/service> ?o }",
    "SELECT * WHERE { ?s ?p ?o } # a SERVICE would go here",
    "SELECT * WHERE { ?s ?p '''LOAD\nthe truck''' }",
    "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:a\\# ?o }",
    "SELECT ?service WHERE { ?service ?p ?o }",
])
def test_words_that_only_look_like_fetches_pass(text: str) -> None:
    check_remote_access(text, allow_service=False)


def test_a_text_the_parser_cannot_read_is_refused_with_its_place() -> None:
    with pytest.raises(UnreadableSparqlError) as error:
        check_remote_access("SELECT * WHERE {\n  ?s ?p\n}", allow_service=False)
    assert "at line 2, column 3" in str(error.value)
    assert "^" in str(error.value)


def test_deep_nesting_is_refused_not_a_crash() -> None:
    deep = "SELECT * WHERE " + "{" * 5000 + "?s ?p ?o" + "}" * 5000
    with pytest.raises(UnreadableSparqlError, match="nests too deeply"):
        check_remote_access(deep, allow_service=False)


def test_operation_and_form_come_from_the_parse() -> None:
    assert read_sparql("PREFIX ex: <http://e/insert#> ASK { ex:a ex:b ex:c }").form == "ASK"
    assert operation_of("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }") is (
        Operation.UPDATE)
    assert query_form("# SELECT\nCONSTRUCT WHERE { ?s ?p ?o }") == "CONSTRUCT"


# Pieces whose meaning differs between a reading of the text and a parse of it.
_PIECES = [
    "?s ?p ?o .", "?s ex:a\\# ?o .", "?s ex:b\\.c ?o .", "?s ex:\\#x ?o .",
    '?s ?p "a # } SERVICE <{url}> {{" .', "?s ?p 'x\\' # y' .", "?s ?p '''#\n}'''.",
    "# SERVICE <{url}> {{}}\n", "#\\\n", "<http://e/#f> ?p ?o .", "OPTIONAL {{ ?s ?p ?o }}",
    "FILTER(?o = \"#\")", "\n", "SERVICE <{url}> {{ ?x ?y ?z }}",
    "\\u0053ERVICE <{url}> {{}}", "service silent <{url}> {{}}", "SERVICE ?endpoint {{}}",
    "\\u0023 SERVICE <{url}> {{}}", "BIND(<{url}> AS ?endpoint)",
    "{{ SELECT * WHERE {{ SERVICE <{url}> {{}} }} }}", "MINUS {{ ?a ?b ?c }}",
]
_FORMS = [
    "PREFIX ex: <http://e/> SELECT * WHERE {{ {body} }}",
    "PREFIX ex: <http://e/> ASK {{ {body} }}",
    "PREFIX ex: <http://e/> CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {body} }}",
    "PREFIX ex: <http://e/> INSERT {{ ?s ?p ?o }} WHERE {{ {body} }}",
    "PREFIX ex: <http://e/> LOAD <{url}> ; INSERT DATA {{ ex:a\\# ex:b ex:c }}",
    "PREFIX ex: <http://e/> INSERT DATA {{ ex:a ex:b 'c#' }} ; LOAD SILENT <{url}>",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(form=st.sampled_from(_FORMS),
       pieces=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6))
def test_fuzz_no_admitted_text_reaches_a_listener(listener: Any, form: str,
                                                  pieces: list[str]) -> None:
    def fill(template: str) -> str:
        return template.replace("{{", "{").replace("}}", "}").replace("{url}", listener.url)

    text = fill(form).replace("{body}", " ".join(fill(piece) for piece in pieces))
    try:
        check_remote_access(text, allow_service=False)
    except OperationRefusedError:
        return
    heard = listener.hits
    run_admitted(text)
    assert listener.hits == heard, text


def test_long_texts_are_read_but_not_kept() -> None:
    # Keys of a cache stay in memory: a thousand 1 MB queries must not pin a gigabyte.
    padding = " #" + "-" * CACHED_TEXT_LIMIT + "\n"
    service = "ASK { SERVICE <http://127.0.0.1:9/> {} }" + padding
    lookup = "SELECT * WHERE { ?s ?p 'long' }" + padding
    read_sparql.cache_clear()  # earlier tests (the fuzzer) may have filled them: room for one
    lane_of.cache_clear()
    kept = read_sparql.cache_info().currsize, lane_of.cache_info().currsize
    with pytest.raises(OperationRefusedError, match="SERVICE"):
        check_remote_access(service, allow_service=False)
    assert read_sparql(lookup).form == "SELECT" and lane_of(lookup) is Lane.QUICK
    assert (read_sparql.cache_info().currsize, lane_of.cache_info().currsize) == kept
    short = "SELECT * WHERE { ?s ?p 'short and kept' }"
    assert read_sparql(short).form == "SELECT" and lane_of(short) is Lane.QUICK
    assert read_sparql.cache_info().currsize == kept[0] + 1
    assert lane_of.cache_info().currsize == kept[1] + 1


def test_the_lane_of_a_text_leaves_the_guards_reading_alone() -> None:
    # rdflib's translateQuery rewrites the tree it is given; the guard must not read that.
    text = "SELECT * WHERE { ?s ?p ?o . SERVICE <http://127.0.0.1:9/> { ?s ?p 'lane' } }"
    before = repr(parse_tree(text)[1])
    assert lane_of(text) is Lane.GENERAL
    assert repr(parse_tree(text)[1]) == before
    with pytest.raises(OperationRefusedError, match="SERVICE"):
        check_remote_access(text, allow_service=False)
