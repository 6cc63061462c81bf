"""The explorer's page-wide style: less empty space above each page's title, so a page's
first screen holds its answer (the network's drawing, the timeline's charts)."""

from __future__ import annotations

STYLE = """<style>
[data-testid="stMainBlockContainer"]{padding-top:3rem;padding-bottom:3rem}
h1{padding-top:0 !important}
</style>"""
"""CSS for `st.html`: a style-only block takes no room on the page."""
