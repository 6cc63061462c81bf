"""The `tradegraph` command end to end: a real process, a real store on disk."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

Run = Callable[..., subprocess.CompletedProcess[str]]


TG = "https://w3id.org/tradegraph/ontology#"
COMMERCE = "https://w3id.org/tradegraph/id/agency/commerce-department"
HUAWEI = "https://w3id.org/tradegraph/id/firm/huawei"

LICENSE_APPROVALS = """
SELECT DISTINCT ?agent ?target ?quote WHERE {
  ?action a tg:LicenseApproval ; tg:agent ?agent ; tg:target ?target ;
          tg:evidence/oa:hasTarget/oa:hasSelector/oa:exact ?quote .
}"""


def sparql_json(output: str) -> list[dict[str, str]]:
    """Rows of a SPARQL 1.1 JSON result as {variable: value}."""
    data = json.loads(output)
    return [{name: cell["value"] for name, cell in row.items()}
            for row in data["results"]["bindings"]]


# ------------------------------------------------------------------ demo and ingest


def test_demo_fills_the_store_and_says_what_to_try(cli: Run, demo_store: Path) -> None:
    stats = cli("stats", "--json", store=demo_store)
    assert stats.returncode == 0, stats.stderr
    figures = json.loads(stats.stdout)
    assert figures["documents"] >= 10
    assert figures["actions"]["EntityListAddition"] >= 3
    assert figures["entities"]["Firm"] >= 5


def test_demo_says_to_explore_next(cli: Run, tmp_path: Path) -> None:
    store = tmp_path / "store"
    result = cli("demo", "--store", str(store))
    assert result.returncode == 0, result.stderr
    after = result.stdout.split("Try next:", 1)[1]
    assert after.lstrip().startswith(f"tradegraph explore --store {store}\n")


def test_demo_answers_who_approved_licenses_for_whom(cli: Run, demo_store: Path) -> None:
    result = cli("query", "--format", "json", LICENSE_APPROVALS, store=demo_store)
    assert result.returncode == 0, result.stderr
    rows = sparql_json(result.stdout)
    assert any(row["agent"] == COMMERCE and row["target"] == HUAWEI
               and "approving licenses" in row["quote"] for row in rows)


def test_demo_again_skips_every_document(cli: Run, demo_copy: Path) -> None:
    result = cli("demo", store=demo_copy)
    assert result.returncode == 0, result.stderr
    assert "0 ingested" in result.stdout
    assert "0 failed" in result.stdout
    assert " 0 skipped" not in result.stdout
    assert "skipped" not in result.stderr  # an unchanged document is not worth a line each


def test_ingest_reports_a_bad_file_and_stores_the_good_ones(cli: Run, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(
        "title: Listing\npublished: 2019-05-16\n\n"
        "The Commerce Department added Huawei to the Entity List on Wednesday.\n",
        encoding="utf-8")
    (corpus / "broken.txt").write_bytes(b"caf\xe9 au lait\n")  # Latin-1, not UTF-8
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    store = tmp_path / "store"

    result = cli("ingest", "--quiet", str(corpus), store=store)

    assert result.returncode == 1
    assert "1 ingested" in result.stdout
    assert "2 failed" in result.stdout
    assert "broken.txt" in result.stderr and "UTF-8" in result.stderr
    assert "empty.txt" in result.stderr and "empty" in result.stderr
    listed = cli("documents", "--json", store=store)
    assert [Path(doc["iri"]).name for doc in json.loads(listed.stdout)] == ["good"]


def test_ingest_of_a_screening_list_reports_its_skipped_rows(cli: Run, tmp_path: Path) -> None:
    listing = tmp_path / "el.csv"
    listing.write_text(
        "source,type,name,federal_register_notice,start_date\n"
        "Entity List (EL) - Bureau of Industry and Security,Entity,"
        "\"Huawei Technologies Co., Ltd.\",84 FR 22961,2019-05-16\n"
        "Entity List (EL) - Bureau of Industry and Security,Entity,Acme Co.,,16 May\n",
        encoding="utf-8")
    store = tmp_path / "store"
    result = cli("ingest", "--quiet", str(listing), store=store)
    assert result.returncode == 0, result.stderr  # the list is stored; one row was skipped
    assert "1 ingested" in result.stdout and "1 actions extracted" in result.stdout
    assert "el.csv: line 3: start date '16 May' is not a date; row skipped" in result.stderr
    rows = cli("query", "--format", "json",
               "SELECT ?c WHERE { ?a a tg:EntityListAddition ; tg:citation ?c }", store=store)
    assert sparql_json(rows.stdout) == [{"c": "84 FR 22961"}]


def test_ingest_of_a_copy_under_the_same_name_says_why_it_was_skipped(
        cli: Run, tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "memo.txt").write_text(
            "The Commerce Department added Acme Co. to the Entity List on May 16, 2019.\n",
            encoding="utf-8")
    store = tmp_path / "store"
    assert cli("ingest", "--quiet", str(tmp_path / "a" / "memo.txt"), store=store).returncode == 0
    result = cli("ingest", "--quiet", str(tmp_path / "b" / "memo.txt"), store=store)
    assert result.returncode == 0, result.stderr
    assert "1 skipped" in result.stdout
    assert "skipped " in result.stderr and "the same content as memo.txt" in result.stderr


def test_ingest_of_a_missing_path_fails_with_its_name(cli: Run, tmp_path: Path) -> None:
    result = cli("ingest", "--quiet", str(tmp_path / "nowhere.txt"), store=tmp_path / "s")
    assert result.returncode == 1
    assert "nowhere.txt" in result.stderr


def test_ingest_accepts_globs_and_replaces_changed_documents(cli: Run, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("published: 2020-12-18\n\nThe Commerce Department added SMIC "
                       "to the Entity List on Friday.\n", encoding="utf-8")
    store = tmp_path / "store"
    first = cli("ingest", "-q", str(tmp_path / "*.txt"), store=store)
    assert first.returncode == 0, first.stderr
    assert "1 ingested" in first.stdout

    article.write_text("published: 2020-12-18\n\nThe Commerce Department added DJI "
                       "to the Entity List on Friday.\n", encoding="utf-8")
    second = cli("ingest", "-q", str(tmp_path / "*.txt"), store=store)
    assert "1 replaced" in second.stdout
    targets = cli("query", "-f", "csv",
                      "SELECT ?t WHERE { ?a a tg:EntityListAddition ; tg:target ?t }",
                      store=store)
    assert targets.stdout.split() == ["t", "https://w3id.org/tradegraph/id/firm/dji"]


# ------------------------------------------------------------------ query


def test_query_formats_are_the_w3c_result_formats(cli: Run, demo_store: Path) -> None:
    select = "SELECT ?d ?title WHERE { ?d a tg:Document ; dcterms:title ?title } ORDER BY ?d"
    as_csv = cli("query", "-f", "csv", select, store=demo_store)
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(rows) >= 10 and all(row["d"].startswith("https://") for row in rows)

    as_tsv = cli("query", "-f", "tsv", select, store=demo_store)
    assert as_tsv.stdout.splitlines()[0] == "?d\t?title"

    as_xml = cli("query", "-f", "xml", select, store=demo_store)
    results = ET.fromstring(as_xml.stdout).find("{http://www.w3.org/2005/sparql-results#}results")
    assert results is not None and len(results) == len(rows)


def test_query_table_shows_compact_names(cli: Run, demo_store: Path) -> None:
    result = cli("query", "SELECT DISTINCT ?c WHERE { ?a a ?c . ?c rdfs:subClassOf "
                     "tg:Action } ORDER BY ?c", store=demo_store)
    assert result.returncode == 0, result.stderr
    assert "tg:EntityListAddition" in result.stdout
    assert TG not in result.stdout


def test_ask_and_construct(cli: Run, demo_store: Path) -> None:
    ask = cli("query", "ASK { ?a a tg:DenialOrder }", store=demo_store)
    assert ask.stdout.strip() == "true"
    ask_json = cli("query", "-f", "json", "ASK { ?a a tg:Tariff }", store=demo_store)
    assert json.loads(ask_json.stdout) == {"head": {}, "boolean": False}

    construct = cli("query", "CONSTRUCT { ?f a tg:Firm } WHERE { ?f a tg:Firm }",
                        store=demo_store)
    graph = Graph().parse(data=construct.stdout, format="turtle")
    assert (URIRef(HUAWEI), None, URIRef(TG + "Firm")) in graph


def test_query_from_a_file_and_from_stdin(cli: Run, demo_store: Path, tmp_path: Path) -> None:
    query_file = tmp_path / "q.rq"
    query_file.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?d a tg:Document }",
                          encoding="utf-8")
    from_file = cli("query", "-f", "csv", f"@{query_file}", store=demo_store)
    from_stdin = cli("query", "-f", "csv", "-", store=demo_store,
                         stdin=query_file.read_text(encoding="utf-8"))
    assert from_file.stdout == from_stdin.stdout
    assert int(from_file.stdout.split()[1]) >= 10


def test_query_answers_from_the_dataset_it_names(cli: Run, demo_store: Path) -> None:
    everything = cli("query", "-f", "csv", "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
                     store=demo_store)
    assert len(everything.stdout.splitlines()) == 2, everything.stderr
    nothing = cli("query", "-f", "csv", "SELECT * FROM <https://example.org/none> "
                  "WHERE { ?s ?p ?o }", store=demo_store)
    assert nothing.returncode == 0, nothing.stderr
    header, *rows = nothing.stdout.splitlines()
    assert sorted(header.split(",")) == ["o", "p", "s"] and rows == []


@pytest.mark.parametrize(("argument", "message"), [
    ("SELEC ?x WHERE { ?x ?p ?o }", "malformed SPARQL query at line 1"),
    ("SELECT ?x WHERE { ?x nope:p ?o }", "unknown prefix nope:"),
    ("   ", "empty"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "this is a SPARQL update"),
    ("@/no/such/query.rq", "/no/such/query.rq does not exist"),
])
def test_bad_queries_fail_clearly(cli: Run, demo_store: Path, argument: str, message: str) -> None:
    result = cli("query", argument, store=demo_store)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_select_as_turtle_is_refused(cli: Run, demo_store: Path) -> None:
    result = cli("query", "-f", "turtle", "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
                     store=demo_store)
    assert result.returncode == 2
    assert "cannot be written as turtle" in result.stderr


# ------------------------------------------------------------------ export


def test_export_picks_the_format_from_the_file_name(
    cli: Run, demo_store: Path, tmp_path: Path
) -> None:
    target = tmp_path / "graph.trig"
    result = cli("export", "--output", str(target), store=demo_store)
    assert result.returncode == 0, result.stderr
    dataset = Dataset()
    dataset.parse(target, format="trig")
    documents = [g for g in dataset.graphs() if "/doc/" in str(g.identifier)]
    assert len(documents) >= 10
    assert not list(tmp_path.glob("*.partial"))


def test_export_one_graph_to_stdout(cli: Run, demo_store: Path) -> None:
    listed = json.loads(cli("documents", "--json", store=demo_store).stdout)
    iri = listed[0]["iri"]
    result = cli("export", "-f", "nt", "--graph", iri, store=demo_store)
    graph = Graph().parse(data=result.stdout, format="nt")
    assert (URIRef(iri), URIRef(TG + "contentHash"), None) in graph
    assert all(str(s) != listed[1]["iri"] for s in graph.subjects())


@pytest.mark.parametrize(("arguments", "message"), [
    (["--format", "yaml"], "unknown RDF format 'yaml'"),
    (["--graph", "https://example.org/none"], "no graph named https://example.org/none"),
])
def test_export_errors(cli: Run, demo_store: Path, arguments: list[str], message: str) -> None:
    result = cli("export", *arguments, store=demo_store)
    assert result.returncode == 2
    assert message in result.stderr


# ------------------------------------------------------------------ validate, remove, store


def test_validate_the_demo_store(cli: Run, demo_store: Path) -> None:
    result = cli("validate", store=demo_store)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("conforms")


def test_validate_reports_a_tampered_quote(cli: Run, tmp_path: Path) -> None:
    from pyoxigraph import Store

    store = tmp_path / "store"
    article = tmp_path / "a.txt"
    article.write_text("published: 2019-05-20\n\nThe Commerce Department issued a temporary "
                       "general license for Huawei on Monday.\n", encoding="utf-8")
    assert cli("ingest", "-q", str(article), store=store).returncode == 0
    raw = Store(str(store))
    raw.update("""PREFIX oa: <http://www.w3.org/ns/oa#>
        DELETE { GRAPH ?g { ?q oa:exact ?e } } INSERT { GRAPH ?g { ?q oa:exact "forged" } }
        WHERE { GRAPH ?g { ?q oa:exact ?e } }""")
    raw.flush()
    del raw

    result = cli("validate", store=store)
    assert result.returncode == 1
    assert "does not conform" in result.stdout
    assert "differs from the document text" in result.stdout


def test_remove_by_file_name(cli: Run, demo_copy: Path) -> None:
    before = json.loads(cli("documents", "--json", store=demo_copy).stdout)
    name = Path(before[0]["iri"]).name + ".txt"
    result = cli("remove", name, "not-a-document", store=demo_copy)
    assert result.returncode == 1
    assert f"removed {before[0]['iri']}" in result.stdout
    assert "not-a-document" in result.stderr
    after = json.loads(cli("documents", "--json", store=demo_copy).stdout)
    assert [doc["iri"] for doc in after] == [doc["iri"] for doc in before[1:]]


def test_a_clashing_name_is_noted_and_an_ambiguous_remove_refused(cli: Run,
                                                                  tmp_path: Path) -> None:
    store = tmp_path / "store"
    for folder, firm in (("one", "ZTE"), ("two", "DJI")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "notice.txt").write_text(
            f"The Commerce Department added {firm} to the Entity List.\n", encoding="utf-8")
    assert cli("ingest", "-q", str(tmp_path / "one"), store=store).returncode == 0
    second = cli("ingest", "-q", str(tmp_path / "two"), store=store)
    assert second.returncode == 0 and "1 ingested" in second.stdout
    assert "note" in second.stderr and "belongs to another source" in second.stderr
    ambiguous = cli("remove", "notice.txt", store=store)
    assert ambiguous.returncode == 1 and "ambiguous" in ambiguous.stderr
    assert "names 2 documents" in ambiguous.stderr
    by_path = cli("remove", str(tmp_path / "two" / "notice.txt"), store=store)
    assert by_path.returncode == 0 and "removed" in by_path.stdout
    documents = json.loads(cli("documents", "--json", store=store).stdout)
    assert [Path(doc["iri"]).name for doc in documents] == ["notice"]


def test_read_commands_on_a_missing_store_say_what_to_do(cli: Run, tmp_path: Path) -> None:
    missing = tmp_path / "none"
    for command in (["stats"], ["query", "ASK {}"], ["export"], ["validate"]):
        result = cli(*command, store=missing)
        assert result.returncode == 2
        assert str(missing) in result.stderr and "tradegraph demo" in result.stderr
    assert not missing.exists()  # reading never creates a store


def test_global_store_option(cli: Run, demo_store: Path) -> None:
    result = cli("--store", str(demo_store), "stats", "--json")
    assert json.loads(result.stdout)["documents"] >= 10


def test_help_lists_every_command(cli: Run) -> None:
    result = cli("--help")
    for command in ("ingest", "query", "export", "stats", "validate", "remove", "demo"):
        assert command in result.stdout


def test_literal_values_survive_the_round_trip(cli: Run, demo_store: Path) -> None:
    """Dates come out typed, as the ontology says (xsd:date for a day)."""
    result = cli("query", "CONSTRUCT { ?a tg:date ?d } WHERE { ?a a tg:DenialOrder ; "
                     "tg:date ?d }", store=demo_store)
    graph = Graph().parse(data=result.stdout, format="turtle")
    dates = {o for o in graph.objects() if isinstance(o, Literal)}
    assert Literal("2018-04-16", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")) in dates


def test_serve_on_a_missing_store_says_what_to_do(cli: Run, tmp_path: Path) -> None:
    missing = tmp_path / "none"
    result = cli("serve", "--port", "0", store=missing)
    assert result.returncode == 1
    assert str(missing) in result.stderr and "tradegraph demo" in result.stderr
    assert not missing.exists()


def test_serve_refuses_bad_settings(cli: Run, demo_store: Path) -> None:
    result = cli("serve", "--timeout", "-1", store=demo_store)
    assert result.returncode == 2
    assert "query_timeout" in result.stderr
