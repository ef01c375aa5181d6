"""A real SMTP server on 127.0.0.1 (aiosmtpd) for alert tests.

    with SMTPTestServer() as smtp:                 # smtp.port, smtp.messages
        smtp.refuse(451, 451)                      # the next two DATA commands get 451
        smtp.refuse_recipient("b@x.org", 450)      # the next RCPT TO:<b@x.org> gets 450
        ...
        smtp.unique()                              # messages deduplicated by Message-ID

It accepts AUTH LOGIN/PLAIN without TLS (loopback only) and records the
credentials it saw, so tests can check that secrets reached the server and
nowhere else.
"""

from __future__ import annotations

import email
import email.policy
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class _PortZeroController(Controller):
    """aiosmtpd's Controller, bound to an ephemeral port (it expects a fixed one)."""

    def _trigger_server(self) -> None:
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def self_signed_cert(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 (and its key), made with the openssl tool; skips without it."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60)
    return cert, key


class SMTPTestServer:
    def __init__(self, *, username: str | None = None, password: str | None = None,
                 tls: str | None = None, cert: tuple[Path, Path] | None = None,
                 port: int = 0) -> None:
        """``port``: a fixed port, to start a server again where a stopped one was."""
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.logins: list[tuple[str, str]] = []
        self._refusals: list[int] = []
        self._recipient_refusals: dict[str, list[int]] = {}
        self.recipients_refused: list[tuple[str, int]] = []
        self._lock = threading.Lock()
        self.received = threading.Event()
        self._credentials = (username, password) if username else None
        kwargs: dict[str, Any] = {}
        if self._credentials:
            kwargs.update(authenticator=self._authenticate, auth_require_tls=False,
                          auth_required=True)
        if tls:  # "starttls" (required before MAIL) or "ssl" (TLS from the first byte)
            assert cert is not None
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(str(cert[0]), str(cert[1]))
            if tls == "ssl":
                kwargs["ssl_context"] = context
            else:
                kwargs.update(tls_context=context, require_starttls=True)
        self.controller = _PortZeroController(self, hostname="127.0.0.1", port=port,
                                              ready_timeout=5, **kwargs)

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> SMTPTestServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def __enter__(self) -> SMTPTestServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return int(self.controller.port)

    # -- behaviour ---------------------------------------------------------------------------
    def refuse(self, *codes: int) -> None:
        """Answer the next DATA commands with these codes (e.g. 451, 554) instead of 250."""
        with self._lock:
            self._refusals.extend(codes)

    def refuse_recipient(self, address: str, *codes: int) -> None:
        """Answer the next RCPT TO commands for ``address`` with these codes (450: deferred,
        550: refused for good); the other recipients of the message are accepted."""
        with self._lock:
            self._recipient_refusals.setdefault(address.lower(), []).extend(codes)

    def received_by(self, address: str) -> list[EmailMessage]:
        """The accepted messages whose envelope named ``address``: what that mailbox got."""
        with self._lock:
            return [m for m, (_, rcpts) in zip(self.messages, self.envelopes, strict=True)
                    if address.lower() in (r.lower() for r in rcpts)]

    def unique(self) -> dict[str, EmailMessage]:
        """Accepted messages by Message-ID: what a deduplicating mailbox shows."""
        with self._lock:
            return {str(m["Message-ID"]): m for m in self.messages}

    def wait(self, count: int, timeout: float = 10.0) -> bool:
        import time

        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self._lock:
                if len(self.messages) >= count:
                    return True
            time.sleep(0.02)
        return False

    # -- aiosmtpd handler hooks --------------------------------------------------------------
    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str,
                      auth_data: Any) -> AuthResult:
        if isinstance(auth_data, LoginPassword):
            login = (auth_data.login.decode(), auth_data.password.decode())
            self.logins.append(login)
            return AuthResult(success=login == self._credentials, handled=False)
        return AuthResult(success=False, handled=False)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        with self._lock:
            codes = self._recipient_refusals.get(address.lower())
            if codes:
                code = codes.pop(0)
                self.recipients_refused.append((address, code))
                return (f"{code} 4.2.1 mailbox busy, try again later" if code < 500
                        else f"{code} 5.1.1 no such mailbox")
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            if self._refusals:
                code = self._refusals.pop(0)
                return f"{code} {'4.3.0 try again later' if code < 500 else '5.7.1 rejected'}"
            message = email.message_from_bytes(envelope.original_content or envelope.content,
                                               policy=email.policy.default)
            self.messages.append(message)  # type: ignore[arg-type]
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            number = len(self.messages)
        self.received.set()
        return f"250 2.0.0 Ok: queued as TEST{number}"


@pytest.fixture
def smtp_server() -> Iterator[SMTPTestServer]:
    with SMTPTestServer() as server:
        yield server


def text_part(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part else ""


def html_part(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    return part.get_content() if part else ""
