"""The one registry of channel types.

Each type declares its own options and validates them, so feeds.yaml errors
name the exact key.  The sending code is imported only when a message is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Problem = tuple[str | None, str]  # (key or None, message)


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
    for key in options:
        if key not in spec.required | spec.optional:
            allowed = ", ".join(sorted(spec.required | spec.optional)) or "none"
            return (key, f"unknown option for a {kind} channel (expected: {allowed})")
    for key in sorted(spec.required - options.keys()):
        return (None, f"a {kind} channel needs '{key}'")
    return spec.check(options) if spec.check else None


register(ChannelType(name="console", sender="monitor.notify.console:ConsoleChannel",
                     optional=frozenset({"color"})))
