"""Which addresses a fetch may follow: the official hosts of a source, and never an address
on this machine or its private network unless the user asked for it.

The rule, for every address a fetch would open (the first, each redirect, a Federal
Register `raw_text_url`):

- its scheme is http or https, and its host is one of the source's official hosts, the
  host of the address the user configured (`TRADEGRAPH_CSL_URL`, `TRADEGRAPH_FR_API`), or
  a host named in `TRADEGRAPH_FETCH_HOSTS` (comma-separated);
- its host is not loopback, private, link-local or otherwise not public (`localhost`,
  127.0.0.0/8, ::1, 10/8, 172.16/12, 192.168/16, 169.254/16, fc00::/7, ...), checked on
  every address the name resolves to, unless `TRADEGRAPH_FETCH_ALLOW_PRIVATE=1` or the
  address has exactly the scheme, host and port of the address the user configured (a
  mirror on this machine is trusted where the user put it, and nowhere else).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass

import httpx

from tradegraph.ontology.errors import TradegraphError
from tradegraph.ontology.settings import env_name, settings

FETCH_HOSTS_ENV = env_name("fetch_hosts")
ALLOW_PRIVATE_ENV = env_name("fetch_allow_private")

Origin = tuple[str, str, int]
"""(scheme, host, port) of an address."""


class RefusedAddressError(TradegraphError, ValueError):
    """An address the fetch will not open; the message says why and how to allow it."""


def origin(url: httpx.URL) -> Origin:
    """The scheme, host (lower case, no trailing dot) and port of `url`."""
    port = url.port or (443 if url.scheme == "https" else 80)
    return url.scheme, url.host.lower().rstrip("."), port


def _not_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone is no part of it
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_unspecified
            or ip.is_reserved or ip.is_multicast)


def _addresses(host: str, port: int) -> list[str]:
    """The IP addresses `host` stands for (itself if it is one)."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


@dataclass(frozen=True)
class HostPolicy:
    """The hosts one fetch may open, and the configured origin it trusts."""

    hosts: frozenset[str]
    trusted: frozenset[Origin] = frozenset()
    allow_private: bool = False

    @classmethod
    def for_source(cls, official: Iterable[str], configured: str | None) -> HostPolicy:
        """The policy of a source with these official hosts, given the address the user
        configured in its environment variable (None if they did not)."""
        hosts = {host.lower() for host in official}
        hosts |= set(settings().fetch_hosts)
        trusted: set[Origin] = set()
        if configured:
            mine = origin(httpx.URL(configured))
            hosts.add(mine[1])
            trusted.add(mine)
        return cls(frozenset(hosts), frozenset(trusted), settings().fetch_allow_private)

    def check(self, url: str) -> None:
        """Refuse `url` (RefusedAddressError) unless the rule above allows it; OSError if its
        host name cannot be resolved."""
        try:
            parsed = httpx.URL(url)
        except httpx.InvalidURL as error:
            raise RefusedAddressError(f"{url!r} is not a valid address ({error})") from None
        if parsed.scheme not in ("http", "https") or not parsed.host:
            raise RefusedAddressError(f"{url} is not an http(s) address")
        where = origin(parsed)
        host = where[1]
        if host not in self.hosts:
            allowed = ", ".join(sorted(self.hosts))
            raise RefusedAddressError(
                f"{url}: {host} is not one of the hosts this fetch follows ({allowed}); "
                f"name it in {FETCH_HOSTS_ENV} to allow it")
        if where in self.trusted or self.allow_private:
            return
        if host == "localhost" or host.endswith(".localhost"):
            private = [host]
        else:
            private = [a for a in _addresses(host, where[2]) if _not_public(a)]
        if private:
            raise RefusedAddressError(
                f"{url}: {host} is an address on this machine or a private network "
                f"({', '.join(private)}); set {ALLOW_PRIVATE_ENV}=1 to allow it")
