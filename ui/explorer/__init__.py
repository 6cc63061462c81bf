"""The Streamlit explorer (`tradegraph explore`): overview, search, entity pages, network,
timeline, documents, SPARQL and export over one store. Every page's state is in the URL."""
