"""Putting documents into a store: the ingest run (`ingestion`), which stored document a
loaded one is (`document_keys`), the user's merge statements and re-extraction
(`merge_statements`), the user's statements about action identity (`action_statements`),
SHACL validation of what was stored (`validation`), and where downloads go (`downloads`)."""
