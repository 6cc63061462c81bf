"""tradegraph's settings: every `TRADEGRAPH_*` environment variable, declared once with its
type, default and meaning, and read once per process.

pydantic-settings does the reading (the field's tool for typed settings from the
environment: names, types, defaults and validation in one declaration), so no module reads
`os.environ` itself. Options win over the environment: a command-line option (`--store`,
`serve --timeout`, ...) is passed down as an argument, and only where none is given does
the code ask `settings()`. Worker processes get their parent's settings as an argument
(`use_settings`), so they see what the parent saw.

It lives on the lowest floor because the lowest floors read settings too (the base IRI,
the size limits of documents).

    >>> from tradegraph.ontology.settings import Settings, env_name
    >>> env_name("base_iri")
    'TRADEGRAPH_BASE_IRI'
    >>> Settings(max_document_bytes="ten megabytes").max_document_bytes  # ignored: default
    10485760
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from tradegraph.ontology.errors import TradegraphError

PREFIX = "TRADEGRAPH_"
DEFAULT_BASE_IRI = "https://w3id.org/tradegraph/id/"
DEFAULT_CORROBORATION_DAYS = 31
DEFAULT_MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DEFAULT_DERIVATION_PARTIES = 2000
DEFAULT_MAX_LIST_BYTES = 64 * 1024 * 1024
DEFAULT_EXPLORER_TIMEOUT = 30.0
DEFAULT_MAX_JSON_DEPTH = 64
DEFAULT_CLIENT_QUERIES = 1


def env_name(field: str) -> str:
    """The environment variable of a setting: `store_user` -> `TRADEGRAPH_STORE_USER`."""
    return PREFIX + field.upper()


class SettingsError(TradegraphError, ValueError):
    """An environment variable holds a value tradegraph cannot use; the message names it."""


class Settings(BaseSettings):
    """Every `TRADEGRAPH_*` environment variable (an empty one counts as unset)."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, env_ignore_empty=True,
                                      extra="ignore", frozen=True)

    store: str | None = Field(None, description=(
        "the store folder, `:memory:`, or a SPARQL server's query URL; default "
        "`$XDG_DATA_HOME/tradegraph/store`, else `~/.local/share/tradegraph/store`"))
    store_user: str | None = Field(None, description=(
        "account on a remote SPARQL server (never on the command line); unset: read-only use"))
    store_password: SecretStr | None = Field(None, description=(
        "password of that account"))
    store_timeout: float = Field(60.0, description=(
        "seconds to wait for a remote SPARQL server's answer"))
    store_dialect: str | None = Field(None, description=(
        "the kind of remote server (`virtuoso`, `generic`); default: recognised from it"))
    store_update_url: str | None = Field(None, description=(
        "a remote server's SPARQL Update service; default: the dialect's"))
    store_gsp_url: str | None = Field(None, description=(
        "a remote server's Graph Store service; default: the dialect's"))
    base_iri: str = Field(DEFAULT_BASE_IRI, description=(
        "base of resource IRIs: an http(s) IRI ending in `/` or `#`"))
    corroboration_days: int = Field(DEFAULT_CORROBORATION_DAYS, description=(
        "how many days apart the dates of two actions may lie for the one to confirm the "
        "other, for two reports to be one action, and for an ending to end a standing that "
        "had already run out"))
    derivation_parties: int = Field(DEFAULT_DERIVATION_PARTIES, ge=1, description=(
        "parties whose actions the derivations of time read, derive and write at a time "
        "(with every party joined to them by a shared action; corroboration reads at most "
        "400 at a time): memory after an ingest follows this, not the size of the store"))
    max_document_bytes: int = Field(DEFAULT_MAX_DOCUMENT_BYTES, description=(
        "larger input files are refused (a value that is not a number is ignored)"))
    max_list_bytes: int = Field(DEFAULT_MAX_LIST_BYTES, description=(
        "larger screening-list files are refused (a value that is not a number is ignored)"))
    csl_url: str | None = Field(None, description=(
        "where `tradegraph fetch screening-list` downloads the Consolidated Screening List; "
        "default: trade.gov's official address"))
    fr_api: str | None = Field(None, description=(
        "where `tradegraph fetch federal-register` asks for documents; default: "
        "federalregister.gov's API"))
    fetch_hosts: Annotated[tuple[str, ...], NoDecode] = Field((), description=(
        "more hosts `tradegraph fetch` may follow, comma-separated"))
    fetch_allow_private: bool = Field(False, description=(
        "`1` to let `tradegraph fetch` open addresses on this machine or a private network"))
    update_token: SecretStr | None = Field(None, description=(
        "switches on SPARQL Update and Graph Store writes on `tradegraph serve` for "
        "requests bearing it; unset: read-only"))
    explorer_timeout: float = Field(DEFAULT_EXPLORER_TIMEOUT, description=(
        "seconds a query typed on the explorer's SPARQL page may run (`tradegraph explore "
        "--timeout` sets it for the explorer it starts)"))
    max_json_depth: int = Field(DEFAULT_MAX_JSON_DEPTH, ge=1, description=(
        "how deeply JSON may nest (arrays and objects within each other), in input files "
        "and in request bodies; deeper JSON is refused with the place it goes too deep"))
    public_url: str | None = Field(None, description=(
        "the address clients reach `tradegraph serve` at (e.g. `https://graph.example.org/`): "
        "links, the reconciliation manifest, the JSON-LD context and the service description "
        "use it, never a request's `Host` header; default: the address it listens on"))
    http_max_body_bytes: int = Field(1_000_000, ge=1, description=(
        "largest request body `tradegraph serve` reads (a query, an update, a batch); "
        "larger ones get 413"))
    http_max_url_bytes: int = Field(16_384, ge=256, description=(
        "longest request target (path and query string) `tradegraph serve` takes; longer "
        "ones get 414 (send long queries by POST)"))
    http_idle_seconds: float = Field(5.0, gt=0, description=(
        "seconds `tradegraph serve` keeps a connection open that sends no request"))
    http_request_seconds: float = Field(10.0, gt=0, description=(
        "seconds a client has to send a whole request (its head and its body); a slower "
        "one is answered 408, or its connection closed"))
    http_max_connections: int = Field(512, ge=1, description=(
        "connections and requests `tradegraph serve` handles at once; past it, 503"))
    client_queries: int = Field(DEFAULT_CLIENT_QUERIES, ge=1, description=(
        "queries of one client (one address) the query workers run at once; its others "
        "wait their turn, and so do no one else's"))
    quick_workers: int = Field(1, ge=0, description=(
        "query workers kept for quick requests (ASK, `/id/` pages, lookups anchored on an "
        "IRI), beside `serve --workers`"))
    query_niceness: int = Field(10, ge=0, le=19, description=(
        "CPU niceness of `tradegraph serve`'s general query workers (0-19): beside long "
        "queries, the server and the quick lane get the CPU first; 0 gives them the same "
        "priority as everything else on the machine (more throughput where other programs "
        "compete for the cores, look-ups less sheltered from runaway queries)"))
    quick_seconds: float = Field(2.0, gt=0, description=(
        "seconds a quick request may hold a worker before it is moved to the general queue "
        "(run again there, within the query time limit)"))

    @field_validator("max_document_bytes", "max_list_bytes", mode="before")
    @classmethod
    def _size_or_default(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str):  # as before: a limit that is not a number is ignored
            text = value.strip()
            return int(text) if text.isdigit() else cls.model_fields[info.field_name or ""].default
        return value

    @field_validator("corroboration_days", mode="before")
    @classmethod
    def _whole_days(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if not text.isdigit():
                raise ValueError(f"${env_name('corroboration_days')} must be a whole number of "
                                 f"days, not {text!r}")
            return int(text)
        return value

    @field_validator("fetch_hosts", mode="before")
    @classmethod
    def _host_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(host.strip().lower().rstrip(".") for host in value.split(",")
                         if host.strip())
        return value

    @field_validator("fetch_allow_private", mode="before")
    @classmethod
    def _only_one_allows(cls, value: Any) -> Any:
        return value.strip() == "1" if isinstance(value, str) else value

    @field_validator("explorer_timeout", mode="before")
    @classmethod
    def _seconds_or_default(cls, value: Any) -> Any:
        try:
            return max(0.1, float(value))
        except (TypeError, ValueError):  # as before: an unreadable limit is the default
            return DEFAULT_EXPLORER_TIMEOUT

    def secret(self, field: str) -> str | None:
        """The plain text of a secret setting (`store_password`, `update_token`), or None."""
        value = getattr(self, field)
        return value.get_secret_value() if isinstance(value, SecretStr) else value


def load_settings() -> Settings:
    """The settings as the environment gives them now; a SettingsError naming each variable
    that holds a value tradegraph cannot use."""
    try:
        return Settings()
    except ValidationError as error:
        problems = []
        for problem in error.errors():
            field = str(problem["loc"][0]) if problem["loc"] else ""
            if problem["type"] == "value_error":  # our own message names the variable
                problems.append(str(problem["ctx"]["error"]))
            else:
                problems.append(f"${env_name(field)} is {problem.get('input')!r}: "
                                f"{problem['msg'].lower()}")
        raise SettingsError("; ".join(problems)) from None


class _Current:
    """The settings of this process, read on first use."""

    value: Settings | None = None


def settings() -> Settings:
    """The settings of this process: read from the environment once, on first use (or the
    ones `use_settings` installed)."""
    if _Current.value is None:
        _Current.value = load_settings()
    return _Current.value


def use_settings(value: Settings | None) -> None:
    """Install settings in this process (a worker process gets its parent's so); None
    forgets them, so the next `settings()` reads the environment again (tests do)."""
    _Current.value = value


def documented() -> list[tuple[str, str, str]]:
    """Every setting as (environment variable, meaning, default), for the docs' table."""
    rows = []
    for field, info in Settings.model_fields.items():
        default = "unset" if info.default in (None, ()) else repr(info.default)
        rows.append((env_name(field), info.description or "", default))
    return rows
