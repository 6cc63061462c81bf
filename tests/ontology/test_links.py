"""Only http(s) URLs become links (`safe_http_url`), whatever scheme or disguise a stored
value uses."""

from __future__ import annotations

import pytest

from tradegraph.ontology.links import safe_http_url


@pytest.mark.parametrize("value", [
    "https://www.federalregister.gov/d/2019-10616",
    "http://127.0.0.1:8000/id/firm/huawei",
    "HTTPS://EXAMPLE.ORG/a?b=c#d",
    "https://例え.jp/パス",
])
def test_http_and_https_urls_are_links(value: str) -> None:
    assert safe_http_url(value) == value


@pytest.mark.parametrize("value", [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    " javascript:alert(1)",
    "java\nscript:alert(1)",
    "java\tscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "urn:isbn:0451450523",
    "//evil.example/x",
    "/id/firm/huawei",
    "https:/evil.example",
    "http:\\\\evil.example",
    "https://",
    "https://example.org/a b",
    "https://[::1",
    "",
    None,
    42,
    "https://example.org/" + "a" * 9000,
])
def test_anything_else_is_text(value: object) -> None:
    assert safe_http_url(value) is None
