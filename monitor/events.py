"""In-process events for whoever counts them (the web view's /metrics under `monitor run --serve`).

The pipeline and the delivery worker call ``emit`` when a poll or a send ends; with no
listener subscribed that is a dict lookup.  Listeners run on the emitting thread and must
be quick and never raise (an exception is logged and swallowed: counting never breaks a
poll).  Kept free of third-party imports so the core never needs the ``web`` extra.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger("monitor.events")

POLL_DONE = "poll.done"  # outcome=PollOutcome
DELIVERY_DONE = "delivery.done"  # channel=str, outcome="sent"|"retry"|"dead", seconds=float

Listener = Callable[..., None]

_listeners: dict[str, list[Listener]] = {}
_lock = threading.Lock()


def subscribe(event: str, listener: Listener) -> Callable[[], None]:
    """Call ``listener(**fields)`` on each ``event``; returns the function that unsubscribes."""
    with _lock:
        _listeners.setdefault(event, []).append(listener)

    def unsubscribe() -> None:
        with _lock, contextlib.suppress(ValueError):
            _listeners.get(event, []).remove(listener)

    return unsubscribe


def emit(event: str, **fields: Any) -> None:
    listeners = _listeners.get(event)
    if not listeners:
        return
    for listener in list(listeners):
        try:
            listener(**fields)
        except Exception as exc:  # counting must never break a poll or a send
            log.warning("event listener for %s failed: %s: %s", event, type(exc).__name__, exc)

