"""The HTTP conversation with one SPARQL 1.1 server: connecting (recognising its dialect and
authenticating with the account in the environment), sending one request with a clear
error when it cannot be made, and running a query whose answer is checked to be complete.

Credentials come from `$TRADEGRAPH_STORE_USER` and `$TRADEGRAPH_STORE_PASSWORD` only; a URL
holding a user or password is refused, and no message ever shows either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

import httpx
from pyoxigraph import Store

from tradegraph.graph.errors import QueryError, StoreError, describe_syntax_error
from tradegraph.graph.query.guard import UnreadableSparqlError, read_sparql
from tradegraph.graph.store.dialects import Dialect, TruncatedResultError, choose_dialect
from tradegraph.ontology.settings import env_name, settings
from tradegraph.ontology.terms import PREFIXES

USER_ENV = env_name("store_user")
PASSWORD_ENV = env_name("store_password")
TIMEOUT_ENV = env_name("store_timeout")

SPARQL_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


def public_url(url: str) -> str:
    """The URL without user information, query or fragment: safe to show."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def server_reason(response: httpx.Response) -> str:
    """The server's explanation, without the query text some servers echo back."""
    text = response.text.strip()
    text = text.split("\nSPARQL query:")[0].split("\nSPARQL request:")[0].strip()
    if len(text) > 500:
        text = text[:500] + "..."
    return f"HTTP {response.status_code}" + (f": {text}" if text else "")


class SparqlClient:
    """An open connection to one SPARQL server: its services, its dialect, an HTTP client."""

    def __init__(self, url: str, client: httpx.Client, dialect: Dialect, *,
                 authenticated: bool) -> None:
        self.location = public_url(url)
        self.dialect = dialect
        self.endpoints = dialect.endpoints(self.location, authenticated)
        self._client: httpx.Client | None = client

    @classmethod
    def connect(cls, url: str, timeout: float | None = None) -> SparqlClient:
        """Connect to the server at `url` (its SPARQL query service) and check it answers."""
        parts = urlsplit(url)
        if parts.username or parts.password:
            raise StoreError(f"the store URL {public_url(url)} holds credentials; put them in "
                             f"${USER_ENV} and ${PASSWORD_ENV} instead")
        config = settings()
        user, password = config.store_user, config.secret("store_password")
        seconds = timeout or config.store_timeout
        client = httpx.Client(timeout=httpx.Timeout(seconds, connect=10.0),
                              follow_redirects=True)
        try:
            probe = client.get(url, params={"query": "ASK {}"},
                               headers={"Accept": SPARQL_JSON})
        except httpx.HTTPError as error:
            client.close()
            raise StoreError(f"cannot reach the SPARQL server at {public_url(url)}: "
                             f"{error or type(error).__name__}") from None
        if probe.status_code != 200:
            client.close()
            raise StoreError(f"the SPARQL server at {public_url(url)} does not answer "
                             f"queries: {server_reason(probe)}")
        try:
            dialect = choose_dialect(probe.headers.get("server"))
        except ValueError as error:
            client.close()
            raise StoreError(str(error)) from None
        if user and password:
            client.auth = (httpx.DigestAuth(user, password) if dialect.auth == "digest"
                           else httpx.BasicAuth(user, password))
        return cls(url, client, dialect, authenticated=bool(user and password))

    @property
    def client(self) -> httpx.Client:
        """The open HTTP client."""
        if self._client is None:
            raise StoreError(f"the store at {self.location} is closed")
        return self._client

    def close(self) -> None:
        """Close the HTTP connections."""
        if self._client is not None:
            self._client.close()
            self._client = None

    def send(self, method: str, url: str, what: str, **kwargs: object) -> httpx.Response:
        """One request; a StoreError naming the server and the reason if it cannot be made."""
        try:
            return self.client.request(method, url, **kwargs)  # type: ignore[arg-type]
        except httpx.TimeoutException:
            raise StoreError(f"{what} at {public_url(url)} timed out (raise "
                             f"${TIMEOUT_ENV}, now {self.client.timeout.read:g} s)") from None
        except httpx.HTTPError as error:
            raise StoreError(f"{what} at {public_url(url)} failed: the connection was lost "
                             f"or refused ({error or type(error).__name__})") from None

    def refused(self, response: httpx.Response, what: str) -> StoreError:
        """The error for a request the server turned down (naming the account if it was
        not allowed to)."""
        if response.status_code in (401, 403):
            return StoreError(f"{what} at {self.location} was refused ({response.status_code}):"
                              f" set ${USER_ENV} and ${PASSWORD_ENV} to an account that may "
                              "write")
        return StoreError(f"{what} at {self.location} failed: {server_reason(response)}")

    @staticmethod
    def _prepared(sparql: str, base_iri: str | None = None) -> str:
        prefixes = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
        base = f"BASE <{base_iri}>\n" if base_iri else ""
        return base + prefixes + sparql

    def explain_refusal(self, sparql: str, response: httpx.Response) -> str:
        """Why the server refused a query: for a syntax error, the same message the
        embedded store gives (pyoxigraph parses it locally); else the server's reason."""
        try:
            reading = read_sparql(sparql)
        except UnreadableSparqlError as error:
            return str(error)
        if response.status_code == 400 and not reading.reaches_out:
            try:
                # An empty in-memory store: parsing fails before anything is evaluated.
                Store().query(sparql, prefixes=PREFIXES)
            except SyntaxError as error:
                return describe_syntax_error(sparql, error, PREFIXES)
            except (OSError, ValueError):
                pass
        reason = server_reason(response)
        # The server counts lines from the start of the prefixes we put before the query.
        offset = len(PREFIXES)
        reason = re.sub(r"\bline (\d+)", lambda m: f"line {max(1, int(m[1]) - offset)}", reason)
        return f"the SPARQL server at {self.location} refused the query: {reason}"

    def raw_query(self, sparql: str, accept: str, *, base_iri: str | None = None,
                  default_graphs: Iterable[str] = (), named_graphs: Iterable[str] = ()
                  ) -> tuple[str, bytes]:
        """Run a query and return the server's (media type, body), checked to be complete."""
        request = self.dialect.dataset_request(sparql, tuple(default_graphs),
                                               tuple(named_graphs))
        form: dict[str, str | list[str]] = {"query": self._prepared(request.sparql, base_iri)}
        if request.default_graphs:
            form["default-graph-uri"] = list(request.default_graphs)
        if request.named_graphs:
            form["named-graph-uri"] = list(request.named_graphs)
        # A form POST: Virtuoso hangs on a direct application/sparql-query POST.
        response = self.send("POST", self.endpoints.query, "the query", data=form,
                              headers={"Accept": accept})
        if response.status_code != 200:
            raise QueryError(self.explain_refusal(sparql, response))
        try:
            self.dialect.check_complete(dict(response.headers))
        except TruncatedResultError as error:
            raise QueryError(f"{self.location}: {error}") from None
        media_type = response.headers.get("content-type", "").split(";")[0].strip()
        return media_type, self.dialect.decode(response.content)
