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
    assert [k for k in found if k[1] == HUAWEI] == [found[0]]  # one row per entity
    assert len(app.text_input) == 1 and not app.selectbox  # one box
    row = next(r for r in html_rows(app) if r[0] == "Huawei Technologies Co., Ltd.")
    kind, aliases, country, listed = row[1:]
    assert kind == "Firm" and country == "China"
    assert "Huawei Technologies Co. Ltd." in aliases and "the company" not in aliases.lower()
    assert listed.startswith("listed ") and "Entity List since 2019-05-16" in listed
    by_alias = explorer(page="search", q="zhongxing")  # found by an alias, named by its label
    assert [t for t, q in links(by_alias) if q["page"] == ["entity"]] == ["ZTE Corporation"]
    assert next(r for r in html_rows(by_alias))[4] == "not listed"
    agencies_only = explorer(page="search", q="huawei", cls="Agency")
    assert not [q for _, q in links(agencies_only) if q.get("iri") == [HUAWEI]]
    assert "no entity matches" in [c.value for c in agencies_only.caption]


def html_rows(app: Any) -> list[list[str]]:
    """The cells of the page's HTML tables, tags removed (header rows left out)."""
    body = "\n".join(str(m.value) for m in app.markdown)
    rows = [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
             for c in re.findall(r"<td>(.*?)</td>", r, re.S)]
            for r in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    return [r for r in rows if r]


def test_search_box_writes_the_query_into_the_url(explorer: Any) -> None:
    app = explorer(page="search")
    app.text_input(key="url:search:q").set_value("Hikvision").run()
    assert url(app, "q") == "Hikvision"
    assert any("Hikvision" in text for text, _ in links(app))


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


def test_export_of_filtered_actions_in_every_format(explorer: Any) -> None:
    from tradegraph.graph.query.exports import ExportFormat
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
    size = int(re.search(r"([\d,]+) bytes\)", button.label).group(1).replace(",", ""))
    one = explorer(page="export", scope="document", doc=ENTITY_LIST_DOC, format="turtle")
    one.button[0].click().run()
    no_problems(one)
    [button] = one.get("download_button")
    assert button.label.startswith("Download 03-huawei-entity-list-2019.ttl")
    assert int(re.search(r"([\d,]+) bytes\)", button.label).group(1).replace(",", "")) < size
    assert "(Turtle, " in button.label  # formats as people say them
    assert one.selectbox(key="url:export:format").value == "turtle"
    assert "Turtle" in one.selectbox(key="url:export:format").options


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
    assert app.title[0].value == "Network"
    app.sidebar.radio(key="nav").set_value("export").run()
    assert url(app, "iri") == HUAWEI  # the export offers the entity on screen
    no_problems(app)
    assert "The description of" in page_html(app) and "Huawei Technologies" in page_html(app)
    assert app.get("download_button")[0].label.startswith("Download huawei.ttl (Turtle, ")


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
