"""The TradeGraph facade: opening, stats, documents, select, the LicenseApproval question."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import QueryBoolean

from tradegraph.graph.errors import QueryError
from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.store.location import STORE_ENV
from tradegraph.ontology.iris import IriMinter
from tradegraph.ontology.terms import ONTOLOGY_IRI

MINTER = IriMinter()
ENTITY_LIST, LICENSES, ZTE = (
    MINTER.document(key) for key in ("huawei-entity-list", "huawei-licenses", "zte-denial-order"))

LICENSE_APPROVALS = """
SELECT DISTINCT ?agent ?agentLabel ?target ?targetLabel ?quote WHERE {
  ?a a tg:LicenseApproval ; tg:agent ?agent ; tg:target ?target ;
     tg:evidence/oa:hasTarget/oa:hasSelector/oa:exact ?quote .
  ?agent rdfs:label ?agentLabel .
  ?target rdfs:label ?targetLabel .
}"""


def test_license_approval_question(shared_news_graph: TradeGraph) -> None:
    rows = shared_news_graph.select(LICENSE_APPROVALS)
    assert rows == [{
        "agent": MINTER.base + "agency/commerce-department",
        "agentLabel": "U.S. Department of Commerce",
        "target": MINTER.base + "firm/huawei",
        "targetLabel": "Huawei Technologies Co., Ltd.",
        "quote": "The Commerce Department began issuing licenses for some sales to Huawei "
                 "on Wednesday.",
    }]


TG_ACTION = "https://w3id.org/tradegraph/ontology#Action"


def test_stats_counts_documents_entities_and_actions(shared_news_graph: TradeGraph) -> None:
    stats = shared_news_graph.stats()
    assert stats.documents == 3
    # three documents, the ontology, the gazetteer, the actions and the lifecycles
    assert stats.graphs == 7
    assert stats.quads == len(shared_news_graph.store)
    assert stats.entities["Agency"] == 1  # the Commerce Department
    assert stats.entities["Firm"] == 2  # Huawei and ZTE
    for action in ("EntityListAddition", "LicenseApproval", "DenialOrder"):
        assert stats.actions[action] == 1, action
    # cross-check against an independent count: the three news report four actions, no
    # two of them one real action. The action classes are read from the ontology graph and
    # closed here: Virtuoso answers `?c rdfs:subClassOf* tg:Action` with ?c bound for some
    # rows only, depending on the order the store was written in
    below: dict[str, set[str]] = {}
    for row in shared_news_graph.select(
            "SELECT ?sub ?super WHERE { ?sub rdfs:subClassOf ?super }"):
        below.setdefault(str(row["super"]), set()).add(str(row["sub"]))
    actions: set[str] = set()
    frontier = [TG_ACTION]
    while frontier:
        for sub in below.get(frontier.pop(), set()) - actions:
            actions.add(sub)
            frontier.append(sub)
    values = " ".join(f"<{iri}>" for iri in sorted(actions))
    rows = shared_news_graph.select(f"""
        SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{
          VALUES ?c {{ {values} }} ?a tg:reportedIn ?doc ; a ?c }}""")
    assert sum(stats.actions.values()) == int(rows[0]["n"] or 0) == 4


def test_stats_of_an_empty_store(disk_graph: TradeGraph) -> None:
    stats = disk_graph.stats()
    assert (stats.documents, stats.entities, stats.actions) == (0, {}, {})
    assert stats.graphs == 2  # the reference graphs only


def test_documents_lists_titles_dates_and_sizes(shared_news_graph: TradeGraph) -> None:
    infos = shared_news_graph.documents()
    assert [(i.iri, i.title, i.published) for i in infos] == [
        (ENTITY_LIST, "Commerce adds Huawei to the Entity List", "2019-05-16"),
        (LICENSES, "Commerce starts issuing Huawei licenses", "2019-11-20"),
        (ZTE, "Commerce bars exports to ZTE", "2018-04-16"),
    ]
    for info in infos:
        assert info.quads == len(shared_news_graph.store.graph_quads(info.iri))
        assert info.doc_type is None


def test_select_returns_plain_strings(shared_news_graph: TradeGraph) -> None:
    rows = shared_news_graph.select("""
        SELECT ?doc ?title ?missing (COUNT(*) AS ?n) WHERE {
          ?doc a tg:Document ; dcterms:title ?title . OPTIONAL { ?doc tg:noSuchTerm ?missing }
        } GROUP BY ?doc ?title ?missing ORDER BY ?doc""")
    assert len(rows) == 3
    for row in rows:
        assert set(row) == {"doc", "title", "missing", "n"}
        assert all(type(row[name]) is str for name in ("doc", "title", "n"))
        assert row["missing"] is None
    assert rows[1] == {"doc": LICENSES, "title": "Commerce starts issuing Huawei licenses",
                       "missing": None, "n": "1"}


def test_select_refuses_other_query_forms(shared_news_graph: TradeGraph) -> None:
    with pytest.raises(QueryError, match="SELECT"):
        shared_news_graph.select("ASK { ?s a tg:Document }")
    result = shared_news_graph.query("ASK { ?s a tg:LicenseApproval }")
    assert isinstance(result, QueryBoolean) and bool(result)


def test_malformed_query_through_the_facade(shared_news_graph: TradeGraph) -> None:
    with pytest.raises(QueryError, match="malformed SPARQL"):
        shared_news_graph.select("SELECT ?x WHERE { ?x tg:agent }")


def test_open_uses_the_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    location = tmp_path / "from-env"
    monkeypatch.setenv(STORE_ENV, str(location))
    with TradeGraph.open() as graph:
        assert graph.store.location == str(location)
        assert ONTOLOGY_IRI in graph.store.named_graphs()
        assert MINTER.gazetteer_graph in graph.store.named_graphs()
    assert location.is_dir()


def test_open_writes_reference_graphs_once(disk_graph: TradeGraph) -> None:
    assert disk_graph.refresh_reference_graphs() is False
    disk_graph.store.remove_graph(ONTOLOGY_IRI)
    assert disk_graph.refresh_reference_graphs() is True
    assert ONTOLOGY_IRI in disk_graph.store.named_graphs()


def test_read_only_open_writes_nothing(news_graph: TradeGraph) -> None:
    news_graph.store.remove_graph(ONTOLOGY_IRI)
    reader = TradeGraph.open(news_graph.store.location, read_only=True)
    assert ONTOLOGY_IRI not in reader.store.named_graphs()
    assert reader.stats().documents == 3


def test_a_closed_store_can_be_opened_again_in_the_same_process(tmp_path: Path) -> None:
    location = str(tmp_path / "store")
    with TradeGraph.open(location) as first:
        first.ingest_documents([])
    with TradeGraph.open(location) as again:  # `first` is still referenced here
        assert again.stats().graphs == 2


def test_memory_graph(news_dir: Path) -> None:
    with TradeGraph.open(":memory:") as graph:
        report = graph.ingest([news_dir], workers=1)
        assert report.ok
        assert graph.stats().documents == 3
