"""SSRF guard and per-request deadline, enforced where sockets are opened.

Checking a URL's host before handing it to httpx is not enough: the name can resolve to a
public address for the check and to 127.0.0.1 for the connection (DNS rebinding), and a
pooled keep-alive connection skips resolution entirely. So the guard sits in httpcore's
network backend: ``GuardedBackend.connect_tcp`` resolves the name once, refuses if ANY
address is blocked, and connects to the address it checked. The streams it returns re-check
the address against the current request's policy before every write (a reused connection
may have been opened under a more permissive policy) and clamp every socket timeout to the
request's total deadline (httpx timeouts are per read, so a drip-feeding server could
otherwise hold a request forever).

The per-request policy and deadline travel in a ``ContextVar`` set by ``guard(...)``: the
sync httpx client does all socket work in the calling thread, so each thread of the
pipeline's pool sees only its own request's policy.

Behind a proxy (``guarded_transport(proxy=...)``) sockets open only to the proxy, which
resolves and connects to the site; ``check_destination`` then checks the target before the
request, as far as it can be checked from here (see its docstring and docs/reliability.md,
"Behind a proxy").

Policy: only http and https. Public (globally routable) addresses are always allowed.
Loopback and private (RFC 1918, CGNAT, IPv6 ULA/site-local) addresses are allowed only for
hosts in ``allow_hosts`` or when ``allow_private`` is set (a user may run a feed on the LAN or
on localhost on purpose). Link-local (which includes cloud metadata endpoints such as
169.254.169.254), multicast, unspecified (0.0.0.0 reaches localhost) and other reserved
addresses are never allowed: no feed lives there.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
import typing
from collections.abc import Collection, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

import httpcore
import httpx

from monitor.errors import BlockedAddressError, FetchError, UnsupportedSchemeError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOWED_SCHEMES = frozenset({"http", "https"})
# Reasons that an explicit allowance can lift; every other reason is a hard refusal.
ALLOWABLE_REASONS = frozenset({"loopback", "private"})

_PRIVATE_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",  # RFC 1918, CGNAT
    "fc00::/7", "fec0::/10",  # IPv6 unique-local, deprecated site-local
))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


# -- address classification --------------------------------------------------------------------
def block_reason(ip: IPAddress) -> str | None:
    """Why ``ip`` must not be contacted without an allowance, or None when it is public.

    IPv6 forms that embed an IPv4 address (IPv4-mapped, NAT64, 6to4, Teredo) are judged by the
    embedded address too, so ``::ffff:127.0.0.1`` is loopback.
    """
    if isinstance(ip, ipaddress.IPv6Address):
        # An IPv4-mapped or NAT64 address IS its IPv4 address; judge that alone (the IPv6
        # wrapper ranges themselves are flagged special-purpose by ipaddress).
        mapped = ip.ipv4_mapped or (
            ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in _NAT64 else None)
        if mapped is not None:
            return _own_block_reason(mapped)
    for candidate in (*_tunnelled_ipv4(ip), ip):
        reason = _own_block_reason(candidate)
        if reason:
            return reason
    return None


def _own_block_reason(ip: IPAddress) -> str | None:
    # Order matters: Python's flags overlap, and in 3.11 is_global is True for some
    # special ranges (multicast, site-local, ::/96), so each is tested explicitly.
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if isinstance(ip, ipaddress.IPv4Address) and ip == ipaddress.IPv4Address("255.255.255.255"):
        return "reserved"
    if any(ip in net for net in _PRIVATE_NETWORKS if net.version == ip.version):
        return "private"
    if ip.is_reserved or not ip.is_global:
        return "reserved"  # documentation, benchmarking, future-use ranges, ...
    return None


def _tunnelled_ipv4(ip: IPAddress) -> list[ipaddress.IPv4Address]:
    """IPv4 endpoints carried inside 6to4 and Teredo addresses."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return []
    tunnelled: list[ipaddress.IPv4Address] = []
    if ip.sixtofour:
        tunnelled.append(ip.sixtofour)
    if ip.teredo:
        tunnelled.extend(ip.teredo)
    return tunnelled


def normalise_host(host: str) -> str:
    """Lower-case, bracket-free, trailing-dot-free, IDNA-encoded host name for comparisons."""
    host = host.strip().strip("[]").rstrip(".").lower()
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


# -- policy ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Which non-public addresses one request may reach."""

    allow_private: bool = False
    allow_hosts: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, *, allow_private: bool = False, allow_hosts: Collection[str] = ()) -> AddressPolicy:
        return cls(allow_private, frozenset(normalise_host(h) for h in allow_hosts if h))

    def refusal(self, host: str, ip: IPAddress) -> str | None:
        """A one-line reason to refuse connecting to ``ip`` for ``host``, or None."""
        return self.refusal_for(host, ip, block_reason(ip))

    def refusal_for(self, host: str, ip: IPAddress, reason: str | None) -> str | None:
        """``refusal`` given ``reason``, what ``block_reason(ip)`` says of ``ip``."""
        if reason is None:
            return None
        allowed = self.allow_private or normalise_host(host) in self.allow_hosts
        if reason in ALLOWABLE_REASONS and allowed:
            return None
        return f"refused to connect to {host} ({ip}): {reason} address"


STRICT = AddressPolicy()


def check_scheme(scheme: str, shown_url: str) -> None:
    """Raise unless ``scheme`` is http or https. ``shown_url`` must already be redacted."""
    if scheme.lower() not in ALLOWED_SCHEMES:
        raise UnsupportedSchemeError(
            f"refused {scheme or 'scheme-less'} URL {shown_url}: only http and https are fetched",
            url=shown_url)


def resolve(host: str, port: int, timeout: float | None = None) -> list[IPAddress]:
    """All addresses ``host`` resolves to (literal IPs resolve to themselves, without DNS)."""
    try:
        return [ipaddress.ip_address(normalise_host(host))]
    except ValueError:
        pass
    infos = _getaddrinfo(host, port, timeout)
    addresses: list[IPAddress] = []
    for *_, sockaddr in infos:
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        if ip not in addresses:
            addresses.append(ip)
    return addresses


# One answer of socket.getaddrinfo: family, type, protocol, canonical name, address.
_AddrInfo = tuple[socket.AddressFamily, socket.SocketKind, int, str,
                  tuple[str, int] | tuple[str, int, int, int] | tuple[int, bytes]]


def _getaddrinfo(host: str, port: int, timeout: float | None) -> list[_AddrInfo]:
    """socket.getaddrinfo bounded by ``timeout``.

    getaddrinfo has no timeout of its own (a dead resolver holds it for 5 s per attempt and
    server), which would break the per-request deadline. It runs in a daemon thread that
    is abandoned on timeout; it ends by itself when the resolver gives up.
    """
    infos: list[_AddrInfo] = []
    errors: list[Exception] = []
    done = threading.Event()

    def lookup() -> None:
        try:
            infos.extend(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except Exception as exc:
            errors.append(exc)
        finally:
            done.set()

    threading.Thread(target=lookup, name="monitor-dns", daemon=True).start()
    if not done.wait(timeout):
        raise FetchError(f"could not resolve host {host}: DNS lookup timed out after "
                         f"{timeout:g}s")
    error = errors[0] if errors else None
    if isinstance(error, socket.gaierror | UnicodeError | OSError):
        raise FetchError(f"could not resolve host {host}: {_gai_message(error)}") from None
    if error is not None:
        raise error
    return infos


def _gai_message(exc: Exception) -> str:
    return exc.strerror if isinstance(exc, socket.gaierror) and exc.strerror else str(exc)


# -- per-request context -----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _RequestGuard:
    policy: AddressPolicy
    deadline: float | None  # time.monotonic() value


_UNGUARDED = _RequestGuard(STRICT, None)  # outside guard(): strict policy, no deadline
_current: ContextVar[_RequestGuard | None] = ContextVar("monitor_netguard", default=None)


def _active() -> _RequestGuard:
    return _current.get() or _UNGUARDED


@contextlib.contextmanager
def guard(policy: AddressPolicy, deadline: float | None = None) -> Iterator[None]:
    """Apply ``policy`` and the monotonic ``deadline`` to all socket work in this block."""
    token = _current.set(_RequestGuard(policy, deadline))
    try:
        yield
    finally:
        _current.reset(token)


def _clamp(timeout: float | None, *, connecting: bool = False) -> float | None:
    """``timeout`` shortened to what is left before the deadline; raises once it has passed."""
    deadline = _active().deadline
    if deadline is None:
        return timeout
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        exc = httpcore.ConnectTimeout if connecting else httpcore.ReadTimeout
        raise exc("total deadline exceeded")
    return remaining if timeout is None else min(timeout, remaining)


# -- httpcore backend --------------------------------------------------------------------------
class GuardedStream(httpcore.NetworkStream):
    """A network stream that enforces the current request's policy and deadline."""

    def __init__(self, inner: httpcore.NetworkStream, host: str, ip: IPAddress) -> None:
        self._inner = inner
        self.host = host
        self.ip = ip
        # What the address is, judged once: every write asks the current request's policy
        # about it (block_reason walks ipaddress's ranges: ~7 us for a public address,
        # three writes a request; issue 12).
        self._reason = block_reason(ip)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _clamp(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        refusal = _active().policy.refusal_for(self.host, self.ip, self._reason)
        if refusal:  # a pooled connection opened under another request's allowance
            raise BlockedAddressError(refusal)
        self._inner.write(buffer, _clamp(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: typing.Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        if isinstance(ssl_context, DeferredContext):
            ssl_context = ssl_context.context()
        inner = self._inner.start_tls(ssl_context, server_hostname, _clamp(timeout))
        return GuardedStream(inner, self.host, self.ip)

    def get_extra_info(self, info: str) -> typing.Any:
        if info == "is_readable" and getattr(_SOCKET_CHECKS, "deferred", False):
            return False  # see deferred_socket_checks
        return self._inner.get_extra_info(info)


# An idle keep-alive connection whose socket is readable is one the server hung up on;
# httpcore polls every idle connection's socket for it at every turn of its pool (a
# ``select`` each, the GIL released and taken back: with 16 poll threads, a fifth of an
# all-304 pass's CPU, issue 12).  The fetcher's pool defers that check to the connection
# it is about to reuse (monitor.fetch._assign_linearly).
_SOCKET_CHECKS = threading.local()


@contextlib.contextmanager
def deferred_socket_checks() -> Iterator[None]:
    """In this thread, a guarded stream reports its socket as not readable without
    polling it: a connection's ``has_expired`` is then its keep-alive time alone."""
    _SOCKET_CHECKS.deferred = True
    try:
        yield
    finally:
        _SOCKET_CHECKS.deferred = False


class GuardedBackend(httpcore.SyncBackend):
    """Resolve, check every address, then connect to a checked address."""

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: typing.Iterable[typing.Any] | None = None,
                    ) -> httpcore.NetworkStream:
        policy = _active().policy
        addresses = resolve(host, port, _clamp(timeout, connecting=True))
        if not addresses:
            raise FetchError(f"could not resolve host {host}: no addresses")
        for ip in addresses:
            refusal = policy.refusal(host, ip)
            if refusal:
                raise BlockedAddressError(refusal)
        last_error: Exception | None = None
        for ip in addresses:
            try:
                stream = super().connect_tcp(str(ip), port, _clamp(timeout, connecting=True),
                                             local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
                continue
            return GuardedStream(stream, host, ip)
        assert last_error is not None
        raise last_error


def check_destination(host: str, port: int) -> None:
    """Check, before a request goes through a proxy, where ``host`` points: the proxy
    resolves the name and connects, so the connect-time guard only ever sees the proxy.

    The name is resolved here (bounded by the request's deadline) and refused if any
    address is blocked by the current policy; a literal address is checked as such.  A
    name that does not resolve here cannot be checked: it is refused unless the policy
    allows that host anyway (the feed's own host, or ``allow_private``).  What cannot be
    checked: the proxy may resolve the name differently (split DNS, or DNS rebinding
    between our lookup and its own), and where the proxy itself forwards."""
    policy = _active().policy
    try:
        addresses = resolve(host, port, _clamp(None, connecting=True))
    except FetchError as exc:
        if policy.allow_private or normalise_host(host) in policy.allow_hosts:
            return
        raise FetchError(f"{exc}; behind a proxy an article host must resolve here to be "
                         f"checked") from None
    for ip in addresses:
        refusal = policy.refusal(host, ip)
        if refusal:
            raise BlockedAddressError(refusal)


class DeferredContext:
    """httpx's default TLS context (``verify=True``) made at the first TLS handshake
    rather than with the client: loading the CA bundle costs ~20 ms of CPU, which every
    process with a fetcher or a webhook channel paid before its first request, http or not
    (issue 12: the peer benchmark's farm is plain http).  The context is
    ``httpx.create_ssl_context(verify=True, trust_env=...)`` as the transport would have
    made it, once per transport (so ``SSL_CERT_FILE``, ``SSL_CERT_DIR`` and
    ``SSLKEYLOGFILE`` are read at the first https request); httpcore's only uses of it,
    ``set_alpn_protocols`` and the handshake (``GuardedStream.start_tls``), reach that
    context."""

    def __init__(self, *, trust_env: bool = True) -> None:
        self._trust_env = trust_env
        self._context: typing.Any = None
        self._lock = threading.Lock()

    @property
    def made(self) -> bool:
        """Has the context been made (an https request was started)?"""
        return self._context is not None

    def context(self) -> typing.Any:
        with self._lock:
            if self._context is None:
                self._context = httpx.create_ssl_context(verify=True,
                                                         trust_env=self._trust_env)
            return self._context

    def set_alpn_protocols(self, protocols: list[str]) -> None:
        self.context().set_alpn_protocols(protocols)

    def __getattr__(self, name: str) -> typing.Any:
        return getattr(self.context(), name)


def guarded_transport(*, proxy: str | None = None,
                      **transport_kwargs: typing.Any) -> httpx.HTTPTransport:
    """An httpx transport whose connections all go through ``GuardedBackend``; with
    ``proxy`` (an http:// or https:// URL), every request goes through that proxy
    (absolute-form for http, CONNECT for https), and the guard sees the proxy's address.
    With ``verify`` True (the default) its TLS context is made at the first https
    request (``DeferredContext``)."""
    if transport_kwargs.get("verify", True) is True and not transport_kwargs.get("cert"):
        transport_kwargs["verify"] = DeferredContext(
            trust_env=transport_kwargs.get("trust_env", True))
    transport = httpx.HTTPTransport(**transport_kwargs)
    # httpx exposes no network_backend option; rebuild its pool with the same settings plus
    # our backend. Relies on httpcore internals (pinned by httpx<1 in pyproject); the netguard
    # tests fail loudly if that changes.
    pool = transport._pool
    common: dict[str, typing.Any] = {
        "ssl_context": pool._ssl_context,
        "max_connections": pool._max_connections,
        "max_keepalive_connections": pool._max_keepalive_connections,
        "keepalive_expiry": pool._keepalive_expiry,
        "http1": pool._http1,
        "http2": pool._http2,
        "retries": 0,
        "network_backend": GuardedBackend(),
    }
    if proxy is None:
        transport._pool = httpcore.ConnectionPool(**common)
        return transport
    spec = httpx.Proxy(url=proxy)
    if spec.url.scheme not in ("http", "https"):
        raise ValueError(f"proxy scheme must be http or https, not {spec.url.scheme!r}")
    transport._pool = httpcore.HTTPProxy(
        proxy_url=httpcore.URL(scheme=spec.url.raw_scheme, host=spec.url.raw_host,
                               port=spec.url.port, target=spec.url.raw_path),
        proxy_auth=spec.raw_auth, proxy_headers=spec.headers.raw,
        proxy_ssl_context=spec.ssl_context, **common)
    return transport
