"""Connections that cannot be held open for nothing: uvicorn's HTTP protocol (httptools)
with the clocks it lacks.

uvicorn closes a kept-alive connection that stays idle after an answer, but not a new
connection that never sends a request, nor one that sends its request head a byte at a
time ("slowloris"): either holds a connection, and its memory, for ever. Here:

- a connection that sends no request within `idle_seconds` of opening (or of its last
  answer, as uvicorn already does) is closed;
- a request head that is not complete within `request_seconds` of its first byte gets
  408 and the connection is closed (a body that is late is the middleware's:
  `protection.Protection`);
- a request head larger than `max_head_bytes` gets 431 and the connection is closed.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


def _answer(status: int, reason: str, message: str) -> bytes:
    body = (message + "\n").encode()
    return (f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\n"
            f"content-length: {len(body)}\r\nx-content-type-options: nosniff\r\n"
            f"connection: close\r\n\r\n").encode() + body


class TimedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, with the clocks above (set by `timed_protocol`)."""

    idle_seconds = 5.0
    request_seconds = 10.0
    max_head_bytes = 65_536

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clock: asyncio.TimerHandle | None = None
        self._head_bytes = 0
        self._in_head = True
        """Whether the bytes coming in are (still) a request's head."""

    def _set_clock(self, seconds: float, callback: Any) -> None:
        if self._clock is not None:
            self._clock.cancel()
        self._clock = self.loop.call_later(seconds, callback)

    def _stop_clock(self) -> None:
        if self._clock is not None:
            self._clock.cancel()
            self._clock = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """A new connection: it has `idle_seconds` to begin a request."""
        super().connection_made(transport)
        self._set_clock(self.idle_seconds, self._idle)

    def connection_lost(self, exc: Exception | None) -> None:
        """The connection is gone: no clock runs for it any more."""
        self._stop_clock()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        """Bytes of a request: a head still incomplete may grow only so large."""
        if self._in_head:
            self._head_bytes += len(data)
        super().data_received(data)
        if self._in_head and self._head_bytes > self.max_head_bytes:
            self._refuse(431, "Request Header Fields Too Large",
                         f"the request head is larger than {self.max_head_bytes:,} bytes")

    def on_message_begin(self) -> None:
        """A request begins: its head has `request_seconds` to arrive."""
        super().on_message_begin()
        self._in_head = True
        self._set_clock(self.request_seconds, self._late)

    def on_message_complete(self) -> None:
        """A request is in, body and all: what comes next is the next request's head."""
        super().on_message_complete()
        self._in_head, self._head_bytes = True, 0

    def on_headers_complete(self) -> None:
        """The head is in: the application reads the body within its own limits."""
        self._in_head, self._head_bytes = False, 0
        self._stop_clock()
        super().on_headers_complete()

    def _idle(self) -> None:
        if self.cycle is None and not self.transport.is_closing():
            self.transport.close()

    def _late(self) -> None:
        if self._in_head:
            self._refuse(408, "Request Timeout",
                         f"the request head did not arrive within {self.request_seconds:g} s")

    def _refuse(self, status: int, reason: str, message: str) -> None:
        self._stop_clock()
        if not self.transport.is_closing():
            self.transport.write(_answer(status, reason, message))
            self.transport.close()


def timed_protocol(idle_seconds: float, request_seconds: float,
                   max_head_bytes: int) -> type[TimedHttpProtocol]:
    """The protocol class with these clocks, for `uvicorn.Config(http=...)`."""
    return type("TimedHttpProtocol", (TimedHttpProtocol,), {
        "idle_seconds": idle_seconds, "request_seconds": request_seconds,
        "max_head_bytes": max_head_bytes})
