"""The graph teaches the reader (#28): a party the store knows is recognised in prose
ingested later, by documents we write."""

from __future__ import annotations

from pathlib import Path

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.loading.known_parties import known_parties
from tradegraph.ontology.models import EntityRef, EntityType

ZEPHYR = EntityRef(type=EntityType.FIRM, key="zephyr-dynamics")


def mentioned_in(graph: TradeGraph, name: str) -> set[str]:
    """The firms the graph of the document from file `name` holds, as `firm/key`."""
    states = graph.store.document_states()
    (iri,) = [i for i, s in states.items() if (s.source_path or "").endswith(name)]
    rows = graph.select(f"""
        PREFIX tg: <https://w3id.org/tradegraph/ontology#>
        SELECT DISTINCT ?e WHERE {{ GRAPH <{iri}> {{ ?e a tg:Firm }} }}""")
    return {"firm/" + row["e"].rsplit("/", 1)[-1] for row in rows}


def test_a_party_one_document_named_is_known_to_the_next(tmp_path: Path) -> None:
    first = tmp_path / "first.txt"
    first.write_text("BIS added Zephyr Dynamics to the Entity List on May 16, 2019.\n",
                     encoding="utf-8")
    later = tmp_path / "later.txt"
    later.write_text("Analysts at Zephyr Dynamics expect a slow year.\n", encoding="utf-8")
    with TradeGraph.open(str(tmp_path / "store")) as graph:
        # alone, a name with no telling word is no entity where it is no party
        graph.ingest([later])
        assert "firm/zephyr-dynamics" not in mentioned_in(graph, "later.txt")
        graph.ingest([first])
        assert ZEPHYR in {party.ref for party in known_parties(graph.store, graph.minter).parties}
        # a stored document keeps its reading until it is read again
        graph.ingest([later])
        assert "firm/zephyr-dynamics" not in mentioned_in(graph, "later.txt")
        graph.ingest([later], force=True)
        assert "firm/zephyr-dynamics" in mentioned_in(graph, "later.txt")


def test_gazetteer_parties_are_not_sent_twice(tmp_path: Path) -> None:
    text = tmp_path / "huawei.txt"
    text.write_text("BIS added Huawei to the Entity List on May 16, 2019.\n", encoding="utf-8")
    with TradeGraph.open(str(tmp_path / "store")) as graph:
        graph.ingest([text])
        refs = {str(party.ref) for party in known_parties(graph.store, graph.minter).parties}
    assert "firm/huawei" not in refs
    assert "agency/bis" not in refs


def test_a_lists_aliases_are_known_in_later_prose(tmp_path: Path) -> None:
    fixtures = Path(__file__).parents[1] / "ingest" / "fixtures" / "screening_lists"
    note = tmp_path / "note.txt"
    note.write_text("Treasury sanctioned Mahan Airlines again in 2019.\n", encoding="utf-8")
    with TradeGraph.open(str(tmp_path / "store")) as graph:
        graph.ingest([fixtures / "consolidated.csv"], workers=1)
        known = {str(p.ref): p.names for p in known_parties(graph.store, graph.minter).parties}
        assert "Mahan Airlines" in known["firm/mahan-air"]  # an alias the list gives
        graph.ingest([note], workers=1)
        assert "firm/mahan-air" in mentioned_in(graph, "note.txt")
