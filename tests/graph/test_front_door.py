"""The front door, `tradegraph.graph`: every name it lists resolves to the object its module
defines, loads on first use (a query worker importing one module does not load the facade
and the extraction pipeline), and an unknown name is an AttributeError."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import tradegraph.graph as front_door


def test_every_listed_name_resolves_to_its_home() -> None:
    homes = front_door._HOMES
    assert sorted(homes) == sorted(front_door.__all__)
    for name in front_door.__all__:
        module, attribute = homes[name]
        assert getattr(front_door, name) is getattr(importlib.import_module(module), attribute)


def test_the_facade_is_there() -> None:
    from tradegraph.graph import TradeGraph, facade

    assert TradeGraph is facade.TradeGraph


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        _ = front_door.Nothing  # type: ignore[attr-defined]


@pytest.mark.slow  # a fresh interpreter
def test_importing_one_module_does_not_load_the_facade() -> None:
    code = ("import sys, tradegraph.graph.query.worker_pool; "
            "print('tradegraph.graph.facade' in sys.modules, 'spacy' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True)
    assert run.stdout.split() == ["False", "False"]
