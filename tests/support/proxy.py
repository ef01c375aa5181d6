"""A small forwarding HTTP proxy on 127.0.0.1 for tests: absolute-form requests for http
URLs and CONNECT tunnels for https, each one recorded.

    with ForwardingProxy() as proxy:                     # or ForwardingProxy(auth=("u", "p"))
        fetcher.get(url, ...)                            # with HTTP_PROXY=proxy.url
        proxy.requests  # [ProxiedRequest("GET", "http://127.0.0.1:8080/feed.xml", {...}), ...]

Each request is answered on a fresh upstream connection and the client connection is closed
after the answer (``Connection: close``), which is all a forwarding proxy needs to be for
these tests: they check that requests went through it, what it was asked, and what it saw.
With ``auth`` it answers 407 to requests without the matching ``Proxy-Authorization``.
Written by hand (stdlib sockets): proxy.py from PyPI would be one more dependency for ~150
lines, and tests need to see the exact request line and headers the proxy received.
"""

from __future__ import annotations

import base64
import contextlib
import select
import socket
import threading
from dataclasses import dataclass, field

_HEAD_LIMIT = 64 * 1024


@dataclass
class ProxiedRequest:
    method: str
    target: str  # absolute URL (GET) or host:port (CONNECT)
    headers: dict[str, str] = field(default_factory=dict)  # names lower-case


class ForwardingProxy:
    def __init__(self, auth: tuple[str, str] | None = None) -> None:
        self.requests: list[ProxiedRequest] = []
        self._auth = (None if auth is None else
                      "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode())
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.1)
        self.port: int = self._server.getsockname()[1]
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url_with(self, user: str, password: str) -> str:
        return f"http://{user}:{password}@127.0.0.1:{self.port}"

    def targets(self, method: str | None = None) -> list[str]:
        with self._lock:
            return [r.target for r in self.requests if method in (None, r.method)]

    # -- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> ForwardingProxy:
        thread = threading.Thread(target=self._accept, name=f"test-proxy-{self.port}",
                                  daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join(2)
        self._server.close()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self._server.accept()
            except (TimeoutError, OSError):
                continue
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            thread.start()

    # -- one client connection ---------------------------------------------------------------
    def _serve(self, conn: socket.socket) -> None:
        with contextlib.closing(conn):
            conn.settimeout(10)
            try:
                head, rest = _read_head(conn)
            except (OSError, ValueError):
                return
            lines = head.decode("latin-1").split("\r\n")
            method, target, _version = (lines[0].split(" ") + ["", ""])[:3]
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            with self._lock:
                self.requests.append(ProxiedRequest(method, target, headers))
            if self._auth is not None and headers.get("proxy-authorization") != self._auth:
                conn.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                             b"Proxy-Authenticate: Basic realm=\"test\"\r\n"
                             b"Content-Length: 0\r\nConnection: close\r\n\r\n")
                return
            try:
                if method == "CONNECT":
                    self._tunnel(conn, target, rest)
                else:
                    self._forward(conn, method, target, lines[1:], rest)
            except OSError:
                with contextlib.suppress(OSError):
                    conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n"
                                 b"Connection: close\r\n\r\n")

    def _tunnel(self, conn: socket.socket, target: str, rest: bytes) -> None:
        host, _, port = target.rpartition(":")
        upstream = socket.create_connection((host.strip("[]"), int(port)), timeout=10)
        with contextlib.closing(upstream):
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            if rest:
                upstream.sendall(rest)
            sockets = [conn, upstream]
            while not self._stopping.is_set():
                readable, _, _ = select.select(sockets, [], [], 0.1)
                for source in readable:
                    data = source.recv(65536)
                    if not data:
                        return
                    (upstream if source is conn else conn).sendall(data)

    def _forward(self, conn: socket.socket, method: str, target: str, header_lines: list[str],
                 rest: bytes) -> None:
        from urllib.parse import urlsplit

        parts = urlsplit(target)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        kept = [line for line in header_lines if line and not line.lower().startswith(
            ("proxy-", "connection:", "keep-alive:"))]
        request = "\r\n".join([f"{method} {path} HTTP/1.1", *kept, "Connection: close", "", ""])
        upstream = socket.create_connection((parts.hostname or "", parts.port or 80), timeout=10)
        with contextlib.closing(upstream):
            upstream.sendall(request.encode("latin-1") + rest)
            answer = b""
            while True:
                data = upstream.recv(65536)
                if not data:
                    break
                answer += data
        head, sep, body = answer.partition(b"\r\n\r\n")
        head_lines = [line for line in head.split(b"\r\n")
                      if not line.lower().startswith((b"connection:", b"keep-alive:"))]
        conn.sendall(b"\r\n".join([*head_lines, b"Connection: close"]) + sep + body)


def _read_head(conn: socket.socket) -> tuple[bytes, bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            raise ValueError("connection closed before the request head ended")
        data += chunk
        if len(data) > _HEAD_LIMIT:
            raise ValueError("request head too long")
    head, _, rest = data.partition(b"\r\n\r\n")
    return head, rest
