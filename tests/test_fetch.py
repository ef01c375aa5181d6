"""Tests for monitor.fetch against real loopback servers (and for the test server itself)."""

from __future__ import annotations

import httpx

from tests.support import HTTPTestServer, drip


def test_server_routes_etag_and_records_requests(http_server: HTTPTestServer) -> None:
    http_server.route("/a", body=b"hello", etag=True, last_modified=True)
    first = httpx.get(http_server.url("/a"))
    again = httpx.get(http_server.url("/a"), headers={"If-None-Match": first.headers["etag"]})
    since = httpx.get(http_server.url("/a"),
                      headers={"If-Modified-Since": first.headers["last-modified"]})
    assert (first.status_code, first.content) == (200, b"hello")
    assert again.status_code == since.status_code == 304
    assert http_server.requests[1].headers["if-none-match"] == first.headers["etag"]


def test_server_streams_handler_bodies(http_server: HTTPTestServer) -> None:
    http_server.route("/d", lambda req: (200, {}, drip(b"x", 0.01, 5, req.stopping)))
    assert httpx.get(http_server.url("/d")).content == b"xxxxx"
