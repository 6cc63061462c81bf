"""Gzipped bulk dumps, streamed: a thread writes the store's export through gzip into a
small bounded queue that the response reads from, so a dump is never whole in memory
however large the store. The dump is the exporter's output (`TradeGraph.export`) on a
read-only view of the store, so it holds what `tradegraph export` would write."""

from __future__ import annotations

import gzip
import queue
import threading
from collections.abc import Iterator
from typing import IO, cast

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from tradegraph.graph.facade import TradeGraph
from tradegraph.graph.query.formats import DUMP_FORMATS, ExportFormat, dump_name
from tradegraph.ontology.errors import TradegraphError
from tradegraph.ui.server.endpoint import endpoint_of
from tradegraph.ui.server.responses import text_response

DUMPS: dict[str, ExportFormat] = {dump_name(fmt): fmt for fmt in DUMP_FORMATS}
"""The dumps by file name, in the order the dataset description lists them."""

_CHUNK_QUEUE = 16
_DONE = b""

router = APIRouter()


class _CancelledError(TradegraphError):
    pass


class _QueueWriter:
    """A file-like object whose writes go, in chunks, onto a bounded queue."""

    def __init__(self, chunks: queue.Queue[bytes | BaseException],
                 cancelled: threading.Event) -> None:
        self.chunks = chunks
        self.cancelled = cancelled

    def write(self, data: bytes) -> int:
        while data:
            if self.cancelled.is_set():  # the client went away: stop dumping
                raise _CancelledError
            try:
                self.chunks.put(bytes(data), timeout=0.5)
                break
            except queue.Full:
                continue
        return len(data)

    def flush(self) -> None:
        """Chunks are queued as they are written."""


def _write_dump(location: str, fmt: ExportFormat, chunks: queue.Queue[bytes | BaseException],
                cancelled: threading.Event) -> None:
    try:
        with TradeGraph.open(location, read_only=True) as graph, \
                gzip.GzipFile(fileobj=_QueueWriter(chunks, cancelled), mode="wb",
                              mtime=0) as gzipped:
            graph.export(cast(IO[bytes], gzipped), fmt)
        chunks.put(_DONE)
    except _CancelledError:
        return
    except Exception as error:  # handed to the reading side, which raises it
        chunks.put(error)


def dump_chunks(location: str, fmt: ExportFormat) -> Iterator[bytes]:
    """The gzipped bytes of one dump, produced while they are read."""
    chunks: queue.Queue[bytes | BaseException] = queue.Queue(maxsize=_CHUNK_QUEUE)
    cancelled = threading.Event()
    threading.Thread(target=_write_dump, args=(location, fmt, chunks, cancelled), daemon=True,
                     name=f"dump-{fmt.value}").start()
    try:
        while True:
            chunk = chunks.get()
            if isinstance(chunk, BaseException):
                raise chunk
            if chunk == _DONE:
                return
            yield chunk
    finally:
        cancelled.set()


@router.get("/dumps/{name}")
def dump(name: str, request: Request) -> Response:
    """A gzipped dump of the whole dataset, streamed as it is written."""
    if name not in DUMPS:
        return text_response(404, f"no dump named {name!r}; available: {', '.join(DUMPS)}")
    location = endpoint_of(request).settings.store
    return StreamingResponse(dump_chunks(location, DUMPS[name]), media_type="application/gzip",
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})
