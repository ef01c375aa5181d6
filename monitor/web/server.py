"""Running the web view under uvicorn: in the foreground (`monitor serve`) or in a thread
beside the daemon (`monitor run --serve`)."""

from __future__ import annotations

import ipaddress
import signal
import socket
import threading
import time
from types import FrameType
from typing import Any

import uvicorn

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str, extra: tuple[str, ...] = ()) -> list[str] | None:
    """Host headers to answer.  Bound to loopback, only loopback names (and ``extra``):
    a web page elsewhere cannot then reach this server through DNS rebinding.  Bound to
    another address, any name unless ``extra`` lists them."""
    if is_loopback(host):
        return [*LOOPBACK_NAMES, host, *extra]
    return list(extra) if extra else None


def _config(app: Any, host: str, port: int) -> uvicorn.Config:
    return uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                          lifespan="on", server_header=False, date_header=True)


class Server(uvicorn.Server):
    """uvicorn's server, with the address it actually bound (port 0 picks a free one)."""

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        """SIGINT/SIGTERM stop it cleanly (a second SIGINT at once).  uvicorn would then
        raise the signal again; `monitor serve` exits 0 instead, like `monitor run`."""
        if self.should_exit and sig == signal.SIGINT:
            self.force_exit = True
        else:
            self.should_exit = True

    def address(self) -> tuple[str, int] | None:
        for server in getattr(self, "servers", []):
            for sock in server.sockets:
                name = sock.getsockname()
                return str(name[0]), int(name[1])
        return None

    def url(self) -> str:
        address = self.address()
        if address is None:
            return ""
        host, port = address
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{port}/"


def foreground(app: Any, host: str, port: int, *,
               on_ready: Any = None) -> Server:
    """Serve until SIGINT/SIGTERM (uvicorn handles them); ``on_ready(server)`` once bound."""
    server = Server(_config(app, host, port))
    if on_ready is not None:
        def announce() -> None:
            while not server.started and not server.should_exit:
                time.sleep(0.02)
            if server.started:
                on_ready(server)

        threading.Thread(target=announce, name="announce", daemon=True).start()
    server.run()
    return server


class ServerThread:
    """The web view in a background thread (no signal handlers: the daemon owns them)."""

    def __init__(self, app: Any, host: str, port: int) -> None:
        self.server = Server(_config(app, host, port))
        self.thread = threading.Thread(target=self._run, name="web", daemon=True)
        self.error: BaseException | None = None

    def _run(self) -> None:
        try:
            self.server.run()
        except BaseException as exc:  # e.g. the port is taken: reported by start()
            self.error = exc

    def start(self, timeout: float = 15.0) -> str:
        """Start serving; the URL once bound.  Raises OSError when it cannot bind."""
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise OSError(f"the web view could not start: {self.error or 'timed out'}"
                              " (is the port in use?)")
            time.sleep(0.02)
        return self.server.url()

    def stop(self, timeout: float = 10.0) -> None:
        self.server.should_exit = True
        self.thread.join(timeout)


def port_free(host: str, port: int) -> bool:
    """Whether ``port`` can be bound on ``host`` (for a clear error before starting)."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host.strip("[]"), port))
        except OSError:
            return False
    return True
