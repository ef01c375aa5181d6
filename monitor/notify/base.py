"""What every channel sender shares: the message handed to it and its errors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from monitor.errors import DeliveryError


@dataclass(frozen=True, slots=True)
class Message:
    """One message to send. ``key`` is stable across retries: receivers dedupe by it
    (webhook-id header, email Message-ID)."""

    key: str
    payload: dict[str, Any]  # see monitor.notify.render
    # Destinations (by index) that accepted this message on an earlier attempt: a channel
    # with several destinations (Apprise URLs) skips them, so a retry duplicates nothing.
    done: frozenset[int] = frozenset()


class SendFailure(DeliveryError):
    """A failed attempt; ``retry_after`` (seconds) when the server asked for a pause."""

    def __init__(self, message: str, *, retryable: bool = True,
                 retry_after: float | None = None, done: frozenset[int] = frozenset()) -> None:
        super().__init__(message, retryable=retryable)
        self.retry_after = retry_after
        self.done = done  # destinations that did accept (see Message.done)


class Sender(Protocol):
    """A channel type's sending class (named in monitor.notify.registry).

    ``send`` returns a one-line summary of the server's answer, or raises
    SendFailure (retryable or not).  It never puts a secret in a message.
    """

    def __init__(self, name: str, options: Mapping[str, Any], *, timeout: float) -> None: ...

    def send(self, message: Message) -> str: ...
