"""The actions about an entity, as RDF to go with its description: what an entity's
downloads (the endpoint's `/id/...` in Turtle, JSON-LD and the other formats, the
explorer's entity downloads) carry besides the entity's own statements.

For each real action the entity is a target, agent or beneficiary of (a report folded into
a real action of several reports is given as that action): its type and label, its dates by
kind (and the dates its reports state), its citations, lists, statuses and count, the
documents that report it, its evidence (the exact quote and the document it stands in, with
the document's title), and the entity's standing under it (from when, until when, ended by
what). One CONSTRUCT, so that any SPARQL 1.1 server answers it in one round trip.
"""

from __future__ import annotations

ACTION_FACTS = ("rdf:type", "rdfs:label", "tg:announcedOn", "tg:effectiveOn", "tg:publishedOn",
                "tg:firstReportedOn", "tg:date", "tg:startDate", "tg:endDate", "tg:citation",
                "tg:sourceList", "tg:status", "tg:quantity", "tg:reportedIn", "tg:agent",
                "tg:confirmedBy")
"""What each action carries into the description."""


def actions_template(node: str) -> str:
    """The CONSTRUCT template of the actions about `node` (an IRI in angle brackets)."""
    return (f"?act ?ap ?av . ?act tg:evidence ?ann . ?ann a oa:Annotation ; "
            f"oa:hasTarget ?tgt . ?tgt oa:hasSource ?doc ; oa:hasSelector ?sel . "
            f"?sel a oa:TextQuoteSelector ; oa:exact ?quote . ?doc dcterms:title ?title . "
            f"?act tg:standing ?st . ?st a tg:Standing ; tg:party {node} ; "
            f"tg:appliesFrom ?from ; tg:appliesUntil ?until ; tg:endedBy ?endedBy")


def actions_pattern(node: str) -> str:
    """The WHERE part that binds the template's variables: one branch per kind of fact,
    each from the entity's real actions (so no branch multiplies another's rows)."""
    acts = (f"{{ SELECT DISTINCT ?act WHERE {{ VALUES ?role {{ tg:target tg:agent "
            f"tg:beneficiary tg:affiliatesOf }} ?act ?role {node} . "
            f"FILTER NOT EXISTS {{ ?act tg:sameActionAs ?real }} }} }}")
    facts = ", ".join(ACTION_FACTS)
    return (f"{{ {acts} ?act ?ap ?av . FILTER(?ap IN ({facts})) }}\n"
            f"  UNION {{ {acts} ?act tg:evidence ?ann . ?ann oa:hasTarget ?tgt . "
            f"?tgt oa:hasSource ?doc ; oa:hasSelector ?sel . ?sel oa:exact ?quote . "
            f"OPTIONAL {{ ?doc dcterms:title ?title }} }}\n"
            f"  UNION {{ {acts} ?act tg:standing ?st . ?st tg:party {node} ; "
            f"tg:appliesFrom ?from . OPTIONAL {{ ?st tg:appliesUntil ?until }} "
            f"OPTIONAL {{ ?st tg:endedBy ?endedBy }} }}")
