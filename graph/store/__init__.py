"""The store: the `GraphStore` protocol (`protocol`), its embedded pyoxigraph backend
(`embedded`) and its remote SPARQL 1.1 backend (`remote`, over `sparql_client`, with the
differences between servers in `dialects`), the one choice between them (`backends`), where
a store lives (`location`), and the RDF dataset a query runs on (`datasets`)."""
