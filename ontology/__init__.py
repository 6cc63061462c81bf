"""The vocabulary, shapes, fact models, mapping to RDF and reference gazetteer."""
