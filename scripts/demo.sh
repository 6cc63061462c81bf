#!/usr/bin/env bash
# One command from a fresh clone to a populated knowledge graph: set up, ingest the demo
# corpus into the default store (or $TRADEGRAPH_STORE), and run a first query.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/tradegraph demo
echo
echo "Who took which action against whom, with the sentence that says so:"
.venv/bin/tradegraph query '
SELECT DISTINCT ?date ?type ?agent ?target WHERE {
  ?action a ?class ; tg:target/rdfs:label ?target .
  ?class rdfs:subClassOf tg:Action ; rdfs:label ?type .
  OPTIONAL { ?action tg:agent/rdfs:label ?agent }
  OPTIONAL { ?action tg:date ?date }
} ORDER BY ?date'
