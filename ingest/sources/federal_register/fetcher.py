"""Fetching Federal Register documents from the Federal Register API (or local files).

Of several documents, one that cannot be had is reported and the others are still
fetched; an API that cannot be reached at all stops the fetch.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import httpx

from tradegraph.ingest.fetch_hosts import HostPolicy
from tradegraph.ingest.fetching import (
    Fetched,
    FetchError,
    SizeLimit,
    UnreachableError,
    base_url,
    copy_into,
    download,
    http_client,
    save,
)
from tradegraph.ingest.json_input import JsonInputError, read_json
from tradegraph.ingest.reading import MAX_BYTES_ENV, human_size, max_document_bytes
from tradegraph.ingest.sources.federal_register.loader import BODY_FIELDS
from tradegraph.ontology.settings import env_name, settings

FR_API_ENV = env_name("fr_api")
DEFAULT_FR_API = "https://www.federalregister.gov/api/v1/"
OFFICIAL_HOSTS = ("www.federalregister.gov", "federalregister.gov")
"""Where the API and its documents' texts live; the API's answers (its `raw_text_url`s)
and redirects lead nowhere else unless the user says so (`tradegraph.ingest.fetch_hosts`)."""

_DOCUMENT_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,40}$")
_PRE = re.compile(r"<pre[^>]*>(.*?)</pre>", re.DOTALL | re.IGNORECASE)


def fetch_federal_register(
    numbers: Iterable[str], folder: Path, local: Iterable[Path] = (),
) -> Fetched:
    """Federal Register documents by document number, saved in `folder` as the API's JSON
    with the body text added (`full_text`, from the document's `raw_text_url`); local files
    are copied as they are. A document that cannot be had is a failure and the others go
    on; an API that does not answer stops the downloads (`UnreachableError`) unless some
    document was saved already. Every file is held to the document limit
    (`$TRADEGRAPH_MAX_DOCUMENT_BYTES`) before it is saved."""
    fetched = Fetched()
    limit = SizeLimit(max_document_bytes(), MAX_BYTES_ENV)
    for path in local:
        try:
            fetched.paths.append(copy_into(path, folder, limit))
        except (FetchError, OSError) as error:
            fetched.failures.append(str(error))
    numbers = [number.strip() for number in numbers if number.strip()]
    if not numbers:
        return fetched
    api = base_url(settings().fr_api, DEFAULT_FR_API)
    session = _Session(HostPolicy.for_source(OFFICIAL_HOSTS, settings().fr_api),
                       limit, fetched)
    with http_client() as client:
        for number in numbers:
            if not _DOCUMENT_NUMBER.match(number):
                fetched.failures.append(f"{number!r} is not a Federal Register document "
                                        "number (e.g. 2019-10616)")
                continue
            try:
                fetched.paths.append(_fetch_document(client, api, number, folder, session))
            except UnreachableError as error:
                if not fetched.paths:
                    raise
                fetched.failures.append(str(error))
                break  # the API stopped answering: the rest would fail the same way
            except FetchError as error:
                fetched.failures.append(str(error))
    return fetched


@dataclass(frozen=True)
class _Session:
    """What every document of one fetch is held to, and where its warnings go."""

    policy: HostPolicy
    limit: SizeLimit
    fetched: Fetched


def _fetch_document(
    client: httpx.Client, api: str, number: str, folder: Path, session: _Session
) -> Path:
    url = f"{api}documents/{number}.json"
    try:
        record = read_json(download(client, url, session.policy, session.limit).decode())
    except (JsonInputError, UnicodeDecodeError) as error:
        reason = error.reason if isinstance(error, UnicodeDecodeError) else str(error)
        raise FetchError(f"{url} did not answer JSON ({reason})") from None
    if not isinstance(record, dict) or "document_number" not in record:
        raise FetchError(f"{url} did not answer a Federal Register document")
    raw_text = record.get("raw_text_url")
    if isinstance(raw_text, str) and not any(record.get(f) for f in BODY_FIELDS):
        try:
            record["full_text"] = plain_text(
                download(client, raw_text, session.policy, session.limit))
        except FetchError as error:  # the title and abstract are still worth keeping
            session.fetched.warnings.append(
                f"fr-{number}: saved without its full text: {error}")
    data = json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8")
    if len(data) > session.limit.size:
        raise FetchError(f"fr-{number} with its full text is {human_size(len(data))}, over "
                         f"{session.limit}; nothing was saved")
    return save(data, folder / f"fr-{number}.json")


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
