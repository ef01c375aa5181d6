"""Verify a Standard Webhooks request, as a receiver of our alerts should.

    from monitor.notify.verify import verify_webhook, WebhookRejected
    try:
        alert = verify_webhook(secret, body_bytes, request_headers)
    except WebhookRejected as exc:
        return 400, str(exc)
    if seen(alert["id"]): return 200   # a retry of an alert already handled

The HMAC construction is the ``standardwebhooks`` library's; the timestamp
window is checked here so the tolerance (and, in tests, "now") can be chosen.
A stale or future timestamp is rejected even with a valid signature: that is
what stops an attacker replaying a captured request later.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

DEFAULT_TOLERANCE = 300.0  # seconds either side of now, as the specification suggests


class WebhookRejected(ValueError):
    """The request is not an authentic, fresh webhook. ``str()`` says why."""


def verify_webhook(secret: str, body: bytes | str, headers: Mapping[str, str], *,
                   tolerance: float = DEFAULT_TOLERANCE,
                   now: datetime | None = None) -> dict[str, Any]:
    """The parsed JSON body when signature and timestamp check out; raises WebhookRejected."""
    from standardwebhooks import Webhook
    from standardwebhooks.webhooks import EmptyWebhookSecretError

    lowered = {k.lower(): v for k, v in headers.items()}
    msg_id = lowered.get("webhook-id", "")
    stamp = lowered.get("webhook-timestamp", "")
    signatures = lowered.get("webhook-signature", "")
    if not (msg_id and stamp and signatures):
        raise WebhookRejected("missing webhook-id, webhook-timestamp or webhook-signature")
    try:
        sent_at = datetime.fromtimestamp(int(stamp), tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise WebhookRejected("webhook-timestamp is not a Unix timestamp") from None
    skew = ((now or datetime.now(UTC)) - sent_at).total_seconds()
    if skew > tolerance:
        raise WebhookRejected(f"webhook-timestamp is stale ({skew:.0f}s old)")
    if skew < -tolerance:
        raise WebhookRejected(f"webhook-timestamp is in the future ({-skew:.0f}s ahead)")

    text = body.decode("utf-8") if isinstance(body, bytes) else body
    try:
        expected = Webhook(secret).sign(msg_id=msg_id, timestamp=sent_at, data=text)
    except (EmptyWebhookSecretError, binascii.Error, ValueError):
        raise WebhookRejected("the verifying secret is not a valid whsec_ secret") from None
    expected_mac = base64.b64decode(expected.partition(",")[2])
    for candidate in signatures.split():
        version, _, value = candidate.partition(",")
        if version != "v1":
            continue
        try:
            mac = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            continue
        if hmac.compare_digest(expected_mac, mac):
            return _json_object(text)
    raise WebhookRejected("no valid signature")


def _json_object(text: str) -> dict[str, Any]:
    """The signed body as the JSON object every monitor webhook sends."""
    try:
        payload = json.loads(text)
    except json.JSONDecodeError:
        raise WebhookRejected("the signed body is not JSON") from None
    if not isinstance(payload, dict):
        raise WebhookRejected("the signed body is not a JSON object")
    return payload
