"""The entity page on the demo corpus (both backends): the status on a day comes first,
names are real aliases only, there is one row per real action with all its evidence, the
table filters, the page downloads; only http(s) URLs become links anywhere."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path
from typing import Any

import rdflib

from tradegraph.graph.facade import TradeGraph

BASE = "https://w3id.org/tradegraph/id/"
HUAWEI = BASE + "firm/huawei"


def status_box(app: Any, pages: Any) -> str:
    """The status header's text, tags removed."""
    [box] = re.findall(r'<div class="tg-status.*?</div>', pages.html(app), re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", box))


def real_actions_of(store: Path | str, entity: str) -> set[str]:
    """The real actions the entity takes part in, asked of the store directly."""
    with TradeGraph.open(str(store), read_only=True) as graph:
        rows = graph.select(f"""SELECT DISTINCT ?a WHERE {{
          VALUES ?p {{ tg:agent tg:target tg:beneficiary tg:product }} ?a ?p <{entity}> .
          FILTER NOT EXISTS {{ ?a tg:sameActionAs ?real }}
          ?a a ?c . ?c rdfs:subClassOf tg:Action }}""")
    return {r["a"] or "" for r in rows}


def test_status_on_a_day_comes_first(explorer: Any, pages: Any) -> None:
    listed = explorer(page="entity", iri=HUAWEI, asof="2019-05-20")
    pages.ok(listed)
    text = " ".join(status_box(listed, pages).split())
    assert text.startswith("On 2019-05-20: on the Entity List since 2019-05-16")
    assert "(confirmed by the legal record [84 FR 22961])" in text
    # one line per regime, in the words of `tradegraph status`
    assert "temporary general license (authorization): in force since 2019-05-20" in text
    # the box is the first thing after the title
    first = next(str(m.value) for m in listed.markdown if "tg-status" in str(m.value)
                 or "Also known as" in str(m.value))
    assert "tg-status" in first
    before = explorer(page="entity", iri=HUAWEI, asof="2019-05-10")
    assert "no list or restriction in force" in status_box(before, pages)
    ended = explorer(page="entity", iri=HUAWEI, asof="2020-08-20")
    text = status_box(ended, pages)
    assert "on the Entity List since 2019-05-16" in text
    assert "temporary general license (authorization): in force" not in text
    assert re.search(r"\d+ ended before 2020-08-20", text)


def test_the_date_picker_puts_the_day_in_the_url(explorer: Any, pages: Any) -> None:
    import datetime as dt

    app = explorer(page="entity", iri=HUAWEI)
    assert app.text_input(key="url:entity:asof").value == dt.date.today().isoformat()
    app.text_input(key="url:entity:asof").input("2019-05-10").run()
    pages.ok(app)
    assert pages.url(app, "asof") == "2019-05-10"
    assert "On 2019-05-10: no list" in " ".join(status_box(app, pages).split())


def test_a_bad_date_in_a_link_says_so(explorer: Any, pages: Any) -> None:
    import datetime as dt

    app = explorer(page="entity", iri=HUAWEI, asof="2019-13-45")
    [error] = [e.value for e in app.error]
    assert error.startswith("Status as of: “2019-13-45” is not a date; write it as YYYY-MM-DD")
    assert error.endswith(f"showing {dt.date.today().isoformat()} instead")
    assert "Today:" in status_box(app, pages)


def test_only_real_aliases_are_names(explorer: Any, pages: Any) -> None:
    app = explorer(page="entity", iri=HUAWEI)
    pages.ok(app)
    names = next(str(m.value) for m in app.markdown if "Also known as" in str(m.value))
    names = names.split("<b>Also known as:</b>", 1)[1].split("<br>", 1)[0]
    assert "Huawei Technologies Co. Ltd." in names and "HUAWEI" in names
    assert "the company" not in names.lower()
    search = explorer(page="search", q="the company")
    assert not [q for _, q in pages.links(search) if q.get("iri") == [HUAWEI]]
    assert "the company" not in pages.html(search).lower()


def test_one_row_per_real_action_with_all_its_evidence(explorer: Any, pages: Any,
                                                       demo_store: Path | str) -> None:
    app = explorer(page="entity", iri=HUAWEI)
    pages.ok(app)
    frame = app.dataframe[0].value
    links = [re.search(r"iri=([^&]+)", href).group(1) for href in frame["action"]]
    from urllib.parse import unquote

    shown = {unquote(link) for link in links}
    assert len(shown) == len(links)  # no action twice
    assert shown == real_actions_of(demo_store, HUAWEI)
    may = frame[(frame["type"] == "Entity List addition") & frame["date"].str.startswith("2019-05")]
    assert len(may) == 1, may  # announced 05-15, effective 05-16, one action
    [row] = may.to_dict("records")
    assert row["date"] == "2019-05-16"
    assert "announced 2019-05-15" in row["dates by kind"]
    assert row["reports"] >= 2
    assert row["legal record"] == "confirmed by the legal record [84 FR 22961]"
    assert row["standing"].startswith("in force: Entity List addition from 2019-05-16")
    assert "Bureau of Industry and Security" in row["counterparts"]
    body = pages.html(app)
    block = next(b for b in re.findall(r'<details class="tg-action".*?</details>', body, re.S)
                 if "Entity List addition · 2019-05-16" in b)
    quotes = re.findall(r'<blockquote class="tg">(.*?)</blockquote>', block)
    assert len(quotes) >= 2 and any("added Huawei Technologies Co." in q for q in quotes)


def test_the_actions_table_filters_by_role_type_and_text(explorer: Any, pages: Any) -> None:
    agent = explorer(page="entity", iri=HUAWEI, role="agent")
    pages.ok(agent)
    assert set(agent.dataframe[0].value["role"]) == {"agent"}
    typed = explorer(page="entity", iri=HUAWEI, atype="temporary general license")
    assert set(typed.dataframe[0].value["type"]) == {"temporary general license"}
    words = explorer(page="entity", iri=HUAWEI, filter="84 FR")
    assert 1 <= len(words.dataframe[0].value) < len(agent.dataframe[0].value) + 20
    assert all("84 FR" in " ".join(map(str, r)) for r in words.dataframe[0].value.values)


def test_the_page_downloads_as_jsonld_turtle_and_csv(explorer: Any) -> None:
    from tradegraph.ui.explorer.data import Store, construct
    from tradegraph.ui.explorer.queries import describe
    from tradegraph.ui.explorer.real_actions import gather
    from tradegraph.ui.explorer.views.entity_actions import COLUMNS, to_csv

    app = explorer(page="entity", iri=HUAWEI)
    assert {b.label for b in app.get("download_button")} == {
        "Download as JSON-LD", "Download as Turtle", "Download the actions as CSV"}
    store = Store.current()
    turtle = construct(store, describe(HUAWEI), "turtle")
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    assert (rdflib.URIRef(HUAWEI), rdflib.RDFS.label,
            rdflib.Literal("Huawei Technologies Co., Ltd.")) in graph
    parsed = rdflib.Graph().parse(data=construct(store, describe(HUAWEI), "jsonld"),
                                  format="json-ld")
    assert len(parsed) == len(graph)
    actions = gather(store, HUAWEI)
    table = list(csv.DictReader(io.StringIO(to_csv(actions).decode("utf-8"))))
    assert len(table) == len(app.dataframe[0].value) == len(actions)
    assert list(table[0]) == [*COLUMNS, "evidence"]
    assert all(r["action"].startswith(BASE + "action/") for r in table)


def test_an_action_page_shows_its_evidence(explorer: Any, pages: Any,
                                           demo_store: Path | str) -> None:
    action = sorted(real_actions_of(demo_store, HUAWEI))[0]
    page = explorer(page="entity", iri=action)
    pages.ok(page)
    assert any(h.value.startswith("Evidence") for h in page.subheader)
    assert "<blockquote" in pages.html(page)


def test_bad_and_unknown_iris_are_named(explorer: Any) -> None:
    bad = explorer(page="entity", iri="not an iri> } DROP ALL")
    assert "not a valid IRI" in bad.error[0].value
    unknown = explorer(page="entity", iri=BASE + "firm/nobody-at-all")
    assert "knows nothing about" in unknown.error[0].value


def test_a_javascript_url_is_shown_as_text_never_as_a_link(explorer: Any, pages: Any,
                                                           demo_copy: Path) -> None:
    from pyoxigraph import NamedNode, Quad

    # Ingest writes only http(s) URLs; another writer (an update through the endpoint, a
    # graph loaded by hand) may not: put a javascript: URL on a document and on Huawei.
    lure = NamedNode("javascript:alert(document.cookie)")
    doc = BASE + "doc/03-huawei-entity-list-2019"
    with TradeGraph.open(str(demo_copy)) as graph:
        quads = graph.store.graph_quads(doc)
        here = NamedNode(doc)
        quads |= {Quad(here, NamedNode("https://schema.org/url"), lure, here),
                  Quad(NamedNode(HUAWEI), NamedNode("http://www.w3.org/2002/07/owl#sameAs"),
                       lure, here),
                  Quad(NamedNode(HUAWEI), NamedNode("https://schema.org/url"), lure, here)}
        graph.store.replace_graph(doc, list(quads))
    for app in (explorer(store=demo_copy, page="documents", doc=doc),
                explorer(store=demo_copy, page="entity", iri=HUAWEI)):
        pages.ok(app)
        body = pages.html(app)
        assert "javascript:alert(document.cookie)" in html.unescape(body)
        assert not re.search(r"<a [^>]*javascript", html.unescape(body), re.I)
    # the real identifier next to it is still a link
    assert '<a href="http://www.wikidata.org/entity/Q160120"' in body


def test_web_links_allow_http_and_https_only() -> None:
    from tradegraph.ui.explorer.weblinks import external_link

    assert external_link("https://example.org/a?b=1").startswith('<a href="https://example.org/a?b=1"')
    assert external_link("HTTP://example.org").startswith('<a href="HTTP://example.org"')
    for bad in ("javascript:alert(1)", " javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x",
                "vbscript:x", "//example.org", "http:/x", "file:///etc/passwd", "",
                "java\tscript:alert(1)", None):
        assert "<a" not in external_link(bad), bad
    assert external_link('https://x.org/"><script>') == (
        '<a href="https://x.org/&quot;&gt;&lt;script&gt;" target="_blank" '
        'rel="noopener noreferrer">https://x.org/&quot;&gt;&lt;script&gt;</a>')
