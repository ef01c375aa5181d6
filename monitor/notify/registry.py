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
    """The first problem with a channel's options, or None."""
    problems = option_problems(kind, options)
    return problems[0] if problems else None


def option_problems(kind: str, options: Mapping[str, Any]) -> list[Problem]:
    """Every problem with a channel's options: each unknown option, each missing one, then
    what the type's own check finds once the options it needs are there."""
    spec = _TYPES.get(kind)
    if spec is None:
        shown = kind if kind.replace("-", "").replace("_", "").isalnum() else "this type"
        return [("type", f"unknown channel type '{shown}' (expected one of: "
                         f"{', '.join(types())})")]
    allowed = spec.required | spec.optional | COMMON_OPTIONS
    problems: list[Problem] = [
        (key, f"unknown option for a {kind} channel (expected: {', '.join(sorted(allowed))})")
        for key in options if key not in allowed]
    problems += [(None, f"a {kind} channel needs '{key}'")
                 for key in sorted(spec.required - options.keys())]
    if "rate" in options and not _positive_number(options["rate"]):
        problems.append(("rate", "expected messages per second, a number > 0"))
    if spec.check and not spec.required - options.keys():
        found = spec.check(options)
        if found:
            problems.append(found)
    return problems


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


# ---------------------------------------------------------------- destinations (monitor check)


def destination_problems(kind: str, options: Mapping[str, Any], *,
                         timeout: float = 3.0) -> list[Problem]:
    """What the address guard would refuse among a channel's HTTP destinations (a webhook's
    url, each Apprise URL's host): sending would fail on every alert, so `monitor check`
    says so at once and names the fix.  Names are resolved now (DNS may answer otherwise
    when sending); one that does not resolve is left to the send."""
    urls: list[Any]
    if kind == "webhook":
        key, urls = "url", [options.get("url")]
    elif kind == "apprise":
        listed = options.get("urls")
        key, urls = "urls", [listed] if isinstance(listed, str) else list(listed or [])
    else:
        return []
    allow = bool(options.get("allow_private", False))
    problems: list[Problem] = []
    for index, url in enumerate(urls):
        host, port = _destination(kind, url)
        if not host:
            continue
        refusal = _refusal(host, port, allow, timeout)
        if refusal is None:
            continue
        where = f"urls[{index}] " if kind == "apprise" else ""
        reason, fixable = refusal
        fix = ("every alert would be refused: add `allow_private: true` to this channel if "
               "the receiver is yours" if fixable else
               "never allowed for alerts (no receiver lives there): use another address")
        problems.append((key, f"{where}goes to a {reason} address: {fix}"))
    return problems


def _destination(kind: str, url: Any) -> tuple[str | None, int]:
    if not isinstance(url, str):
        return None, 0
    if kind == "apprise":
        try:
            import apprise

            plugin = apprise.Apprise.instantiate(url)
        except Exception:  # validation is the registry's job: not a destination problem
            return None, 0
        host = getattr(plugin, "host", None) if plugin is not None else None
        port = getattr(plugin, "port", None) if plugin is not None else None
        return (str(host) if host else None), int(port or 443)
    try:
        parts = urlsplit(url.strip())
        return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None, 0


def _refusal(host: str, port: int, allow_private: bool,
             timeout: float) -> tuple[str, bool] | None:
    """(reason, whether allow_private lifts it) for the first address refused, else None."""
    from monitor.netguard import ALLOWABLE_REASONS, AddressPolicy, block_reason, resolve

    try:
        addresses = resolve(host, port, timeout=timeout)
    except Exception:  # no answer now: the send will say why
        return None
    policy = AddressPolicy.of(allow_private=allow_private)
    for ip in addresses:
        if policy.refusal(host, ip):
            reason = block_reason(ip) or "blocked"
            return reason, reason in ALLOWABLE_REASONS
    return None
