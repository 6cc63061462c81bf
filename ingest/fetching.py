"""What the fetchers of the source kinds share: downloads that name the address on failure,
atomic saves, local copies, and addresses that environment variables can change.

A download streams and stops at its kind's size limit (the limit the ingest holds the file
to); it follows redirects itself, each hop checked against the host rule of
`tradegraph.ingest.fetch_hosts`. A fetched file is saved (written beside, then renamed into
place, so a cut or refused download never leaves half a file) and then ingested like any
other file. Fetching needs no store: where downloads go by default is the graph room's
business (`tradegraph.graph.loading.downloads`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tradegraph.ingest.fetch_hosts import HostPolicy, RefusedAddressError
from tradegraph.ingest.reading import human_size
from tradegraph.ontology.errors import TradegraphError

TIMEOUT_SECONDS = 60.0
MAX_REDIRECTS = 5


class FetchError(TradegraphError):
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


@dataclass(frozen=True)
class SizeLimit:
    """The largest file of a kind, and the environment variable that sets it."""

    size: int
    setting: str

    def __str__(self) -> str:
        return f"the {human_size(self.size)} limit (set by {self.setting})"


def base_url(configured: str | None, default: str) -> str:
    """The address the user configured (e.g. a mirror), else `default`; ending in a slash."""
    base = configured or default
    return base if base.endswith("/") else base + "/"


def http_client() -> httpx.Client:
    """A client with the fetch timeout; it follows no redirect itself (`download` checks
    each hop against the host rule)."""
    return httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False)


def download(client: httpx.Client, url: str, policy: HostPolicy, limit: SizeLimit) -> bytes:
    """The body at `url`, read as it streams and refused past `limit`; redirects are
    followed (at most `MAX_REDIRECTS`) only to addresses `policy` allows. UnreachableError
    if nothing answers; FetchError on HTTP errors, refused addresses and oversized bodies."""
    _check(policy, url)
    for _ in range(MAX_REDIRECTS + 1):
        try:
            with client.stream("GET", url) as response:
                if not response.is_redirect:
                    return _body(response, url, limit)
                location = response.headers.get("location", "")
                target = str(response.url.join(location)) if location else ""
        except httpx.HTTPError as error:
            reason = f"{type(error).__name__}: {error or 'no answer'}"
            raise UnreachableError(f"cannot download {url} ({reason}); if this machine is "
                                   "offline, give a local file with --from") from None
        if not target:
            raise FetchError(f"cannot download {url}: a redirect that names no address")
        _check(policy, target, redirected_from=url)
        url = target
    raise FetchError(f"cannot download {url}: more than {MAX_REDIRECTS} redirects")


def _check(policy: HostPolicy, url: str, *, redirected_from: str | None = None) -> None:
    try:
        policy.check(url)
    except RefusedAddressError as error:
        hop = f"the redirect from {redirected_from} to " if redirected_from else ""
        raise FetchError(f"refused {hop}{error}") from None
    except OSError as error:
        raise UnreachableError(f"cannot download {url} (cannot resolve its host: "
                               f"{error.strerror or error}); if this machine is offline, "
                               "give a local file with --from") from None


def _body(response: httpx.Response, url: str, limit: SizeLimit) -> bytes:
    """The body of a streamed answer, read no further than `limit`."""
    if response.status_code >= 400:
        raise FetchError(f"cannot download {url}: the server answered {response.status_code} "
                         f"{response.reason_phrase}")
    over = f"refused {url}: it is over {limit}"
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit.size:
        raise FetchError(f"{over} (it declares {human_size(int(declared))})")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit.size:
            raise FetchError(f"{over}; stopped reading there, nothing was saved")
        chunks.append(chunk)
    return b"".join(chunks)


def save(data: bytes, target: Path) -> Path:
    """Write `data` to `target` atomically (a partial file is renamed into place, and
    removed if the write fails)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    try:
        partial.write_bytes(data)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def copy_into(source: Path, folder: Path, limit: SizeLimit) -> Path:
    """Copy a local file into `folder` (nothing to do if it is there already); a file over
    `limit` is refused before anything is copied."""
    if not source.is_file():
        raise FetchError(f"{source}: no such file")
    size = source.stat().st_size
    if size > limit.size:
        raise FetchError(f"{source}: file is {human_size(size)}, over {limit}; nothing "
                         "was copied")
    target = folder / source.name
    if target.resolve() == source.resolve():
        return target
    with source.open("rb") as handle:
        data = handle.read(limit.size + 1)  # the file may have grown since it was measured
    if len(data) > limit.size:
        raise FetchError(f"{source}: file is over {limit}; nothing was copied")
    return save(data, target)
