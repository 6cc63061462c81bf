"""The checks every loader shares, under their older name (they live in
`tradegraph.ingest.reading`, below the source kinds that use them)."""

from tradegraph.ingest.reading import (
    MAX_BYTES_ENV,
    check_text_bytes,
    decode_utf8,
    human_size,
    key_from_name,
    max_document_bytes,
    parse_metadata_date,
    read_document_bytes,
)

__all__ = ["MAX_BYTES_ENV", "check_text_bytes", "decode_utf8", "human_size", "key_from_name",
           "max_document_bytes", "parse_metadata_date", "read_document_bytes"]
