"""What the fetchers of the source kinds share: downloads that name the address on failure,
atomic saves, local copies, and addresses that environment variables can change.

A fetched file is saved (written beside, then renamed into place, so a cut download never
leaves half a file) and then ingested like any other file. Fetching needs no store: where
downloads go by default is the graph room's business (`tradegraph.graph.fetching`).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import httpx

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


def base_url(env: str, default: str) -> str:
    """The address in `$env` (e.g. a mirror), else `default`; ending in a slash."""
    base = os.environ.get(env) or default
    return base if base.endswith("/") else base + "/"


def http_client() -> httpx.Client:
    """A client with the fetch timeout that follows redirects."""
    return httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=True)


def download(client: httpx.Client, url: str) -> bytes:
    """The body at `url` (UnreachableError if nothing answers, FetchError on HTTP errors)."""
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


def save(data: bytes, target: Path) -> Path:
    """Write `data` to `target` atomically (a partial file is renamed into place)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(data)
    partial.replace(target)
    return target


def copy_into(source: Path, folder: Path) -> Path:
    """Copy a local file into `folder` (nothing to do if it is there already)."""
    if not source.is_file():
        raise FetchError(f"{source}: no such file")
    target = folder / source.name
    if target.resolve() == source.resolve():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target
