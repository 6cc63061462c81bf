"""Fetching the Consolidated Screening List from trade.gov (or a mirror, or a local file)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from tradegraph.ingest.fetching import base_url, copy_into, download, http_client, save

CSL_URL_ENV = "TRADEGRAPH_CSL_URL"
DEFAULT_CSL_URL = "https://data.trade.gov/downloadable_consolidated_screening_list/v1/"


class ListFormat(StrEnum):
    """The formats trade.gov publishes the Consolidated Screening List in."""

    CSV = "csv"
    TSV = "tsv"
    JSON = "json"


def fetch_screening_list(fmt: ListFormat, folder: Path, local: Path | None = None) -> Path:
    """The Consolidated Screening List in `fmt`, saved in `folder` (copied from `local` if
    given, else downloaded); the saved file's path."""
    if local is not None:
        return copy_into(local, folder)
    url = base_url(CSL_URL_ENV, DEFAULT_CSL_URL) + f"consolidated.{fmt.value}"
    with http_client() as client:
        return save(download(client, url), folder / f"consolidated.{fmt.value}")
