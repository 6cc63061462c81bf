"""`python -m tradegraph.ui.cli`: the `tradegraph` command."""

from tradegraph.ui.cli import main

main()
