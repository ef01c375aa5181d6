"""feeds.yaml -> a typed, validated ``Config``.

Every error names the file, line and key (``feeds.yaml:12: feeds[3].interval:
...``) so a user can jump to it.  ``${VAR}`` (or ``${VAR:-default}``) in any
string value is replaced from the environment, and every value that came from
the environment is remembered in ``Config.secrets`` so logs can mask it.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from monitor.errors import ConfigError
from monitor.models import FACT_KINDS, SEVERITIES

# ---------------------------------------------------------------- typed config


@dataclass(frozen=True, slots=True)
class Defaults:
    interval: float = 15 * 60  # seconds between polls of a feed
    full_text: bool = False  # fetch each entry's page and extract its main text
    timeout: float = 20.0  # total deadline of one HTTP request, seconds
    max_bytes: int = 10 * 2**20  # cap on one decoded response body
    per_host: int = 2  # requests in flight at once to one host
    concurrency: int = 16  # feeds polled at once
    allow_private_addresses: bool = False  # may article links point at private IPs?
    jitter: float = 0.1  # share of the interval by which polls are spread
    recheck_min: float = 10 * 60  # first re-check of a young article page
    recheck_max: float = 24 * 3600  # re-checks slow down to this period ...
    recheck_until: float = 3 * 24 * 3600  # ... and stop once the story is this old
    failure_alert_after: int = 5  # consecutive failed polls before a health alert
    proxy: str | None = None  # None: the environment's (HTTP(S)_PROXY, NO_PROXY); "": none
    headers: tuple[tuple[str, str], ...] = ()  # sent with feed (and same-host page) requests
    user_agent: str | None = None  # None: monitor's own


@dataclass(frozen=True, slots=True)
class FeedConfig:
    name: str
    url: str
    interval: float
    full_text: bool
    timeout: float
    tags: tuple[str, ...] = ()
    line: int | None = None
    proxy: str | None = None  # as in Defaults, the feed's own or the default
    headers: tuple[tuple[str, str], ...] = ()  # the defaults' merged with the feed's own
    user_agent: str | None = None


@dataclass(frozen=True, slots=True)
class WatchConfig:
    name: str
    notify: tuple[str, ...]
    keywords: tuple[str, ...] = ()  # any of them in the title or text; empty: any story
    kinds: tuple[str, ...] = ()  # fact kinds that trigger; empty: all
    feeds: tuple[str, ...] = ()  # empty: all feeds
    tags: tuple[str, ...] = ()  # empty: all tags
    min_severity: str = "low"
    line: int | None = None


@dataclass(frozen=True, slots=True)
class ChannelConfig:
    name: str
    type: str
    options: Mapping[str, Any]  # the type-specific keys (host, url, secret, ...)
    digest: float | None = None  # seconds: one message per period instead of one per story
    line: int | None = None


@dataclass(frozen=True, slots=True)
class DeliveryConfig:
    max_attempts: int = 10  # then the delivery is marked dead
    backoff: float = 30.0  # first retry after this many seconds, doubling ...
    backoff_max: float = 3600.0  # ... up to this
    timeout: float = 20.0  # one send attempt


@dataclass(frozen=True, slots=True)
class Config:
    path: str
    defaults: Defaults
    feeds: tuple[FeedConfig, ...]
    watches: tuple[WatchConfig, ...] = ()
    channels: Mapping[str, ChannelConfig] = field(default_factory=dict)
    delivery: DeliveryConfig = DeliveryConfig()
    secrets: frozenset[str] = frozenset()  # values substituted from ${VAR}

    def feed(self, name: str) -> FeedConfig | None:
        return next((f for f in self.feeds if f.name == name), None)


# ---------------------------------------------------------------- value parsers

_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)", re.I)
_UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", re.I)
_SIZE_FACTOR = {"": 1, "b": 1, "k": 1000, "m": 1000**2, "g": 1000**3}


def parse_duration(value: Any) -> float:
    """'15m', '1h30m', '20s', 90 (seconds) -> seconds.  Raises ValueError."""
    if isinstance(value, bool):
        raise ValueError("expected a duration such as 15m, 1h or 30s")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        text = str(value).strip().replace(" ", "")
        parts = _DURATION.findall(text)
        if not parts or "".join(n + u for n, u in parts).lower() != text.lower():
            raise ValueError(f"{value!r} is not a duration such as 15m, 1h or 30s")
        seconds = sum(float(n) * _UNIT_SECONDS[u.lower()] for n, u in parts)
    if seconds <= 0:
        raise ValueError("a duration must be positive")
    return seconds


def parse_size(value: Any) -> int:
    """'10MB', '512KiB', 1048576 -> bytes.  Raises ValueError."""
    if isinstance(value, bool):
        raise ValueError("expected a size such as 10MB")
    if isinstance(value, int):
        size = value
    else:
        match = _SIZE.match(str(value))
        if not match:
            raise ValueError(f"{value!r} is not a size such as 10MB or 512KiB")
        unit = (match.group(2) or "").lower()
        factor = _SIZE_FACTOR[unit[:1]] if "i" not in unit else 1024 ** "kmg".index(unit[0]) * 1024
        size = int(float(match.group(1)) * factor)
    if size <= 0:
        raise ValueError("a size must be positive")
    return size


# ---------------------------------------------------------------- YAML with lines


class _Located:
    """Plain Python values from YAML plus the line of every key path."""

    def __init__(self) -> None:
        self.lines: dict[tuple[Any, ...], int] = {}
        self.secrets: set[str] = set()


def _load_yaml(text: str, path: str) -> tuple[Any, _Located]:
    import yaml

    located = _Located()
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ConfigError(f"YAML error: {exc.problem or exc}", path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"YAML error: {exc}", path=path) from None
    if node is None:
        return {}, located
    return _node_value(node, (), located, path, loader), located


def _node_value(node: Any, at: tuple[Any, ...], located: _Located, path: str, loader: Any) -> Any:
    import yaml

    located.lines.setdefault(at, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise ConfigError("keys must be strings", path=path,
                                  line=key_node.start_mark.line + 1, key=_dotted(at + (key,)))
            if key in result:
                raise ConfigError("duplicate key", path=path, line=key_node.start_mark.line + 1,
                                  key=_dotted(at + (key,)))
            located.lines[at + (key,)] = key_node.start_mark.line + 1
            result[key] = _node_value(value_node, at + (key,), located, path, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_node_value(item, at + (i,), located, path, loader)
                for i, item in enumerate(node.value)]
    value = loader.construct_object(node, deep=True)
    if isinstance(value, str):
        value = _expand_env(value, located, lambda msg: ConfigError(
            msg, path=path, line=node.start_mark.line + 1, key=_dotted(at)))
    return value


_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


def _expand_env(value: str, located: _Located, error: Callable[[str], ConfigError]) -> str:
    def substitute(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        found = os.environ.get(name)
        if found is None:
            if default is None:
                raise error(f"environment variable {name} is not set")
            found = default
        if found:
            located.secrets.add(found)
        return found

    return _ENV_REF.sub(substitute, value)


def _dotted(at: tuple[Any, ...]) -> str:
    out = ""
    for part in at:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# ---------------------------------------------------------------- validation


class _Checker:
    """Validates one section, raising ConfigError with file:line:key."""

    def __init__(self, path: str, located: _Located) -> None:
        self.path = path
        self.located = located

    def fail(self, at: tuple[Any, ...], message: str) -> ConfigError:
        line = None
        for depth in range(len(at), -1, -1):
            line = self.located.lines.get(at[:depth])
            if line:
                break
        return ConfigError(message, path=self.path, line=line, key=_dotted(at) or None)

    def mapping(self, value: Any, at: tuple[Any, ...], allowed: set[str],
                required: set[str] = frozenset()) -> dict[str, Any]:  # type: ignore[assignment]
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise self.fail(at, "expected a mapping of key: value")
        for key in value:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                raise self.fail(at + (key,), f"unknown key (expected one of: {hint})")
        for key in sorted(required - value.keys()):
            raise self.fail(at, f"missing required key '{key}'")
        return value

    def convert(self, value: Any, at: tuple[Any, ...], parse: Callable[[Any], Any]) -> Any:
        try:
            return parse(value)
        except (TypeError, ValueError) as exc:
            raise self.fail(at, str(exc)) from None

    def boolean(self, value: Any, at: tuple[Any, ...]) -> bool:
        if not isinstance(value, bool):
            raise self.fail(at, "expected true or false")
        return value

    def integer(self, value: Any, at: tuple[Any, ...], minimum: int = 1) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.fail(at, f"expected a whole number >= {minimum}")
        return value

    def string(self, value: Any, at: tuple[Any, ...]) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(at, "expected a non-empty string")
        return value.strip()

    def strings(self, value: Any, at: tuple[Any, ...]) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.fail(at, "expected a list of strings")
        return tuple(self.string(item, at + (i,)) for i, item in enumerate(value))

    def url(self, value: Any, at: tuple[Any, ...]) -> str:
        text = self.string(value, at)
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise self.fail(at, "expected an http:// or https:// URL")
        return text


_DEFAULT_KEYS = {
    "interval": parse_duration, "timeout": parse_duration, "recheck_min": parse_duration,
    "recheck_max": parse_duration, "recheck_until": parse_duration, "max_bytes": parse_size,
}
_FEED_KEYS = {"name", "url", "interval", "full_text", "timeout", "tags", "proxy", "headers",
              "user_agent"}
# Headers monitor sets itself (or that would break reading the answer), and proxy
# credentials, which belong in the proxy URL: a header would go to the site itself.
_RESERVED_HEADERS = frozenset({
    "host", "content-length", "transfer-encoding", "connection", "te", "upgrade",
    "if-none-match", "if-modified-since", "accept-encoding", "proxy-authorization",
    "proxy-connection", "user-agent",
})
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_WATCH_KEYS = {"name", "keywords", "kinds", "feeds", "tags", "min_severity", "notify"}
_DELIVERY_KEYS = {"max_attempts": None, "backoff": parse_duration,
                  "backoff_max": parse_duration, "timeout": parse_duration}


def _defaults(check: _Checker, raw: Any) -> Defaults:
    at = ("defaults",)
    names = set(Defaults.__dataclass_fields__)
    section = check.mapping(raw, at, names)
    values: dict[str, Any] = {}
    for key, value in section.items():
        where = at + (key,)
        if key in _DEFAULT_KEYS:
            values[key] = check.convert(value, where, _DEFAULT_KEYS[key])
        elif key == "proxy":
            values[key] = _proxy(check, value, where)
        elif key == "headers":
            values[key] = _headers(check, value, where)
        elif key == "user_agent":
            values[key] = _user_agent(check, value, where)
        elif key in ("full_text", "allow_private_addresses"):
            values[key] = check.boolean(value, where)
        elif key == "jitter":
            values[key] = check.convert(value, where, _fraction)
        else:
            values[key] = check.integer(value, where)
    return Defaults(**values)


def _proxy(check: _Checker, value: Any, at: tuple[Any, ...]) -> str:
    """A proxy URL (http:// or https://, credentials allowed), or none / false: no proxy
    whatever the environment says."""
    from monitor.proxies import DIRECT

    if value is False or (isinstance(value, str) and value.strip().lower() in ("none",
                                                                              "direct")):
        return DIRECT
    text = check.string(value, at)
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 (raises for a port that is not a number)
    except ValueError:
        raise check.fail(at, "expected a proxy URL such as http://proxy.example:3128, "
                             "or none") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise check.fail(at, "expected a proxy URL such as http://proxy.example:3128 "
                             "(http or https), or none")
    if parts.password:  # masked wherever it might be shown, like a ${VAR} value
        check.located.secrets.add(parts.password)
    return text


def _headers(check: _Checker, value: Any, at: tuple[Any, ...]) -> tuple[tuple[str, str], ...]:
    """Request headers as name: value (values may use ${VAR}).  Never echoes a value in an
    error: it is often a secret."""
    if not isinstance(value, dict):
        raise check.fail(at, "expected a mapping of header name: value")
    headers: list[tuple[str, str]] = []
    for name, raw in value.items():
        where = at + (name,)
        if not _HEADER_NAME.fullmatch(name):
            raise check.fail(where, "not a valid header name")
        if name.lower() in _RESERVED_HEADERS:
            hint = (" (use user_agent:)" if name.lower() == "user-agent" else
                    " (give proxy credentials in the proxy URL)"
                    if name.lower().startswith("proxy-") else " (monitor sets it itself)")
            raise check.fail(where, "this header cannot be set" + hint)
        if isinstance(raw, bool) or not isinstance(raw, str | int | float):
            raise check.fail(where, "expected a text value")
        text = str(raw).strip()
        if not text or not all(" " <= c <= "~" or c == "\t" for c in text):
            raise check.fail(where, "expected a non-empty value of printable ASCII characters "
                                    "on one line")
        if is_secret_header(name):
            check.located.secrets.add(text)  # masked in output and logs like a ${VAR} value
        headers.append((name, text))
    return tuple(headers)


def is_secret_header(name: str) -> bool:
    """Does a header of this name carry a credential (Authorization, Cookie, X-API-Key,
    anything named like a token, key or secret)?"""
    from monitor.redact import is_secret_key

    lowered = name.lower()
    return lowered in ("authorization", "cookie") or is_secret_key(lowered)


def _user_agent(check: _Checker, value: Any, at: tuple[Any, ...]) -> str:
    text = check.string(value, at)
    if not all(" " <= c <= "~" for c in text):
        raise check.fail(at, "expected printable ASCII characters on one line")
    return text


def merge_headers(base: tuple[tuple[str, str], ...],
                  own: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The defaults' headers with a feed's own over them (names compared without case)."""
    names = {name.lower() for name, _ in own}
    return tuple((n, v) for n, v in base if n.lower() not in names) + own


def _fraction(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValueError("expected a number between 0 and 1")
    return float(value)


def _named_sections(check: _Checker, raw: Any, section: str, noun: str, keys: set[str],
                    required: set[str]) -> Iterator[tuple[tuple[Any, ...], dict[str, Any], str]]:
    """The items of a list of named mappings (feeds, watches): each one's path,
    its checked keys and its name, which must be unique in the list."""
    if raw is None:
        return
    if not isinstance(raw, list):
        raise check.fail((section,), f"expected a list of {section}")
    seen: set[str] = set()
    for i, item in enumerate(raw):
        at = (section, i)
        values = check.mapping(item, at, keys, required=required)
        name = check.string(values["name"], at + ("name",))
        if name in seen:
            raise check.fail(at + ("name",), f"duplicate {noun} name '{name}'")
        seen.add(name)
        yield at, values, name


def _feeds(check: _Checker, raw: Any, defaults: Defaults) -> tuple[FeedConfig, ...]:
    feeds: list[FeedConfig] = []
    for at, section, name in _named_sections(check, raw, "feeds", "feed", _FEED_KEYS,
                                              required={"name", "url"}):
        feeds.append(FeedConfig(
            name=name,
            url=check.url(section["url"], at + ("url",)),
            interval=check.convert(section.get("interval", defaults.interval),
                                   at + ("interval",), parse_duration),
            full_text=check.boolean(section.get("full_text", defaults.full_text),
                                    at + ("full_text",)),
            timeout=check.convert(section.get("timeout", defaults.timeout),
                                  at + ("timeout",), parse_duration),
            tags=check.strings(section.get("tags", []), at + ("tags",)),
            line=check.located.lines.get(at),
            proxy=(_proxy(check, section["proxy"], at + ("proxy",)) if "proxy" in section
                   else defaults.proxy),
            headers=merge_headers(defaults.headers, _headers(
                check, section["headers"], at + ("headers",)) if "headers" in section else ()),
            user_agent=(_user_agent(check, section["user_agent"], at + ("user_agent",))
                        if "user_agent" in section else defaults.user_agent),
        ))
    return tuple(feeds)


def _channels(check: _Checker, raw: Any) -> dict[str, ChannelConfig]:
    at = ("channels",)
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise check.fail(at, "expected a mapping of channel name: {type: ..., ...}")
    channels: dict[str, ChannelConfig] = {}
    for name, options in raw.items():
        where = at + (name,)
        if not isinstance(options, dict):
            raise check.fail(where, "expected a mapping with at least 'type'")
        options = dict(options)
        kind = check.string(options.pop("type", None), where + ("type",))
        digest = options.pop("digest", None)
        digest_seconds = (None if digest is None
                          else check.convert(digest, where + ("digest",), parse_duration))
        problem = validate_channel_options(kind, options)
        if problem:
            key, message = problem
            raise check.fail(where + ((key,) if key else ()), message)
        channels[name] = ChannelConfig(name=name, type=kind, options=options,
                                       digest=digest_seconds, line=check.located.lines.get(where))
    return channels


def validate_channel_options(
    kind: str, options: Mapping[str, Any]
) -> tuple[str | None, str] | None:
    """Ask the channel type's own validator; returns (key, message) on error.

    Each channel type declares and validates its own options (monitor.notify).
    """
    from monitor.notify.registry import validate_options

    return validate_options(kind, options)


def _watches(check: _Checker, raw: Any, feeds: tuple[FeedConfig, ...],
             channels: Mapping[str, ChannelConfig]) -> tuple[WatchConfig, ...]:
    feed_names = {f.name for f in feeds}
    watches: list[WatchConfig] = []
    for at, section, name in _named_sections(check, raw, "watches", "watch", _WATCH_KEYS,
                                              required={"name", "notify"}):
        kinds = check.strings(section.get("kinds", []), at + ("kinds",))
        for j, kind in enumerate(kinds):
            if kind not in FACT_KINDS:
                raise check.fail(at + ("kinds", j),
                                 f"unknown fact kind '{kind}' (expected: {', '.join(FACT_KINDS)})")
        watch_feeds = check.strings(section.get("feeds", []), at + ("feeds",))
        for j, feed in enumerate(watch_feeds):
            if feed not in feed_names:
                raise check.fail(at + ("feeds", j), f"no feed named '{feed}'")
        notify = check.strings(section["notify"], at + ("notify",))
        for j, channel in enumerate(notify):
            if channel not in channels:
                raise check.fail(at + ("notify", j), f"no channel named '{channel}'")
        severity = section.get("min_severity", "low")
        if severity not in SEVERITIES:
            raise check.fail(at + ("min_severity",),
                             f"expected one of: {', '.join(SEVERITIES)}")
        watches.append(WatchConfig(
            name=name, notify=notify,
            keywords=check.strings(section.get("keywords", []), at + ("keywords",)),
            kinds=kinds, feeds=watch_feeds,
            tags=check.strings(section.get("tags", []), at + ("tags",)),
            min_severity=severity, line=check.located.lines.get(at),
        ))
    return tuple(watches)


def _delivery(check: _Checker, raw: Any) -> DeliveryConfig:
    at = ("delivery",)
    section = check.mapping(raw, at, set(_DELIVERY_KEYS))
    values: dict[str, Any] = {}
    for key, value in section.items():
        parse = _DELIVERY_KEYS[key]
        values[key] = (check.integer(value, at + (key,)) if parse is None
                       else check.convert(value, at + (key,), parse))
    return DeliveryConfig(**values)


def parse_config(text: str, path: str = "feeds.yaml") -> Config:
    """Validate the text of a config file. Raises ConfigError naming file:line:key."""
    raw, located = _load_yaml(text, path)
    check = _Checker(path, located)
    top = check.mapping(raw, (), {"defaults", "feeds", "watches", "channels", "delivery"})
    defaults = _defaults(check, top.get("defaults"))
    feeds = _feeds(check, top.get("feeds"), defaults)
    channels = _channels(check, top.get("channels"))
    return Config(
        path=path, defaults=defaults, feeds=feeds,
        watches=_watches(check, top.get("watches"), feeds, channels),
        channels=channels, delivery=_delivery(check, top.get("delivery")),
        secrets=frozenset(located.secrets),
    )


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read and validate a config file. Raises ConfigError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("config file not found (use --config or $MONITOR_CONFIG)",
                          path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config: {exc}", path=str(path)) from None
    config = parse_config(text, str(path))
    _refuse_if_writable_by_others(path, config)
    return config


def _refuse_if_writable_by_others(path: Path, config: Config) -> None:
    """A file others can write, holding channels, could redirect alerts or leak
    secrets (urlwatch refuses such files too)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if mode & (stat.S_IWGRP | stat.S_IWOTH) and _holds_secrets(config):
        raise ConfigError("refusing a config that other users can write while it holds "
                          "secrets (chmod go-w it)", path=str(path))


_SECRET_KEYS = re.compile(r"pass|secret|token|key|auth", re.I)


def _holds_secrets(config: Config) -> bool:
    return bool(config.secrets) or any(
        _SECRET_KEYS.search(key) and value
        for channel in config.channels.values() for key, value in channel.options.items()
    ) or any(_carries_credentials(url) for url in _urls(config)) or any(
        is_secret_header(name) for feed in config.feeds for name, _ in feed.headers)


def _urls(config: Config) -> list[str]:
    """Feed and proxy URLs and every URL-looking text among the channels' options."""
    urls = [feed.url for feed in config.feeds]
    urls += [feed.proxy for feed in config.feeds if feed.proxy]
    for channel in config.channels.values():
        for value in channel.options.values():
            values = value if isinstance(value, list | tuple) else [value]
            urls += [v for v in values if isinstance(v, str) and "://" in v]
    return urls


def _carries_credentials(url: str) -> bool:
    """A URL written with a password or a token in it (``user:pass@``, ``?token=``)."""
    from monitor.redact import MASK, redact_url

    return MASK in redact_url(url) and MASK not in url
