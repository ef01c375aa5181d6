"""The fetcher's connection pool assigns requests as httpcore's own does, without its
quadratic walk (monitor.fetch._assign_linearly; issue 12, session 18)."""

from __future__ import annotations

import hashlib
import inspect
import itertools
import random
import socket
import time
from typing import Any

import httpcore
import httpcore._backends.sync
import pytest
from httpcore._sync.connection_pool import PoolRequest
from httpcore._utils import is_socket_readable

from monitor.fetch import Fetcher, _assign_linearly, _LinearPool, _LinearProxy
from tests.support import HTTPTestServer, RawServer

# httpcore's method that _assign_linearly repeats.  When httpcore changes it, this fails:
# read the new one, make _assign_linearly decide as it does, then update the digest.
STOCK_DIGEST = "4e09ebf79b6273ade02b26675490d2be6afc3b002b8694f0959fef7bb93152f3"
ORIGINS = [httpcore.URL(f"http://host{i}.example:80/").origin for i in range(3)]


def test_httpcores_assignment_is_the_one_repeated() -> None:
    source = inspect.getsource(httpcore.ConnectionPool._assign_requests_to_connections)
    assert hashlib.sha256(source.encode()).hexdigest() == STOCK_DIGEST, httpcore.__version__
    assert (httpcore.HTTPProxy._assign_requests_to_connections
            is httpcore.ConnectionPool._assign_requests_to_connections)


def test_a_fetchers_pools_assign_linearly() -> None:
    with Fetcher(proxy_environment=None) as fetcher:
        assert type(fetcher._transports[None]._pool) is _LinearPool
        fetcher._client_for("http://127.0.0.1:3128")
        assert type(fetcher._transports["http://127.0.0.1:3128"]._pool) is _LinearProxy


class FakeConnection:
    """A connection's state as the pool reads it; every read is counted."""

    def __init__(self, number: int, rng: random.Random, origin: Any = None) -> None:
        self.number = number
        self.origin = origin if origin is not None else rng.choice(ORIGINS)
        self.closed = rng.random() < 0.15
        self.expired = rng.random() < 0.15
        self.idle = rng.random() < 0.6
        self.available = self.idle or rng.random() < 0.1
        self.closes = 0

    def is_closed(self) -> bool:
        return self.closed

    def has_expired(self) -> bool:
        return self.expired

    def is_idle(self) -> bool:
        return self.idle

    def is_available(self) -> bool:
        return self.available

    def can_handle_request(self, origin: Any) -> bool:
        return bool(origin == self.origin)

    def __repr__(self) -> str:
        return f"c{self.number}"


def _build(seed: int) -> tuple[httpcore.ConnectionPool, list[PoolRequest]]:
    rng = random.Random(seed)
    pool = httpcore.ConnectionPool(
        max_connections=rng.choice([1, 2, 4, 8, 200]),
        max_keepalive_connections=rng.choice([0, 1, 3, 50]))
    numbers = itertools.count()
    pool._connections = [FakeConnection(next(numbers), rng)  # type: ignore[misc]
                         for _ in range(rng.randrange(0, 12))]
    made = itertools.count(100)

    def create_connection(origin: Any) -> Any:
        return FakeConnection(next(made), random.Random(0), origin)

    pool.create_connection = create_connection  # type: ignore[method-assign]
    requests = []
    for _ in range(rng.randrange(0, 6)):
        url = f"http://host{rng.randrange(len(ORIGINS))}.example:80/"
        request = PoolRequest(httpcore.Request("GET", url))
        if rng.random() < 0.3:  # already being served
            request.assign_to_connection(rng.choice(pool._connections)
                                         if pool._connections else None)
        requests.append(request)
    pool._requests = requests
    return pool, requests


def _outcome(pool: httpcore.ConnectionPool, requests: list[PoolRequest],
             closing: list[Any]) -> tuple[Any, ...]:
    return (list(pool._connections), closing, [request.connection for request in requests])


def test_the_same_decisions_as_httpcores_own_on_random_pools() -> None:
    stock = httpcore.ConnectionPool._assign_requests_to_connections
    for seed in range(5000):
        pool_a, requests_a = _build(seed)
        pool_b, requests_b = _build(seed)
        expected = _outcome(pool_a, requests_a, stock(pool_a))
        got = _outcome(pool_b, requests_b, _assign_linearly(pool_b))
        assert repr(got) == repr(expected), seed


def test_a_connection_the_server_hung_up_on_is_not_reused() -> None:
    # each connection's one answer says keep-alive, then the server hangs up (as a server
    # does at its own keep-alive timeout): the next request must open a new connection
    keep_alive = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok"
    with RawServer(keep_alive) as server, Fetcher(timeout=3.0) as fetcher:
        for _ in range(3):
            assert fetcher.get(server.url("/feed"), allow_hosts={"127.0.0.1"}).body == b"ok"
            time.sleep(0.05)  # the hang-up reaches this side's socket


def test_a_turn_polls_only_the_socket_of_the_connection_it_reuses(
        monkeypatch: pytest.MonkeyPatch) -> None:
    polled = []

    def counted(sock: socket.socket) -> bool:
        polled.append(sock)
        return is_socket_readable(sock)

    monkeypatch.setattr(httpcore._backends.sync, "is_socket_readable", counted)
    with HTTPTestServer() as first, HTTPTestServer() as second, HTTPTestServer() as third:
        servers = [first, second, third]
        for server in servers:
            server.route("/feed", body=b"ok")
        with Fetcher(timeout=3.0) as fetcher:
            for server in servers:  # three idle keep-alive connections
                fetcher.get(server.url("/feed"), allow_hosts={"127.0.0.1"})
            polled.clear()
            assert fetcher.get(first.url("/feed"), allow_hosts={"127.0.0.1"}).body == b"ok"
        assert len(set(map(id, polled))) == 1  # the reused connection's, not the others'
        assert [server.connections_accepted for server in servers] == [1, 1, 1]
