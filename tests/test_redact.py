"""Tests for monitor.redact."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.redact import is_secret_key, redact, redact_url


@pytest.mark.parametrize("url, expected", [
    ("https://user:pa55@example.com/feed", "https://***@example.com/feed"),
    ("https://user@example.com:8443/feed", "https://***@example.com:8443/feed"),
    ("https://example.com/feed?token=abc&page=2", "https://example.com/feed?token=***&page=2"),
    ("https://example.com/f?api_key=K&apiKey=K2&X-Amz-Signature=S&q=news",
     "https://example.com/f?api_key=***&apiKey=***&X-Amz-Signature=***&q=news"),
    ("https://example.com/f?access_token=a&password=b&sig=c&auth=d&secret=e",
     "https://example.com/f?access_token=***&password=***&sig=***&auth=***&secret=***"),
    ("https://example.com/feed?keyword=rain&page=2", "https://example.com/feed?keyword=rain&page=2"),
    ("http://[::1]:8080/x?token=t", "http://[::1]:8080/x?token=***"),
    ("https://example.com/plain", "https://example.com/plain"),
])
def test_redact_url(url: str, expected: str) -> None:
    assert redact_url(url) == expected


@pytest.mark.parametrize("text", ["not a url", "", "http://[broken/x", "mailto:x@y"])
def test_redact_url_never_raises(text: str) -> None:
    assert isinstance(redact_url(text), str)


def test_redact_url_drops_userinfo_even_when_unparseable() -> None:
    assert "pw" not in redact_url("http://u:pw@[broken/x")


@pytest.mark.parametrize("name, secret", [
    ("token", True), ("api_key", True), ("apikey", True), ("access_token", True),
    ("client-secret", True), ("X-Amz-Signature", True), ("sig", True), ("auth", True),
    ("page", False), ("keyword", False), ("q", False), ("format", False),
])
def test_is_secret_key(name: str, secret: bool) -> None:
    assert is_secret_key(name) is secret


def test_redact_masks_known_secret_values_and_their_encodings() -> None:
    text = "failed for https://h/?t=s3cr%2Ft%2B1 with s3cr/t+1 (s3cr%2Ft%2B1)"
    masked = redact(text, ["s3cr/t+1"])
    assert "s3cr" not in masked and masked.count("***") == 3


def test_redact_skips_tiny_values_and_prefers_longest() -> None:
    assert redact("a b c", ["a"]) == "a b c"
    assert redact("token-long-value", ["token", "token-long-value"]) == "***"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40),
       st.sampled_from(["http", "https", "ftp", ""]), st.text(max_size=20))
def test_redact_url_never_raises_and_drops_passwords(junk: str, scheme: str, path: str) -> None:
    password = "Pw0rdSecret"
    url = f"{scheme}://user:{password}@host.example/{path}?token={password}&{junk}"
    shown = redact_url(url)
    assert isinstance(shown, str)
    assert password not in shown
