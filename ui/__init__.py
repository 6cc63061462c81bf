"""The human faces of tradegraph: the command line and the explorer."""
