"""The options of `tradegraph serve`: each given option wins over the `TRADEGRAPH_*`
environment variable that sets it (`tradegraph.ontology.settings`), which wins over the
default. Every limit the server holds requests to is here, so that one place says them.
"""

from __future__ import annotations

import os
import socket

from pydantic import BaseModel, Field, field_validator

from tradegraph.ontology.iris import base_iri_from_env
from tradegraph.ontology.links import safe_http_url
from tradegraph.ontology.settings import env_name, settings

TOKEN_ENV = env_name("update_token")
"""Bearer token that switches on SPARQL Update and Graph Store Protocol writes."""
_WILDCARDS = ("0.0.0.0", "::", "")
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


class ServerSettings(BaseModel):
    """Everything the endpoint needs to know, with safe defaults."""

    store: str
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    workers: int = Field(default_factory=lambda: os.cpu_count() or 2, ge=1)
    """Query workers for any query."""
    quick_workers: int = Field(default_factory=lambda: settings().quick_workers, ge=0)
    """Query workers kept for quick requests (see `tradegraph.graph.query.lanes`)."""
    quick_seconds: float = Field(default_factory=lambda: settings().quick_seconds, gt=0)
    query_niceness: int = Field(default_factory=lambda: settings().query_niceness, ge=0, le=19)
    """CPU niceness of the general query workers."""
    client_queries: int = Field(default_factory=lambda: settings().client_queries, ge=1)
    """General-lane queries one client may have running at once."""
    query_timeout: float = Field(default=30.0, gt=0)
    max_result_bytes: int = Field(default=50_000_000, gt=0)
    max_request_bytes: int = Field(default_factory=lambda: settings().http_max_body_bytes,
                                   gt=0)
    max_url_bytes: int = Field(default_factory=lambda: settings().http_max_url_bytes, gt=0)
    idle_seconds: float = Field(default_factory=lambda: settings().http_idle_seconds, gt=0)
    request_seconds: float = Field(default_factory=lambda: settings().http_request_seconds,
                                   gt=0)
    max_connections: int = Field(default_factory=lambda: settings().http_max_connections,
                                 ge=1)
    update_token: str | None = Field(default_factory=lambda: settings().secret("update_token"))
    allow_service: bool = False
    cors_origins: list[str] = Field(default_factory=list)
    base_iri: str = Field(default_factory=base_iri_from_env)
    public_url: str | None = Field(default_factory=lambda: settings().public_url)
    """Where clients reach the server; None: the address it listens on."""
    explorer_url: str | None = None
    snapshot_refresh: float = Field(default=1.0, ge=0)

    @field_validator("public_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if safe_http_url(value) is None:
            raise ValueError(f"the public URL must be an http(s) URL, not {value!r} "
                             f"(--public-url, ${env_name('public_url')})")
        return value.rstrip("/") + "/"

    @property
    def root(self) -> str:
        """The server's public address, ending in `/`: the configured public URL, else the
        address it listens on (never a request's `Host` header, which the client chooses).

        >>> ServerSettings(store="s", port=8000).root
        'http://127.0.0.1:8000/'
        >>> ServerSettings(store="s", public_url="https://graph.example.org").root
        'https://graph.example.org/'
        """
        if self.public_url:
            return self.public_url
        host = socket.getfqdn() if self.host in _WILDCARDS else self.host
        if ":" in host:  # an IPv6 address
            host = f"[{host}]"
        return f"http://{host}:{self.port}/"

    @property
    def local_only(self) -> bool:
        """Whether the server listens on this machine only."""
        return self.host in _LOOPBACK
