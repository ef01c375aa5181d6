"""The Apprise channel: Slack, Discord, Teams, Telegram, ntfy, ... without code of ours.

    channels:
      chat: {type: apprise, urls: ["slack://T000/B000/XXXX", "ntfy://ntfy.sh/my-topic"]}

Apprise sends with its own HTTP stack, so netguard cannot guard its sockets; the
hosts of the URLs are checked before sending instead (private and loopback
addresses refused unless ``allow_private: true``).  Apprise reports only
success or failure, so its warning log lines are captured (redacted) as the
error text.  Each URL is sent to on its own and the ones that accepted are
remembered, so a retry after a partial failure reaches only the others.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

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
            with _captured_warnings() as captured:
                ok = bundle.notify(title=title, body=body,
                                   body_format=apprise.NotifyFormat.TEXT)
            if ok:
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
