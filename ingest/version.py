"""The installed version of tradegraph (a light module: the CLI reads it at start)."""

from __future__ import annotations

from importlib import metadata


def package_version() -> str:
    """The installed version of tradegraph."""
    try:
        return metadata.version("tradegraph")
    except metadata.PackageNotFoundError:
        return "0+unknown"
