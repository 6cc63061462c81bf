"""Query execution through the facade, on both backends: one query answered as the SPARQL
Protocol asks (negotiated format, RDF dataset, size limit, errors as statuses), snapshots,
the time-limited worker pool, and the one registry of formats."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest
from pyoxigraph import QuerySolutions

from tradegraph.graph.errors import StoreError
from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.query.execution import QueryJob, QueryTimeoutError, answer
from tradegraph.graph.query.formats import (
    DUMP_FORMATS,
    GRAPH_MEDIA_TYPES,
    RESULT_MEDIA_TYPES,
    ExportFormat,
    ResultFormat,
    dump_name,
)

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _count(reply_body: bytes) -> int:
    rows = list(csv.reader(io.StringIO(reply_body.decode("utf-8"))))
    return int(rows[1][0])


def test_a_select_is_answered_in_the_negotiated_format(shared_news_graph: TradeGraph) -> None:
    reply = answer(shared_news_graph.store, QueryJob(COUNT, "text/csv"))
    assert (reply.status, reply.kind) == (200, "results")
    assert reply.media_type == "text/csv; charset=utf-8"
    assert _count(reply.body) > 100


def test_a_construct_is_answered_as_rdf(shared_news_graph: TradeGraph) -> None:
    reply = answer(shared_news_graph.store, QueryJob(
        "CONSTRUCT { ?f a tg:Firm } WHERE { ?f a tg:Firm }", "application/n-triples"))
    assert (reply.status, reply.kind) == (200, "graph")
    assert b"<https://w3id.org/tradegraph/ontology#Firm>" in reply.body


def test_errors_become_statuses(shared_news_graph: TradeGraph) -> None:
    store = shared_news_graph.store
    malformed = answer(store, QueryJob("SELECT ?x WHERE { ?x nope:p ?o }", None))
    assert malformed.status == 400 and b"unknown prefix nope" in malformed.body
    unacceptable = answer(store, QueryJob("ASK {}", "image/png"))
    assert unacceptable.status == 406 and b"offered: application/sparql-results+json" in \
        unacceptable.body
    too_large = answer(store, QueryJob("SELECT * WHERE { ?s ?p ?o }", None, max_bytes=1000))
    assert too_large.status == 400 and b"1,000 bytes" in too_large.body


def test_the_dataset_named_is_the_one_queried(shared_news_graph: TradeGraph) -> None:
    documents = [d.iri for d in shared_news_graph.documents()]
    everything = answer(shared_news_graph.store, QueryJob(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "text/csv"))
    one = answer(shared_news_graph.store, QueryJob(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "text/csv",
        default_graphs=(documents[0],)))
    assert 0 < _count(one.body) < _count(everything.body)
    result = shared_news_graph.query_dataset("SELECT ?d WHERE { ?d a tg:Document }",
                                             default_graphs=[documents[0]])
    assert isinstance(result, QuerySolutions)
    assert [row["d"].value for row in result] == [documents[0]]


def test_a_snapshot_keeps_what_was_there(news_graph: TradeGraph, news_dir: Path) -> None:
    snapshot = news_graph.snapshot()
    try:
        before = len(snapshot.documents())
        extra = news_dir / "later.txt"
        extra.write_text("title: Later\npublished: 2021-03-01\n\nThe Commerce Department "
                         "added Example Widgets Co. to the Entity List.\n", encoding="utf-8")
        assert news_graph.ingest([extra], workers=1).ok
        fresh = news_graph.snapshot()
        assert len(fresh.documents()) == before + 1
        if snapshot is news_graph:  # a SPARQL server keeps no snapshots: it is the store
            assert news_graph.location.startswith("http")
        else:
            assert len(snapshot.documents()) == before
            assert snapshot.store.read_only
            fresh.close()
    finally:
        if snapshot is not news_graph:
            snapshot.close()


def test_last_change_is_told_for_an_embedded_store_only(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert TradeGraph.last_change(str(store)) is None  # no store yet
    assert TradeGraph.last_change(":memory:") is None
    assert TradeGraph.last_change("http://127.0.0.1:9/sparql") is None
    with TradeGraph.open(str(store)):
        pass
    changed = TradeGraph.last_change(str(store))
    assert changed is not None and abs(changed - time.time()) < 600


def test_query_workers_refuse_a_store_in_memory() -> None:
    with TradeGraph.open(":memory:") as graph, pytest.raises(StoreError, match="memory"):
        graph.query_pool()


@pytest.mark.slow
def test_the_pool_stops_a_query_past_its_limit_and_answers_the_next(
        tmp_path: Path, news_dir: Path) -> None:
    # On the embedded store only: a SPARQL server would go on computing the runaway query.
    with TradeGraph.open(str(tmp_path / "store")) as graph:
        assert graph.ingest([news_dir], workers=1).ok
        pool = graph.query_pool(size=1, timeout=1.5)
    try:
        started = time.monotonic()
        with pytest.raises(QueryTimeoutError, match=r"limit of 1\.5 s"):
            pool.run(QueryJob(SLOW, "text/csv"))
        assert time.monotonic() - started < 15
        reply = pool.run(QueryJob(COUNT, "text/csv"))
        assert reply.status == 200 and _count(reply.body) > 100
    finally:
        pool.close()


def test_the_registry_names_each_format_once() -> None:
    assert GRAPH_MEDIA_TYPES[0] == "text/turtle" and RESULT_MEDIA_TYPES[0] == \
        "application/sparql-results+json"
    assert len(set(GRAPH_MEDIA_TYPES)) == len(GRAPH_MEDIA_TYPES)
    for fmt in ExportFormat:
        for media_type in fmt.media_types:
            assert ExportFormat.from_media_type(media_type.upper() + "; q=0.5") is fmt
        assert ExportFormat.from_name(fmt.extension) is fmt
    assert ExportFormat.from_media_type("application/x-turtle") is ExportFormat.TURTLE
    assert ExportFormat.from_media_type("text/csv") is None
    for result in ResultFormat:
        assert all(ResultFormat.from_media_type(m) is result for m in result.media_types)
    assert [dump_name(fmt) for fmt in DUMP_FORMATS] == [
        "tradegraph.nq.gz", "tradegraph.trig.gz", "tradegraph.ttl.gz"]
