"""SHACL validation of the whole graph with pyshacl, against `ontology/shapes.ttl`.

The data graph is the union of all named graphs, so class checks follow rdfs:subClassOf
through the ontology graph the store holds.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from rdflib import Graph, Namespace
from rdflib.term import Node

from tradegraph.graph.query.exports import ExportFormat, export
from tradegraph.graph.store.protocol import GraphStore, solutions
from tradegraph.graph.time.derivations import analyse_time
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.mapping import shapes_turtle
from tradegraph.ontology.terms import OA, TG

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class ValidationIssue:
    """One SHACL result: which node broke which constraint, and why."""

    focus: str
    path: str | None
    message: str
    severity: str
    value: str | None


@dataclass
class ValidationReport:
    """The outcome of validating a graph."""

    conforms: bool
    triples: int
    issues: list[ValidationIssue] = field(default_factory=list)


def union_graph(store: GraphStore) -> Graph:
    """The union of all the store's graphs as an rdflib `Graph`."""
    buffer = io.BytesIO()
    export(store, buffer, ExportFormat.NTRIPLES)
    graph = Graph()
    graph.parse(data=buffer.getvalue(), format="nt")
    return graph


def validate_graph(data: Graph) -> ValidationReport:
    """Validate an rdflib graph against the tradegraph shapes."""
    import pyshacl  # imported here: it is slow to import and only this command needs it

    shapes = Graph().parse(data=shapes_turtle(), format="turtle")
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True, meta_shacl=False
    )
    assert isinstance(results, Graph)
    issues = []
    for result in results.subjects(predicate=None, object=SH.ValidationResult, unique=True):
        def value(predicate: Node, node: Node = result) -> str | None:
            found = results.value(node, predicate)
            return str(found) if found is not None else None

        issues.append(ValidationIssue(
            focus=value(SH.focusNode) or "",
            path=value(SH.resultPath),
            message=value(SH.resultMessage) or value(SH.sourceConstraintComponent) or "",
            severity=(value(SH.resultSeverity) or "").rsplit("#", 1)[-1],
            value=value(SH.value),
        ))
    issues.sort(key=lambda issue: (issue.focus, issue.path or ""))
    return ValidationReport(conforms=bool(conforms), triples=len(data), issues=issues)


# Evidence must quote the document exactly at its offsets. Run natively on the store: as a
# SHACL-SPARQL constraint pyshacl re-parses it per focus node, which dominated validation.
EVIDENCE_MISMATCH_QUERY = """
SELECT DISTINCT ?target ?exact ?found WHERE {
    ?target oa:hasSource ?doc ;
            oa:hasSelector ?quote , ?position .
    ?quote oa:exact ?exact .
    ?position oa:start ?start ; oa:end ?end .
    ?doc tg:text ?text .
    BIND (SUBSTR(?text, ?start + 1, ?end - ?start) AS ?found)
    FILTER (?found != STR(?exact))
}
"""


def evidence_mismatches(store: GraphStore) -> list[ValidationIssue]:
    """Evidence whose quoted text differs from the document text at its offsets."""
    issues = []
    for row in solutions(store.query(EVIDENCE_MISMATCH_QUERY)):
        found = row["found"].value
        issues.append(ValidationIssue(
            focus=row["target"].value,
            path=str(OA.exact),
            message=f"the quote differs from the document text at its offsets ({found!r})",
            severity="Violation",
            value=row["exact"].value,
        ))
    return issues


def contradictions(store: GraphStore, minter: IriMinter) -> list[ValidationIssue]:
    """Records of the lifecycle of actions that cannot all be true (a removal before any
    addition: a violation) or that end something the graph holds no record of (a warning);
    see `graph/time/lifecycles.py`. Reported, never resolved silently."""
    found = analyse_time(store, minter).lifecycles.contradictions
    return [ValidationIssue(focus=c.action, path=str(TG.follows), message=c.message,
                            severity=c.severity, value=c.party) for c in found]


def validate_store(store: GraphStore, minter: IriMinter | None = None) -> ValidationReport:
    """Validate the union of all the store's graphs: SHACL shapes, evidence quotes, and
    contradictions between the records of the actions' lifecycles."""
    report = validate_graph(union_graph(store))
    extra = evidence_mismatches(store) + contradictions(store, minter or IriMinter())
    if any(issue.severity == "Violation" for issue in extra):
        report.conforms = False
    report.issues = sorted(report.issues + extra,
                           key=lambda issue: (issue.focus, issue.path or ""))
    return report
