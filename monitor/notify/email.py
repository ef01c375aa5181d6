"""The email channel: multipart plain text + HTML over SMTP (STARTTLS, SSL, auth).

Every SMTP connection gets a timeout (``smtplib.SMTP()`` without one waits forever
on a silent server).  The Message-ID is derived from the delivery's idempotency
key, so a receiver (or a person) can tell a retry from a new alert.

Recipients are tracked one by one (``Message.done`` holds the indexes in ``to`` that
are finished): when the server defers some recipients (4xx to RCPT TO) and accepts
the others, the attempt fails as retryable with the accepted ones marked done, so
the retry goes to the deferred recipients only.  A recipient refused for good (5xx)
is done too (it will never accept) and named in the answer.
"""

from __future__ import annotations

import email.utils
import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from typing import Any

from monitor.notify import render
from monitor.notify.base import Message, SendFailure


def message_id(key: str, sender: str) -> str:
    domain = sender.rpartition("@")[2].strip(" >") or "monitor.invalid"
    return f"<{key}@{domain}>"


def recipients(options: Mapping[str, Any]) -> list[str]:
    to = options.get("to")
    return [to] if isinstance(to, str) else list(to or [])


class _ReplyMixin:
    """Keeps the server's answer to DATA (smtplib's sendmail drops it)."""

    data_reply: tuple[int, bytes] | None = None

    def data(self, msg: Any) -> tuple[int, bytes]:
        reply: tuple[int, bytes] = super().data(msg)  # type: ignore[misc]
        self.data_reply = reply
        return reply


class _SMTP(_ReplyMixin, smtplib.SMTP):
    pass


class _SMTPSSL(_ReplyMixin, smtplib.SMTP_SSL):
    pass


class EmailChannel:
    def __init__(self, name: str, options: Mapping[str, Any], *, timeout: float) -> None:
        self.name = name
        self.host = str(options["host"])
        self.use_ssl = bool(options.get("ssl", False))
        self.starttls = bool(options.get("starttls", False))
        self.port = int(options.get("port") or (465 if self.use_ssl else
                                                 587 if self.starttls else 25))
        self.username = options.get("username")
        self.password = options.get("password")
        self.sender = str(options["from"])
        self.to = recipients(options)
        self.ca_file = options.get("ca_file")  # a private CA for an internal SMTP server
        self.timeout = timeout

    def build(self, message: Message) -> EmailMessage:
        """The MIME message. Raises (poison) when the payload cannot be rendered."""
        payload = message.payload
        msg = EmailMessage()
        msg["Subject"] = render.subject(payload)
        msg["From"] = self.sender
        msg["To"] = ", ".join(self.to)
        msg["Date"] = email.utils.formatdate(usegmt=True)
        msg["Message-ID"] = message_id(message.key, self.sender)
        msg["Auto-Submitted"] = "auto-generated"
        msg["X-Monitor-Alert-Id"] = message.key
        msg["X-Monitor-Alert-Type"] = str(payload.get("type"))
        msg.set_content(render.text_body(payload))
        msg.add_alternative(render.html_body(payload), subtype="html")
        return msg

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context(cafile=self.ca_file)
        if self.use_ssl:
            return _SMTPSSL(self.host, self.port, timeout=self.timeout, context=context)
        smtp = _SMTP(self.host, self.port, timeout=self.timeout)
        if self.starttls:
            try:
                smtp.starttls(context=context)
            except BaseException:
                smtp.close()
                raise
        return smtp

    def send(self, message: Message) -> str:
        msg = self.build(message)
        where = f"{self.host}:{self.port}"
        pending = {i: to for i, to in enumerate(self.to) if i not in message.done}
        if not pending:  # every recipient finished on earlier attempts
            return f"SMTP {where}: every recipient already done"
        try:
            smtp = self._connect()
            try:
                if self.username:
                    smtp.login(str(self.username), str(self.password or ""))
                refused = smtp.send_message(msg, from_addr=self.sender,
                                            to_addrs=list(pending.values()))
                reply = getattr(smtp, "data_reply", None)
            finally:
                try:
                    smtp.quit()
                except (OSError, smtplib.SMTPException):
                    smtp.close()
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            retryable = any(400 <= code < 500 for code in codes)
            final = _refused_for_good(pending, exc.recipients)
            raise SendFailure(f"SMTP {where} refused every recipient "
                              f"({_addresses(exc.recipients)})", retryable=retryable,
                              done=message.done | final) from None
        except smtplib.SMTPResponseException as exc:
            answer = _text(exc.smtp_error)
            raise SendFailure(f"SMTP {where} answered {exc.smtp_code} {answer}",
                              retryable=400 <= exc.smtp_code < 500) from None
        except (smtplib.SMTPException, OSError) as exc:
            # Connection refused or reset, timeouts, TLS failures, a server hanging up.
            raise SendFailure(f"SMTP {where}: {_describe(exc)}") from None
        answer = f"{reply[0]} {_text(reply[1])}" if reply else "accepted"
        deferred = {a: r for a, r in refused.items() if not 500 <= r[0] < 600}
        if deferred:
            # Accepted for the others: they are done, and only the deferred are retried.
            accepted = {i for i, to in pending.items() if to not in refused}
            done = message.done | accepted | _refused_for_good(pending, refused)
            raise SendFailure(f"SMTP {where}: accepted for {len(accepted)} recipient(s), "
                              f"deferred for {_addresses(deferred)}: those are retried",
                              done=frozenset(done))
        if refused:
            answer += f" (refused for good: {_addresses(refused)})"
        return f"SMTP {where}: {answer}"


def _refused_for_good(pending: dict[int, str],
                      refused: dict[str, tuple[int, bytes]]) -> frozenset[int]:
    """Indexes of the recipients a server refused permanently (5xx): never retried."""
    return frozenset(i for i, to in pending.items()
                     if to in refused and 500 <= refused[to][0] < 600)


def _addresses(refused: dict[str, tuple[int, bytes]]) -> str:
    """'night@example.org 450, day@example.org 550': each refused address and its code."""
    return ", ".join(f"{_text(address)} {code}" for address, (code, _) in sorted(refused.items()))


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return render.shorten(render.one_line(value), 200)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "timed out"
    return _text(getattr(exc, "strerror", None) or str(exc) or type(exc).__name__)
