"""The root of every error tradegraph raises, on the lowest floor so that every room can
derive from it: `except TradegraphError` catches any refusal or failure of ours (a store
that cannot be opened, a malformed query, a document that cannot be read, a name that
cannot be screened), and nothing else.

Each error keeps the standard base its callers catch too (`ValueError` for bad values, for
instance), so code written against those goes on working.

    >>> from tradegraph.ontology.errors import TradegraphError
    >>> from tradegraph.graph import DateFormatError
    >>> issubclass(DateFormatError, TradegraphError), issubclass(DateFormatError, ValueError)
    (True, True)
"""

from __future__ import annotations


class TradegraphError(Exception):
    """Something tradegraph refused or could not do; the message says what and why."""
