"""OxigraphStore: opening, locking, transactions per graph, union queries, errors."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from tradegraph.graph.errors import QueryError, StoreError
from tradegraph.graph.store.embedded import OxigraphStore
from tradegraph.graph.store.location import MEMORY
from tradegraph.graph.store.protocol import solutions
from tradegraph.ontology.terms import TG

EX = "http://example.org/"
G1, G2 = EX + "graph/one", EX + "graph/two"


def quad(subject: str, predicate: str, obj: NamedNode | Literal | str, graph: str) -> Quad:
    value = NamedNode(EX + obj) if isinstance(obj, str) else obj
    return Quad(NamedNode(EX + subject), NamedNode(EX + predicate), value, NamedNode(graph))


def two_graphs() -> dict[str, list[Quad]]:
    return {
        G1: [quad("a", "p", "b", G1), quad("a", "label", Literal("first"), G1)],
        G2: [quad("c", "p", "d", G2)],
    }


@pytest.fixture
def store(tmp_path: Path) -> OxigraphStore:
    opened = OxigraphStore.open(str(tmp_path / "store"))
    opened.add_graphs(two_graphs())
    return opened


def test_open_on_disk_creates_the_directory(tmp_path: Path) -> None:
    location = tmp_path / "deep" / "er" / "store"
    opened = OxigraphStore.open(str(location))
    assert location.is_dir()
    assert opened.location == str(location)
    assert not opened.read_only
    assert len(opened) == 0
    opened.close()


def test_read_only_open_of_a_missing_store_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here"
    with pytest.raises(StoreError) as caught:
        OxigraphStore.open(str(missing), read_only=True)
    assert str(missing) in str(caught.value)
    assert not missing.exists(), "a read-only open must not create the store"


def test_open_refuses_a_path_that_is_a_file(tmp_path: Path) -> None:
    a_file = tmp_path / "store"
    a_file.write_text("not a store")
    with pytest.raises(StoreError, match="not a directory"):
        OxigraphStore.open(str(a_file))


def test_second_writer_in_the_same_process_gets_a_store_error(store: OxigraphStore) -> None:
    with pytest.raises(StoreError, match="this process has the store open already") as caught:
        OxigraphStore.open(store.location)
    assert store.location in str(caught.value)


_SECOND_WRITER = """
import sys
from tradegraph.graph.errors import StoreError
from tradegraph.graph.store.embedded import OxigraphStore
try:
    OxigraphStore.open(sys.argv[1])
except StoreError as error:
    print(error)
    sys.exit(3)
"""


@pytest.mark.slow
def test_second_writer_process_gets_a_clear_store_error(store: OxigraphStore) -> None:
    run = subprocess.run(
        [sys.executable, "-c", _SECOND_WRITER, store.location],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert run.returncode == 3, run.stderr
    assert "another tradegraph process is writing to this store" in run.stdout
    assert store.location in run.stdout


def test_read_only_open_beside_a_writer_reads_and_refuses_writes(store: OxigraphStore) -> None:
    reader = OxigraphStore.open(store.location, read_only=True)
    assert reader.read_only
    assert reader.named_graphs() == [G1, G2]
    assert len(reader) == 3
    with pytest.raises(StoreError, match="read-only"):
        reader.add_graphs({EX + "g3": [quad("x", "p", "y", EX + "g3")]})
    with pytest.raises(StoreError, match="read-only"):
        reader.replace_graph(G1, [])
    with pytest.raises(StoreError, match="read-only"):
        reader.remove_graph(G1)
    reader.close()
    assert len(store) == 3


def test_memory_store_works_and_leaves_no_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                ) -> None:
    monkeypatch.chdir(tmp_path)
    memory = OxigraphStore.open(MEMORY)
    memory.add_graphs(two_graphs())
    assert memory.location == MEMORY
    assert memory.named_graphs() == [G1, G2]
    memory.close()
    assert list(tmp_path.iterdir()) == []


def test_one_named_graph_per_added_graph_and_nothing_in_the_default(store: OxigraphStore
                                                                   ) -> None:
    assert store.named_graphs() == [G1, G2]
    assert store.graph_quads(G1) == set(two_graphs()[G1])
    assert set(store.quads(G2)) == set(two_graphs()[G2])
    assert len(list(store.quads())) == 3


def test_queries_see_the_union_of_all_graphs(store: OxigraphStore) -> None:
    sparql = f"SELECT ?s WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?s"
    assert [row["s"].value for row in solutions(store.query(sparql))] == [EX + "a", EX + "c"]
    assert list(solutions(store.query(sparql, union=False))) == []


def test_malformed_sparql_gives_a_readable_query_error(store: OxigraphStore) -> None:
    with pytest.raises(QueryError) as caught:
        store.query("SELECT ?s WHERE { ?s ?p }")
    message = str(caught.value)
    assert message.startswith("malformed SPARQL query")
    assert re.search(r"line 1\b|\b1:\d+", message), "the message should say where"
    assert "Traceback" not in message


def test_undeclared_prefix_is_named_in_the_query_error(store: OxigraphStore) -> None:
    with pytest.raises(QueryError, match="malformed SPARQL query") as caught:
        store.query("SELECT ?s WHERE { ?s nosuch:term ?o }")
    assert "nosuch" in str(caught.value)


def test_solutions_refuses_ask_results(store: OxigraphStore) -> None:
    with pytest.raises(QueryError, match="expected a SELECT query"):
        solutions(store.query("ASK { ?s ?p ?o }"))


def test_replace_graph_swaps_content_and_leaves_other_graphs(store: OxigraphStore) -> None:
    awkward = [
        'He said "no" \\ twice\nthen left\ttabbed',
        "curly “quotes” and an emoji 😀 and é",
        "ends with a backslash \\",
    ]
    new = [quad("n", "text", Literal(text), G1) for text in awkward]
    new.append(quad("n", "lang", Literal("bonjour", language="fr"), G1))
    new.append(quad("n", "count", Literal("42", datatype=NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer")), G1))
    store.replace_graph(G1, new)
    assert store.graph_quads(G1) == set(new), "literals must survive the SPARQL update"
    assert store.graph_quads(G2) == set(two_graphs()[G2])


def test_replace_graph_with_no_quads_empties_it(store: OxigraphStore) -> None:
    store.replace_graph(G1, [])
    assert store.graph_quads(G1) == set()
    assert store.graph_quads(G2) == set(two_graphs()[G2])


def test_remove_graph_removes_exactly_that_graph(store: OxigraphStore) -> None:
    assert store.remove_graph(G1) is True
    assert store.named_graphs() == [G2]
    assert store.graph_quads(G2) == set(two_graphs()[G2])
    assert store.remove_graph(G1) is False


def test_document_states_reads_hash_and_pipeline(store: OxigraphStore) -> None:
    doc = EX + "doc/one"
    hash_quad = Quad(NamedNode(doc), NamedNode(str(TG.contentHash)), Literal("sha256:ab"),
                     NamedNode(doc))
    pipeline_quad = Quad(NamedNode(doc), NamedNode(str(TG.pipeline)), Literal("p/1"),
                         NamedNode(doc))
    store.add_graphs({doc: [hash_quad, pipeline_quad]})
    states = store.document_states()
    assert set(states) == {doc}, "graphs without a content hash are not documents"
    assert states[doc].content_hash == "sha256:ab"
    assert states[doc].pipeline == "p/1"
    # the usual prefixes are predeclared
    rows = solutions(store.query("SELECT ?h WHERE { ?d tg:contentHash ?h }"))
    assert [row["h"].value for row in rows] == ["sha256:ab"]


@pytest.mark.slow
def test_store_survives_reopening(tmp_path: Path) -> None:
    location = str(tmp_path / "store")
    subprocess.run(
        [sys.executable, "-c",
         "import sys\n"
         "from pyoxigraph import Literal, NamedNode, Quad\n"
         "from tradegraph.graph.store.embedded import OxigraphStore\n"
         "s = OxigraphStore.open(sys.argv[1])\n"
         "g = NamedNode('http://example.org/g')\n"
         "s.add_graphs({g.value: [Quad(g, g, Literal('v'), g)]})\n"
         "s.close()\n",
         location],
        check=True, timeout=120,
    )
    reopened = OxigraphStore.open(location, read_only=True)
    assert reopened.named_graphs() == ["http://example.org/g"]


def test_dump_of_one_graph_keeps_its_name(store: OxigraphStore) -> None:
    buffer = io.BytesIO()
    store.dump(buffer, RdfFormat.N_QUADS, G2)
    assert set(parse(buffer.getvalue(), format=RdfFormat.N_QUADS)) == set(two_graphs()[G2])
