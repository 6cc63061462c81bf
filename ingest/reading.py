"""Reading document files safely, for every loader: size, binary content, encoding, keys."""

from __future__ import annotations

import datetime as dt
import re
import stat
from pathlib import Path

from tradegraph.ingest.errors import LoadError
from tradegraph.ontology.iris import slugify
from tradegraph.ontology.settings import DEFAULT_MAX_DOCUMENT_BYTES, env_name, settings

DEFAULT_MAX_BYTES = DEFAULT_MAX_DOCUMENT_BYTES
MAX_BYTES_ENV = env_name("max_document_bytes")

_BINARY_SIGNATURES = {
    b"%PDF": "a PDF file",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
    b"\xd0\xcf\x11\xe0": "an old Office document",
}
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f]")


def max_document_bytes() -> int:
    """Largest accepted document: `$TRADEGRAPH_MAX_DOCUMENT_BYTES` or 10 MiB."""
    return settings().max_document_bytes


def not_regular(mode: int) -> str | None:
    """What a file of this mode is, if it is no regular file (None if it is one): opening a
    named pipe waits for a writer, a device may never end, so neither is read at all.

    >>> import stat
    >>> not_regular(stat.S_IFIFO | 0o644)
    'a named pipe'
    """
    if stat.S_ISREG(mode):
        return None
    kinds = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe"),
             (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))
    return next((kind for test, kind in kinds if test(mode)), "not a regular file")


def unreadable(source: str, error: OSError) -> LoadError:
    """The LoadError for a file the system would not let us read, naming why.

    >>> str(unreadable("a.txt", FileNotFoundError(2, "No such file or directory")))
    'a.txt: no such file'
    """
    reason = ("no such file" if isinstance(error, FileNotFoundError)
              else "permission denied" if isinstance(error, PermissionError)
              else "is a directory" if isinstance(error, IsADirectoryError)
              else f"cannot read file ({error.strerror or error})")
    return LoadError(source, reason)


def regular_file_size(path: Path) -> int:
    """The size of a regular file, checked before anything opens it (LoadError naming the
    file for a missing one, a directory, a named pipe, a device or a socket)."""
    source = str(path)
    try:
        mode = path.stat()
    except OSError as error:
        raise unreadable(source, error) from None
    kind = not_regular(mode.st_mode)
    if kind == "a directory":
        raise LoadError(source, "not a regular file")
    if kind is not None:
        raise LoadError(source, f"not a regular file ({kind}); tradegraph reads files only")
    return mode.st_size


def read_document_bytes(path: Path, max_bytes: int | None = None) -> bytes:
    """Read a file, refusing missing, unreadable, empty, oversized and binary files, and
    anything that is no regular file."""
    limit = max_bytes if max_bytes is not None else max_document_bytes()
    source = str(path)
    size = regular_file_size(path)
    try:
        if size > limit:
            raise LoadError(source,
                            f"file is {human_size(size)}, over the {human_size(limit)} limit")
        data = path.read_bytes()
    except OSError as error:
        raise unreadable(source, error) from None
    check_text_bytes(data, source)
    return data


def check_text_bytes(data: bytes, source: str) -> None:
    """Refuse empty input and input that is binary rather than text."""
    if not data.strip():
        raise LoadError(source, "file is empty" if not data else "file holds only whitespace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(source, "UTF-16 text (byte-order mark); convert the file to UTF-8")
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise LoadError(source, f"binary content ({kind}), not a text document")
    head = data[:8192]
    if b"\x00" in head or len(_CONTROL.findall(head)) > max(8, len(head) // 100):
        raise LoadError(source, "binary content (control bytes), not a text document")


def decode_utf8(data: bytes, source: str) -> str:
    """Decode UTF-8 (a BOM is allowed), naming the first bad byte on failure."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = error.start + len(data) - len(error.object)  # utf-8-sig counts after the BOM
        line = data[:start].count(b"\n") + 1
        bad = data[start : start + 1].hex()
        raise LoadError(
            source,
            f"not valid UTF-8 (byte 0x{bad} at offset {start}, line {line}); "
            "convert the file to UTF-8",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def key_from_name(name: str) -> str:
    """Document key from a file name: its stem, slugified."""
    return slugify(Path(name).stem)


def human_size(size: int) -> str:
    """`12.3 MiB`, `4.0 KiB` or `512 bytes`."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MiB"
    if size >= 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size} bytes"


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def parse_metadata_date(value: str | None) -> dt.date | None:
    """A publication date from metadata: the first ISO date, else any full date dateparser reads.

    `2018-07-23 (order signed 2018-07-13)` gives 2018-07-23; `Nov. 20, 2019` gives
    2019-11-20; text without a full day, month and year gives None.
    """
    if not value:
        return None
    match = _ISO_DATE.search(value)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            return None
    import dateparser  # imported here: loading its language data takes a moment

    parsed = dateparser.parse(
        value,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"},
    )
    return parsed.date() if parsed else None
