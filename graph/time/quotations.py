"""No party named only in a quotation is a target: a derived guard against a report that an
extraction got wrong.

A release quotes an official: “... the Chinese Communist Party's campaign ...”. The party a
quotation names is what someone said, not whom the release's act is about. When a news
report's target is named neither in the report's own evidence nor anywhere in its document
outside quotation marks, the derivations of time read the report without that target: it
opens no standing for it and joins no act about it (the report's real action gets a node of
its own that does not name it). A target the evidence names, or the document names in its
own words, stays; so does one the document never names (a description such as "the company"
may well mean it).

Only what needs a look is read: the texts of the news documents that report acts of classes
that open standings, and, for the few of them that quote someone, where their evidence and
their names stand (one query per block of documents, inside their own graphs).
"""

from __future__ import annotations

import re
from collections import defaultdict

from tradegraph.graph.store.protocol import GraphStore, solutions
from tradegraph.graph.time.action_facts import CHUNK, ActionFacts, Report
from tradegraph.ontology.schema import schema

_TEXTS = "SELECT ?s ?text WHERE {{ VALUES ?s {{ {values} }} ?s tg:text ?text }}"
_SPANS = """SELECT ?g ?s ?start ?end WHERE {{ VALUES ?g {{ {values} }}
  GRAPH ?g {{ ?s tg:evidence ?a . ?a oa:hasTarget ?t . ?t oa:hasSelector ?p .
             ?p oa:start ?start ; oa:end ?end }} }}"""
_QUOTATION = re.compile(r"“[^”]*”|\"[^\"\n]*\"")
"""A quotation: curly quotes, or straight ones closed within the paragraph."""

Span = tuple[int, int]


def quotation_spans(text: str) -> list[Span]:
    """Where the text quotes someone.

    >>> quotation_spans('He said: “We act.” Then "more".')
    [(9, 18), (24, 30)]
    """
    return [match.span() for match in _QUOTATION.finditer(text)]


def _blocks(iris: list[str]) -> list[str]:
    return [" ".join(f"<{iri}>" for iri in iris[i:i + CHUNK])
            for i in range(0, len(iris), CHUNK)]


def _candidates(facts: ActionFacts) -> dict[str, Report]:
    """News reports of classes that open standings, with targets, in one document."""
    found = {}
    for iri, report in facts.reports.items():
        documents = [facts.documents.get(d) for d in report.documents]
        if report.targets and len(documents) == 1 and documents[0] is not None \
                and not documents[0].legal and any(
                    c in schema().actions and schema().action(c).opens_standing
                    for c in report.classes):
            found[iri] = report
    return found


def drop_quoted_targets(store: GraphStore, facts: ActionFacts) -> None:
    """Remove from the news reports in `facts` every target named only inside quotations
    of its document, and note it in the report's `unsaid` (see the module's
    documentation)."""
    reports = _candidates(facts)
    quoting: dict[str, list[Span]] = {}
    for values in _blocks(sorted({d for r in reports.values() for d in r.documents})):
        for row in solutions(store.query(_TEXTS.format(values=values))):
            if spans := quotation_spans(row["text"].value):
                quoting[row["s"].value] = spans
    if not quoting:
        return
    named: dict[tuple[str, str], list[Span]] = defaultdict(list)  # (document, node) -> spans
    for values in _blocks(sorted(quoting)):
        for row in solutions(store.query(_SPANS.format(values=values))):
            named[row["g"].value, row["s"].value].append(
                (int(row["start"].value), int(row["end"].value)))
    for iri, report in reports.items():
        [document] = report.documents
        if document not in quoting:
            continue
        own = named.get((document, iri), [])
        for target in sorted(report.targets):
            spans = named.get((document, target), [])
            if spans and not any(_within(s, own) for s in spans) \
                    and all(_within(s, quoting[document]) for s in spans):
                report.targets.discard(target)
                report.unsaid.add(target)


def _within(span: Span, outer: list[Span]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in outer)
