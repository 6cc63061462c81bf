"""Fetching the legal record: the Consolidated Screening List and Federal Register documents,
from their official addresses when the machine is online, or from local files.

A fetched file is saved (written beside, then renamed into place, so a cut download never
leaves half a file) and then ingested like any other file. The addresses can be changed
with environment variables, e.g. to a mirror.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

import httpx

from tradegraph.graph.settings import default_store_path
from tradegraph.ingest.loaders.federal_register import BODY_FIELDS

CSL_URL_ENV = "TRADEGRAPH_CSL_URL"
DEFAULT_CSL_URL = "https://data.trade.gov/downloadable_consolidated_screening_list/v1/"
FR_API_ENV = "TRADEGRAPH_FR_API"
DEFAULT_FR_API = "https://www.federalregister.gov/api/v1/"
TIMEOUT_SECONDS = 60.0


class FetchError(Exception):
    """A download or a copy that failed; the message names the address and the reason."""


class ListFormat(StrEnum):
    """The formats trade.gov publishes the Consolidated Screening List in."""

    CSV = "csv"
    TSV = "tsv"
    JSON = "json"


def downloads_folder() -> Path:
    """Where fetched files are kept by default: `downloads` beside the default store."""
    return default_store_path().parent / "downloads"


def _base(env: str, default: str) -> str:
    base = os.environ.get(env) or default
    return base if base.endswith("/") else base + "/"


def _get(client: httpx.Client, url: str) -> bytes:
    try:
        response = client.get(url)
    except httpx.HTTPError as error:
        raise FetchError(f"cannot download {url} ({type(error).__name__}: {error or 'no answer'}); "
                         "if this machine is offline, give a local file with --from") from None
    if response.status_code >= 400:
        raise FetchError(f"cannot download {url}: the server answered {response.status_code} "
                         f"{response.reason_phrase}")
    return response.content


def _save(data: bytes, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(data)
    partial.replace(target)
    return target


def _copy(source: Path, folder: Path) -> Path:
    if not source.is_file():
        raise FetchError(f"{source}: no such file")
    target = folder / source.name
    if target.resolve() == source.resolve():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def fetch_screening_list(fmt: ListFormat, folder: Path, local: Path | None = None) -> Path:
    """The Consolidated Screening List in `fmt`, saved in `folder` (copied from `local` if
    given, else downloaded); the saved file's path."""
    if local is not None:
        return _copy(local, folder)
    url = _base(CSL_URL_ENV, DEFAULT_CSL_URL) + f"consolidated.{fmt.value}"
    with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=True) as client:
        return _save(_get(client, url), folder / f"consolidated.{fmt.value}")


def fetch_federal_register(
    numbers: Iterable[str], folder: Path, local: Iterable[Path] = (),
) -> list[Path]:
    """Federal Register documents by document number, saved in `folder` as the API's JSON
    with the body text added (`full_text`, from the document's `raw_text_url`); local files
    are copied as they are."""
    saved = [_copy(path, folder) for path in local]
    numbers = [number.strip() for number in numbers if number.strip()]
    if not numbers:
        return saved
    api = _base(FR_API_ENV, DEFAULT_FR_API)
    with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=True) as client:
        for number in numbers:
            url = f"{api}documents/{number}.json"
            try:
                record = json.loads(_get(client, url))
            except json.JSONDecodeError as error:
                raise FetchError(f"{url} did not answer JSON ({error.msg})") from None
            if not isinstance(record, dict):
                raise FetchError(f"{url} did not answer a document object")
            raw_text = record.get("raw_text_url")
            if isinstance(raw_text, str) and not any(record.get(f) for f in BODY_FIELDS):
                record["full_text"] = _get(client, raw_text).decode("utf-8", "replace")
            data = json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8")
            saved.append(_save(data, folder / f"fr-{number}.json"))
    return saved
