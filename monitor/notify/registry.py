"""The one registry of channel types.

Each type declares its own options and validates them, so feeds.yaml errors
name the exact key.  The sending code is imported only when a message is sent.
Every type also accepts ``rate`` (messages per second, the pace at which a
backlog is delivered); ``type`` and ``digest`` are read by monitor.config.
Validation never echoes an option's value: it may be a secret.
"""

from __future__ import annotations

import base64
import binascii
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

Problem = tuple[str | None, str]  # (key or None, message)

COMMON_OPTIONS = frozenset({"rate"})
DEFAULT_RATE = 5.0  # messages per second and channel


@dataclass(frozen=True, slots=True)
class ChannelType:
    name: str
    sender: str  # "module:attribute" of the class that sends, imported lazily
    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    check: Callable[[Mapping[str, Any]], Problem | None] | None = field(default=None)


_TYPES: dict[str, ChannelType] = {}


def register(channel_type: ChannelType) -> ChannelType:
    _TYPES[channel_type.name] = channel_type
    return channel_type


def channel_type(kind: str) -> ChannelType | None:
    return _TYPES.get(kind)


def types() -> list[str]:
    return sorted(_TYPES)


def validate_options(kind: str, options: Mapping[str, Any]) -> Problem | None:
    spec = _TYPES.get(kind)
    if spec is None:
        return ("type", f"unknown channel type '{kind}' (expected one of: {', '.join(types())})")
    allowed = spec.required | spec.optional | COMMON_OPTIONS
    for key in options:
        if key not in allowed:
            return (key, f"unknown option for a {kind} channel "
                         f"(expected: {', '.join(sorted(allowed))})")
    for key in sorted(spec.required - options.keys()):
        return (None, f"a {kind} channel needs '{key}'")
    if "rate" in options and not _positive_number(options["rate"]):
        return ("rate", "expected messages per second, a number > 0")
    return spec.check(options) if spec.check else None


def sender_class(kind: str) -> Any:
    """The class that sends for channel type ``kind`` (imported now)."""
    spec = _TYPES[kind]
    module_name, attr = spec.sender.split(":")
    return getattr(importlib.import_module(module_name), attr)


def rate(options: Mapping[str, Any]) -> float:
    value = options.get("rate", DEFAULT_RATE)
    return float(value) if _positive_number(value) else DEFAULT_RATE


# ---------------------------------------------------------------- checks


def _positive_number(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float) and value > 0


def _is_bool(options: Mapping[str, Any], *keys: str) -> Problem | None:
    for key in keys:
        if key in options and not isinstance(options[key], bool):
            return (key, "expected true or false")
    return None


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip()) and not any(
        ch in value for ch in "\r\n\0")


def _http_url(value: Any) -> bool:
    if not _is_text(value):
        return False
    try:
        parts = urlsplit(value.strip())
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def _address(value: Any) -> bool:
    return _is_text(value) and "@" in value and not any(ch in value for ch in ",;")


def _check_email(options: Mapping[str, Any]) -> Problem | None:
    problem = _is_bool(options, "starttls", "ssl")
    if problem:
        return problem
    if not _is_text(options["host"]):
        return ("host", "expected a host name")
    port = options.get("port")
    if port is not None and (isinstance(port, bool) or not isinstance(port, int)
                             or not 0 < port < 65536):
        return ("port", "expected a port number between 1 and 65535")
    if options.get("starttls") and options.get("ssl"):
        return ("ssl", "choose starttls (port 587) or ssl (port 465), not both")
    if not _address(options["from"]):
        return ("from", "expected one email address")
    to = options["to"]
    to = [to] if isinstance(to, str) else to
    if not isinstance(to, list) or not to:
        return ("to", "expected an email address or a list of them")
    for address in to:
        if not _address(address):
            return ("to", "expected email addresses (one per list item)")
    if bool(options.get("username")) != bool(options.get("password")):
        return ("password" if options.get("username") else "username",
                "username and password go together")
    for key in ("username", "password", "ca_file"):
        if key in options and not isinstance(options[key], str):
            return (key, "expected a string")
    return None


def _check_webhook(options: Mapping[str, Any]) -> Problem | None:
    problem = _is_bool(options, "allow_private")
    if problem:
        return problem
    if not _http_url(options["url"]):
        return ("url", "expected an http:// or https:// URL")
    if not valid_secret(options["secret"]):
        return ("secret", "expected a Standard Webhooks secret: 'whsec_' followed by base64 "
                          "(see docs/alerts.md)")
    headers = options.get("headers")
    if headers is not None and (not isinstance(headers, dict) or not all(
            _is_text(k) and _is_text(str(v)) for k, v in headers.items())):
        return ("headers", "expected a mapping of header name: value")
    return None


def valid_secret(value: Any) -> bool:
    if not isinstance(value, str) or not value.startswith("whsec_"):
        return False
    try:
        return bool(base64.b64decode(value[len("whsec_"):] + "==", validate=False))
    except (binascii.Error, ValueError):
        return False


def _check_apprise(options: Mapping[str, Any]) -> Problem | None:
    problem = _is_bool(options, "allow_private")
    if problem:
        return problem
    urls = options["urls"]
    urls = [urls] if isinstance(urls, str) else urls
    if not isinstance(urls, list) or not urls:
        return ("urls", "expected a list of Apprise URLs (slack://..., ntfy://..., json://...)")
    for url in urls:
        if not _is_text(url) or "://" not in url:
            return ("urls", "expected Apprise URLs such as slack://... or ntfy://topic")
    return None


def _check_console(options: Mapping[str, Any]) -> Problem | None:
    if options.get("stream", "stdout") not in ("stdout", "stderr"):
        return ("stream", "expected stdout or stderr")
    if options.get("color", "auto") not in ("auto", "always", "never", True, False):
        return ("color", "expected auto, always or never")
    return None


register(ChannelType(name="console", sender="monitor.notify.console:ConsoleChannel",
                     optional=frozenset({"color", "stream"}), check=_check_console))
register(ChannelType(
    name="email", sender="monitor.notify.email:EmailChannel",
    required=frozenset({"host", "from", "to"}),
    optional=frozenset({"port", "starttls", "ssl", "username", "password", "ca_file"}),
    check=_check_email))
register(ChannelType(
    name="webhook", sender="monitor.notify.webhook:WebhookChannel",
    required=frozenset({"url", "secret"}),
    optional=frozenset({"allow_private", "headers"}),
    check=_check_webhook))
register(ChannelType(
    name="apprise", sender="monitor.notify.apprise_channel:AppriseChannel",
    required=frozenset({"urls"}), optional=frozenset({"allow_private"}),
    check=_check_apprise))
