"""The stages of the news pipeline, each a small class with one job."""
