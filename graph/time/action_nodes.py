"""The actions graph: the node of each real action of several reports (typed, labelled,
carrying every report's agents, targets, products, citations, statuses, end dates and
evidence, and the best of its dates by kind as its own `tg:date`), each report's
`tg:sameActionAs` link to it, and every real action's dates by kind (`tg:announcedOn`,
`tg:effectiveOn`, `tg:publishedOn`, `tg:firstReportedOn`); written from what
`action_identity` folded."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad

from tradegraph.graph.store.protocol import GraphStore
from tradegraph.graph.time.action_facts import ActionFacts, best_date, labels_of, lookup_pairs
from tradegraph.graph.time.action_identity import Identity, RealAction
from tradegraph.ontology.schema import schema
from tradegraph.ontology.terms import PREFIXES, TG

_RDF_TYPE = NamedNode(PREFIXES["rdf"] + "type")
_LABEL = NamedNode(PREFIXES["rdfs"] + "label")
_XSD = PREFIXES["xsd"]


def date_literal(text: str) -> Literal:
    """`xsd:date`, `xsd:gYearMonth` or `xsd:gYear` by the lexical form."""
    kind = {10: "date", 7: "gYearMonth"}.get(len(text.lstrip("-")), "gYear")
    return Literal(text, datatype=NamedNode(_XSD + kind))


def _most_specific(agents: set[str], facts: ActionFacts) -> set[str]:
    return {a for a in agents if not any(a in facts.ancestors(b) for b in agents if b != a)}


def identity_quads(store: GraphStore, identity: Identity, facts: ActionFacts,
                   graph: str) -> list[Quad]:
    """The actions graph: real-action nodes of folded reports, `tg:sameActionAs` links, and
    every real action's dates by kind; in a stable order."""
    name = NamedNode(graph)
    folded = [a for a in identity.actions.values() if a.folded]
    labels = labels_of(store, {e for a in folded for e in a.agents | a.targets})
    evidence: dict[str, set[str]] = {}
    members = sorted({m for a in folded for m in a.members})
    for report, annotation in lookup_pairs(store, "SELECT DISTINCT ?s ?o WHERE { VALUES ?s { "
                                           "VALUES_HERE } ?s tg:evidence ?o }", members):
        evidence.setdefault(report, set()).add(annotation)
    out: list[Quad] = []
    for action in sorted(identity.actions.values(), key=lambda a: a.iri):
        for kind, value in ((TG.announcedOn, action.announced), (TG.effectiveOn, action.effective),
                            (TG.publishedOn, action.published),
                            (TG.firstReportedOn, action.first_reported)):
            if value:
                out.append(Quad(NamedNode(action.iri), NamedNode(str(kind)),
                                date_literal(value), name))
        if action.folded:
            dated = best_date({d for d in (action.announced, action.effective,
                                           action.published) if d})
            out.extend(_real_node(action, _label(action, labels, facts), dated, evidence,
                                  name))
    return out


def _real_node(action: RealAction, label: str, dated: str | None,
               evidence: dict[str, set[str]], name: NamedNode) -> list[Quad]:
    """The node of a real action of several reports, and its reports' links to it. Its
    `tg:date` is `dated`: the most precise of its announced, effective and published dates
    (the earliest of equally precise ones), so a query over every action node finds it
    dated; never a date its reports state that the folding set aside (the day of the order
    an ending names is not the ending's)."""
    subject = NamedNode(action.iri)
    out = [Quad(subject, _RDF_TYPE, NamedNode(str(TG[cls])), name)
           for cls in sorted({action.cls, action.kind or action.cls})]
    out.append(Quad(subject, _LABEL, Literal(label), name))

    def add(predicate: str, value: NamedNode | Literal) -> None:
        out.append(Quad(subject, NamedNode(predicate), value, name))

    for predicate, values in ((TG.agent, action.agents), (TG.target, action.targets),
                              (TG.product, action.products),
                              (TG.affiliatesOf, action.affiliates_of)):
        for value in sorted(values):
            add(str(predicate), NamedNode(value))
    for status in sorted(action.statuses):
        add(str(TG.status), NamedNode(str(TG[status])))
    for citation in sorted(action.citations):
        add(str(TG.citation), Literal(citation))
    for source in sorted(action.source_lists):
        add(str(TG.sourceList), Literal(source))
    for end in sorted(action.ends):
        add(str(TG.endDate), date_literal(end))
    if dated:
        add(str(TG.date), date_literal(dated))
    for member in action.members:
        out.append(Quad(NamedNode(member), NamedNode(str(TG.sameActionAs)), subject, name))
        for annotation in sorted(evidence.get(member, ())):
            add(str(TG.evidence), NamedNode(annotation))
    return out


def _label(action: RealAction, labels: dict[str, str], facts: ActionFacts) -> str:
    def names(iris: set[str]) -> str:
        return ", ".join(sorted(labels.get(i, i.rsplit("/", 1)[-1]) for i in iris))

    text = schema().caption(action.kind or action.cls)
    if action.agents:
        text += f" by {names(_most_specific(action.agents, facts))}"
    if action.targets:
        text += f" concerning {names(action.targets)}"
    when = action.effective or action.published or action.announced or action.first_reported
    if when:
        text += f" ({when})"
    return text[0].upper() + text[1:]
