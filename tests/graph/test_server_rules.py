"""The endpoint's request rules as plain functions: content negotiation, what counts as an
update, and the refusal of requests that would make the store fetch URLs."""

from __future__ import annotations

import pytest

from tradegraph.graph.query.guard import (
    Operation,
    OperationRefusedError,
    check_remote_access,
    operation_of,
)
from tradegraph.graph.query.negotiation import choose, graph_media_type, result_media_type
from tradegraph.ui.server.request_parsing import ProtocolError, parse_request


@pytest.mark.parametrize(("accept", "expected"), [
    (None, "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("text/csv", "text/csv"),
    ("text/*", "text/csv"),
    ("application/sparql-results+xml, application/sparql-results+json;q=0.9",
     "application/sparql-results+xml"),
    ("text/csv;q=0.2, text/tab-separated-values;q=0.8", "text/tab-separated-values"),
    ("application/sparql-results+json;q=0, */*;q=0.1", "application/json"),
    ("image/png", None),
    ("text/csv;q=bogus", None),
])
def test_result_negotiation(accept: str | None, expected: str | None) -> None:
    assert result_media_type(accept) == expected


def test_graph_negotiation_prefers_turtle_and_honours_specific_types() -> None:
    assert graph_media_type("*/*") == "text/turtle"
    assert graph_media_type("application/ld+json, text/turtle;q=0.5") == "application/ld+json"
    assert graph_media_type("application/sparql-results+json") is None


def test_more_specific_range_decides_quality() -> None:
    assert choose("text/*;q=0.1, text/html", ["text/turtle", "text/html"]) == "text/html"


@pytest.mark.parametrize(("text", "operation"), [
    ("SELECT * WHERE { ?s ?p ?o }", Operation.QUERY),
    ("PREFIX ex: <http://example.org/insert#>\nASK { ex:a ex:b ex:c }", Operation.QUERY),
    ("# INSERT in a comment\nSELECT * {}", Operation.QUERY),
    ("insert data { <a> <b> <c> }", Operation.UPDATE),
    ("PREFIX ex: <http://example.org/>\nBASE <http://x/>\n DELETE WHERE { ?s ?p ?o }",
     Operation.UPDATE),
    ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", Operation.UPDATE),
])
def test_operation_of(text: str, operation: Operation) -> None:
    assert operation_of(text) is operation


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { service silent ?endpoint { ?s ?p ?o } }",
    "LOAD <http://example.org/data.ttl>",
])
def test_remote_access_is_refused(text: str) -> None:
    with pytest.raises(OperationRefusedError):
        check_remote_access(text, allow_service=False)
    check_remote_access(text, allow_service=True)


@pytest.mark.parametrize("text", [
    'SELECT * WHERE { ?s ?p "self-service kiosk" }',
    "SELECT * WHERE { ?s <http://example.org/service> ?o }",
    "SELECT * WHERE { ?s ?p ?o } # a SERVICE would go here",
    "SELECT * WHERE { ?s ?p '''LOAD\nthe truck''' }",
])
def test_keywords_in_data_are_not_refused(text: str) -> None:
    check_remote_access(text, allow_service=False)


def test_form_with_query_and_update_is_refused() -> None:
    with pytest.raises(ProtocolError) as error:
        parse_request("POST", [], "application/x-www-form-urlencoded",
                      b"query=ASK%20%7B%7D&update=CLEAR%20ALL")
    assert error.value.status == 400


def test_direct_post_takes_the_dataset_from_the_url() -> None:
    request = parse_request("POST", [("default-graph-uri", "http://g/1"),
                                     ("named-graph-uri", "http://g/2")],
                            "application/sparql-query; charset=utf-8", b"ASK {}")
    assert (request.query, request.default_graphs, request.named_graphs) == (
        "ASK {}", ("http://g/1",), ("http://g/2",))


def test_update_form_uses_using_graph_parameters() -> None:
    request = parse_request("POST", [], "application/x-www-form-urlencoded",
                            b"update=CLEAR%20ALL&using-graph-uri=http%3A%2F%2Fg%2F1")
    assert request.update == "CLEAR ALL"
    assert request.default_graphs == ("http://g/1",)


def test_body_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(ProtocolError, match="not valid UTF-8"):
        parse_request("POST", [], "application/sparql-query", b"ASK { \xff }")
