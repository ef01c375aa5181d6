"""A small threaded HTTP server on 127.0.0.1 for tests, with routes changeable at runtime.

    server.route("/feed.xml", body=b"<rss/>", headers={"Content-Type": "application/rss+xml"})
    server.route("/feed.xml", body=b"...", etag=True, last_modified=True)   # answers 304s
    server.route("/slow", handler)   # handler(request) -> (status, headers, body)
    server.url("/feed.xml"); server.requests[-1].headers["if-none-match"]

A body may be bytes, str, or an iterable of bytes (streamed as it is produced: drips, endless
bodies). Without an explicit Content-Length a streamed body is delimited by closing the
connection. Headers are sent exactly as given, so a test can lie in Content-Length.
A handler that wants to hang calls ``request.wait(seconds)`` (or use ``hang(seconds)``): it
returns early when the server stops, so a hanging handler never holds up the end of the run.

Also here: ``drip``/``endless`` bodies, ``Tarpit`` (accepts, never answers, or drips endless
headers), ``RawServer`` (answers exact raw bytes), ``refused_port()``, and
``HTTPTestServer(tls=context)`` for https. ``server.connections_accepted`` counts TCP
connections (keep-alive checks).

Written by hand rather than with pytest-httpserver/werkzeug because tests need raw control
(lying headers, drips, tarpits, close-delimited bodies) that WSGI servers normalise away.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import http.server
import socket
import ssl
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.support.ports import reserve_port

Body = bytes | str | Iterable[bytes]
Response = tuple[int, Mapping[str, str], Body]
Handler = Callable[["Request"], Response]

# A fixed, plausible Last-Modified for routes asked to support it.
DEFAULT_LAST_MODIFIED = "Tue, 03 Mar 2026 10:00:00 GMT"


@dataclass
class Request:
    """One request as the server saw it. Header names are lower-case."""

    method: str
    path: str  # including the query string
    headers: dict[str, str]
    body: bytes = b""
    stopping: threading.Event = field(default_factory=threading.Event, repr=False)

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; returns True early when the server is stopping."""
        return self.stopping.wait(seconds)


@dataclass
class _Route:
    handler: Handler | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: Body = b""
    etag: str | None = None
    last_modified: str | None = None


class _RequestHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _ThreadingServer

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self._serve()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_GET

    def _serve(self) -> None:
        owner = self.server.owner
        request = Request(
            method=self.command,
            path=self.path,
            headers={k.lower(): v for k, v in self.headers.items()},
            body=self._read_request_body(),
            stopping=owner.stopping,
        )
        owner._record(request)
        try:
            status, headers, body = owner._respond(request)
        except Exception as exc:  # a broken test handler shows up as a 500, not a hang
            status, headers, body = 500, {"Content-Type": "text/plain"}, repr(exc)
        try:
            self._write(status, dict(headers), body, head=self.command == "HEAD")
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.close_connection = True  # the client gave up, as clients under test do

    def _read_request_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _write(self, status: int, headers: dict[str, str], body: Body, *, head: bool) -> None:
        if isinstance(body, str):
            body = body.encode("utf-8")
        names = {k.lower() for k in headers}
        streamed = not isinstance(body, bytes | bytearray)
        if "content-length" not in names and not (streamed or status in (204, 304)):
            headers["Content-Length"] = str(len(body))
        if streamed and "content-length" not in names and "transfer-encoding" not in names:
            headers["Connection"] = "close"  # body ends when the connection does
        self.send_response_only(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if headers.get("Connection", "").lower() == "close":
            self.close_connection = True
        if head:
            return
        if streamed:
            for chunk in body:
                if self.server.owner.stopping.is_set():
                    break
                self.wfile.write(chunk)
                self.wfile.flush()
        else:
            self.wfile.write(body)


class _ThreadingServer(http.server.ThreadingHTTPServer):
    daemon_threads = True  # a handler still running never blocks interpreter exit
    block_on_close = False  # server_close() does not join handler threads
    allow_reuse_address = True
    owner: HTTPTestServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients under test hang up mid-request all the time; that is not a server bug.
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError | ssl.SSLError):
            return
        super().handle_error(request, client_address)


class HTTPTestServer:
    """Threaded loopback HTTP server; use as a context manager or call start()/stop()."""

    def __init__(self, host: str = "127.0.0.1", tls: ssl.SSLContext | None = None) -> None:
        """``tls``: a server-side SSLContext to serve https instead of http."""
        self.host = host
        self.scheme = "https" if tls else "http"
        self.requests: list[Request] = []
        self.stopping = threading.Event()
        self._routes: dict[str, _Route] = {}
        self._lock = threading.Lock()
        self._httpd = _ThreadingServer((host, 0), _RequestHandler)
        self._httpd.owner = self
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self.port: int = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
            name=f"test-httpd-{self.port}", daemon=True,
        )
        self._connections: set[socket.socket] = set()
        self._track_connections()

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> HTTPTestServer:
        self._thread.start()
        return self

    def stop(self, timeout: float = 2.0) -> None:
        """Stop serving, wake hanging handlers and cut open connections; never blocks long."""
        self.stopping.set()
        stopper = threading.Thread(target=self._httpd.shutdown, daemon=True)
        stopper.start()
        stopper.join(timeout)
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self._httpd.server_close()
        self._thread.join(timeout)

    def __enter__(self) -> HTTPTestServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- routes ------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def route(self, path: str, handler: Handler | None = None, *, body: Body = b"",
              status: int = 200, headers: Mapping[str, str] | None = None,
              etag: bool | str = False, last_modified: bool | str = False) -> None:
        """Serve ``path`` (matched with its query string first, then without it).

        ``etag=True`` derives an ETag from the body; ``last_modified=True`` uses a fixed date.
        Either makes the route answer 304 to a matching If-None-Match / If-Modified-Since.
        """
        route = _Route(handler=handler, status=status, headers=dict(headers or {}), body=body)
        if etag:
            route.etag = etag if isinstance(etag, str) else _etag_for(body)
        if last_modified:
            route.last_modified = (last_modified if isinstance(last_modified, str)
                                   else DEFAULT_LAST_MODIFIED)
        with self._lock:
            self._routes[path] = route

    @property
    def connections_accepted(self) -> int:
        """How many TCP connections the server has accepted (to check keep-alive reuse)."""
        with self._lock:
            return len(self._connections)

    def requests_to(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path.split("?")[0] == path]

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()

    # -- internals ---------------------------------------------------------------------------
    def _record(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)

    def _respond(self, request: Request) -> Response:
        with self._lock:
            route = self._routes.get(request.path) or self._routes.get(request.path.split("?")[0])
        if route is None:
            return 404, {"Content-Type": "text/plain"}, b"not found"
        if route.handler is not None:
            return route.handler(request)
        headers = dict(route.headers)
        if route.etag:
            headers.setdefault("ETag", route.etag)
        if route.last_modified:
            headers.setdefault("Last-Modified", route.last_modified)
        if _not_modified(route, request.headers):
            return 304, {k: v for k, v in headers.items() if k.lower() != "content-length"}, b""
        return route.status, headers, route.body

    def _track_connections(self) -> None:
        """Remember accepted sockets so stop() can cut them even mid-request."""
        original = self._httpd.get_request

        def get_request() -> tuple[socket.socket, Any]:
            conn, addr = original()
            # Without NODELAY, Nagle holds the body behind the headers until the client's
            # delayed ACK (~40 ms a response): tests would be slow for no reason.
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._connections.add(conn)
            return conn, addr

        self._httpd.get_request = get_request  # type: ignore[method-assign]


def _etag_for(body: Body) -> str:
    data = body.encode() if isinstance(body, str) else body
    digest = hashlib.sha1(data if isinstance(data, bytes) else b"stream").hexdigest()[:16]
    return f'"{digest}"'


def _not_modified(route: _Route, headers: Mapping[str, str]) -> bool:
    if route.etag and "if-none-match" in headers:
        candidates = [tag.strip() for tag in headers["if-none-match"].split(",")]
        return route.etag in candidates or "*" in candidates
    if route.last_modified and "if-modified-since" in headers:
        try:
            since = email.utils.parsedate_to_datetime(headers["if-modified-since"])
            modified = email.utils.parsedate_to_datetime(route.last_modified)
        except (TypeError, ValueError):
            return False
        return modified <= since
    return False


# -- handler helpers for hostile-server tests ---------------------------------------------------
def drip(chunk: bytes, interval: float, count: int | None = None,
         stopping: threading.Event | None = None) -> Iterable[bytes]:
    """Yield ``chunk`` every ``interval`` seconds, ``count`` times (forever when None)."""
    sent = 0
    while count is None or sent < count:
        if stopping is not None and stopping.wait(interval):
            return
        if stopping is None:
            time.sleep(interval)
        yield chunk
        sent += 1


def hang(seconds: float, status: int = 200, body: bytes = b"") -> Handler:
    """A handler that answers nothing for ``seconds`` (cut short when the server stops)."""
    def handler(request: Request) -> Response:
        request.wait(seconds)
        return status, {}, body
    return handler


def endless(chunk: bytes = b"x" * 65536) -> Iterable[bytes]:
    """An infinite body, produced as fast as the client reads."""
    while True:
        yield chunk


class Tarpit:
    """Accepts TCP connections on 127.0.0.1 and never answers (nor reads).

    With ``drip``, it answers that text one byte every ``interval`` seconds instead (e.g. a
    status line and headers that never end), to test deadlines before the body starts.
    """

    def __init__(self, drip: bytes = b"", interval: float = 0.1) -> None:
        self._drip = drip
        self._interval = interval
        self._closing = threading.Event()
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._sock.getsockname()[1]
        self._held: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True, name="test-tarpit")

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            self._held.append(conn)
            if self._drip:
                threading.Thread(target=self._drip_to, args=(conn,), daemon=True).start()

    def _drip_to(self, conn: socket.socket) -> None:
        for byte in self._drip:
            if self._closing.wait(self._interval):
                return
            try:
                conn.sendall(bytes([byte]))
            except OSError:
                return

    def __enter__(self) -> Tarpit:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._closing.set()
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)  # wakes accept() on Linux
        self._sock.close()
        for conn in self._held:
            conn.close()
        self._thread.join(1.0)


class RawServer:
    """Answers every connection with exactly ``response`` (raw bytes), then closes it: for
    responses no well-behaved server library would produce (bad status lines, conflicting
    lengths, broken chunking)."""

    def __init__(self, response: bytes) -> None:
        self.response = response
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._sock.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True, name="test-raw")

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            with conn, contextlib.suppress(OSError):
                conn.settimeout(2.0)
                conn.recv(65536)  # the request; its content does not matter
                conn.sendall(self.response)
                conn.shutdown(socket.SHUT_WR)

    def __enter__(self) -> RawServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)
        self._sock.close()
        self._thread.join(1.0)


def refused_port() -> int:
    """A loopback port with nothing listening, held until the test ends
    (tests/support/ports.py: a released port could be taken by a parallel test)."""
    return reserve_port()
