"""A real webhook receiver on 127.0.0.1 that verifies Standard Webhooks signatures
(with monitor.notify.verify, our own helper) and deduplicates by webhook-id, as a
careful receiver of our alerts would.

    with WebhookReceiver(SECRET) as hook:          # hook.url, hook.port
        hook.fail_with(500, 500, 500)              # the next three requests get 500
        hook.hold(5.0)                             # accept, then stall the answer
        hook.unique                                 # {webhook-id: body}: what the receiver acted on
        hook.requests                               # every request, duplicates included

It binds a fixed port when given one, so a test can stop it ("receiver down")
and start a new one on the same port ("receiver back").
"""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from monitor.notify.verify import WebhookRejected, verify_webhook
from tests.support.ports import reserve_port

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    status: int = 0
    verdict: str = ""  # "accepted", "duplicate", "rejected: ...", "failed"
    at: float = field(default_factory=time.monotonic)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False
    owner: WebhookReceiver


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    wbufsize = 1 << 16  # headers and body in one segment (no Nagle/delayed-ACK stall)
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, answer = self.server.owner.handle(headers, body)
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
            self.wfile.flush()
        except OSError:
            self.close_connection = True


class WebhookReceiver:
    def __init__(self, secret: str = SECRET, *, port: int = 0, path: str = "/hook") -> None:
        self.secret = secret
        self.path = path
        self.requests: list[Received] = []
        self.unique: dict[str, Any] = {}
        self.order: list[str] = []  # webhook-ids in the order first accepted
        self._failures: list[int] = []
        self._hold = 0.0
        self._lock = threading.Lock()
        self.arrived = threading.Event()
        self.stopping = threading.Event()
        self._httpd = _Server(("127.0.0.1", port), _Handler)
        self._httpd.owner = self
        self.port: int = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> WebhookReceiver:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        stopper = threading.Thread(target=self._httpd.shutdown, daemon=True)
        stopper.start()
        stopper.join(2.0)
        self._httpd.server_close()

    def __enter__(self) -> WebhookReceiver:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"

    # -- behaviour ---------------------------------------------------------------------------
    def fail_with(self, *statuses: int) -> None:
        with self._lock:
            self._failures.extend(statuses)

    def hold(self, seconds: float) -> None:
        """Accept (and record) each alert, then wait this long before answering."""
        self._hold = seconds

    def wait(self, count: int, timeout: float = 10.0) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self._lock:
                if len(self.unique) >= count:
                    return True
            time.sleep(0.02)
        return False

    def handle(self, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
        record = Received(headers, body)
        with self._lock:
            self.requests.append(record)
            if self._failures:
                record.status, record.verdict = self._failures.pop(0), "failed"
                self.arrived.set()
                return record.status, b"temporarily broken"
            try:
                alert = verify_webhook(self.secret, body, headers)
            except WebhookRejected as exc:
                record.status, record.verdict = 400, f"rejected: {exc}"
                self.arrived.set()
                return 400, str(exc).encode()
            msg_id = headers["webhook-id"]
            if alert.get("id") != msg_id:
                record.status, record.verdict = 400, "rejected: id mismatch"
                return 400, b"body id differs from webhook-id"
            if msg_id in self.unique:
                record.status, record.verdict = 200, "duplicate"
            else:
                self.unique[msg_id] = alert
                self.order.append(msg_id)
                record.status, record.verdict = 200, "accepted"
        self.arrived.set()
        if self._hold:
            self.stopping.wait(self._hold)
        return 200, f"ok {msg_id[:12]}".encode()


@pytest.fixture
def webhook_receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as receiver:
        yield receiver


def free_port() -> int:
    """A loopback port with nothing listening yet, on which a WebhookReceiver of this test
    can start later; held until the test ends (tests/support/ports.py)."""
    return reserve_port()


def bodies(receiver: WebhookReceiver) -> list[dict[str, Any]]:
    return [json.loads(r.body) for r in receiver.requests]
