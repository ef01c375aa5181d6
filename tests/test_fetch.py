"""Tests for monitor.fetch against real loopback servers (and for the test server itself).

Every server here is on 127.0.0.1, which the SSRF guard refuses by default, so tests pass
``allow_hosts=LOCAL`` (or build a Fetcher with ``allow_private=True``) unless they test the
refusal itself.
"""

from __future__ import annotations

import contextlib
import gzip
import logging
import shutil
import socket
import ssl
import subprocess
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import brotli
import httpx
import pytest

from monitor import USER_AGENT
from monitor.errors import (
    BlockedAddressError,
    BodyTooLargeError,
    FetchError,
    UnsupportedSchemeError,
)
from monitor.fetch import MAX_RETRY_AFTER, Fetcher, parse_max_age, parse_retry_after
from monitor.netguard import AddressPolicy, guard
from tests.support import (
    HTTPTestServer,
    RawServer,
    Request,
    Tarpit,
    drip,
    endless,
    hang,
    refused_port,
)

pytestmark = pytest.mark.timeout(30)

LOCAL = {"127.0.0.1"}
MiB = 2**20


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(timeout=3.0, connect_timeout=2.0, max_bytes=MiB) as f:
        yield f


# -- the test server itself ----------------------------------------------------------------------
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


def test_server_stop_does_not_wait_for_hanging_handler() -> None:
    server = HTTPTestServer().start()
    server.route("/hang", hang(60))
    client = threading.Thread(
        target=lambda: _swallow(lambda: httpx.get(server.url("/hang"), timeout=30)), daemon=True)
    client.start()
    time.sleep(0.2)
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 3


def _swallow(call: Callable[[], object]) -> None:
    with contextlib.suppress(Exception):
        call()


# -- success paths ---------------------------------------------------------------------------------
def test_plain_get_returns_body_headers_and_sends_user_agent(
        fetcher: Fetcher, http_server: HTTPTestServer) -> None:
    http_server.route("/feed", body=b"<rss/>", headers={
        "Content-Type": "application/rss+xml", "Cache-Control": "public, max-age=600"})
    result = fetcher.get(http_server.url("/feed"), allow_hosts=LOCAL)
    assert result.status == 200 and result.body == b"<rss/>"
    assert result.headers["content-type"] == "application/rss+xml"
    assert result.max_age == 600
    assert result.url == http_server.url("/feed")
    seen = http_server.requests[-1].headers
    assert seen["user-agent"] == USER_AGENT and "monitor" in seen["user-agent"]
    assert "application/rss+xml" in seen["accept"]


def test_the_request_sent_is_the_one_the_client_itself_sends(
        fetcher: Fetcher, http_server: HTTPTestServer) -> None:
    """Issue 12: a request goes straight to the client's transport (Client.send's layers
    cost ~0.15 ms of CPU each); the server sees the same request line and headers, in the
    same order, as when httpx's client sends it, and the connection is reused."""
    http_server.route("/page", body=b"<html></html>")
    fetcher.get(http_server.url("/page"), allow_hosts=LOCAL, accept="text/html",
                etag='"v1"')
    ours = http_server.requests[-1]
    client = fetcher._clients[None]
    with guard(AddressPolicy.of(allow_private=True)):
        client.send(client.build_request("GET", http_server.url("/page"), headers={
            "Accept": "text/html", "If-None-Match": '"v1"'})).close()
    theirs = http_server.requests[-1]
    assert (ours.method, ours.path) == (theirs.method, theirs.path) == ("GET", "/page")
    assert list(ours.headers.items()) == list(theirs.headers.items())
    fetcher.get(http_server.url("/page"), allow_hosts=LOCAL)
    assert http_server.connections_accepted == 1
    fetcher.close()
    with pytest.raises(RuntimeError, match="closed"):  # as Client.send refuses it
        fetcher.get(http_server.url("/page"), allow_hosts=LOCAL)
    assert len(http_server.requests) == 3


def test_accept_can_be_overridden(fetcher: Fetcher, http_server: HTTPTestServer) -> None:
    http_server.route("/page", body=b"<html></html>")
    fetcher.get(http_server.url("/page"), allow_hosts=LOCAL, accept="text/html")
    assert http_server.requests[-1].headers["accept"] == "text/html"


def test_conditional_get_with_etag_answers_304(fetcher: Fetcher,
                                               http_server: HTTPTestServer) -> None:
    http_server.route("/feed", body=b"<rss>v1</rss>", etag=True)
    first = fetcher.get(http_server.url("/feed"), allow_hosts=LOCAL)
    second = fetcher.get(http_server.url("/feed"), allow_hosts=LOCAL, etag=first.etag)
    assert first.status == 200 and first.etag
    assert http_server.requests[-1].headers["if-none-match"] == first.etag
    assert second.not_modified and second.body == b"" and second.etag == first.etag


def test_conditional_get_with_last_modified_answers_304(
        fetcher: Fetcher, http_server: HTTPTestServer) -> None:
    http_server.route("/feed", body=b"<rss>v1</rss>", last_modified=True)
    first = fetcher.get(http_server.url("/feed"), allow_hosts=LOCAL)
    second = fetcher.get(http_server.url("/feed"), allow_hosts=LOCAL,
                         last_modified=first.last_modified)
    assert http_server.requests[-1].headers["if-modified-since"] == first.last_modified
    assert second.status == 304 and second.last_modified == first.last_modified


def test_304_without_validators_keeps_the_ones_we_sent(
        fetcher: Fetcher, http_server: HTTPTestServer) -> None:
    http_server.route("/feed", status=304)
    result = fetcher.get(http_server.url("/feed"), allow_hosts=LOCAL, etag='"abc"',
                         last_modified="Tue, 03 Mar 2026 10:00:00 GMT")
    assert result.not_modified
    assert result.etag == '"abc"' and result.last_modified == "Tue, 03 Mar 2026 10:00:00 GMT"


def test_hostile_validators_are_not_sent_back(fetcher: Fetcher,
                                              http_server: HTTPTestServer) -> None:
    http_server.route("/feed", body=b"x", headers={"ETag": '"caf\xe9"'})
    first = fetcher.get(http_server.url("/feed"), allow_hosts=LOCAL)
    assert first.etag == '"caf\xe9"'
    for etag in (first.etag, '"a"\r\nX-Injected: 1'):
        assert fetcher.get(http_server.url("/feed"), allow_hosts=LOCAL, etag=etag).status == 200
        assert "if-none-match" not in http_server.requests[-1].headers
        assert "x-injected" not in http_server.requests[-1].headers


@pytest.mark.parametrize("encoding, compress", [
    ("gzip", gzip.compress),
    ("br", brotli.compress),
    ("deflate", zlib.compress),
    ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, as old IIS sent it
    ("gzip, br", lambda data: brotli.compress(gzip.compress(data))),
    ("gzip", zlib.compress),  # zlib data mislabelled as gzip
    ("identity", lambda data: data), ("utf-8", lambda data: data),  # bogus value: passed on
])
def test_compressed_bodies_are_decoded(fetcher: Fetcher, http_server: HTTPTestServer,
                                       encoding: str,
                                       compress: Callable[[bytes], bytes]) -> None:
    payload = b"<rss>" + b"news " * 5000 + b"</rss>"
    http_server.route("/z", body=compress(payload), headers={"Content-Encoding": encoding})
    result = fetcher.get(http_server.url("/z"), allow_hosts=LOCAL)
    assert result.body == payload
    assert "br" in http_server.requests[-1].headers["accept-encoding"]


def test_multi_member_gzip_is_fully_decoded(fetcher: Fetcher,
                                            http_server: HTTPTestServer) -> None:
    http_server.route("/z", body=gzip.compress(b"one ") + gzip.compress(b"two"),
                      headers={"Content-Encoding": "gzip"})
    assert fetcher.get(http_server.url("/z"), allow_hosts=LOCAL).body == b"one two"


def test_corrupt_gzip_is_a_fetch_error(fetcher: Fetcher, http_server: HTTPTestServer) -> None:
    http_server.route("/z", body=b"this is not gzip at all", headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="decode"):
        fetcher.get(http_server.url("/z"), allow_hosts=LOCAL)


def test_redirect_chain_within_limit_is_followed(fetcher: Fetcher,
                                                 http_server: HTTPTestServer) -> None:
    for hop in range(3):
        http_server.route(f"/r{hop}", status=301 if hop else 302,
                          headers={"Location": f"/r{hop + 1}"})
    http_server.route("/r3", body=b"final")
    result = fetcher.get(http_server.url("/r0"), allow_hosts=LOCAL)
    assert result.body == b"final" and result.url == http_server.url("/r3")
    assert [r.path for r in http_server.requests] == ["/r0", "/r1", "/r2", "/r3"]


def test_cookies_live_for_one_get_only(fetcher: Fetcher, http_server: HTTPTestServer) -> None:
    # A consent wall: set a cookie, redirect; the redirected hop must carry it. The next,
    # unrelated get must not: the shared fetcher keeps no jar.
    http_server.route("/article", status=302,
                      headers={"Set-Cookie": "consent=yes; Path=/", "Location": "/article/2"})
    http_server.route("/article/2", body=b"ok")
    assert fetcher.get(http_server.url("/article"), allow_hosts=LOCAL).body == b"ok"
    assert http_server.requests[-1].headers.get("cookie") == "consent=yes"
    fetcher.get(http_server.url("/article/2"), allow_hosts=LOCAL)
    assert "cookie" not in http_server.requests[-1].headers


# -- hostile servers -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """128 MiB of zeros in ~130 KB of gzip."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(MiB)
    return b"".join(compressor.compress(zeros) for _ in range(128)) + compressor.flush()


def _peak_memory_of(call: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        call()
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def test_gzip_bomb_is_cut_off_with_bounded_memory(fetcher: Fetcher, http_server: HTTPTestServer,
                                                  gzip_bomb: bytes) -> None:
    http_server.route("/bomb", body=gzip_bomb, headers={"Content-Encoding": "gzip"})

    def fetch() -> None:
        with pytest.raises(BodyTooLargeError, match="decompressed"):
            fetcher.get(http_server.url("/bomb"), allow_hosts=LOCAL)

    assert _peak_memory_of(fetch) < 8 * MiB  # cap is 1 MiB; 128 MiB would inflate


def test_brotli_bomb_is_cut_off_with_bounded_memory(fetcher: Fetcher,
                                                    http_server: HTTPTestServer) -> None:
    bomb = brotli.compress(bytes(64 * MiB), quality=5)  # ~100 bytes -> 64 MiB
    http_server.route("/bomb", body=bomb, headers={"Content-Encoding": "br"})

    def fetch() -> None:
        with pytest.raises(BodyTooLargeError):
            fetcher.get(http_server.url("/bomb"), allow_hosts=LOCAL)

    assert _peak_memory_of(fetch) < 8 * MiB


def test_endless_body_is_cut_off(fetcher: Fetcher, http_server: HTTPTestServer) -> None:
    http_server.route("/endless", lambda req: (200, {}, endless()))
    started = time.monotonic()
    with pytest.raises(BodyTooLargeError, match="cap"):
        fetcher.get(http_server.url("/endless"), allow_hosts=LOCAL)
    assert time.monotonic() - started < 3


def test_declared_length_over_the_cap_is_refused_before_reading(
        fetcher: Fetcher, http_server: HTTPTestServer) -> None:
    http_server.route("/huge", lambda req: (200, {"Content-Length": str(50 * 2**30)}, endless()))
    with pytest.raises(BodyTooLargeError, match="declares"):
        fetcher.get(http_server.url("/huge"), allow_hosts=LOCAL)


def test_content_length_understating_the_body_is_cut_at_the_declared_length(
        fetcher: Fetcher, http_server: HTTPTestServer) -> None:
    http_server.route("/lie", lambda req: (200, {"Content-Length": "10"}, endless()))
    result = fetcher.get(http_server.url("/lie"), allow_hosts=LOCAL)
    assert len(result.body) == 10


def test_content_length_overstating_the_body_is_an_error(
        fetcher: Fetcher, http_server: HTTPTestServer) -> None:
    http_server.route("/short", body=b"only this", headers={"Content-Length": "5000",
                                                           "Connection": "close"})
    with pytest.raises(FetchError, match="bad response"):
        fetcher.get(http_server.url("/short"), allow_hosts=LOCAL)


def test_per_call_max_bytes_overrides_the_default(fetcher: Fetcher,
                                                  http_server: HTTPTestServer) -> None:
    http_server.route("/k", body=b"x" * 2000)
    with pytest.raises(BodyTooLargeError):
        fetcher.get(http_server.url("/k"), allow_hosts=LOCAL, max_bytes=1000)
    assert len(fetcher.get(http_server.url("/k"), allow_hosts=LOCAL).body) == 2000


def test_slow_drip_is_stopped_by_the_total_deadline(http_server: HTTPTestServer) -> None:
    # Each byte arrives well within the per-read timeout; only a total deadline stops it.
    http_server.route("/drip", lambda req: (200, {}, drip(b"x", 0.1, None, req.stopping)))
    with Fetcher(timeout=1.0) as fetcher:
        started = time.monotonic()
        with pytest.raises(FetchError, match="deadline"):
            fetcher.get(http_server.url("/drip"), allow_hosts=LOCAL)
    assert 0.9 < time.monotonic() - started < 2.0


def test_tarpit_that_never_answers_times_out() -> None:
    with Tarpit() as tarpit, Fetcher(timeout=1.0) as fetcher:
        started = time.monotonic()
        with pytest.raises(FetchError, match=r"deadline|timed out"):
            fetcher.get(tarpit.url("/feed"), allow_hosts=LOCAL)
    assert time.monotonic() - started < 2.0


def test_headers_dripped_forever_are_stopped_by_the_deadline() -> None:
    endless_headers = b"HTTP/1.1 200 OK\r\n" + b"X-Padding: " + b"a" * 10_000
    with Tarpit(drip=endless_headers, interval=0.05) as tarpit, Fetcher(timeout=1.0) as fetcher:
        started = time.monotonic()
        with pytest.raises(FetchError, match="deadline"):
            fetcher.get(tarpit.url("/feed"), allow_hosts=LOCAL)
    assert time.monotonic() - started < 2.0


def test_a_broken_test_handler_is_a_500(fetcher: Fetcher, http_server: HTTPTestServer) -> None:
    http_server.route("/bug", lambda req: 1 / 0)  # type: ignore[arg-type, return-value]
    with pytest.raises(FetchError) as caught:
        fetcher.get(http_server.url("/bug"), allow_hosts=LOCAL)
    assert caught.value.status == 500


def test_server_error_is_a_fetch_error_with_status(fetcher: Fetcher,
                                                   http_server: HTTPTestServer) -> None:
    http_server.route("/boom", status=500, body=b"oops")
    with pytest.raises(FetchError) as caught:
        fetcher.get(http_server.url("/boom"), allow_hosts=LOCAL)
    assert caught.value.status == 500 and caught.value.retry_after is None
    assert "HTTP 500" in str(caught.value) and "\n" not in str(caught.value)


def test_error_status_wins_over_a_stalled_error_body(http_server: HTTPTestServer) -> None:
    http_server.route("/boom", lambda req: (
        500, {"Content-Length": "100"}, drip(b"x", 5, 1, req.stopping)))
    with Fetcher(timeout=0.5) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(http_server.url("/boom"), allow_hosts=LOCAL)
    assert caught.value.status == 500


def test_keep_alive_connection_is_reused_after_304_and_redirect(
        fetcher: Fetcher, http_server: HTTPTestServer) -> None:
    http_server.route("/feed", body=b"x", etag=True)
    http_server.route("/old", status=301, body=b"moved", headers={"Location": "/feed"})
    first = fetcher.get(http_server.url("/old"), allow_hosts=LOCAL)
    for _ in range(5):
        assert fetcher.get(http_server.url("/feed"), allow_hosts=LOCAL,
                           etag=first.etag).not_modified
    assert http_server.connections_accepted == 1


def test_404_is_a_fetch_error(fetcher: Fetcher, http_server: HTTPTestServer) -> None:
    with pytest.raises(FetchError) as caught:
        fetcher.get(http_server.url("/missing"), allow_hosts=LOCAL)
    assert caught.value.status == 404


def test_429_with_retry_after_seconds(fetcher: Fetcher, http_server: HTTPTestServer) -> None:
    http_server.route("/busy", status=429, headers={"Retry-After": "120"})
    with pytest.raises(FetchError) as caught:
        fetcher.get(http_server.url("/busy"), allow_hosts=LOCAL)
    assert caught.value.status == 429 and caught.value.retry_after == 120


def test_429_with_retry_after_date(fetcher: Fetcher, http_server: HTTPTestServer) -> None:
    when = datetime.now(UTC) + timedelta(minutes=10)
    http_server.route("/busy", status=429, headers={"Retry-After": format_datetime(when, True)})
    with pytest.raises(FetchError) as caught:
        fetcher.get(http_server.url("/busy"), allow_hosts=LOCAL)
    assert caught.value.retry_after is not None and 590 <= caught.value.retry_after <= 600


def test_503_with_and_without_retry_after(fetcher: Fetcher, http_server: HTTPTestServer) -> None:
    http_server.route("/down", status=503, headers={"Retry-After": "30"})
    with pytest.raises(FetchError) as caught:
        fetcher.get(http_server.url("/down"), allow_hosts=LOCAL)
    assert (caught.value.status, caught.value.retry_after) == (503, 30)
    http_server.route("/down", status=503)
    with pytest.raises(FetchError) as caught:
        fetcher.get(http_server.url("/down"), allow_hosts=LOCAL)
    assert (caught.value.status, caught.value.retry_after) == (503, None)


def test_redirect_loop_is_detected(fetcher: Fetcher, http_server: HTTPTestServer) -> None:
    http_server.route("/a", status=302, headers={"Location": "/b"})
    http_server.route("/b", status=302, headers={"Location": "/a"})
    with pytest.raises(FetchError, match="redirect loop"):
        fetcher.get(http_server.url("/a"), allow_hosts=LOCAL)
    assert len(http_server.requests) == 2


def test_long_redirect_chain_is_bounded(http_server: HTTPTestServer) -> None:
    http_server.route("/hop", lambda req: (
        302, {"Location": f"/hop?n={len(http_server.requests)}"}, b""))
    with Fetcher(max_redirects=5) as fetcher, pytest.raises(FetchError, match="too many"):
        fetcher.get(http_server.url("/hop"), allow_hosts=LOCAL)
    assert len(http_server.requests) == 6


def test_redirect_without_location_is_an_error(fetcher: Fetcher,
                                               http_server: HTTPTestServer) -> None:
    http_server.route("/r", status=301)
    with pytest.raises(FetchError, match="Location") as caught:
        fetcher.get(http_server.url("/r"), allow_hosts=LOCAL)
    assert caught.value.status == 301


@pytest.mark.parametrize("response", [
    b"",
    b"garbage\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\nhello",
    b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nxx\r\n",
    b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Length: 4\r\n\r\nabcd",
    b"HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\nContent-Length: 4\r\n\r\nabcd",
    b"HTTP/1.1 999 Weird\r\nContent-Length: 0\r\n\r\n",
    b"HTTP/1.1 302 Found\r\nLocation: http://[::1\r\nContent-Length: 0\r\n\r\n",
    b"HTTP/1.1 302 Found\r\nLocation: \xff\xfe//\r\nContent-Length: 0\r\n\r\n",
    b"HTTP/1.1 302 Found\r\nLocation: gopher://127.0.0.1/\r\nContent-Length: 0\r\n\r\n",
    b"HTTP/1.1 429 Slow\r\nRetry-After: -1\r\nContent-Length: 0\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nETag: \xff\x00\r\nCache-Control: max-age=\xff\r\n\r\n",
    b"HTTP/1.0 200 OK\r\n\r\nbody until close",
    b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
    b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n" + b"\x00" * 5000,
], ids=lambda r: r[:30].decode("latin-1").replace("\r\n", "|") or "empty")
def test_malformed_responses_give_a_result_or_a_fetch_error(response: bytes) -> None:
    with RawServer(response) as server, Fetcher(timeout=2.0) as fetcher:
        try:
            result = fetcher.get(server.url("/feed"), allow_hosts=LOCAL)
        except FetchError as exc:
            assert str(exc) and "\n" not in str(exc)
        else:
            assert result.status in (200, 304)


# -- SSRF guard ------------------------------------------------------------------------------------
def test_loopback_is_refused_by_default(fetcher: Fetcher, http_server: HTTPTestServer) -> None:
    http_server.route("/feed", body=b"secret")
    with pytest.raises(BlockedAddressError, match="loopback"):
        fetcher.get(http_server.url("/feed"))
    assert http_server.requests == []  # refused before connecting, not after


@pytest.mark.parametrize("host", [
    "localhost", "2130706433", "0x7f000001", "127.1", "[::ffff:127.0.0.1]", "[::1]",
])
def test_loopback_in_disguise_is_refused(fetcher: Fetcher, http_server: HTTPTestServer,
                                         host: str) -> None:
    with pytest.raises(BlockedAddressError, match="loopback"):
        fetcher.get(f"http://{host}:{http_server.port}/feed")
    assert http_server.requests == []


@pytest.mark.parametrize("host", ["0.0.0.0", "0", "[::]"])
def test_unspecified_address_is_refused_even_with_allow_private(http_server: HTTPTestServer,
                                                                host: str) -> None:
    with Fetcher(allow_private=True) as fetcher, pytest.raises(BlockedAddressError,
                                                                 match="unspecified"):
        fetcher.get(f"http://{host}:{http_server.port}/feed", allow_hosts={host})
    assert http_server.requests == []


def test_allow_private_lets_everything_private_through(http_server: HTTPTestServer) -> None:
    http_server.route("/feed", body=b"ok")
    with Fetcher(allow_private=True) as fetcher:
        assert fetcher.get(http_server.url("/feed")).body == b"ok"


def test_redirect_to_another_private_host_is_refused_unless_allowed(
        fetcher: Fetcher, http_server: HTTPTestServer) -> None:
    # The feed's own host ("localhost") is allowed; its redirect to 127.0.0.1 is a different
    # host on a private address, as an article link pointing into the LAN would be.
    port = http_server.port
    http_server.route("/feed", status=302, headers={"Location": f"http://127.0.0.1:{port}/in"})
    http_server.route("/in", body=b"internal")
    with pytest.raises(BlockedAddressError):
        fetcher.get(f"http://localhost:{port}/feed", allow_hosts={"localhost"})
    assert [r.path for r in http_server.requests] == ["/feed"]
    allowed = fetcher.get(f"http://localhost:{port}/feed", allow_hosts={"localhost", "127.0.0.1"})
    assert allowed.body == b"internal"


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "ftp://127.0.0.1/feed", "gopher://127.0.0.1:70/",
    "javascript:alert(1)", "data:text/plain,hello", "/relative/path",
])
def test_non_http_schemes_are_refused(fetcher: Fetcher, url: str) -> None:
    with pytest.raises(FetchError, match=r"only http and https|invalid URL"):
        fetcher.get(url, allow_hosts=LOCAL)


def test_redirect_to_file_scheme_is_refused(fetcher: Fetcher,
                                            http_server: HTTPTestServer) -> None:
    http_server.route("/r", status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(UnsupportedSchemeError):
        fetcher.get(http_server.url("/r"), allow_hosts=LOCAL)


def test_name_resolving_to_mixed_addresses_is_refused(
        fetcher: Fetcher, monkeypatch: pytest.MonkeyPatch) -> None:
    # A rebinding name answering both a public and a private address: every address is
    # checked, so nothing is contacted (the public one is never dialled either).
    def fake_getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(BlockedAddressError, match=r"127\.0\.0\.1"):
        fetcher.get("http://rebind.example/feed")


def test_connection_goes_to_the_checked_address(fetcher: Fetcher, http_server: HTTPTestServer,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # The name is resolved once, by the guard; the socket is opened to that very address.
    calls: list[str] = []

    def fake_getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list:
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    http_server.route("/feed", body=b"ok")
    result = fetcher.get(f"http://feeds.example:{http_server.port}/feed",
                         allow_hosts={"feeds.example"})
    assert result.body == b"ok"
    assert calls[0] == "feeds.example" and set(calls[1:]) <= {"127.0.0.1"}  # then only the IP
    assert http_server.requests[-1].headers["host"] == f"feeds.example:{http_server.port}"


def test_pooled_connection_is_rechecked_for_a_stricter_request(
        fetcher: Fetcher, http_server: HTTPTestServer) -> None:
    http_server.route("/feed", body=b"ok")
    assert fetcher.get(http_server.url("/feed"), allow_hosts=LOCAL).body == b"ok"
    with pytest.raises(BlockedAddressError):
        fetcher.get(http_server.url("/feed"))  # same keep-alive connection, no allowance
    assert len(http_server.requests) == 1


def test_dns_failure_is_one_clear_line(fetcher: Fetcher, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_getaddrinfo(*args: object, **kwargs: object) -> list:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", failing_getaddrinfo)
    with pytest.raises(FetchError, match=r"could not resolve host nowhere\.example"):
        fetcher.get("http://nowhere.example/feed")


def test_hanging_dns_lookup_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    def hanging_getaddrinfo(*args: object, **kwargs: object) -> list:
        time.sleep(3)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", hanging_getaddrinfo)
    with Fetcher(timeout=5.0, connect_timeout=0.5) as fetcher:
        started = time.monotonic()
        with pytest.raises(FetchError, match="DNS lookup timed out"):
            fetcher.get("http://slow-dns.example/feed")
    assert time.monotonic() - started < 1.5


# -- network failures and secrets ------------------------------------------------------------------
def test_connection_refused(fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match="connection refused"):
        fetcher.get(f"http://127.0.0.1:{refused_port()}/feed", allow_hosts=LOCAL)


def test_tls_failure_is_one_clear_line(fetcher: Fetcher, http_server: HTTPTestServer) -> None:
    with pytest.raises(FetchError, match="TLS handshake") as caught:
        fetcher.get(f"https://127.0.0.1:{http_server.port}/feed", allow_hosts=LOCAL)
    assert "\n" not in str(caught.value)


@pytest.fixture(scope="module")
def self_signed_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for 127.0.0.1 and its key."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=30)
    return cert, key


@pytest.fixture(scope="module")
def self_signed(self_signed_files: tuple[Path, Path]) -> ssl.SSLContext:
    """A server context with the throwaway self-signed certificate."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*self_signed_files)
    return context


def _tls_contexts(fetcher: Fetcher) -> list[Any]:
    return [client._transport._pool._ssl_context  # type: ignore[attr-defined]
            for client in fetcher._clients.values()]


def test_plain_http_loads_no_certificates(fetcher: Fetcher, http_server: HTTPTestServer) -> None:
    """Issue 12: the TLS context (the CA bundle, ~20 ms of CPU) is made at the first https
    request, not with the fetcher: a process fetching plain http never pays for it."""
    http_server.route("/feed", body=b"<rss/>")
    assert fetcher.get(http_server.url("/feed"), allow_hosts=LOCAL).body == b"<rss/>"
    contexts = _tls_contexts(fetcher)
    assert contexts and not any(context.made for context in contexts)


def test_deferred_tls_context_is_httpx_default_with_the_environment(
        self_signed_files: tuple[Path, Path], self_signed: ssl.SSLContext,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The context made at the first https request is httpx's default one: it verifies,
    and trusts what SSL_CERT_FILE names, as before."""
    monkeypatch.setenv("SSL_CERT_FILE", str(self_signed_files[0]))
    with HTTPTestServer(tls=self_signed) as server, \
            Fetcher(timeout=3.0, connect_timeout=2.0) as fetcher:
        server.route("/feed", body=b"<rss/>")
        assert fetcher.get(server.url("/feed"), allow_hosts=LOCAL).body == b"<rss/>"
        assert all(context.made for context in _tls_contexts(fetcher))
        context = _tls_contexts(fetcher)[0].context()
        assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


def test_untrusted_certificate_is_refused(fetcher: Fetcher, self_signed: ssl.SSLContext) -> None:
    with HTTPTestServer(tls=self_signed) as server:
        server.route("/feed", body=b"<rss/>")
        with pytest.raises(FetchError, match=r"TLS handshake.*certificate verify failed") as caught:
            fetcher.get(server.url("/feed"), allow_hosts=LOCAL)
    assert "\n" not in str(caught.value) and server.requests == []


SECRET_USER, SECRET_PASSWORD, SECRET_TOKEN = "alice", "hunter2pw", "tok3nS3cret"


def _secret_url(port: int, path: str) -> str:
    return (f"http://{SECRET_USER}:{SECRET_PASSWORD}@127.0.0.1:{port}{path}"
            f"?token={SECRET_TOKEN}&page=2")


@pytest.mark.parametrize("setup", ["500", "429", "loop", "refused", "timeout", "too-large",
                                   "blocked"])
def test_credentials_and_tokens_never_reach_messages_or_logs(
        setup: str, http_server: HTTPTestServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    port = http_server.port
    allow = LOCAL
    if setup == "500":
        http_server.route("/x", status=500)
    elif setup == "429":
        http_server.route("/x", status=429, headers={"Retry-After": "5"})
    elif setup == "loop":
        http_server.route("/x", status=302, headers={"Location": _secret_url(port, "/x")})
    elif setup == "refused":
        port = refused_port()
    elif setup == "timeout":
        http_server.route("/x", hang(5))
    elif setup == "too-large":
        http_server.route("/x", body=b"x" * 5000)
    elif setup == "blocked":
        allow = set()
    with Fetcher(timeout=0.5, max_bytes=1000) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(_secret_url(port, "/x"), allow_hosts=allow)
    shown = f"{caught.value} {caught.value.url} {caplog.text}"
    for secret in (SECRET_PASSWORD, SECRET_TOKEN):
        assert secret not in shown
    assert f"{SECRET_USER}:" not in shown


def test_successful_fetch_logs_no_secrets(http_server: HTTPTestServer,
                                          caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    http_server.route("/x", body=b"ok")
    with Fetcher() as fetcher:
        fetcher.get(_secret_url(http_server.port, "/x"), allow_hosts=LOCAL)
    assert caplog.records and SECRET_TOKEN not in caplog.text
    assert SECRET_PASSWORD not in caplog.text


# -- politeness ------------------------------------------------------------------------------------
def test_per_host_limit_bounds_requests_in_flight(http_server: HTTPTestServer) -> None:
    in_flight = 0
    peak = 0
    lock = threading.Lock()

    def slow(request: Request) -> tuple[int, dict[str, str], bytes]:
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        request.wait(0.15)
        with lock:
            in_flight -= 1
        return 200, {}, b"ok"

    http_server.route("/slow", slow)
    with Fetcher(per_host=2) as fetcher, ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(
            lambda _: fetcher.get(http_server.url("/slow"), allow_hosts=LOCAL), range(8)))
    assert all(r.body == b"ok" for r in results)
    assert peak == 2
    assert fetcher._host_slots == {}  # idle hosts are forgotten (no growth per host seen)


def test_waiting_for_a_busy_host_is_bounded(http_server: HTTPTestServer) -> None:
    # One slot, held to its deadline by a server that never answers: of the three requests
    # queued behind it at most one gets the slot in time; the others give up, not hang.
    http_server.route("/hang", hang(10))
    with Fetcher(timeout=1.0, per_host=1) as fetcher, ThreadPoolExecutor(4) as pool:
        started = time.monotonic()
        futures = [pool.submit(fetcher.get, http_server.url("/hang"), allow_hosts=LOCAL)
                   for _ in range(4)]
        errors = [f.exception() for f in futures]
    assert time.monotonic() - started < 3.5
    assert all(isinstance(e, FetchError) for e in errors)
    assert sum("still in flight" in str(e) for e in errors) >= 2


# -- pure helpers ----------------------------------------------------------------------------------
NOW = datetime(2026, 3, 3, 10, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize("value, expected", [
    ("120", 120.0), ("0", 0.0), (" 30 ", 30.0),
    ("Tue, 03 Mar 2026 10:02:00 GMT", 120.0),
    ("Tue, 03 Mar 2026 09:00:00 GMT", 0.0),  # in the past
    ("99999999999", MAX_RETRY_AFTER),
    ("", None), (None, None), ("soon", None), ("-5", None), ("Tue, 99 Foo 2026", None),
])
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, NOW) == expected


@pytest.mark.parametrize("value, expected", [
    ("max-age=300", 300.0), ("public, max-age=60, must-revalidate", 60.0),
    ('max-age="90"', 90.0), ("no-cache", 0.0), ("no-store, max-age=600", 0.0),
    ("s-maxage=10", None), ("max-age=abc", None), ("max-age=\u00b2", None), ("", None),
    (None, None),
])
def test_parse_max_age(value: str | None, expected: float | None) -> None:
    assert parse_max_age(value) == expected
