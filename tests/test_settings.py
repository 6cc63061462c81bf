"""One settings object, read once: every `TRADEGRAPH_*` variable the code or the docs name
is declared (with a meaning) in `tradegraph.ontology.settings`; no other module reads the
environment for one; values are read once per process, a bad one is a SettingsError naming
the variable, the lenient limits stay lenient, and a worker gets its parent's settings."""

from __future__ import annotations

import ast
import os
import pickle
import re
from pathlib import Path

import pytest

from tradegraph.graph.lifeline import Lifeline, lifeline
from tradegraph.graph.loading.ingestion import _init_worker
from tradegraph.ingest.extraction import PipelineSettings
from tradegraph.ingest.merges import MergeRules
from tradegraph.ontology.settings import (
    DEFAULT_MAX_DOCUMENT_BYTES,
    Settings,
    SettingsError,
    documented,
    env_name,
    load_settings,
    settings,
    use_settings,
)

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ("ontology", "ingest", "graph", "ui")
DECLARED = {name for name, _, _ in documented()}


def sources() -> list[Path]:
    return [path for floor in FLOORS for path in sorted((ROOT / floor).rglob("*.py"))]


def test_every_variable_named_anywhere_is_declared_with_a_meaning() -> None:
    named = set()
    for path in [*sources(), ROOT / "README.md", *sorted((ROOT / "docs" / "pages").rglob("*.md"))]:
        named |= set(re.findall(r"TRADEGRAPH_[A-Z_]*[A-Z]", path.read_text("utf-8")))
    assert named - DECLARED == set()
    assert len(DECLARED) == 29
    assert all(meaning for _, meaning, _ in documented())


# That the docs name every variable: the settings reference is generated from `documented()`
# (tests/docs/test_completeness.py checks every declared variable is in it).


def _reads_the_environment(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv") \
                and isinstance(node.value, ast.Name) and node.value.id == "os":
            return True
    return False


# the XDG Base Directory convention (not a setting of ours), the explorer's Streamlit
# child, whose environment is built from the options, and the trained model's loader, which
# gives numpy's BLAS and thinc one thread before numpy loads (it reads no setting of ours:
# a thread count the user set for those libraries is left as it is)
ALLOWED = {"graph/store/location.py", "ui/explorer/launch.py", "ingest/nlp.py"}


def test_no_module_reads_the_environment_but_the_settings() -> None:
    readers = {str(path.relative_to(ROOT)) for path in sources()
               if _reads_the_environment(ast.parse(path.read_text("utf-8")))}
    assert readers <= ALLOWED


def test_settings_are_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(env_name("max_document_bytes"), "100")
    first = settings()
    assert first.max_document_bytes == 100
    # a change behind the settings' back is not seen: they were read once
    os.environ[env_name("max_document_bytes")] = "200"
    assert settings() is first and settings().max_document_bytes == 100
    use_settings(None)  # forgotten: read again
    assert settings().max_document_bytes == 200


def test_an_empty_variable_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(env_name("store"), "")
    monkeypatch.setenv(env_name("store_timeout"), "")
    assert settings().store is None and settings().store_timeout == 60.0


@pytest.mark.parametrize(("field", "value", "said"), [
    ("corroboration_days", "a month", "must be a whole number of days, not 'a month'"),
    ("store_timeout", "soon", "is 'soon'"),
])
def test_a_bad_value_is_an_error_naming_the_variable(
        monkeypatch: pytest.MonkeyPatch, field: str, value: str, said: str) -> None:
    monkeypatch.setenv(env_name(field), value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert env_name(field) in str(caught.value) and said in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_the_lenient_values_stay_lenient(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(env_name("max_document_bytes"), "ten megabytes")
    monkeypatch.setenv(env_name("explorer_timeout"), "half a minute")
    monkeypatch.setenv(env_name("fetch_allow_private"), "yes")  # only `1` allows
    monkeypatch.setenv(env_name("fetch_hosts"), " Mirror.Example.org. ,, 8.8.8.8")
    loaded = settings()
    assert loaded.max_document_bytes == DEFAULT_MAX_DOCUMENT_BYTES
    assert loaded.explorer_timeout == 30.0
    assert loaded.fetch_allow_private is False
    assert loaded.fetch_hosts == ("mirror.example.org", "8.8.8.8")


def test_secrets_do_not_show(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(env_name("store_password"), "not-the-password-42")
    loaded = settings()
    assert "not-the-password-42" not in repr(loaded)
    assert loaded.secret("store_password") == "not-the-password-42"


def test_a_worker_gets_its_parents_settings() -> None:
    parent = Settings(max_document_bytes=123, base_iri="https://example.org/kg/")
    carried = pickle.loads(pickle.dumps(parent))  # as a spawned worker receives it
    assert carried == parent
    _init_worker("https://example.org/kg/", PipelineSettings(MergeRules().model_dump_json()),
                 Lifeline(lifeline().watch, os.getppid(), death_signal=False),
                 carried)
    assert settings() is carried and settings().max_document_bytes == 123
