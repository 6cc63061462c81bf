"""What every answer of the endpoint gets, whatever route gives it: an ASGI middleware.

- **HEAD** on every GET route: the route answers as for GET and the body is left out (a
  streamed dump is stopped at its first chunk), so headers and status are the GET's.
- **Vary: Accept** on every answer of a route that negotiates its format, errors and 406
  included, so that a cache never gives one client's format to another.
- **X-Content-Type-Options: nosniff** on everything, and on HTML a Content Security Policy
  (`rendering.PAGE_POLICY`: no script, styles from the stylesheet, forms to this server),
  unless the route set its own.
- **Limits**: a request target longer than `max_url_bytes` gets 414; a request whose body
  does not arrive within `request_seconds` of its start gets 408 and its connection closed.
  (A head that does not arrive in time, or a connection that sends nothing, is closed by the
  server's protocol: `connections.TimedHttpProtocol`.)
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from tradegraph.ontology.errors import TradegraphError
from tradegraph.ui.server.options import ServerSettings
from tradegraph.ui.server.rendering import PAGE_POLICY

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Message, Receive, Send], Awaitable[None]]

NEGOTIATED_PATHS = ("/sparql", "/graph-store", "/id/", "/ontology", "/.well-known/void",
                    "/status", "/deadlines")
"""Routes whose answer depends on the Accept header."""
DOCS_PATHS = ("/api", "/api/oauth2-redirect")
DOCS_POLICY = ("default-src 'none'; script-src https://cdn.jsdelivr.net 'unsafe-inline'; "
               "style-src https://cdn.jsdelivr.net; img-src https://fastapi.tiangolo.com data:; "
               "connect-src 'self'; base-uri 'none'")
"""FastAPI's interactive documentation loads Swagger UI from its CDN."""


class _HeadAnswered(TradegraphError):  # noqa: N818 - a signal, not an error
    """Raised into a route that streams a body a HEAD request does not want."""


def _negotiated(path: str) -> bool:
    return any(path == p or (p.endswith("/") and path.startswith(p)) or path.startswith(p + "/")
               for p in NEGOTIATED_PATHS)


def _plain(status: int, message: str, *, close: bool = False) -> tuple[Message, Message]:
    body = (message + "\n").encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"),
               (b"content-length", str(len(body)).encode()),
               (b"x-content-type-options", b"nosniff")]
    if close:
        headers.append((b"connection", b"close"))
    return ({"type": "http.response.start", "status": status, "headers": headers},
            {"type": "http.response.body", "body": body})


class Protection:
    """The middleware (see the module's documentation)."""

    def __init__(self, app: App, settings: ServerSettings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        """Answer one request through the application, with the headers and limits above."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        target = len(scope.get("raw_path") or scope["path"].encode()) + len(
            scope.get("query_string", b""))
        if target > self.settings.max_url_bytes:
            for message in _plain(414, f"the request target is {target:,} bytes long; this "
                                       f"endpoint takes at most {self.settings.max_url_bytes:,}"
                                       " (send a long query by POST)"):
                await send(message)
            return
        exchange = _Exchange(scope, receive, send, self.settings.request_seconds)
        if exchange.head:
            scope = {**scope, "method": "GET"}
        try:
            await self.app(scope, exchange.receive, exchange.send)
        except _HeadAnswered:
            return
        except BaseExceptionGroup as group:  # raised inside a streaming task group
            rest = group.split(_HeadAnswered)[1]
            if rest is not None:
                raise rest from None


class _Exchange:
    """One request's receive and send, wrapped."""

    def __init__(self, scope: Message, receive: Receive, send: Send, seconds: float) -> None:
        self.path: str = scope["path"]
        self.head = scope["method"] == "HEAD"
        self._receive, self._send = receive, send
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds
        self.body_done = False
        self.started = False
        self.timed_out = False

    async def receive(self) -> Message:
        """The next message; past the deadline while the body is still coming, 408."""
        if self.body_done or self.timed_out:
            return await self._receive()
        try:
            message = await asyncio.wait_for(self._receive(),
                                             max(0.0, self.deadline - time.monotonic()))
        except TimeoutError:
            self.timed_out = True
            if not self.started:
                for answer in _plain(408, f"the request did not arrive within "
                                          f"{self.seconds:g} s", close=True):
                    await self._send(answer)
                self.started = True
            return {"type": "http.disconnect"}
        if message["type"] != "http.request" or not message.get("more_body", False):
            self.body_done = True
        return message

    async def send(self, message: Message) -> None:
        """Pass a message on, with the headers every answer gets (nothing after a 408)."""
        if self.timed_out:
            return
        if message["type"] == "http.response.start":
            self.started = True
            message = {**message, "headers": self._headers(message)}
        elif message["type"] == "http.response.body" and self.head:
            await self._send({"type": "http.response.body", "body": b"", "more_body": False})
            raise _HeadAnswered
        await self._send(message)

    def _headers(self, start: Message) -> list[tuple[bytes, bytes]]:
        headers = [(bytes(name).lower(), bytes(value)) for name, value in start["headers"]]
        names = {name for name, _ in headers}
        headers.append((b"x-content-type-options", b"nosniff"))
        content_type = next((v for n, v in headers if n == b"content-type"), b"")
        if content_type.startswith(b"text/html") and b"content-security-policy" not in names:
            policy = DOCS_POLICY if self.path in DOCS_PATHS else PAGE_POLICY
            headers.append((b"content-security-policy", policy.encode()))
        if _negotiated(self.path) or start["status"] == 406:
            vary = [v for n, v in headers if n == b"vary"]
            if not any(b"accept" in [p.strip().lower() for p in v.split(b",")] for v in vary):
                headers = [(n, v) for n, v in headers if n != b"vary"]
                headers.append((b"vary", b", ".join([*vary, b"Accept"])))
        return headers
