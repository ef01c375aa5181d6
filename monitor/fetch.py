"""HTTP fetching, hardened for servers nobody here controls.

One ``Fetcher`` is shared by the pipeline's thread pool (the sync httpx client is
thread-safe, and was ~4x faster than async for our many small conditional GETs). Per call:

* conditional GET (If-None-Match / If-Modified-Since); a 304 returns at once;
* redirects followed by hand, at most ``max_redirects``, each hop re-checked (scheme here,
  addresses in ``monitor.netguard`` at connect time);
* a total deadline across all hops on top of httpx's per-read timeouts (enforced in
  netguard, which clamps every socket timeout to what is left);
* the body read raw and decoded here in bounded pieces, with the size cap on DECODED bytes:
  httpx's own decoders inflate a whole network chunk at once (one 64 KiB chunk of a gzip
  bomb is 64 MB; of a brotli bomb, far more) before a caller could count it;
* errors as ``FetchError`` with one line and a redacted URL; httpx's INFO log lines (which
  carry full URLs, tokens included) are silenced;
* a proxy per hop (``monitor.proxies``: the environment's, or the feed's ``proxy:``), the
  target checked before a proxied request (``netguard.check_destination``); a feed's own
  ``headers:`` sent only to its own host (``RequestOptions``), its ``user_agent:`` to all;
* a link the client cannot use as it is (octal or percent-encoded host, undecodable IDNA)
  is an ``InvalidURLError``, never handed to DNS.
"""

from __future__ import annotations

import contextlib
import email.utils
import ipaddress
import logging
import os
import re
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Collection, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from types import TracebackType
from typing import Protocol
from urllib.parse import parse_qsl, unquote, urlsplit

import brotli
import httpcore
import httpx
from httpcore._sync.interfaces import ConnectionInterface

from monitor import USER_AGENT
from monitor.errors import BodyTooLargeError, FetchError, InvalidURLError, MonitorError
from monitor.models import FetchResult
from monitor.netguard import (
    ALLOWED_SCHEMES,
    AddressPolicy,
    check_destination,
    check_scheme,
    deferred_socket_checks,
    guard,
    guarded_transport,
    normalise_host,
)
from monitor.proxies import ProxyEnvironment, choose_proxy
from monitor.redact import is_secret_key, redact, redact_url

# httpx logs every request URL at INFO; URLs carry tokens. Our own lines are redacted.
logging.getLogger("httpx").setLevel(logging.WARNING)
logging.getLogger("httpcore").setLevel(logging.WARNING)
log = logging.getLogger(__name__)

FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, "
               "application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 503})
MAX_RETRY_AFTER = 7 * 24 * 3600.0  # a hostile or broken server must not park a feed for years
_PIECE = 64 * 1024  # decoded bytes produced per decompression step


# -- pure helpers ------------------------------------------------------------------------------
def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or an HTTP date), or None.

    Dates in the past give 0; results are capped at ``MAX_RETRY_AFTER``.
    """
    if not value or not value.strip():
        return None
    value = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return min(max((when - now).total_seconds(), 0.0), MAX_RETRY_AFTER)


def parse_max_age(cache_control: str | None) -> float | None:
    """Freshness lifetime in seconds from a Cache-Control header, or None when not given.

    ``no-store`` / ``no-cache`` mean "revalidate every time" and give 0.
    """
    if not cache_control:
        return None
    max_age: float | None = None
    for directive in cache_control.split(","):
        name, _, argument = directive.strip().partition("=")
        name = name.strip().lower()
        if name in ("no-store", "no-cache"):
            return 0.0
        if name == "max-age" and max_age is None:
            argument = argument.strip().strip('"')
            if argument.isdecimal():
                max_age = float(argument)
    return max_age


# -- content decoding --------------------------------------------------------------------------
class _Decoder(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...


class _Identity:
    def feed(self, data: bytes) -> Iterator[bytes]:
        yield data


class _Zlib:
    """gzip / deflate, inflated at most ``_PIECE`` bytes per step."""

    def __init__(self, gzip: bool) -> None:
        self._gzip = gzip
        self._raw_deflate_tried = False
        # For "gzip", +32 auto-detects a gzip or zlib header: some servers mislabel zlib.
        self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 32 if gzip else zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        while True:
            try:
                out = self._inflater.decompress(data, _PIECE)
            except zlib.error as exc:
                if self._gzip or self._raw_deflate_tried:
                    raise FetchError(f"could not decode the compressed body: {exc}") from None
                # "deflate" is sent both zlib-wrapped (per the RFC) and raw (by old IIS).
                self._raw_deflate_tried = True
                self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                continue
            self._raw_deflate_tried = True  # the first bytes decoded: the format is settled
            if out:
                yield out
            data = self._inflater.unconsumed_tail
            if self._inflater.eof:
                rest = self._inflater.unused_data
                if not (self._gzip and rest.startswith(b"\x1f\x8b")):
                    return  # trailing garbage after the stream is ignored, as browsers do
                self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)  # next gzip member
                data = rest
            elif not data and len(out) < _PIECE:
                return


class _Brotli:
    def __init__(self) -> None:
        self._decompressor = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            out = self._decompressor.process(data, output_buffer_limit=_PIECE)
            yield out
            while out and not self._decompressor.can_accept_more_data():
                out = self._decompressor.process(b"", output_buffer_limit=_PIECE)
                yield out
        except brotli.error as exc:
            raise FetchError(f"could not decode the brotli body: {exc}") from None


class _Chain:
    """Several Content-Encodings, undone in reverse order of application."""

    def __init__(self, decoders: list[_Decoder]) -> None:
        self._decoders = decoders

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._through(data, 0)

    def _through(self, data: bytes, index: int) -> Iterator[bytes]:
        if index == len(self._decoders):
            yield data
            return
        for piece in self._decoders[index].feed(data):
            yield from self._through(piece, index + 1)


def _decoder_for(content_encoding: str | None) -> _Decoder:
    names = [n.strip().lower() for n in (content_encoding or "").split(",") if n.strip()]
    decoders: list[_Decoder] = []
    for name in reversed(names):
        if name in ("gzip", "x-gzip"):
            decoders.append(_Zlib(gzip=True))
        elif name == "deflate":
            decoders.append(_Zlib(gzip=False))
        elif name == "br":
            decoders.append(_Brotli())
        # identity and unknown values (e.g. a bogus "utf-8") pass through, as in httpx
    if not decoders:
        return _Identity()
    return decoders[0] if len(decoders) == 1 else _Chain(decoders)


# -- the fetcher -------------------------------------------------------------------------------
class _HostSlots:
    """The in-flight limit of one host, and how many callers hold or await it."""

    def __init__(self, per_host: int) -> None:
        self.semaphore = threading.BoundedSemaphore(per_host)
        self.users = 0


class _Redirect:
    def __init__(self, location: str) -> None:
        self.location = location


@dataclass(frozen=True, slots=True)
class RequestOptions:
    """A feed's own request settings (feeds.yaml ``proxy``, ``headers``, ``user_agent``).

    ``headers`` (API keys, a subscriber's cookie) go only to the hosts in ``header_hosts``
    (the feed's own host): never to another host a redirect or an article link leads to.
    """

    proxy: str | None = None  # None: the environment's (HTTP(S)_PROXY, NO_PROXY); "": none
    headers: tuple[tuple[str, str], ...] = ()
    header_hosts: frozenset[str] = frozenset()
    user_agent: str | None = None


_NO_OPTIONS = RequestOptions()

# A lock on a host shared with other processes (monitor/workers.py: a PostgreSQL advisory
# lock per host), entered around each request after this process's own per-host slot:
# ``gate(host, timeout)`` raises TimeoutError when the host stays busy ``timeout`` seconds.
HostGate = Callable[[str, float], AbstractContextManager[None]]


def _assign_linearly(pool: httpcore.ConnectionPool) -> list[ConnectionInterface]:
    """httpcore 1.0's ``ConnectionPool._assign_requests_to_connections``, the same decisions
    in the same order, without its quadratic walk, and with a hung-up connection found when
    it would be reused rather than at every turn.

    httpcore runs it twice a request (when the request comes and when its response is
    closed).  For each idle connection it counted the pool's connections by building a
    list of every connection's ``is_idle()`` (it only takes the list's length, so the
    count is of all connections), and for each queued request it listed the idle
    connections even when one was available to reuse: ~64 ``is_idle`` calls a turn with 8
    connections, 16-21 ms of the poll process's CPU over a peer benchmark's 220 requests
    (issue 12, session 18).  Those calls read state and change nothing, so counting with
    ``len`` and listing the idle ones only when they are used decides the same.

    Every connection is still checked for being closed or past its keep-alive time at
    every turn; whether the server hung up on an idle one (its socket readable: a
    ``select`` a connection, ~20 a turn over a poll of many hosts) is asked of the
    connection about to be reused, and of every idle one when the pool is full, so a dead
    connection is never reused and never keeps a new one out (issue 12, session 25: an
    all-304 pass of 1,000 feeds in process 1.96 -> 1.64 s, its CPU 2.04 -> 1.65 s)."""
    closing_connections: list[ConnectionInterface] = []
    connections = pool._connections
    with deferred_socket_checks():
        for connection in list(connections):
            if connection.is_closed():
                connections.remove(connection)
            elif connection.has_expired() or (
                    len(connections) > pool._max_keepalive_connections
                    and connection.is_idle()):
                connections.remove(connection)
                closing_connections.append(connection)

    queued_requests = [request for request in pool._requests if request.is_queued()]
    for pool_request in queued_requests:
        origin = pool_request.request.url.origin
        available = _reusable(connections, origin, closing_connections)
        if available is None and len(connections) >= pool._max_connections:
            _drop_hung_up(connections, closing_connections)  # their places are free
        if available is not None:
            pool_request.assign_to_connection(available)
        elif len(connections) < pool._max_connections:
            connection = pool.create_connection(origin)
            connections.append(connection)
            pool_request.assign_to_connection(connection)
        else:
            idle = next((connection for connection in connections if connection.is_idle()),
                        None)
            if idle is not None:
                connections.remove(idle)
                closing_connections.append(idle)
                connection = pool.create_connection(origin)
                connections.append(connection)
                pool_request.assign_to_connection(connection)
    return closing_connections


def _reusable(connections: list[ConnectionInterface], origin: httpcore.Origin,
              closing: list[ConnectionInterface]) -> ConnectionInterface | None:
    """The first connection that can take a request to ``origin`` now; one the server hung
    up on is closed on the way."""
    for connection in list(connections):
        if connection.can_handle_request(origin) and connection.is_available():
            if not connection.has_expired():
                return connection
            connections.remove(connection)
            closing.append(connection)
    return None


def _drop_hung_up(connections: list[ConnectionInterface],
                  closing: list[ConnectionInterface]) -> None:
    """Close the idle connections the server hung up on (a full pool's places)."""
    for connection in list(connections):
        if connection.is_idle() and connection.has_expired():
            connections.remove(connection)
            closing.append(connection)


class _LinearPool(httpcore.ConnectionPool):
    """httpcore's pool deciding its assignments with ``_assign_linearly``."""

    def _assign_requests_to_connections(self) -> list[ConnectionInterface]:
        return _assign_linearly(self)


class _LinearProxy(httpcore.HTTPProxy):
    """httpcore's proxy pool deciding its assignments with ``_assign_linearly``."""

    def _assign_requests_to_connections(self) -> list[ConnectionInterface]:
        return _assign_linearly(self)


# The httpcore whose assignment ``_assign_linearly`` repeats (tests/test_fetch_pool.py checks
# its source); with another, its own pool is left as it is.
_LINEAR_FOR = "1.0."
_LINEAR = {httpcore.ConnectionPool: _LinearPool, httpcore.HTTPProxy: _LinearProxy}


def _linear_pool(transport: httpx.HTTPTransport) -> None:
    """Give ``transport``'s pool ``_assign_linearly`` (same class layout, one method)."""
    pool = transport._pool
    linear = _LINEAR.get(type(pool))
    if linear is not None and httpcore.__version__.startswith(_LINEAR_FOR):
        pool.__class__ = linear


class Fetcher:
    """Conditional GETs with SSRF guard, deadline, size cap and per-host politeness.

    ``timeout`` is the total deadline of one ``get`` (all hops, body included) and also the
    longest wait for any single read; ``connect_timeout`` bounds each DNS lookup and TCP/TLS
    connect. Waiting for a per-host slot (``per_host`` requests in flight per host) is not
    counted in that deadline but is itself bounded by ``timeout``.

    Proxies: the environment's (``HTTP_PROXY``, ``HTTPS_PROXY``, ``ALL_PROXY``,
    ``NO_PROXY``, read when the fetcher is made; ``proxy_environment`` overrides) unless a
    request's ``RequestOptions.proxy`` says otherwise.  One httpx client per proxy in use.
    """

    def __init__(self, *, timeout: float = 20.0, connect_timeout: float = 10.0,
                 max_bytes: int = 10 * 2**20, max_redirects: int = 5, per_host: int = 2,
                 user_agent: str = USER_AGENT, allow_private: bool = False,
                 proxy_environment: ProxyEnvironment | None = None,
                 verify: ssl.SSLContext | bool = True,
                 host_gate: HostGate | None = None) -> None:
        self._timeout = timeout
        self._host_gate = host_gate
        self._connect_timeout = connect_timeout
        self._max_bytes = max_bytes
        self._max_redirects = max_redirects
        self._per_host = max(1, per_host)
        self._allow_private = allow_private
        self._user_agent = user_agent
        self._verify = verify
        self._proxy_environment = (proxy_environment if proxy_environment is not None
                                   else ProxyEnvironment.of(os.environ))
        self._host_slots: dict[str, _HostSlots] = {}
        self._host_slots_lock = threading.Lock()
        self._clients: dict[str | None, httpx.Client] = {}  # by proxy URL (None: direct)
        self._transports: dict[str | None, httpx.BaseTransport] = {}  # each client's
        self._clients_lock = threading.Lock()
        self._client = self._client_for(None)

    def _client_for(self, proxy: str | None) -> httpx.Client:
        with self._clients_lock:
            client = self._clients.get(proxy)
            if client is None:
                transport = self._transports[proxy] = guarded_transport(
                    proxy=proxy, verify=self._verify,
                    limits=httpx.Limits(max_connections=200, max_keepalive_connections=50))
                _linear_pool(transport)
                client = self._clients[proxy] = httpx.Client(
                    transport=transport,
                    timeout=httpx.Timeout(self._timeout, connect=self._connect_timeout),
                    headers={"User-Agent": self._user_agent,
                             "Accept-Encoding": "gzip, deflate, br"},
                    follow_redirects=False,
                    # Proxies are chosen here, per hop (monitor.proxies): httpx's own
                    # environment handling would bypass the per-feed settings.
                    trust_env=False,
                    # The shared client keeps no cookies: a daemon's jar would grow with
                    # every site and carry state between unrelated feeds. Cookies live for
                    # one get() (below).
                    cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
                )
            return client

    # -- public API ----------------------------------------------------------------------------
    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            allow_hosts: Collection[str] = (), accept: str | None = None,
            max_bytes: int | None = None, options: RequestOptions | None = None) -> FetchResult:
        """GET ``url``; a FetchResult for 200 and 304, FetchError (or a subclass) otherwise."""
        started = time.monotonic()
        options = options or _NO_OPTIONS
        policy = AddressPolicy.of(allow_private=self._allow_private, allow_hosts=allow_hosts)
        base_headers = self._request_headers(etag, last_modified, accept)
        if options.user_agent:
            base_headers["User-Agent"] = options.user_agent
        limit = max_bytes if max_bytes is not None else self._max_bytes
        budget = self._timeout
        # Kept across the hops of this one get(): consent pages set a cookie and redirect.
        cookies = httpx.Cookies()
        seen: set[str] = set()
        current = url
        for _hop in range(self._max_redirects + 1):
            target = self._checked_url(current)
            seen.add(str(target))
            headers = dict(base_headers)
            if options.headers and normalise_host(target.host) in options.header_hosts:
                headers.update(options.headers)
            proxy = choose_proxy(target.scheme, target.host, _port(target), options.proxy,
                                 self._proxy_environment)
            with self._host_slot(target):
                deadline = time.monotonic() + budget
                outcome = self._exchange(target, headers, cookies, limit, policy, deadline,
                                         proxy)
                budget = deadline - time.monotonic()
            if isinstance(outcome, FetchResult):
                outcome.elapsed = time.monotonic() - started
                if outcome.not_modified and outcome.etag is None:
                    outcome.etag = etag  # a 304 may omit the validator; keep the one we hold
                if outcome.not_modified and outcome.last_modified is None:
                    outcome.last_modified = last_modified
                if log.isEnabledFor(logging.DEBUG):  # the redaction costs every request
                    log.debug("GET %s -> %s in %.2fs", redact_url(str(target)),
                              outcome.status, outcome.elapsed)
                return outcome
            current = self._join(target, outcome.location)
            if str(self._checked_url(current)) in seen:
                raise FetchError(f"redirect loop fetching {redact_url(url)}",
                                 url=redact_url(url))
        raise FetchError(f"too many redirects (more than {self._max_redirects}) fetching "
                         f"{redact_url(url)}", url=redact_url(url))

    def close(self) -> None:
        with self._clients_lock:
            for client in self._clients.values():
                client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- one hop -------------------------------------------------------------------------------
    def _exchange(self, target: httpx.URL, headers: dict[str, str], cookies: httpx.Cookies,
                  limit: int, policy: AddressPolicy, deadline: float,
                  proxy: str | None = None) -> FetchResult | _Redirect:
        client = self._client_for(proxy)
        connect_policy = policy
        try:
            if proxy is not None:
                # The proxy opens the connection to the target: check the target here as
                # far as we can (netguard.check_destination), then let sockets go only to
                # the proxy.
                with guard(policy, deadline):
                    check_destination(target.host, _port(target))
                proxy_host = httpx.URL(proxy).host
                connect_policy = AddressPolicy.of(allow_private=self._allow_private,
                                                  allow_hosts=[proxy_host])
            with guard(connect_policy, deadline):
                request = client.build_request("GET", target, headers=headers)
                if cookies.jar:  # an empty jar adds no header (its lookup costs ~0.05 ms)
                    cookies.set_cookie_header(request)
                # Sent by the client's transport itself: what Client.send adds around it
                # (auth, redirects, event hooks: none here; its cookie jar, which refuses
                # every cookie) cost ~0.15 ms of CPU a request (issue 12).  Its one check
                # is kept: a closed fetcher sends nothing.
                if client.is_closed:
                    raise RuntimeError("Cannot send a request, as the client has been closed.")
                response = self._transports[proxy].handle_request(request)
                response.request = request
                if "set-cookie" in response.headers or "set-cookie2" in response.headers:
                    cookies.extract_cookies(response)  # the jar reads only these two
                try:
                    return self._interpret(response, target, limit, proxied=proxy is not None)
                finally:
                    response.close()
        except MonitorError as exc:
            if isinstance(exc, FetchError) and exc.url is None:
                exc.url = redact_url(str(target))
            raise
        except httpx.HTTPError as exc:
            raise self._translate(exc, target, deadline, proxy) from None

    def _interpret(self, response: httpx.Response, target: httpx.URL, limit: int, *,
                   proxied: bool = False) -> FetchResult | _Redirect:
        status = response.status_code
        if status == 200:
            return self._result(response, target, self._read_body(response, limit, target))
        if status == 304:  # (most answers of a poll: before the redaction below)
            _drain(response)
            return self._result(response, target, b"")
        shown = redact_url(str(target))  # only a response we do not take is told about
        if status == 407 and proxied:
            _drain(response)
            raise FetchError(f"HTTP 407 from the proxy for {shown}: it wants credentials "
                             f"(give them in the proxy URL)", url=shown, status=status)
        if status in REDIRECT_STATUSES:
            location = response.headers.get("location", "").strip()
            if not location:
                raise FetchError(f"HTTP {status} redirect without a Location from {shown}",
                                 url=shown, status=status)
            _drain(response)
            return _Redirect(location)
        _drain(response)
        if status in RETRY_STATUSES:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            wait = f", retry after {retry_after:g}s" if retry_after is not None else ""
            raise FetchError(f"HTTP {status} {_reason(response)} from {shown}{wait}",
                             url=shown, status=status, retry_after=retry_after)
        raise FetchError(f"HTTP {status} {_reason(response)} from {shown}",
                         url=shown, status=status)

    def _read_body(self, response: httpx.Response, limit: int, target: httpx.URL) -> bytes:
        declared = response.headers.get("content-length", "").strip()
        if declared.isdecimal() and int(declared) > limit:
            shown = redact_url(str(target))
            raise BodyTooLargeError(
                f"body of {shown} declares {int(declared)} bytes, over the {limit}-byte cap",
                url=shown, status=response.status_code)
        decoder = _decoder_for(response.headers.get("content-encoding"))
        body = bytearray()
        received = 0
        for raw in response.iter_raw(_PIECE):
            received += len(raw)
            if received > limit:
                shown = redact_url(str(target))
                raise BodyTooLargeError(f"body of {shown} exceeds the {limit}-byte cap",
                                        url=shown, status=response.status_code)
            for piece in decoder.feed(raw):
                body += piece
                if len(body) > limit:
                    shown = redact_url(str(target))
                    raise BodyTooLargeError(
                        f"body of {shown} exceeds the {limit}-byte cap once decompressed",
                        url=shown, status=response.status_code)
        return bytes(body)

    @staticmethod
    def _result(response: httpx.Response, target: httpx.URL, body: bytes) -> FetchResult:
        headers: dict[str, str] = {}
        for name, value in response.headers.multi_items():
            key = name.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        return FetchResult(
            url=str(target),
            status=response.status_code,
            body=body,
            headers=headers,
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
            max_age=parse_max_age(headers.get("cache-control")),
        )

    # -- helpers -------------------------------------------------------------------------------
    @staticmethod
    def _request_headers(etag: str | None, last_modified: str | None,
                         accept: str | None) -> dict[str, str]:
        headers = {"Accept": _header_safe(accept) or FEED_ACCEPT}
        # Validators come from servers we do not trust: one that is not plain printable
        # ASCII would make httpx raise (or smuggle a header), so it is dropped and the
        # request is simply unconditional.
        for name, value in (("If-None-Match", etag), ("If-Modified-Since", last_modified)):
            safe = _header_safe(value)
            if safe:
                headers[name] = safe
        return headers

    @staticmethod
    def _checked_url(url: str) -> httpx.URL:
        try:
            parsed = httpx.URL(url)
            # .host decodes IDNA and raises for a label that does not decode ("xn--")
            host, raw_host = parsed.host, parsed.raw_host.decode("ascii")
        except (httpx.InvalidURL, TypeError, ValueError):  # IDNA errors are ValueErrors too
            shown = redact_url(url)
            raise InvalidURLError(f"invalid URL {shown}", url=shown) from None
        if parsed.scheme not in ALLOWED_SCHEMES:  # (httpx gives it lower-cased; the
            check_scheme(parsed.scheme, redact_url(url))  # redaction only for the error)
        if not host:
            shown = redact_url(url)
            raise InvalidURLError(f"invalid URL {shown}: no host", url=shown)
        if not _valid_host(raw_host.lower()):
            shown = redact_url(url)
            # httpx passes a percent-encoded or otherwise odd host on to DNS as it is;
            # no resolver answers for it, and what one might answer is not worth asking.
            raise InvalidURLError(f"invalid URL {shown}: malformed host name", url=shown)
        return parsed

    @staticmethod
    def _join(base: httpx.URL, location: str) -> str:
        try:
            return str(base.join(location))
        except (httpx.InvalidURL, ValueError):
            shown = redact_url(str(base))
            raise InvalidURLError(f"invalid redirect Location from {shown}",
                                  url=shown) from None

    @contextlib.contextmanager
    def _host_slot(self, target: httpx.URL) -> Iterator[None]:
        """Hold one of the ``per_host`` slots of the target's host for one hop.

        The wait is bounded by ``timeout``: behind a tarpit host every slot holder runs to
        its deadline, and a long queue must fail fast rather than hold the caller's thread.
        """
        key = normalise_host(target.host)
        with self._host_slots_lock:
            slots = self._host_slots.get(key)
            if slots is None:
                slots = self._host_slots[key] = _HostSlots(self._per_host)
            slots.users += 1
        try:
            if not slots.semaphore.acquire(timeout=self._timeout):
                shown = redact_url(str(target))
                raise FetchError(f"gave up on {shown}: {self._per_host} requests to "
                                 f"{target.host} still in flight after {self._timeout:g}s",
                                 url=shown)
            try:
                with self._fleet_slot(key, target):
                    yield
            finally:
                slots.semaphore.release()
        finally:
            with self._host_slots_lock:
                slots.users -= 1
                if not slots.users:  # forget idle hosts: article links reach thousands
                    del self._host_slots[key]

    @contextlib.contextmanager
    def _fleet_slot(self, key: str, target: httpx.URL) -> Iterator[None]:
        """The host's lock shared with other processes (``host_gate``), when there is one:
        workers on other machines fetch from the same hosts.  Its wait is bounded by
        ``timeout`` too."""
        if self._host_gate is None:
            yield
            return
        with contextlib.ExitStack() as held:
            try:
                held.enter_context(self._host_gate(key, self._timeout))
            except TimeoutError:
                shown = redact_url(str(target))
                raise FetchError(f"gave up on {shown}: another worker's request to "
                                 f"{target.host} still in flight after {self._timeout:g}s",
                                 url=shown) from None
            yield

    def _translate(self, exc: httpx.HTTPError, target: httpx.URL, deadline: float,
                   proxy: str | None = None) -> FetchError:
        """One redacted line for a transport failure."""
        shown = redact_url(str(target))
        where = f"{target.host}:{_port(target)}"
        secrets = _url_secrets(str(target)) + (_url_secrets(proxy) if proxy else [])
        tls = any(word in _first_line(exc).lower() for word in ("ssl", "certificate", "tls"))
        if proxy is not None and (isinstance(exc, httpx.ProxyError) or (
                isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout) and not tls)):
            # Through a proxy, connecting means connecting to the proxy (or its tunnel).
            how = ("refused the tunnel" if isinstance(exc, httpx.ProxyError)
                   else "could not be reached")
            message = (f"proxy {redact_url(proxy)} {how} for {shown}: {_first_line(exc)}")
            return FetchError(redact(message, secrets), url=shown)
        if time.monotonic() >= deadline - 0.01 and isinstance(exc, httpx.TimeoutException):
            message = f"gave up on {shown}: total deadline of {self._timeout:g}s exceeded"
        elif isinstance(exc, httpx.ConnectTimeout):
            message = f"timed out connecting to {where} for {shown}"
        elif isinstance(exc, httpx.TimeoutException):
            message = f"timed out waiting for data from {shown}"
        elif isinstance(exc, httpx.ConnectError):
            message = _connect_failure(exc, where, shown)
        elif isinstance(exc, httpx.RemoteProtocolError):
            message = f"bad response from {shown}: {_first_line(exc)}"
        elif isinstance(exc, httpx.TransportError):
            message = f"network error fetching {shown}: {_first_line(exc)}"
        else:
            message = f"could not fetch {shown}: {_first_line(exc)}"
        return FetchError(redact(message, secrets), url=shown)


def _port(url: httpx.URL) -> int:
    return url.port or (443 if url.scheme == "https" else 80)


def _drain(response: httpx.Response, limit: int = _PIECE) -> None:
    """Read a small unwanted body (304, redirect, error page) so that the keep-alive
    connection goes back to the pool; larger ones are abandoned with the connection."""
    received = 0
    try:
        for raw in response.iter_raw(_PIECE):
            received += len(raw)
            if received > limit:
                return
    except httpx.HTTPError:
        pass  # the status is what matters; the connection is simply not reused


# A host name as DNS knows it (after IDNA encoding): dot-separated labels of letters,
# digits, hyphens and underscores (which some CDNs use), none empty.
_HOST_NAME = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?"
                        r"(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?")


def _valid_host(host: str) -> bool:
    """Is ``host`` (lower-case, IDNA-encoded, without brackets) an IP literal or a
    well-formed host name?"""
    if ":" in host:
        try:
            ipaddress.IPv6Address(host.split("%")[0])
        except ValueError:
            return False
        return True
    return len(host) <= 253 and _HOST_NAME.fullmatch(host) is not None


def _header_safe(value: str | None) -> str | None:
    """``value`` if it can be sent as a header value as is (printable ASCII), else None."""
    # Two scans in C, not a generator over the characters (~4 us for an Accept value, up
    # to three a request: issue 12): ASCII's printable characters are exactly " " to "~".
    if value and value.isascii() and value.isprintable():
        return value
    return None


_SSL_NOISE = re.compile(r"^\[SSL(?::\s*[A-Z_]+)?\]\s*|\s*\(_ssl\.c:\d+\)$")


def _tls_reason(text: str) -> str:
    """OpenSSL's reason without its library tag and source line:
    "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate
    (_ssl.c:1006)" -> "certificate verify failed: self-signed certificate"."""
    return _SSL_NOISE.sub("", text).strip() or text


def _connect_failure(exc: httpx.ConnectError, where: str, shown: str) -> str:
    text = _first_line(exc)
    lowered = text.lower()
    if "ssl" in lowered or "certificate" in lowered or "tls" in lowered:
        # The reason first: tables cut long lines, and the URL is the less useful half.
        return f"TLS handshake with {where} failed ({_tls_reason(text)}) for {shown}"
    if "refused" in lowered:
        return f"connection refused by {where} for {shown}"
    return f"could not connect to {where} for {shown}: {text}"


def _reason(response: httpx.Response) -> str:
    return response.reason_phrase or ""


def _first_line(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:200]


def _url_secrets(url: str) -> list[str]:
    """Values in ``url`` that must not appear in messages: userinfo and secret query values."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    secrets = [unquote(v) for v in (parts.username, parts.password) if v]
    secrets += [v for k, v in parse_qsl(parts.query, keep_blank_values=True) if is_secret_key(k)]
    return secrets

