#!/usr/bin/env bash
# One command from a fresh clone to a full check: set up, lint (ruff), type-check (mypy,
# strict), build the docs site strictly (mkdocs) and run the test suite (pytest). Extra
# arguments go to pytest.
#
#   --fast   the developers' lane: skip the tests that start processes (Virtuoso,
#            `tradegraph serve`, the CLI, Streamlit), i.e. pytest -m "not slow".
#            CI (.ci/run) runs everything.
set -euo pipefail
cd "$(dirname "$0")/.."
lane=()
if [[ "${1:-}" == "--fast" ]]; then
  shift
  lane=(-m "not slow")
fi
bash scripts/setup.sh

echo "== ruff" >&2
.venv/bin/ruff check .

echo "== mypy" >&2
# The four code folders install as tradegraph.<folder>; mypy sees them the same way
# through a tree of links.
mkdir -p .typecheck/tradegraph
for folder in ontology ingest graph ui; do
  ln -sfn "../../$folder" ".typecheck/tradegraph/$folder"
done
(cd .typecheck && ../.venv/bin/mypy --config-file ../pyproject.toml -p tradegraph)

echo "== docs" >&2
# The site builds strictly (a broken link, anchor or generated reference fails), offline.
NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict --quiet -f docs/mkdocs.yml

echo "== pytest" >&2
.venv/bin/python -m pytest "${lane[@]}" "$@"
