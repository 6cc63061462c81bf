"""The explorer's pages, rendered with Streamlit's AppTest on a store of the demo corpus."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import rdflib

from tradegraph.graph.facade import TradeGraph

BASE = "https://w3id.org/tradegraph/id/"
HUAWEI = BASE + "firm/huawei"
ENTITY_LIST_DOC = BASE + "doc/03-huawei-entity-list-2019"


def page_html(app: Any) -> str:
    """Everything the page wrote as Markdown/HTML, joined."""
    return "\n".join(str(m.value) for m in app.markdown)


def links(app: Any) -> list[tuple[str, dict[str, list[str]]]]:
    """(text, URL parameters) of every in-app link on the page."""
    found = []
    for href, text in re.findall(r'<a href="(\?[^"]*)" target="_self">(.*?)</a>', page_html(app)):
        found.append((html.unescape(text), parse_qs(urlparse(html.unescape(href)).query)))
    return found


def url(app: Any, name: str) -> str:
    """A URL parameter after the run (AppTest holds one value or a list)."""
    value = app.query_params[name]
    return value[0] if isinstance(value, list) else value


def no_problems(app: Any) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def stored_text(store: Path | str, doc: str) -> str:
    """The document's text as the store (embedded or remote) holds it."""
    with TradeGraph.open(str(store), read_only=True) as graph:
        [row] = graph.select(f"SELECT ?t WHERE {{ GRAPH <{doc}> {{ <{doc}> tg:text ?t }} }}")
    return str(row["t"])


# ------------------------------------------------------------------ every page renders


def test_overview_counts_latest_actions_and_top_firms(explorer: Any) -> None:
    app = explorer()
    no_problems(app)
    metrics = {m.label: m.value for m in app.metric}
    assert int(metrics["Documents"]) == 13  # 12 articles and a screening-list extract
    assert int(metrics["Firms"]) >= 12
    assert int(metrics["Actions"]) >= 20
    targets = [(text, q) for text, q in links(app) if q.get("iri") == [HUAWEI]]
    assert targets and targets[0][0] == "Huawei Technologies Co., Ltd."
    assert any(q["page"] == ["entity"] and "action/" in q["iri"][0] for _, q in links(app))
    assert "Most active agencies" in [h.value for h in app.subheader]


def test_search_finds_huawei_by_alias_and_filters_by_class(explorer: Any) -> None:
    app = explorer(page="search", q="huawei techn")
    no_problems(app)
    found = [(t, q["iri"][0]) for t, q in links(app) if q["page"] == ["entity"]]
    assert found[0] == ("Huawei Technologies Co., Ltd.", HUAWEI)
    options = app.selectbox(key="typeahead").options
    assert any(o.startswith("Huawei ·") for o in options)  # aliases are in the type-ahead
    agencies_only = explorer(page="search", q="huawei", cls="Agency")
    assert not [q for _, q in links(agencies_only) if q.get("iri") == [HUAWEI]]
    assert "no entity matches" in [c.value for c in agencies_only.caption]


def test_search_box_writes_the_query_into_the_url(explorer: Any) -> None:
    app = explorer(page="search")
    app.text_input(key="url:search:q").set_value("Hikvision").run()
    assert url(app, "q") == "Hikvision"
    assert any("Hikvision" in text for text, _ in links(app))


def test_huawei_page_lists_the_entity_list_addition_with_date_and_evidence(
        explorer: Any, demo_store: Path) -> None:
    app = explorer(page="entity", iri=HUAWEI)
    no_problems(app)
    assert app.title[0].value == "Huawei Technologies Co., Ltd."
    body = page_html(app)
    assert "Huawei Technologies Co. Ltd." in body  # an alias
    assert "http://www.wikidata.org/entity/Q160120" in body
    target_table = body[body.index("Actions as target"):] if "Actions as target" in body \
        else body
    rows = re.findall(r"<tr>(.*?)</tr>", target_table)
    additions = [r for r in rows if "Entity List addition" in r and "2019-05-15" in r]
    assert additions, "no dated Entity List addition in Huawei's actions as target"
    assert "Bureau of Industry and Security" in additions[0]
    assert [h.value for h in app.subheader if h.value.startswith("Actions as target")]
    # the evidence quote, linking to the document at the quote's offsets
    quote_html = re.search(r'<blockquote class="tg">([^<]*added Huawei Technologies[^<]*)'
                           r"</blockquote>source: <a href=\"([^\"]+)\"", body)
    assert quote_html, "the Entity List sentence is not among the evidence"
    params = parse_qs(urlparse(html.unescape(quote_html.group(2))).query)
    assert params["doc"] == [ENTITY_LIST_DOC]
    start, end = int(params["start"][0]), int(params["end"][0])
    text = stored_text(demo_store, ENTITY_LIST_DOC)
    assert text[start:end] == html.unescape(quote_html.group(1))


def test_entity_page_downloads_turtle_and_jsonld(explorer: Any) -> None:
    app = explorer(page="entity", iri=HUAWEI)
    buttons = {b.label: b for b in app.get("download_button")}
    assert set(buttons) == {"Download as Turtle", "Download as JSON-LD"}
    # AppTest exposes a download's data through the media file manager URL only; check the
    # same serialisation the page offers, through the page's own helper
    from tradegraph.ui.explorer.data import Store as ExplorerStore
    from tradegraph.ui.explorer.data import construct
    from tradegraph.ui.explorer.queries import describe

    store = ExplorerStore.current()
    turtle = construct(store, describe(HUAWEI), "turtle")
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    assert (rdflib.URIRef(HUAWEI), rdflib.RDFS.label,
            rdflib.Literal("Huawei Technologies Co., Ltd.")) in graph
    jsonld = construct(store, describe(HUAWEI), "jsonld")
    parsed = rdflib.Graph().parse(data=jsonld, format="json-ld")
    assert len(parsed) == len(graph)


def test_entity_page_refuses_a_bad_iri_and_says_when_nothing_is_known(explorer: Any) -> None:
    bad = explorer(page="entity", iri="not an iri> } DROP ALL")
    assert "not a valid IRI" in bad.error[0].value
    unknown = explorer(page="entity", iri=BASE + "firm/nobody-at-all")
    assert "knows nothing about" in unknown.error[0].value


def test_network_around_huawei_with_filters(explorer: Any) -> None:
    app = explorer(page="network", iri=HUAWEI)
    no_problems(app)
    summary = next(m.value for m in app.markdown if "Around" in str(m.value))
    actions = int(re.search(r"(\d+) actions", summary).group(1))
    assert actions >= 10
    doc_links = [q for _, q in links(app) if q["page"] == ["documents"]]
    assert [ENTITY_LIST_DOC] in [q["doc"] for q in doc_links]
    narrowed = explorer(page="network", iri=HUAWEI, type="EntityListAddition", depth="2")
    no_problems(narrowed)
    summary = next(m.value for m in narrowed.markdown if "Around" in str(m.value))
    assert 0 < int(re.search(r"(\d+) actions", summary).group(1)) < actions + 20
    assert "Entity List addition" in page_html(narrowed)
    assert "License" not in page_html(narrowed).split("Actions in this view")[-1]
    dated = explorer(page="network", iri=HUAWEI, **{"from": "2030"})
    assert "no actions within these filters" in [c.value for c in dated.caption]


def test_timeline_for_a_firm_and_for_everything(explorer: Any) -> None:
    everything = explorer(page="timeline")
    no_problems(everything)
    total = int(everything.caption[0].value.split()[0])
    huawei = explorer(page="timeline", iri=HUAWEI)
    no_problems(huawei)
    count = int(huawei.caption[0].value.split()[0])
    assert 0 < count < total
    assert any("2019-05-15" in r for r in re.findall(r"<tr>(.*?)</tr>", page_html(huawei)))
    window = explorer(page="timeline", **{"from": "2019-05", "to": "2019-05"})
    dates = re.findall(r"<tr><td>(\d{4}[-\d]*)</td>", page_html(window))
    assert dates and all(d.startswith("2019-05") for d in dates)


def test_documents_list_and_document_view_highlights_the_evidence(
        explorer: Any, demo_store: Path) -> None:
    listing = explorer(page="documents")
    no_problems(listing)
    assert len([q for _, q in links(listing) if "doc" in q]) == 13  # with the list extract
    text = stored_text(demo_store, ENTITY_LIST_DOC)
    start = text.index("The Commerce Department")
    end = text.index("supply chain.") + len("supply chain.")
    view = explorer(page="documents", doc=ENTITY_LIST_DOC, start=str(start), end=str(end))
    no_problems(view)
    body = page_html(view)
    focused = re.findall(r'<mark class="tg-focus"[^>]*>(.*?)</mark>(?!</mark>)', body)
    assert focused
    plain = html.unescape(re.sub(r"<[^>]+>", "", "".join(
        re.findall(r'<mark class="tg-focus".*?</mark>(?=[^<]|<mark class="tg-(?:entity|action)'
                   r'|<br>|</div>)', body))))
    assert "added Huawei Technologies Co." in plain
    assert 'class="tg-entity" title="Huawei Technologies Co., Ltd."' in body
    assert 'class="tg-action"' in body
    missing = explorer(page="documents", doc=BASE + "doc/never-ingested")
    assert "there is no document" in missing.error[0].value


def test_pasting_a_document_ingests_it_and_the_lists_update(explorer: Any,
                                                           demo_copy: Path) -> None:
    app = explorer(store=demo_copy, page="documents")
    before = len([q for _, q in links(app) if "doc" in q])
    app.text_input[0].set_value("Kestrel listed")
    app.text_input[1].set_value("2024-03-01")
    app.text_area[0].set_value(
        "The Commerce Department's Bureau of Industry and Security added Kestrel Photonics "
        "Co., Ltd. to the Entity List on Friday.")
    app.button[1].click().run()  # the paste form's submit button
    no_problems(app)
    assert any("1 ingested" in s.value for s in app.success)
    result_links = [q for _, q in links(app) if q.get("doc", [""])[0].endswith("kestrel-listed")]
    assert len(result_links) == 2  # in the result table, and in the list below it
    after = explorer(store=demo_copy, page="documents")
    assert len([q for _, q in links(after) if "doc" in q]) == before + 1
    empty = explorer(store=demo_copy, page="documents")
    empty.button[1].click().run()
    assert "the pasted text is empty" in empty.error[0].value


def test_sparql_query_from_the_url_with_linked_iris(explorer: Any) -> None:
    query = f"SELECT ?p ?o WHERE {{ <{HUAWEI}> ?p ?o }}"
    app = explorer(page="sparql", q=query)
    no_problems(app)
    rows = int(next(c.value for c in app.caption if c.value.endswith("rows")).split()[0])
    assert rows >= 10
    assert any(q.get("iri") == ["http://www.wikidata.org/entity/Q160120"] for _, q in links(app))
    assert {b.label for b in app.get("download_button")} == {"Download CSV", "Download JSON"}


def test_sparql_errors_are_clear(explorer: Any) -> None:
    malformed = explorer(page="sparql", q="SELECT * WHERE { ?s ?p }")
    assert "malformed SPARQL query at line 1" in malformed.error[0].value
    assert "^" in malformed.code[-1].value
    update = explorer(page="sparql", q="DELETE WHERE { ?s ?p ?o }")
    assert "read-only" in update.error[0].value
    service = explorer(page="sparql",
                       q="SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert "SERVICE" in service.error[0].value


def test_sparql_ask_and_construct(explorer: Any) -> None:
    ask = explorer(page="sparql", q="ASK { ?a a tg:DenialOrder }")
    no_problems(ask)
    assert "**yes**" in page_html(ask)
    graph = explorer(page="sparql", q=f"CONSTRUCT {{ <{HUAWEI}> ?p ?o }} "
                                       f"WHERE {{ <{HUAWEI}> ?p ?o }}")
    no_problems(graph)
    turtle = graph.code[-1].value
    parsed = rdflib.Graph().parse(data=turtle, format="turtle")
    assert (rdflib.URIRef(HUAWEI), rdflib.OWL.sameAs,
            rdflib.URIRef("http://www.wikidata.org/entity/Q160120")) in parsed


def test_a_runaway_query_is_stopped_at_the_time_limit(explorer: Any, demo_store: Path | str,
                                                      monkeypatch: Any) -> None:
    import time

    def answered(query: str) -> Any:
        # A query worker needs a moment to start (more on a busy machine), and that moment
        # counts against the limit: give a fresh one time before asking again.
        for _ in range(4):
            app = explorer(page="sparql", q=query)
            if not app.error:
                return app
            time.sleep(5)
        return app

    monkeypatch.setenv("TRADEGRAPH_EXPLORER_TIMEOUT", "6")
    no_problems(answered("ASK { ?s a tg:Firm }"))  # the worker is up
    started = time.monotonic()
    app = explorer(page="sparql",
                   q="SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    if str(demo_store).startswith("http"):
        # a remote server applies its own limits first: its refusal is shown as such
        assert "refused the query" in app.error[0].value
    else:
        assert "ran longer than 6 s and was stopped" in app.error[0].value
    assert time.monotonic() - started < 30
    after = answered("ASK { ?s a tg:Agency }")  # a new worker answers
    no_problems(after)
    assert "**yes**" in page_html(after)


def test_sparql_gallery_puts_a_parameterised_example_in_the_url(explorer: Any) -> None:
    app = explorer(page="sparql")
    app.selectbox(key="example").set_value("Actions in a date range").run()
    app.text_input(key="example-Actions in a date range-from").set_value("2020-01-01").run()
    app.button(key="use-example").click().run()
    no_problems(app)
    query = url(app, "q")
    assert '"2020-01-01"' in query
    # from 2020-01-01 to 2019-12-31: nothing can match
    assert any(c.value == "0 rows" for c in app.caption)
    app.text_input(key="example-Actions in a date range-to").set_value("2020-12-31").run()
    app.button(key="use-example").click().run()
    dates = re.findall(r"<td>(\d{4}-\d{2}(?:-\d{2})?)</td>", page_html(app))
    assert dates and all("2020-01-01" <= d <= "2020-12-31" for d in dates)


def test_sparql_csv_matches_the_rows() -> None:
    from tradegraph.ui.explorer.views.sparql import to_csv

    results = {"head": {"vars": ["a", "b"]},
               "results": {"bindings": [{"a": {"type": "literal", "value": 'x,"y"'}}]}}
    assert to_csv(results) == b'a,b\r\n"x,""y""",\r\n'


def test_export_of_filtered_actions_in_every_format(explorer: Any) -> None:
    from tradegraph.graph.exports import ExportFormat
    from tradegraph.ui.explorer.data import Store as ExplorerStore
    from tradegraph.ui.explorer.data import construct
    from tradegraph.ui.explorer.queries import actions_graph, filtered_actions

    app = explorer(page="export", scope="actions", type="DenialOrder", format="trig")
    no_problems(app)
    assert not app.get("download_button")  # the file is written on request
    app.button[0].click().run()
    no_problems(app)
    [button] = app.get("download_button")
    assert button.label.startswith("Download actions.trig")
    store = ExplorerStore.current()
    parsers = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig",
               "jsonld": "json-ld", "rdfxml": "xml"}
    chosen = [r["action"] or ""
              for r in store.select(filtered_actions(["DenialOrder"], None, None))]
    assert chosen
    for fmt in ExportFormat:
        data = construct(store, actions_graph(chosen), fmt.value)
        graph = rdflib.Dataset()
        graph.parse(io.BytesIO(data), format=parsers[fmt.value])
        kinds = {str(o) for _, _, o, _ in graph.quads((None, rdflib.RDF.type, None, None))}
        assert "https://w3id.org/tradegraph/ontology#DenialOrder" in kinds, fmt
        assert "https://w3id.org/tradegraph/ontology#EntityListAddition" not in kinds, fmt
        quotes = list(graph.quads((None, rdflib.URIRef("http://www.w3.org/ns/oa#exact"),
                                   None, None)))
        assert quotes, f"{fmt}: the evidence quotes are missing"


def test_export_whole_graph_and_one_document(explorer: Any) -> None:
    whole = explorer(page="export", format="nquads")
    whole.button[0].click().run()
    no_problems(whole)
    [button] = whole.get("download_button")
    size = int(re.search(r"\(([\d,]+) bytes\)", button.label).group(1).replace(",", ""))
    one = explorer(page="export", scope="document", doc=ENTITY_LIST_DOC, format="turtle")
    one.button[0].click().run()
    no_problems(one)
    [button] = one.get("download_button")
    assert button.label.startswith("Download 03-huawei-entity-list-2019.ttl")
    assert int(re.search(r"\(([\d,]+) bytes\)", button.label).group(1).replace(",", "")) < size


def test_unknown_page_and_missing_store(explorer: Any, tmp_path: Path) -> None:
    odd = explorer(page="nowhere")
    assert "there is no page 'nowhere'" in odd.warning[0].value
    assert odd.title[0].value == "tradegraph explorer"
    missing = explorer(store=tmp_path / "no-store")
    assert "no tradegraph store at" in missing.error[0].value


def test_sidebar_switches_page_and_keeps_the_entity(explorer: Any) -> None:
    app = explorer(page="entity", iri=HUAWEI)
    app.sidebar.radio(key="nav").set_value("network").run()
    no_problems(app)
    assert url(app, "page") == "network"
    assert url(app, "iri") == HUAWEI
    assert app.title[0].value == "Relationships"


def test_a_new_store_generation_is_seen_without_restarting(explorer: Any,
                                                          demo_copy: Path) -> None:
    from tradegraph.graph.facade import TradeGraph

    before = explorer(store=demo_copy, page="documents")
    count = len([q for _, q in links(before) if "doc" in q])
    with TradeGraph.open(str(demo_copy)) as graph:
        assert graph.remove("03-huawei-entity-list-2019.txt")
    after = explorer(store=demo_copy, page="documents")
    assert len([q for _, q in links(after) if "doc" in q]) == count - 1


def test_explore_command_fails_clearly_without_a_store(cli: Any, tmp_path: Path) -> None:
    result = cli("explore", "--store", str(tmp_path / "none"), "--headless")
    assert result.returncode == 2
    assert "no tradegraph store at" in result.stderr


def test_every_gallery_example_answers_on_the_demo_store(demo_store: Path) -> None:
    from tradegraph.graph.facade import TradeGraph
    from tradegraph.ui.explorer.examples import EXAMPLES

    with TradeGraph.open(str(demo_store), read_only=True) as graph:
        for example in EXAMPLES:
            result = graph.query(example.fill({}))
            assert list(result), example.title


def test_highlight_nests_marks_and_escapes_text() -> None:
    from tradegraph.ui.explorer.highlight import Span, highlight

    text = "A <b> & C added Firm X."
    at = text.index("Firm X")
    spans = [Span(0, len(text), "action", "an action"), Span(at, at + 6, "entity", "Firm X"),
             Span(at, at + 6, "focus"), Span(30, 40, "entity")]  # the last is out of range
    out = highlight(text, spans)
    assert "&lt;b&gt; &amp; C" in out
    assert out.count('id="evidence"') == 1
    assert re.search(r'<mark class="tg-focus"[^>]*><mark class="tg-action"[^>]*>'
                     r'<mark class="tg-entity" title="Firm X">Firm X</mark>', out)
    assert re.sub(r"<[^>]+>", "", out) == html.escape(text, quote=False)


def test_query_parameters_are_checked_before_they_reach_sparql() -> None:
    import pytest

    from tradegraph.ui.explorer import queries

    for bad in ("", "relative/path", "http://x/> } DROP ALL { <y", 'http://x/"', "http://a b"):
        with pytest.raises(queries.BadParameterError):
            queries.iri(bad)
    assert queries.literal('say "hi"\\n') == '"say \\"hi\\"\\\\n"'
    assert "DROP" not in queries.timeline(None, ["Foo} DROP ALL {"], None, None)
