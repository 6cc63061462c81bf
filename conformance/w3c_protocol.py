"""Replay the W3C SPARQL 1.1 Protocol test suite (../shared/w3c/protocol) against a live
`tradegraph serve` and print one line per case.

    .venv/bin/python conformance/w3c_protocol.py [--suite ../shared/w3c/protocol]

The suite's graphs (data*.nt) are loaded into a throw-away store under the graph names the
manifest uses; the server runs on a loopback port with an update token, and each request's
`/sparql/` path is mapped onto our `/sparql`. Exit code 1 if an applicable case fails.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import rdflib
from pyoxigraph import NamedNode, Quad, RdfFormat, Store, parse

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
HTS = rdflib.Namespace("http://www.w3.org/2011/http-statusCodes#")
DATA = "http://kasei.us/2009/09/sparql/data/"
TOKEN = "w3c-suite-token"

NOT_APPLICABLE = {
    "update_dataset_default_graph": "update datasets by using-graph-uri are not supported",
    "update_dataset_default_graphs": "update datasets by using-graph-uri are not supported",
    "update_dataset_named_graphs": "update datasets by using-named-graph-uri are not supported",
    "update_dataset_full": "update datasets by using-graph-uri are not supported",
}
"""Cases for features tradegraph refuses on purpose (with a 400 that says so)."""

FORMATS = {
    "boolean": ("application/sparql-results",),
    "tabular": ("application/sparql-results", "text/csv", "text/tab-separated-values"),
    "RDF": ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json",
            "application/n-quads", "application/trig"),
}


def load_suite_data(suite: Path, store_path: Path) -> None:
    """The suite's graphs, each under the name the manifest's queries use."""
    store = Store(str(store_path))
    for data in sorted(suite.glob("data*.nt")):
        graph = NamedNode(DATA + data.stem + ".rdf")
        triples = parse(data.read_bytes(), format=RdfFormat.N_TRIPLES)
        store.extend([Quad(t.subject, t.predicate, t.object, graph) for t in triples])
    store.flush()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def expected_statuses(response: rdflib.term.Node, manifest: rdflib.Graph) -> set[str]:
    return {str(s).rsplit("StatusCode", 1)[1][0]
            for s in manifest.objects(response, MF.expectedStatus)}  # type: ignore[arg-type]


def run_case(client: httpx.Client, manifest: rdflib.Graph, request: rdflib.term.Node,
             root: str) -> str | None:
    """Replay one request; None if it met expectations, else what went wrong."""
    path = str(manifest.value(request, HT.absolutePath)).replace("/sparql/", "/sparql", 1)
    method = str(manifest.value(request, HT.methodName))
    headers = {}
    header_list = manifest.value(request, HT.headers)
    if header_list is not None:
        for header in rdflib.collection.Collection(manifest, header_list):  # type: ignore[arg-type]
            headers[str(manifest.value(header, HT.fieldName))] = str(
                manifest.value(header, HT.fieldValue))
    if method == "POST" and "update" in path + str(headers) + str(
            manifest.value(manifest.value(request, HT.body), CNT.chars)):
        headers["Authorization"] = f"Bearer {TOKEN}"
    body_node = manifest.value(request, HT.body)
    body = str(manifest.value(body_node, CNT.chars)).encode() if body_node else None
    reply = client.request(method, root + path.lstrip("/"), headers=headers, content=body)
    response = manifest.value(request, HT.resp)
    wanted = expected_statuses(response, manifest)  # type: ignore[arg-type]
    if str(reply.status_code)[0] not in wanted:
        return f"status {reply.status_code}, wanted {'/'.join(w + 'xx' for w in wanted)}: " \
               f"{reply.text[:120]!r}"
    fmt = manifest.value(response, MF.expectedFormat)
    if fmt is not None and not reply.headers.get("content-type", "").startswith(
            FORMATS[str(fmt)]):
        return f"content type {reply.headers.get('content-type')}, wanted {fmt}"
    boolean = manifest.value(response, MF.expectedBoolean)
    if boolean is not None and reply.json().get("boolean") != boolean.toPython():
        return f"boolean {reply.json().get('boolean')}, wanted {boolean}"
    return None


def main() -> int:
    """Run the suite; 0 if every applicable case passes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", type=Path,
                        default=Path(__file__).resolve().parents[1].parent / "shared" / "w3c"
                        / "protocol")
    suite = parser.parse_args().suite
    if not (suite / "manifest.ttl").exists():
        print(f"no W3C protocol suite at {suite}", file=sys.stderr)
        return 2
    manifest = rdflib.Graph().parse(suite / "manifest.ttl", format="turtle")
    with tempfile.TemporaryDirectory() as scratch:
        store = Path(scratch) / "store"
        load_suite_data(suite, store)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "tradegraph.ui.cli", "--store", str(store), "serve",
             "--port", str(port)], env={**os.environ, "TRADEGRAPH_UPDATE_TOKEN": TOKEN},
            stderr=subprocess.DEVNULL)
        root = f"http://127.0.0.1:{port}/"
        try:
            with httpx.Client(timeout=30) as client:
                for _ in range(300):
                    try:
                        client.get(root + "sparql")
                        break
                    except httpx.TransportError:
                        time.sleep(0.2)
                return _report(client, manifest, root)
        finally:
            server.terminate()
            server.wait(10)


def _report(client: httpx.Client, manifest: rdflib.Graph, root: str) -> int:
    passed = failed = skipped = 0
    entries = manifest.value(next(manifest.subjects(rdflib.RDF.type, MF.Manifest)), MF.entries)
    for test in rdflib.collection.Collection(manifest, entries):  # type: ignore[arg-type]
        name = str(test).rsplit("#", 1)[1]
        if name in NOT_APPLICABLE:
            skipped += 1
            print(f"n/a   {name}: {NOT_APPLICABLE[name]}")
            continue
        requests = manifest.value(manifest.value(test, MF.action), HT.requests)
        problem = None
        for request in rdflib.collection.Collection(manifest, requests):  # type: ignore[arg-type]
            problem = run_case(client, manifest, request, root)
            if problem:
                break
        if problem:
            failed += 1
            print(f"FAIL  {name}: {problem}")
        else:
            passed += 1
            print(f"pass  {name}")
    print(f"\n{passed} passed, {failed} failed, {skipped} not applicable")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
