"""Loopback ports where nothing listens, held for the rest of the test.

Picking a free port by binding and releasing it races with every other test process
(pytest-xdist workers, the servers and clients they start): another bind to port 0, or a
client's source port, may take it before the test uses it, and a "refused" port answers
or a receiver cannot bind.  A reserved port stays bound, with SO_REUSEADDR and never
listening, until the test ends (tests/conftest.py releases it): connections to it are
refused, Linux gives it to no other bind to port 0 nor as any connection's source port,
and a server of this test that binds it with SO_REUSEADDR (http.server, uvicorn) can
still listen there.
"""

from __future__ import annotations

import contextlib
import socket

_held: list[socket.socket] = []


def reserve_port() -> int:
    """A loopback port nothing listens on, kept from everyone else until the test ends."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    _held.append(sock)
    port: int = sock.getsockname()[1]
    return port


def release_ports() -> None:
    """Let go of the ports this test reserved."""
    while _held:
        with contextlib.suppress(OSError):
            _held.pop().close()
