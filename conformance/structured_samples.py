"""Ingest the real structured samples of ../shared/structured into a fresh store and check
what comes out: typed entities and actions with their citations, the rows skipped, and
SHACL validation. Then ingest the two seed news articles of ../shared/corpus with our
demo screening-list extract and show which reported actions the list confirms. Exit code 1
if nothing was read, the graph does not conform or the seeds' May 2019 Entity List
addition of Huawei is not confirmed.

    .venv/bin/python conformance/structured_samples.py [--shared ../shared]

The samples are third-party files (public-domain U.S. Government data): they are read in
place and never copied into the project.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tradegraph.graph.facade import TradeGraph
from tradegraph.ingest.demo_corpus import demo_paths

SAMPLES = (
    "structured/csl_schema/el_fixture_GovWizely_webservices.csv",
    "structured/csl_schema/csl_json_record_example_EL.json",
    "structured/federal_register/fr_api_document_sample_2025-05887.json",
    "structured/fcc_covered_list.csv",
)

ACTIONS = """
SELECT ?document ?type (COUNT(DISTINCT ?action) AS ?actions)
       (GROUP_CONCAT(DISTINCT ?citation; separator=", ") AS ?citations) WHERE {
  ?action tg:reportedIn ?document ; a ?type . ?document a tg:LegalRecord .
  ?type rdfs:subClassOf tg:Action .
  OPTIONAL { ?action tg:citation ?citation }
} GROUP BY ?document ?type ORDER BY ?document ?type"""

ENTITIES = """
SELECT ?type (COUNT(DISTINCT ?entity) AS ?entities) WHERE {
  ?document a tg:LegalRecord ; tg:mentions ?entity . ?entity a ?type .
  FILTER(STRSTARTS(STR(?type), STR(tg:)))
} GROUP BY ?type ORDER BY ?type"""


def main() -> int:
    """Ingest the samples that exist, print what was found, validate."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).parents[1] / ".." / "shared")
    args = parser.parse_args()
    paths = [args.shared / sample for sample in SAMPLES if (args.shared / sample).exists()]
    if not paths:
        print(f"no samples under {args.shared}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder, TradeGraph.open(f"{folder}/store") as graph:
        report = graph.ingest(paths, workers=1)
        for result in report.results:
            print(f"{result.outcome.value:9} {Path(result.source).name}: {result.actions} actions"
                  + (f" ({result.reason})" if result.reason else ""))
            for warning in result.warnings:
                print(f"          skipped {warning}")
        print("\nactions of the legal record:")
        for row in graph.select(ACTIONS):
            name = (row["document"] or "").rsplit("/", 1)[-1]
            kind = (row["type"] or "").rsplit("#", 1)[-1]
            print(f"  {name:40} {kind:22} {row['actions']:>4}  {row['citations'] or '-'}")
        print("\nentities named by the legal record:")
        for row in graph.select(ENTITIES):
            print(f"  {(row['type'] or '').rsplit('#', 1)[-1]:14} {row['entities']:>4}")
        validation = graph.validate()
        print(f"\nSHACL: {'conforms' if validation.conforms else 'does NOT conform'}")
        for issue in validation.issues[:20]:
            print(f"  {issue}")
    seeds_confirmed = _seeds_with_a_list(args.shared)
    return 0 if report.ok and validation.conforms and seeds_confirmed else 1


def _seeds_with_a_list(shared: Path) -> bool:
    """The seeds and our list extract: True if the seeds' Huawei listing is confirmed."""
    seeds = sorted((shared / "corpus" / "docs").glob("seed_*.txt"))
    extract = [path for path in demo_paths() if path.suffix == ".csv"]
    if not seeds:
        print("\nno seed articles under ../shared/corpus/docs")
        return False
    with tempfile.TemporaryDirectory() as folder, TradeGraph.open(f"{folder}/store") as graph:
        graph.ingest([*seeds, *extract], workers=1)
        rows = graph.confirmations()
    print("\nseed articles' actions against the legal record (our list extract):")
    confirmed = False
    for row in rows:
        kind = row.get("type") or ""
        print(f"  {row.get('status'):14} {row.get('date') or '-':10} {kind:26} "
              f"{row.get('target')}  {row.get('citation') or ''}")
        confirmed |= (row.get("status") == "confirmed" and "Huawei" in (row.get("target") or "")
                      and kind.startswith("Entity List addition")
                      and (row.get("date") or "").startswith("2019-05"))
    return confirmed


if __name__ == "__main__":
    sys.exit(main())
