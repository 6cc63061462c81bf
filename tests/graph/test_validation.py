"""Validation: the fixture store conforms; tampering is reported with focus node and message."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from tradegraph.graph.facade import TradeGraph
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.terms import OA, TG

MINTER = IriMinter()
LICENSES = MINTER.document("huawei-licenses")
ZTE = MINTER.document("zte-denial-order")
EXACT = NamedNode(str(OA.exact))
STATUS = NamedNode(str(TG.status))


def test_the_fixture_store_conforms(shared_news_graph: TradeGraph) -> None:
    report = shared_news_graph.validate()
    assert report.issues == []
    assert report.conforms
    assert report.triples > 1000


def test_a_changed_evidence_quote_is_reported(news_graph: TradeGraph) -> None:
    quads = list(news_graph.store.graph_quads(LICENSES))
    original = next(q for q in quads if q.predicate == EXACT
                    and "began issuing licenses" in q.object.value)
    forged = "The Commerce Department refused every license for sales to Huawei."
    quads.remove(original)
    quads.append(Quad(original.subject, EXACT, Literal(forged), original.graph_name))
    news_graph.store.replace_graph(LICENSES, quads)

    report = news_graph.validate()
    assert not report.conforms
    quote_issues = [issue for issue in report.issues if issue.value == forged]
    assert len(quote_issues) == 1
    issue = quote_issues[0]
    target = original.subject.value.removesuffix("#quote") + "#target"
    assert issue.focus == target
    assert issue.path == str(OA.exact)
    assert "differs from the document text" in issue.message
    assert "began issuing licenses" in issue.message, "the message shows the real text"
    assert issue.severity == "Violation"


def test_an_action_without_status_is_reported(news_graph: TradeGraph) -> None:
    quads = list(news_graph.store.graph_quads(ZTE))
    status = next(q for q in quads if q.predicate == STATUS)
    action = status.subject.value
    news_graph.store.replace_graph(ZTE, [q for q in quads if q != status])

    report = news_graph.validate()
    assert not report.conforms
    issues = [issue for issue in report.issues if issue.focus == action]
    assert [issue.path for issue in issues] == [str(TG.status)]
    assert issues[0].message, "the issue says what is wrong"
    assert issues[0].severity == "Violation"


def test_a_document_without_text_is_reported(news_graph: TradeGraph) -> None:
    text = NamedNode(str(TG.text))
    quads = [q for q in news_graph.store.graph_quads(ZTE) if q.predicate != text]
    news_graph.store.replace_graph(ZTE, quads)

    report = news_graph.validate()
    assert not report.conforms
    assert any(issue.focus == ZTE and issue.path == str(TG.text) for issue in report.issues)


def test_evidence_offsets_hold_after_astral_and_combining_characters(
    disk_graph: TradeGraph, tmp_path: Path
) -> None:
    """Python and SPARQL must count characters alike (code points, not UTF-16 or bytes)."""
    path = tmp_path / "unicode.txt"
    path.write_text(
        "title: Unicode ahead of the evidence\npublished: 2019-11-20\n\n"
        "\U0001F6A8 Breaking \u2014 \u201cCommerce\u201d news \U0001F1FA\U0001F1F8 cafe\u0301.\n"
        "The Commerce Department began issuing licenses for some sales to Huawei on "
        "Wednesday. \U0001F600\n",
        encoding="utf-8",
    )
    report = disk_graph.ingest([path], workers=1)
    assert report.results[0].actions >= 1
    rows = disk_graph.select(
        'SELECT ?start WHERE { ?p oa:start ?start . ?t oa:hasSelector ?p , ?q . '
        '?q oa:exact ?e . FILTER (STRSTARTS(?e, "The Commerce Department began")) }')
    assert rows and int(rows[0]["start"] or 0) > 30, "the quote is after the astral characters"
    validation = disk_graph.validate()
    assert validation.conforms, validation.issues
