"""The ingest room: loaders, the extraction pipeline and its stages. Documents in, facts out."""
