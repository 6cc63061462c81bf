"""Fetching the legal record: the Consolidated Screening List and Federal Register documents,
from their official addresses when the machine is online, or from local files.

A fetched file is saved (written beside, then renamed into place, so a cut download never
leaves half a file) and then ingested like any other file. The addresses can be changed
with environment variables, e.g. to a mirror. Of several Federal Register documents, one
that cannot be had is reported and the others are still fetched; an address that cannot be
reached at all stops the fetch.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import httpx

from tradegraph.graph.remote_store import is_remote
from tradegraph.graph.settings import MEMORY, default_store_path
from tradegraph.ingest.loaders.federal_register import BODY_FIELDS

CSL_URL_ENV = "TRADEGRAPH_CSL_URL"
DEFAULT_CSL_URL = "https://data.trade.gov/downloadable_consolidated_screening_list/v1/"
FR_API_ENV = "TRADEGRAPH_FR_API"
DEFAULT_FR_API = "https://www.federalregister.gov/api/v1/"
TIMEOUT_SECONDS = 60.0


class FetchError(Exception):
    """A download or a copy that failed; the message names the address and the reason."""


class UnreachableError(FetchError):
    """The address did not answer at all (offline, wrong host, nothing listening)."""


@dataclass
class Fetched:
    """What a fetch of several documents gave: the saved files, the documents that could
    not be had (each message names the address or file and the reason), and warnings."""

    paths: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class ListFormat(StrEnum):
    """The formats trade.gov publishes the Consolidated Screening List in."""

    CSV = "csv"
    TSV = "tsv"
    JSON = "json"


def downloads_folder(store: str | None = None) -> Path:
    """Where fetched files are kept by default: `downloads` beside the store folder (for a
    store in memory or on a server: beside the default store)."""
    if store and store != MEMORY and not is_remote(store):
        return Path(store).expanduser().absolute().parent / "downloads"
    return default_store_path().parent / "downloads"


def _base(env: str, default: str) -> str:
    base = os.environ.get(env) or default
    return base if base.endswith("/") else base + "/"


def _get(client: httpx.Client, url: str) -> bytes:
    try:
        response = client.get(url)
    except httpx.HTTPError as error:
        reason = f"{type(error).__name__}: {error or 'no answer'}"
        raise UnreachableError(f"cannot download {url} ({reason}); if this machine is offline, "
                               "give a local file with --from") from None
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


_DOCUMENT_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,40}$")
_PRE = re.compile(r"<pre[^>]*>(.*?)</pre>", re.DOTALL | re.IGNORECASE)


def fetch_federal_register(
    numbers: Iterable[str], folder: Path, local: Iterable[Path] = (),
) -> Fetched:
    """Federal Register documents by document number, saved in `folder` as the API's JSON
    with the body text added (`full_text`, from the document's `raw_text_url`); local files
    are copied as they are. A document that cannot be had is a failure and the others go
    on; an API that does not answer stops the downloads (`UnreachableError`) unless some
    document was saved already."""
    fetched = Fetched()
    for path in local:
        try:
            fetched.paths.append(_copy(path, folder))
        except (FetchError, OSError) as error:
            fetched.failures.append(str(error))
    numbers = [number.strip() for number in numbers if number.strip()]
    if not numbers:
        return fetched
    api = _base(FR_API_ENV, DEFAULT_FR_API)
    with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=True) as client:
        for number in numbers:
            if not _DOCUMENT_NUMBER.match(number):
                fetched.failures.append(f"{number!r} is not a Federal Register document "
                                        "number (e.g. 2019-10616)")
                continue
            try:
                fetched.paths.append(_fetch_document(client, api, number, folder, fetched))
            except UnreachableError as error:
                if not fetched.paths:
                    raise
                fetched.failures.append(str(error))
                break  # the API stopped answering: the rest would fail the same way
            except FetchError as error:
                fetched.failures.append(str(error))
    return fetched


def _fetch_document(
    client: httpx.Client, api: str, number: str, folder: Path, fetched: Fetched
) -> Path:
    url = f"{api}documents/{number}.json"
    try:
        record = json.loads(_get(client, url))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        reason = error.msg if isinstance(error, json.JSONDecodeError) else error.reason
        raise FetchError(f"{url} did not answer JSON ({reason})") from None
    if not isinstance(record, dict) or "document_number" not in record:
        raise FetchError(f"{url} did not answer a Federal Register document")
    raw_text = record.get("raw_text_url")
    if isinstance(raw_text, str) and not any(record.get(f) for f in BODY_FIELDS):
        try:
            record["full_text"] = plain_text(_get(client, raw_text))
        except FetchError as error:  # the title and abstract are still worth keeping
            fetched.warnings.append(f"fr-{number}: saved without its full text: {error}")
    data = json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8")
    return _save(data, folder / f"fr-{number}.json")


def plain_text(data: bytes) -> str:
    """The text of a `raw_text_url` answer: plain text as it is, or the `<pre>` block of an
    HTML page that wraps it (entities decoded)."""
    text = data.decode("utf-8", "replace")
    head = text.lstrip()[:200].lower()
    if head.startswith(("<html", "<!doctype", "<pre")):
        blocks = _PRE.findall(text)
        if blocks:
            text = "\n".join(blocks)
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return text.strip()
