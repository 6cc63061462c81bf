"""The options of `tradegraph serve`: each given option wins over the `TRADEGRAPH_*`
environment variable that sets it (`tradegraph.ontology.settings`)."""

from __future__ import annotations

import os

from pydantic import BaseModel, Field

from tradegraph.ontology.iris import base_iri_from_env
from tradegraph.ontology.settings import env_name, settings

TOKEN_ENV = env_name("update_token")
"""Bearer token that switches on SPARQL Update and Graph Store Protocol writes."""


class ServerSettings(BaseModel):
    """Everything the endpoint needs to know, with safe defaults."""

    store: str
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    workers: int = Field(default_factory=lambda: os.cpu_count() or 2, ge=1)
    query_timeout: float = Field(default=30.0, gt=0)
    max_result_bytes: int = Field(default=50_000_000, gt=0)
    max_request_bytes: int = Field(default=1_000_000, gt=0)
    update_token: str | None = Field(default_factory=lambda: settings().secret("update_token"))
    allow_service: bool = False
    cors_origins: list[str] = Field(default_factory=list)
    base_iri: str = Field(default_factory=base_iri_from_env)
    explorer_url: str | None = None
    snapshot_refresh: float = Field(default=1.0, ge=0)
