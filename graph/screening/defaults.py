"""Screening's defaults, in a module of their own so that what imports them (the facade,
the command line) does not load the matching libraries until a name is screened."""

DEFAULT_THRESHOLD = 0.8
"""The score a candidate needs to be reported (see the precision and recall of screening in
docs/pages/explanation/quality.md)."""
DEFAULT_LIMIT = 10
"""Candidates reported per name, at most."""
