"""The Apprise channel: Slack, Discord, Teams, Telegram, ntfy, ... without code of ours.

    channels:
      chat: {type: apprise, urls: ["slack://T000/B000/XXXX", "ntfy://ntfy.sh/my-topic"]}

Apprise sends with its own HTTP stack (requests), so netguard cannot guard its
sockets; the hosts of the URLs are checked before sending instead (private and
loopback addresses refused unless ``allow_private: true``).  While Apprise sends
for us, every request it makes goes through ``_guarded_send``: its host is checked
against the same policy, and redirects are never followed (a destination
answering 3xx to a private or unspecified address would otherwise be obeyed);
a redirect is a permanent failure naming the fix.  Apprise reports only
success or failure, so its warning log lines are captured (redacted) as the
error text.  Each URL is sent to on its own and the ones that accepted are
remembered, so a retry after a partial failure reaches only the others.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from monitor.notify import render
from monitor.notify.base import Message, SendFailure
from monitor.redact import redact_url


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        # A log line we cannot format must not fail the send.
        with contextlib.suppress(Exception):
            self.lines.append(render.one_line(record.getMessage()))


@contextmanager
def _captured_warnings() -> Iterator[_Capture]:
    logger = logging.getLogger("apprise")
    handler = _Capture()
    logger.addHandler(handler)
    # Apprise logs full URLs (tokens included) at INFO/DEBUG: keep those off our logs.
    previous, logger.propagate = logger.propagate, False
    try:
        yield handler
    finally:
        logger.propagate = previous
        logger.removeHandler(handler)


@dataclass
class _Hops:
    """What the requests of one Apprise send met: set in a ContextVar, which Apprise
    copies into the threads it sends from."""

    allow_private: bool
    redirects: list[int] = field(default_factory=list)  # statuses of refused redirects
    refusals: list[str] = field(default_factory=list)  # hosts refused by the policy


_HOPS: ContextVar[_Hops | None] = ContextVar("monitor_apprise_hops", default=None)
_INSTALL_LOCK = threading.Lock()


def _install_guard() -> None:
    """Wrap ``requests.Session.send`` once: inside an Apprise send of ours, each request's
    host is checked and redirects are never followed.  Outside one it changes nothing
    (monitor itself fetches with httpx; requests is here for Apprise)."""
    import requests

    with _INSTALL_LOCK:
        if getattr(requests.Session.send, "_monitor_guard", False):
            return
        original = requests.Session.send

        def send(self: requests.Session, request: Any, **kwargs: Any) -> Any:
            hops = _HOPS.get()
            if hops is None:
                return original(self, request, **kwargs)
            refusal = _refusal(str(request.url), hops.allow_private)
            if refusal:  # raised as requests' own error: Apprise's plugins catch those
                hops.refusals.append(refusal)
                raise requests.exceptions.ConnectionError(refusal)
            kwargs["allow_redirects"] = False  # whatever the plugin asked for
            response = original(self, request, **kwargs)
            if response.is_redirect or response.is_permanent_redirect:
                hops.redirects.append(int(response.status_code))
            return response

        send._monitor_guard = True  # type: ignore[attr-defined]
        requests.Session.send = send  # type: ignore[method-assign]


def _refusal(url: str, allow_private: bool) -> str | None:
    """Why the policy refuses the host of ``url`` (None when it may be contacted)."""
    from monitor.netguard import AddressPolicy, resolve

    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return "a URL that cannot be read"
    if not host:
        return None
    try:
        addresses = resolve(host, port or (443 if parts.scheme == "https" else 80))
    except Exception:  # unresolvable: the send fails on its own, with its own reason
        return None
    policy = AddressPolicy.of(allow_private=allow_private)
    return next((r for r in (policy.refusal(host, ip) for ip in addresses) if r), None)


class AppriseChannel:
    def __init__(self, name: str, options: Mapping[str, Any], *, timeout: float) -> None:
        self.name = name
        urls = options["urls"]
        self.urls = [urls] if isinstance(urls, str) else [str(u) for u in urls]
        self.allow_private = bool(options.get("allow_private", False))
        self.timeout = timeout

    def _plugin(self, index: int, url: str) -> Any:
        import apprise

        from monitor.netguard import AddressPolicy, resolve

        plugin = apprise.Apprise.instantiate(url)
        if plugin is None:
            raise SendFailure(f"apprise urls[{index}] ({redact_url(url).split('://')[0]}://...)"
                              " is not a URL Apprise understands", retryable=False)
        host = getattr(plugin, "host", None)
        if host:
            policy = AddressPolicy.of(allow_private=self.allow_private)
            try:
                addresses = resolve(host, int(getattr(plugin, "port", None) or 443))
            except Exception as exc:  # resolution failures are usually temporary
                raise SendFailure(f"apprise urls[{index}]: {exc}") from None
            for ip in addresses:
                refusal = policy.refusal(host, ip)
                if refusal:
                    raise SendFailure(f"apprise urls[{index}]: {refusal}", retryable=False)
        for attr in ("socket_connect_timeout", "socket_read_timeout"):
            if hasattr(plugin, attr):
                setattr(plugin, attr, self.timeout)
        if hasattr(plugin, "redirects"):
            plugin.redirects = False  # and _guarded requests refuse them anyway
        return plugin

    def send(self, message: Message) -> str:
        import apprise

        payload = message.payload
        title, body = render.subject(payload), render.text_body(payload)
        done = set(message.done)
        problems: list[str] = []
        retryable = True
        # One URL at a time: a URL that accepted is not sent to again when another fails
        # and the message is retried (chat services cannot deduplicate by our key).
        for index, url in enumerate(self.urls):
            if index in done:
                continue
            try:
                plugin = self._plugin(index, url)
            except SendFailure as exc:
                problems.append(str(exc))
                retryable = retryable and exc.retryable
                continue
            bundle = apprise.Apprise()
            bundle.add(plugin)
            _install_guard()
            hops = _Hops(allow_private=self.allow_private)
            token = _HOPS.set(hops)
            try:
                with _captured_warnings() as captured:
                    ok = bundle.notify(title=title, body=body,
                                       body_format=apprise.NotifyFormat.TEXT)
            finally:
                _HOPS.reset(token)
            if hops.refusals or hops.redirects:
                retryable = False
                problems.append(f"apprise urls[{index}]: " + (
                    f"a request was refused: {hops.refusals[0]}" if hops.refusals else
                    f"answered HTTP {hops.redirects[0]}, a redirect (redirects are not "
                    "followed for alert destinations: configure the final URL)"))
            elif ok:
                done.add(index)
            else:
                reason = "; ".join(captured.lines[-2:]) or "no reason given"
                problems.append(f"apprise urls[{index}]: {self._mask(reason)}")
        if problems:
            raise SendFailure("; ".join(problems), retryable=retryable, done=frozenset(done))
        return f"apprise: accepted by {len(self.urls)} service(s)"

    def _mask(self, text: str) -> str:
        for url in self.urls:  # tokens often sit in the path, where redact_url cannot see
            text = text.replace(url, url.split("://")[0] + "://***")
        return text
