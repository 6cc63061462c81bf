"""How long each explorer page's queries take on a large store (target: < 300 ms each).

    .venv/bin/python bench/explorer_bench.py [--store DIR] [--triples 1000000] [--repeat 5]

Builds (or reuses) a store of at least `--triples` quads from `bench/corpus_generator.py`,
then runs every query the explorer's pages send, exactly as the pages build them
(`tradegraph.ui.explorer.queries`), on a read-only snapshot as the explorer does, without
the explorer's result cache (the first visit of a page after a change pays this). The
entity is the most-targeted firm, the document one that reports an action about it. The
same queries on the demo corpus are the baseline of the run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.time.status import lifecycle_query, status_query
from tradegraph.ingest.demo_corpus import demo_paths
from tradegraph.ui.explorer import queries as q
from tradegraph.ui.explorer.queries import action_pages as qa
from tradegraph.ui.explorer.queries import completion as qc
from tradegraph.ui.explorer.rdf import serialize_triples

sys.path.insert(0, str(Path(__file__).parent))
from corpus_generator import write_corpus

TARGET_MS = 300.0
BATCH_DOCS = 1000
STATUS_DAY = dt.date(2020, 8, 20)
"""The day the status queries ask about (inside the generated corpus's 2017-2024)."""


def build_store(path: Path, triples: int, seed: int = 7) -> None:
    """Ingest generated documents into `path` until it holds `triples` quads."""
    with TradeGraph.open(str(path)) as graph:
        batch = 0
        while len(graph.store) < triples:
            with tempfile.TemporaryDirectory() as folder:
                corpus = write_corpus(Path(folder) / f"batch-{batch}.jsonl", BATCH_DOCS,
                                      seed=seed + batch)
                started = time.perf_counter()
                report = graph.ingest([str(corpus)])
                print(f"  batch {batch}: {report.count(report.results[0].outcome)} documents "
                      f"in {time.perf_counter() - started:.0f} s, store {len(graph.store):,} "
                      "quads", file=sys.stderr)
            batch += 1
        # what every later ingest or removal pays for the derivations of time, when there
        # is little to change: read the actions, fold, trace, compare the derived graphs
        started = time.perf_counter()
        graph.derive_time()
        print(f"  derivation of time (real actions, lifecycles, deadlines): "
              f"{(time.perf_counter() - started) * 1000:.0f} ms", file=sys.stderr)


def page_queries(graph: TradeGraph) -> list[tuple[str, str, str]]:
    """(page, query name, SPARQL) for every query the pages send, on this store's data."""
    firm = graph.select(q.top_entities("target", "Firm", 1))[0]["entity"] or ""
    doc = graph.select(
        f"SELECT ?d WHERE {{ ?a tg:target <{firm}> ; tg:reportedIn ?d }} LIMIT 1")[0]["d"] or ""
    label = graph.select(f"SELECT ?l WHERE {{ <{firm}> rdfs:label ?l }} LIMIT 1")[0]["l"] or ""
    word = label.split()[0]
    hop = graph.select(q.network_step([firm], [], None, None))
    network = sorted({r["action"] or "" for r in hop})
    shown = sorted({r["node"] or "" for r in hop} | set(network))[:400]
    actions = sorted({r["action"] or "" for r in graph.select(qa.real_actions(firm))})[:400]
    nodes = sorted({r["node"] or "" for r in graph.select(q.participants(actions))})[:400]
    documents = sorted({r["doc"] or "" for r in graph.select(qa.action_reports(actions))})[:400]
    timeline = sorted({r["action"] or "" for r in
                       graph.select(q.timeline(None, [], None, None))})[:400]
    agencies = [r["entity"] or "" for r in graph.select(q.top_entities("agent", "Agency", 30))]
    related = [r["other"] or "" for r in graph.select(q.related_entities(firm))]
    denials = [r["action"] or "" for r in
               graph.select(q.filtered_actions(["DenialOrder"], None, None))] or [firm]
    results = [r["entity"] or "" for r in graph.select(q.search(word, []))] or [firm]
    lists = [r["doc"] or "" for r in graph.select(
        'SELECT DISTINCT ?doc WHERE { ?doc tg:documentType "screening list" }')] or [doc]
    return [
        ("overview", "actions per month", q.actions_per_month()),
        ("overview", "latest actions", q.latest_actions()),
        ("overview", "most-targeted firms", q.top_entities("target", "Firm")),
        ("overview", "most active agencies", q.top_entities("agent", "Agency")),
        ("overview", "confirmed vs reported only", q.corroboration_counts()),
        ("search", f"search {word!r}", q.search(word, [])),
        ("search", f"search {word!r} in Firm", q.search(word, ["Firm"])),
        ("search", f"aliases, country of {len(results)} results", q.search_details(results)),
        ("entity", "header (real aliases)", q.entity_header(firm)),
        ("entity", "all statements", q.entity_facts(firm)),
        ("entity", "sub-organisations", q.entity_children(firm)),
        ("entity", "real actions", qa.real_actions(firm)),
        ("entity", f"details of its {len(actions)} actions", qa.action_details(actions)),
        ("entity", f"participants of its {len(actions)} actions", q.participants(actions)),
        ("entity", f"labels of {len(nodes)} participants", q.labels(nodes)),
        ("entity", f"reports of its {len(actions)} actions", qa.action_reports(actions)),
        ("entity", f"quotes of its {len(actions)} actions", qa.action_quotes(actions)),
        ("entity", f"its {len(documents)} documents", qa.documents_meta(documents)),
        ("entity", "standings", qa.standings_of(firm)),
        ("entity", f"deadlines of its {len(actions)} actions", qa.deadlines_of(actions)),
        ("entity", "related entities", q.related_entities(firm)),
        ("entity", "labels of related", q.labels(related)),
        ("entity", "classes of related", q.classes_of(related)),
        ("entity", "evidence", q.evidence(firm)),
        ("network", "action types", q.action_types()),
        ("network", "hop 1", q.network_step([firm], [], None, None)),
        ("network", "hop 1, EntityListAddition, 2019-2021",
         q.network_step([firm], ["EntityListAddition"], "2019", "2021")),
        ("network", f"labels of {len(shown)} nodes", q.labels(shown)),
        ("network", f"classes of {len(shown)} nodes", q.classes_of(shown)),
        ("network", "evidence of shown actions", q.actions_evidence(network[:100])),
        ("network", f"parents of {len(agencies)} agencies", q.parents_of(agencies)),
        ("timeline", "everything", q.timeline(None, [], None, None)),
        ("timeline", "one firm", q.timeline(firm, [], None, None)),
        ("timeline", "all, 2020", q.timeline(None, [], "2020", "2020")),
        ("timeline", "Entity List additions", q.timeline(None, ["EntityListAddition"], None,
                                                         None)),
        ("timeline", f"dates of {len(timeline)} actions", qa.action_details(timeline)),
        ("timeline", f"classes of {len(timeline)} actions", qa.classes_of_actions(timeline)),
        ("sparql", "completion: ontology terms", qc.ontology_terms()),
        ("sparql", "completion: entity labels", qc.entity_labels()),
        ("documents", "list (newest 500)", q.documents()),
        ("documents", "kinds", q.document_kinds()),
        ("documents", f"search {word!r}", q.documents(text=word)),
        ("documents", "2020, news only", q.documents(kinds=["news"], start="2020", end="2020")),
        ("documents", f"dates of {len(lists)} screening lists", qa.list_dates(lists)),
        ("documents", "text", q.document_text(doc)),
        ("documents", "annotations", q.document_annotations(doc)),
        ("export", "entity description", q.describe(firm)),
        ("export", "DenialOrder actions: which", q.filtered_actions(["DenialOrder"], None, None)),
        ("status", "SPARQL pattern: one firm on a day", status_query(firm, STATUS_DAY)),
        ("status", "lifecycle links of one firm", lifecycle_query(firm)),
        # the file itself is written when the user asks for it ("Prepare the file"), like
        # the whole-graph export: timed for information, not part of drawing the page
        ("export file", f"DenialOrder actions: graph of {len(denials)}",
         q.actions_graph(denials)),
    ]


def time_query(graph: TradeGraph, sparql: str, repeat: int) -> float:
    """Median milliseconds of running the query and reading all of its results."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        if sparql.lstrip().startswith("CONSTRUCT"):
            serialize_triples(graph, sparql, "turtle")
        else:
            graph.select(sparql)
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def time_call(run: Callable[[], object], repeat: int) -> float:
    """Median milliseconds of a call."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def run_on(graph: TradeGraph, name: str) -> Callable[[], object]:
    """The status measurement called `name`, on another store (the baseline)."""
    if name.startswith("status"):
        return status_page(graph)
    if name.startswith("record"):
        return records(graph)
    if name.startswith("counts"):
        return graph.counts
    return lambda: graph.deadlines(STATUS_DAY)


def records(graph: TradeGraph) -> Callable[[], object]:
    """What the entity table shows of the legal record for each of the most-targeted
    firm's real actions: `TradeGraph.action_details`, as status computes it."""
    firm = graph.select(q.top_entities("target", "Firm", 1))[0]["entity"] or ""
    actions = sorted({r["action"] or "" for r in graph.select(qa.real_actions(firm))})[:400]
    return lambda: graph.action_details(actions)


def hop2(graph: TradeGraph) -> Callable[[], None]:
    """The network page at two hops through everyone (agencies too, the most it walks), as
    the page runs it: per hop, the step query and the label and class look-ups of what it
    found."""
    firm = graph.select(q.top_entities("target", "Firm", 1))[0]["entity"] or ""

    def run() -> None:
        frontier, seen = [firm], {firm}
        for _ in range(2):
            rows = graph.select(q.network_step(frontier[:200], [], None, None))
            found = sorted({r["node"] or "" for r in rows} | {r["action"] or "" for r in rows})
            for start in range(0, len(found), 400):
                graph.select(q.labels(found[start:start + 400]))
                graph.select(q.classes_of(found[start:start + 400]))
            frontier = sorted({r["node"] or "" for r in rows} - seen)
            seen.update(frontier)

    return run


def timeline_page(graph: TradeGraph) -> None:
    """The timeline page of everything: the query (which gives the plotted date), and the
    labels of its 1,000 real actions, per chunk of 400 as the page asks."""
    rows = graph.select(q.timeline(None, [], None, None))
    found = sorted({r["action"] or "" for r in rows})
    for start in range(0, len(found), 400):
        graph.select(q.labels(found[start:start + 400]))


def search_page(graph: TradeGraph) -> Callable[[], None]:
    """The search page for the first word of the most-targeted firm's name: the matches,
    their aliases and countries, and whether each is listed today (`TradeGraph.status`)."""
    firm = graph.select(q.top_entities("target", "Firm", 1))[0]["entity"] or ""
    label = graph.select(f"SELECT ?l WHERE {{ <{firm}> rdfs:label ?l }} LIMIT 1")[0]["l"] or ""

    def run() -> None:
        rows = graph.select(q.search(label.split()[0], []))
        found = [r["entity"] or "" for r in rows]
        graph.select(q.search_details(found))
        for row in rows:
            if (row["class"] or "").endswith(("Firm", "Organization", "Person")):
                graph.status(row["entity"] or "", STATUS_DAY)

    return run


def status_page(graph: TradeGraph) -> Callable[[], None]:
    """What a status view draws: the status of the most-targeted firm on a day (resolving
    its name, its standings and their actions' details) and its open deadlines."""
    firm = graph.select(q.top_entities("target", "Firm", 1))[0]["entity"] or ""
    label = graph.select(f"SELECT ?l WHERE {{ <{firm}> rdfs:label ?l }} LIMIT 1")[0]["l"] or ""

    def run() -> None:
        graph.status(label, STATUS_DAY)
        graph.deadlines(STATUS_DAY, entity=firm, include_closed=True)

    return run


def _kind(name: str) -> str:
    # Query names carry counts and search words that differ between the two stores.
    return " ".join(w for w in name.split() if not w[0].isdigit() and "'" not in w)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=Path("bench/results/explorer-store"))
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    print(f"building the store at {args.store} (>= {args.triples:,} quads)...", file=sys.stderr)
    build_store(args.store, args.triples)
    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo"
        with TradeGraph.open(str(demo)) as graph:
            graph.ingest([str(p) for p in demo_paths()], workers=1)
        baseline_graph = TradeGraph.open(str(demo), read_only=True)
        large = TradeGraph.open(str(args.store), read_only=True)
        baseline = {(p, n): s for p, n, s in page_queries(baseline_graph)}
        rows = page_queries(large)
        print(f"\nstore: {len(large.store):,} quads, "
              f"{large.select('SELECT (COUNT(*) AS ?n) WHERE { ?d a tg:Document }')[0]['n']} "
              f"documents; median of {args.repeat} runs\n")
        print(f"{'page':<10} {'query':<40} {'demo ms':>8} {'large ms':>9}  < {TARGET_MS:.0f} ms")
        slow = 0
        for page, name, sparql in rows:
            base_sparql = next((s for (p, n), s in baseline.items()
                                if p == page and _kind(n) == _kind(name)), sparql)
            base_ms = time_query(baseline_graph, base_sparql, args.repeat)
            ms = time_query(large, sparql, args.repeat)
            on_request = page == "export file"  # a download the user asks for, not a page
            slow += ms >= TARGET_MS and not on_request
            verdict = "on request" if on_request else "yes" if ms < TARGET_MS else "NO"
            print(f"{page:<10} {name[:40]:<40} {base_ms:8.1f} {ms:9.1f}  {verdict}")
        ms = time_call(hop2(large), args.repeat)  # page totals: medians too
        slow += ms >= TARGET_MS
        print(f"{'network':<10} {'2 hops (2 queries, page total)':<40} {'':>8} {ms:9.1f}  "
              f"{'yes' if ms < TARGET_MS else 'NO'}")
        ms = time_call(search_page(large), args.repeat)
        slow += ms >= TARGET_MS
        print(f"{'search':<10} {'matches + details + listed (page total)':<40} {'':>8} "
              f"{ms:9.1f}  {'yes' if ms < TARGET_MS else 'NO'}")
        ms = time_call(lambda: timeline_page(large), args.repeat)
        slow += ms >= TARGET_MS
        print(f"{'timeline':<10} {'everything + labels (page total)':<40} {'':>8} "
              f"{ms:9.1f}  "
              f"{'yes' if ms < TARGET_MS else 'NO'}")
        for name, run in (("counts of the overview (total)", large.counts),
                          ("status + deadlines of one firm (total)", status_page(large)),
                          ("record of one firm's actions (total)", records(large)),
                          ("open deadlines of everything", lambda: large.deadlines(
                              STATUS_DAY))):
            base_ms = time_call(run_on(baseline_graph, name), args.repeat)
            ms = time_call(run, args.repeat)
            slow += ms >= TARGET_MS
            print(f"{'status':<10} {name[:40]:<40} {base_ms:8.1f} {ms:9.1f}  "
                  f"{'yes' if ms < TARGET_MS else 'NO'}")
        print(f"\n{slow} quer{'y' if slow == 1 else 'ies'} at or over {TARGET_MS:.0f} ms")
        baseline_graph.close()
        large.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
