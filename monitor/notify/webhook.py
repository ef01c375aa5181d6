"""The webhook channel: a JSON POST signed per the Standard Webhooks specification.

Headers ``webhook-id`` (the delivery's idempotency key: receivers dedupe by it),
``webhook-timestamp`` and ``webhook-signature`` (HMAC-SHA256 with the channel's
``whsec_`` secret, computed by the ``standardwebhooks`` library).  The URL is
reached through monitor.netguard: a destination resolving to a private or
loopback address is refused unless the channel sets ``allow_private: true``;
redirects are not followed (a signed alert must reach the configured URL).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from monitor.notify import render
from monitor.notify.base import Message, SendFailure
from monitor.redact import redact_url

# httpx logs every request with its full URL (tokens included) at INFO: keep it quiet.
logging.getLogger("httpx").setLevel(logging.WARNING)
logging.getLogger("httpcore").setLevel(logging.WARNING)

USER_AGENT = "monitor-alerts/0.1 (+https://www.standardwebhooks.com/)"
RETRYABLE_4XX = frozenset({408, 425, 429})


def encode_body(message: Message) -> str:
    """The exact JSON text that is signed and sent."""
    body = render.json_body(message.key, message.payload)
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def sign(secret: str, msg_id: str, body: str, when: datetime) -> dict[str, str]:
    """The three Standard Webhooks headers for ``body``."""
    from standardwebhooks import Webhook

    when = when.astimezone(UTC)
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(when.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id=msg_id, timestamp=when, data=body),
    }


def parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(float(value.strip()), 0.0)
    except ValueError:
        pass
    try:
        moment = email_date(value)
    except (TypeError, ValueError):
        return None
    return max((moment - datetime.now(UTC)).total_seconds(), 0.0)


def email_date(value: str) -> datetime:
    import email.utils

    moment = email.utils.parsedate_to_datetime(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class WebhookChannel:
    def __init__(self, name: str, options: Mapping[str, Any], *, timeout: float) -> None:
        self.name = name
        self.url = str(options["url"])
        self.secret = str(options["secret"])
        self.allow_private = bool(options.get("allow_private", False))
        self.headers = {str(k): str(v) for k, v in (options.get("headers") or {}).items()}
        self.timeout = timeout
        self.shown_url = shown_url(self.url)
        self._http: Any = None

    def _client(self) -> Any:
        # One client per channel, kept: building its TLS context costs ~85 ms, and its
        # pooled connections are re-checked against the address policy on every request.
        if self._http is None:
            import httpx

            from monitor.netguard import guarded_transport

            self._http = httpx.Client(transport=guarded_transport(), timeout=self.timeout,
                                      follow_redirects=False, trust_env=False)
        return self._http

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    def send(self, message: Message) -> str:
        import httpx

        from monitor.errors import BlockedAddressError, FetchError
        from monitor.netguard import AddressPolicy, guard

        body = encode_body(message)
        headers = {
            **self.headers,
            "content-type": "application/json",
            "user-agent": USER_AGENT,
            # Signed with the real time, whatever clock schedules the retries.
            **sign(self.secret, message.key, body, datetime.now(UTC)),
        }
        policy = AddressPolicy.of(allow_private=self.allow_private)
        client = self._client()
        try:
            with guard(policy, deadline=time.monotonic() + self.timeout), client.stream(
                    "POST", self.url, content=body.encode("utf-8"), headers=headers,
            ) as response:
                answer = _read_some(response, 300)
        except BlockedAddressError as exc:
            raise SendFailure(f"webhook {self.shown_url}: {exc}", retryable=False) from None
        except FetchError as exc:  # name resolution failed: often temporary
            raise SendFailure(f"webhook {self.shown_url}: {exc}") from None
        except httpx.TimeoutException:
            raise SendFailure(f"webhook {self.shown_url}: timed out after "
                              f"{self.timeout:g}s") from None
        except (httpx.HTTPError, OSError) as exc:
            raise SendFailure(f"webhook {self.shown_url}: {_describe(exc)}") from None
        status = response.status_code
        text = render.shorten(render.one_line(answer.decode("utf-8", "replace")), 200)
        summary = f"HTTP {status}" + (f" {text}" if text else "")
        if 200 <= status < 300:
            return f"webhook {self.shown_url}: {summary}"
        retryable = status >= 500 or status in RETRYABLE_4XX
        if 300 <= status < 400:
            summary += " (redirects are not followed: configure the final URL)"
        raise SendFailure(f"webhook {self.shown_url}: {summary}", retryable=retryable,
                          retry_after=parse_retry_after(response.headers.get("retry-after")))


def shown_url(url: str) -> str:
    """The URL as messages show it: no credentials, no query tokens and no path, where
    many services (Slack, Discord, Teams) put the token itself."""
    parts = urlsplit(redact_url(url))
    return f"{parts.scheme}://{parts.netloc}" + ("/…" if parts.path.strip("/") else "/")


def _read_some(response: Any, limit: int) -> bytes:
    """At most ``limit`` raw bytes of the answer: a hostile receiver cannot make us
    read (or inflate) an endless body."""
    answer = b""
    for chunk in response.iter_raw():
        answer += chunk
        if len(answer) >= limit:
            break
    if response.headers.get("content-encoding"):
        return b"(compressed answer)"
    return answer[:limit]


def _describe(exc: BaseException) -> str:
    # httpx messages may carry the URL; keep only the reason, then redact what is left.
    cause: BaseException | None = exc
    while cause is not None and cause.__cause__ is not None:
        cause = cause.__cause__
    text = str(cause or exc) or type(exc).__name__
    return render.shorten(render.one_line(text), 200)
