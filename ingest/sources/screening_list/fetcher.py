"""Fetching the Consolidated Screening List from trade.gov (or a mirror, or a local file)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from tradegraph.ingest.fetch_hosts import HostPolicy
from tradegraph.ingest.fetching import (
    SizeLimit,
    base_url,
    copy_into,
    download,
    http_client,
    save,
)
from tradegraph.ingest.sources.screening_list.loader import MAX_LIST_BYTES_ENV, max_list_bytes
from tradegraph.ontology.settings import env_name, settings

CSL_URL_ENV = env_name("csl_url")
DEFAULT_CSL_URL = "https://data.trade.gov/downloadable_consolidated_screening_list/v1/"
OFFICIAL_HOSTS = ("data.trade.gov", "api.trade.gov", "trade.gov", "www.trade.gov")
"""Where trade.gov serves the list; a download or redirect goes nowhere else unless the
user says so (see `tradegraph.ingest.fetch_hosts`)."""


class ListFormat(StrEnum):
    """The formats trade.gov publishes the Consolidated Screening List in."""

    CSV = "csv"
    TSV = "tsv"
    JSON = "json"


def fetch_screening_list(fmt: ListFormat, folder: Path, local: Path | None = None) -> Path:
    """The Consolidated Screening List in `fmt`, saved in `folder` (copied from `local` if
    given, else downloaded); the saved file's path. Either is held to the list limit
    (`$TRADEGRAPH_MAX_LIST_BYTES`) before anything is saved."""
    limit = SizeLimit(max_list_bytes(), MAX_LIST_BYTES_ENV)
    if local is not None:
        return copy_into(local, folder, limit)
    url = base_url(settings().csl_url, DEFAULT_CSL_URL) + f"consolidated.{fmt.value}"
    policy = HostPolicy.for_source(OFFICIAL_HOSTS, settings().csl_url)
    with http_client() as client:
        return save(download(client, url, policy, limit), folder / f"consolidated.{fmt.value}")
