"""Check what status says on the demo and on the development corpus (issue #29, "done when"):
build a store of the demo corpus and one of ../shared/corpus/docs with the FCC Covered List
and the screening-list samples (../shared/structured/fcc_covered_list.csv and
csl_schema/*.csv), then check on each

- Huawei has exactly one Entity List standing in force on 2020-09-01 and on 2025-01-01;
- ZTE's denial order applies from 2018-04-15 until 2018-07-13;
- no party named only in a quotation is a target: every party with a standing whose act
  only the news reports is named, in one of those documents, outside quotation marks;
- the explorer's status panel and entity table (run with Streamlit's AppTest) give the
  words of `TradeGraph.status` for Huawei and ZTE, and its overview counts what
  `tradegraph stats` counts.

    .venv/bin/python conformance/status_truth.py [--shared ../shared] [--keep DIR]

Prints what it finds; exit code 1 if a check fails. The corpus files are third-party: they
are read in place and never copied into the project.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from tradegraph.graph.facade import TradeGraph
from tradegraph.ingest.demo_corpus import demo_paths
from tradegraph.ontology.settings import use_settings

HUAWEI, ZTE = ("https://w3id.org/tradegraph/id/firm/huawei",
               "https://w3id.org/tradegraph/id/firm/zte")
EXPLORER = Path(__file__).parents[1] / "ui" / "explorer" / "app.py"
_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")
_NAMED = """SELECT ?doc ?start ?end WHERE {{ VALUES ?doc {{ {docs} }}
  GRAPH ?doc {{ <{party}> tg:evidence ?a . ?a oa:hasTarget ?t . ?t oa:hasSelector ?p .
               ?p oa:start ?start ; oa:end ?end }} }}"""


def corpus_inputs(shared: Path) -> list[Path]:
    """The corpus documents, the FCC Covered List and the screening-list samples."""
    structured = shared / "structured"
    return [*sorted((shared / "corpus" / "docs").glob("*.txt")),
            structured / "fcc_covered_list.csv",
            *sorted((structured / "csl_schema").glob("*.csv"))]


def check(name: str, ok: bool, detail: str) -> bool:
    print(f"  {'ok  ' if ok else 'FAIL'} {name}: {detail}")
    return ok


def listings(graph: TradeGraph) -> list[bool]:
    found = []
    for day in ("2020-09-01", "2025-01-01"):
        status = graph.status(HUAWEI, day)
        listed = [s for s in status.in_force if s.regime == "Entity List"]
        line = status.line("Entity List")
        found.append(check(f"Huawei on {day}", len(listed) == 1,
                           f"{len(listed)} Entity List standing(s) in force; "
                           f"{line.text if line else 'no line'}"))
    return found


def zte_order(graph: TradeGraph) -> bool:
    orders = [s for s in graph.status(ZTE, "2018-05-01").in_force if s.regime == "denial order"]
    spans = [(s.applies_from, s.applies_until) for s in orders]
    return check("ZTE's denial order", spans == [("2018-04-15", "2018-07-13")],
                 f"in force on 2018-05-01: {spans}")


def quoted_targets(graph: TradeGraph) -> bool:
    """Every party with a standing whose act only the news reports is named outside
    quotation marks in one of the documents that report it."""
    rows = graph.select("""SELECT DISTINCT ?party ?action WHERE {
        ?action tg:standing ?s . ?s tg:party ?party }""")
    bad = []
    for row in rows:
        party, action = row["party"] or "", row["action"] or ""
        details = graph.action_details([action])[action]
        if details.legal:
            continue
        docs = " ".join(f"<{d}>" for d in sorted(details.documents))
        texts = {r["d"] or "": r["t"] or "" for r in graph.select(
            f"SELECT ?d ?t WHERE {{ VALUES ?d {{ {docs} }} ?d tg:text ?t }}")}
        named = graph.select(_NAMED.format(docs=docs, party=party))
        outside = [r for r in named if not any(
            m.start() <= int(r["start"] or 0) and int(r["end"] or 0) <= m.end()
            for m in _QUOTED.finditer(texts.get(r["doc"] or "", "")))]
        if named and not outside:
            bad.append(f"{party} ({action})")
    return check("no party named only in a quotation holds a standing", not bad,
                 ", ".join(bad) or f"{len(rows)} standings checked")


def explorer_agrees(graph: TradeGraph, location: str) -> list[bool]:
    """The explorer's panel, entity table and overview against status and stats."""
    from streamlit.testing.v1 import AppTest

    os.environ["TRADEGRAPH_STORE"] = location
    use_settings(None)  # the explorer reads its store from the settings: read them again
    found = []
    for entity, day in ((HUAWEI, "2020-09-01"), (ZTE, "2018-05-01")):
        app = AppTest.from_file(str(EXPLORER), default_timeout=120)
        app.query_params.update({"page": "entity", "iri": entity, "asof": day})
        app.run()
        page = "\n".join(str(m.value) for m in app.markdown)
        panel = [unescape(t) for t in re.findall(r'<span class="tg-line">(.*?)</span>', page)]
        status = graph.status(entity, day)
        expected = [line.text for line in status.regimes]
        history = {h.action: h.text for line in status.regimes for h in line.history}
        frame = app.dataframe[0].value if app.dataframe else None
        table = {} if frame is None else {
            parse_qs(urlparse(href).query)["iri"][0]: text
            for href, text in zip(frame["action"], frame["standing"], strict=True)}
        same = all(table.get(a, text) == text for a, text in history.items())
        found.append(check(f"explorer on {entity.rsplit('/', 1)[-1]}, {day}",
                           sorted(panel) == sorted(expected) and same and not app.exception,
                           f"panel {len(panel)} regime line(s), table rows agree: {same}"))
    app = AppTest.from_file(str(EXPLORER), default_timeout=120)
    app.run()
    metrics = {m.label: int(m.value) for m in app.metric}
    stats = graph.stats()
    expected_counts = {"Documents": stats.documents, "Actions": sum(stats.actions.values()),
                       "Firms": stats.entities.get("Firm", 0),
                       "Agencies": stats.entities.get("Agency", 0)}
    found.append(check("explorer overview", all(metrics.get(k) == v for k, v in
                                                expected_counts.items()),
                       f"overview {metrics}; stats {expected_counts}"))
    return found


def examine(name: str, location: str) -> list[bool]:
    print(f"\n{name} ({location})")
    with TradeGraph.open(location, read_only=True) as graph:
        results = [*listings(graph), zte_order(graph), quoted_targets(graph)]
        results += explorer_agrees(graph, location)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path,
                        default=Path(__file__).parents[1] / ".." / "shared")
    parser.add_argument("--keep", type=Path, help="build the stores in this folder and keep "
                        "them (default: a temporary folder)")
    args = parser.parse_args()
    inputs = corpus_inputs(args.shared)
    if not all(path.exists() for path in inputs[-2:]) or len(inputs) < 5:
        print(f"no corpus under {args.shared}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        results = []
        for name, paths in (("demo", demo_paths()), ("corpus", inputs)):
            location = str(folder / name)
            with TradeGraph.open(location) as graph:
                report = graph.ingest([str(p) for p in paths], workers=1)
                print(f"{name}: {len(report.results)} documents, {len(report.failures)} failed")
            results += examine(name, location)
    print(f"\n{sum(results)} of {len(results)} checks pass")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
