"""Gzipped bulk dumps, streamed: a thread writes the store's serialisation through gzip
into a small bounded queue that the response reads from, so a dump is never whole in
memory however large the store."""

from __future__ import annotations

import gzip
import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, cast

from pyoxigraph import QueryTriples, RdfFormat, serialize

from tradegraph.graph.remote_store import RemoteStore, is_remote
from tradegraph.graph.store import open_snapshot

DUMP_FORMATS: dict[str, tuple[str, RdfFormat]] = {
    "tradegraph.nq.gz": ("application/n-quads", RdfFormat.N_QUADS),
    "tradegraph.trig.gz": ("application/trig", RdfFormat.TRIG),
    "tradegraph.ttl.gz": ("text/turtle", RdfFormat.TURTLE),
}
"""Dump file names, with the media type and format of their uncompressed content."""

_CHUNK_QUEUE = 16
_DONE = b""


class _CancelledError(Exception):
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


def _write_dump(path: str, name: str, chunks: queue.Queue[bytes | BaseException],
                cancelled: threading.Event) -> None:
    _, rdf_format = DUMP_FORMATS[name]
    try:
        if is_remote(path):
            _write_remote_dump(path, rdf_format, _QueueWriter(chunks, cancelled))
            chunks.put(_DONE)
            return
        store = open_snapshot(path)
        sink = _QueueWriter(chunks, cancelled)
        with gzip.GzipFile(fileobj=sink, mode="wb", mtime=0) as gzipped:
            compressed = cast(IO[bytes], gzipped)
            if rdf_format is RdfFormat.TURTLE:
                # Turtle has no named graphs: the dump is the union graph.
                union = store.query(
                    "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
                assert isinstance(union, QueryTriples)
                union.serialize(compressed, rdf_format)
            else:
                store.dump(compressed, rdf_format)
        chunks.put(_DONE)
    except _CancelledError:
        return
    except Exception as error:  # handed to the reading side, which raises it
        chunks.put(error)


def _write_remote_dump(url: str, rdf_format: RdfFormat, sink: _QueueWriter) -> None:
    store = RemoteStore.open(url, read_only=True)
    try:
        with gzip.GzipFile(fileobj=sink, mode="wb", mtime=0) as gzipped:
            compressed = cast(IO[bytes], gzipped)
            if rdf_format is RdfFormat.TURTLE:
                serialize(store.union_triples(), compressed, rdf_format)
            else:
                store.dump(compressed, rdf_format)
    finally:
        store.close()


def dump_chunks(path: str, name: str) -> Iterator[bytes]:
    """The gzipped bytes of one dump, produced while they are read."""
    chunks: queue.Queue[bytes | BaseException] = queue.Queue(maxsize=_CHUNK_QUEUE)
    cancelled = threading.Event()
    threading.Thread(target=_write_dump, args=(path, name, chunks, cancelled), daemon=True,
                     name=f"dump-{name}").start()
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


def last_modified(path: str) -> float:
    """When the store last changed: the newest modification time of its files (for a
    remote server, which does not say, the time of asking)."""
    if is_remote(path):
        return time.time()
    return max((f.stat().st_mtime for f in Path(path).iterdir() if f.is_file()), default=0.0)
