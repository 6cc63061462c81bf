"""Answering queries: what a SPARQL text asks (`guard`), one query within a size limit
(`execution`) and in worker processes within a time limit (`worker_pool`), content
negotiation (`negotiation`) over the one registry of formats (`formats`), RDF exports
(`exports`), the SPARQL that describes a resource (`describing`), what a store holds as
plain values (`inventory`), and names and dates as users type them (`lookup`)."""
