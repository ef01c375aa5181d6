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
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from monitor.errors import ConfigError, ConfigErrors
from monitor.models import FACT_KINDS, SEVERITIES

_T = TypeVar("_T")

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
    # `retention: 90d`: the daemon prunes, daily, what stories unseen this long keep
    retention: float | None = None
    # `store:` a SQLite file or a postgresql:// URL (below --db and $MONITOR_DB)
    store: str | None = None
    # The feeds by name, made once (the first of a name, as a walk would find it): the
    # pipeline asks for an entry's feed at every write, and walking 1,000 feeds took ~50 us
    # a call, ~5 s of an all-200 poll of 1,000 feeds x 50 entries (issue 12).
    _by_name: Mapping[str, FeedConfig] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name: dict[str, FeedConfig] = {}
        for feed in self.feeds:
            by_name.setdefault(feed.name, feed)
        object.__setattr__(self, "_by_name", by_name)

    def feed(self, name: str) -> FeedConfig | None:
        return self._by_name.get(name)


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


# A feeds.yaml of 5,000 feeds holds about 50,000 values: more is a mistake or an attack
# (nested aliases: ten lines of YAML expand to a billion values, and reading them took
# 1.2 GB before the process was killed).  Reading stops at these bounds, with an error.
MAX_VALUES = 200_000
MAX_ALIASED = 10_000  # values read again through aliases (anchors reused)
MAX_DEPTH = 64


class _Located:
    """Plain Python values from YAML plus the line of every key path."""

    def __init__(self) -> None:
        self.lines: dict[tuple[Any, ...], int] = {}
        self.columns: dict[tuple[Any, ...], int] = {}
        self.secrets: set[str] = set()
        self.values = 0  # nodes read so far, aliases counted each time they are used
        self.aliased = 0  # of which read again through an alias
        self.seen: set[int] = set()


def _load_yaml(text: str, path: str) -> tuple[Any, _Located]:
    """The document's values and where each key path is.  Read with libyaml when PyYAML
    has it (the same nodes, marks and values: ~9x faster, 150 -> 17 ms for 1,000 feeds,
    and ~15 ms of each `monitor poll`'s start, issue 12); a document it cannot read is read
    again by PyYAML's own parser, so that every error is reported as that parser words it."""
    import yaml

    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return _read_yaml(fast, text, path)
        except (yaml.YAMLError, ConfigError, RecursionError, UnicodeError, ValueError):
            pass
    return _read_yaml(yaml.SafeLoader, text, path)


def _read_yaml(loader_class: Any, text: str, path: str) -> tuple[Any, _Located]:
    import yaml

    located = _Located()
    try:
        loader = loader_class(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return {}, located
            return _node_value(node, (), located, path, loader, 0, False), located
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ConfigError(f"YAML error: {_safe_problem(exc.problem or exc.context)}",
                          path=path, line=mark.line + 1 if mark else None,
                          column=mark.column + 1 if mark else None) from None
    except yaml.YAMLError:
        raise ConfigError("YAML error", path=path) from None
    except RecursionError:
        raise ConfigError(f"not read: nested deeper than {MAX_DEPTH} levels", path=path) from None


def _safe_problem(problem: Any) -> str:
    """PyYAML's description of a syntax error without what it quotes from the file: the
    file may be anything (a symlink to a password file), and quoted words ("found undefined
    alias 'x'", a tag) are its content.  YAML's own token names ('<stream end>') and single
    characters ("found character '\\t'") are kept: they say what is wrong."""
    def keep(match: re.Match[str]) -> str:
        quoted = match.group(1)
        if (quoted.startswith("<") and quoted.endswith(">")) or len(quoted) <= 2:
            return match.group(0)
        return "(...)"

    text = " ".join(str(problem or "syntax error").split())
    return re.sub(r"'([^']*)'", keep, text)[:200]


def _node_value(node: Any, at: tuple[Any, ...], located: _Located, path: str, loader: Any,
                depth: int, aliased: bool) -> Any:
    import yaml

    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    located.values += 1
    if id(node) in located.seen:
        aliased = True  # this node and all under it are read again through an alias
    elif isinstance(node, yaml.CollectionNode):
        located.seen.add(id(node))
    located.aliased += aliased
    if located.aliased > MAX_ALIASED:
        raise ConfigError(f"not read: YAML aliases expand to more than {MAX_ALIASED:,} "
                          "values (nested aliases multiply: an alias bomb?)", path=path,
                          line=line, column=column)
    if located.values > MAX_VALUES:
        raise ConfigError(f"not read: more than {MAX_VALUES:,} values", path=path,
                          line=line, column=column)
    if depth > MAX_DEPTH:
        raise ConfigError(f"not read: nested deeper than {MAX_DEPTH} levels", path=path,
                          line=line, column=column)
    located.lines.setdefault(at, line)
    located.columns.setdefault(at, column)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise ConfigError("keys must be strings", path=path, line=key_line,
                                  column=key_node.start_mark.column + 1, key=_dotted(at))
            key = _construct(loader, key_node, path)
            if not isinstance(key, str):
                raise ConfigError("keys must be strings", path=path, line=key_line,
                                  key=_dotted(at + (key,)))
            if key in result:
                raise ConfigError("duplicate key", path=path, line=key_line,
                                  key=_dotted(at + (key,)))
            located.lines[at + (key,)] = key_line
            located.columns[at + (key,)] = key_node.start_mark.column + 1
            result[key] = _node_value(value_node, at + (key,), located, path, loader,
                                      depth + 1, aliased)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_node_value(item, at + (i,), located, path, loader, depth + 1, aliased)
                for i, item in enumerate(node.value)]
    value = _construct(loader, node, path)
    if isinstance(value, str):
        value = _expand_env(value, located, lambda msg: ConfigError(
            msg, path=path, line=line, key=_dotted(at)))
    return value


def _construct(loader: Any, node: Any, path: str) -> Any:
    """A scalar's Python value; an unknown tag or a number Python cannot convert (over
    4,300 digits) is a ConfigError naming the place, never the text."""
    import yaml

    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError):
        raise ConfigError("a value that cannot be read (an unknown !tag, or a number too "
                          "long)", path=path, line=node.start_mark.line + 1,
                          column=node.start_mark.column + 1) from None


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
    """``feeds[3].interval``; a key that is not a name (it may be any text from the file,
    such as a line of a password file) is shown as ``(key)``."""
    out = ""
    for part in at:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        else:
            shown = part if isinstance(part, str) and _NAME.fullmatch(part) else "(key)"
            out += f".{shown}" if out else shown
    return out


# What a key or name may look like to be shown in a message: words, spaces, dots, dashes.
_NAME = re.compile(r"[\w][\w .@+-]{0,63}")


# ---------------------------------------------------------------- validation


class _Checker:
    """Validates the sections, collecting every problem as a ConfigError with
    file:line:key: a section, an item or a key that fails is reported and skipped, and the
    next one is checked all the same, so one run of `monitor check` lists them all."""

    def __init__(self, path: str, located: _Located) -> None:
        self.path = path
        self.located = located
        self.errors: list[ConfigError] = []

    def fail(self, at: tuple[Any, ...], message: str) -> ConfigError:
        line = column = None
        for depth in range(len(at), -1, -1):
            line = self.located.lines.get(at[:depth])
            if line:
                column = self.located.columns.get(at[:depth])
                break
        key = _dotted(at) or None
        # A key that cannot be shown is located by its column as well.
        shown_column = column if key and "(key)" in key else None
        return ConfigError(message, path=self.path, line=line, key=key, column=shown_column)

    def report(self, at: tuple[Any, ...], message: str) -> None:
        """A problem that does not stop the checking of what follows."""
        self.errors.append(self.fail(at, message))

    def attempt(self, check: Callable[[], _T], fallback: _T) -> _T:
        """``check()``, or ``fallback`` with its ConfigError reported."""
        try:
            return check()
        except ConfigError as exc:
            self.errors.append(exc)
            return fallback

    def raise_errors(self) -> None:
        if not self.errors:
            return
        errors = sorted(self.errors, key=lambda e: e.line or 0)  # stable: file order
        raise errors[0] if len(errors) == 1 else ConfigErrors(errors)

    def shown(self, value: Any) -> str:
        """A value from the file as a message may quote it: a short name, never a secret
        from ${VAR} nor arbitrary text (which could be anything the file holds)."""
        text = str(value)
        if (not isinstance(value, str | int | float) or isinstance(value, bool)
                or text in self.located.secrets or not _NAME.fullmatch(text)):
            return "this value"
        return f"'{text}'"

    def mapping(self, value: Any, at: tuple[Any, ...], allowed: Set[str],
                required: Set[str] = frozenset()) -> dict[str, Any]:
        """The mapping without its unknown keys (each reported); raises when ``value`` is
        not a mapping or a required key is missing (the item cannot be checked further)."""
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise self.fail(at, "expected a mapping of key: value")
        hint = ", ".join(sorted(allowed))
        for key in value:
            if key not in allowed:
                self.report(at + (key,), f"unknown key (expected one of: {hint})")
        missing = sorted(required - value.keys())
        for key in missing[1:]:
            self.report(at, f"missing required key '{key}'")
        if missing:
            raise self.fail(at, f"missing required key '{missing[0]}'")
        return {k: v for k, v in value.items() if k in allowed}

    def convert(self, value: Any, at: tuple[Any, ...], parse: Callable[[Any], Any]) -> Any:
        try:
            return parse(value)
        except (TypeError, ValueError) as exc:
            message = str(exc)
            if not isinstance(value, bool | int | float) and str(value) in message:
                # the parser quoted the value: quote it only if it may be shown
                message = message.replace(repr(value), self.shown(value))
            raise self.fail(at, message) from None

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
        found = []
        for i, item in enumerate(value):
            try:
                found.append(self.string(item, at + (i,)))
            except ConfigError as exc:
                self.errors.append(exc)
        return tuple(found)

    def url(self, value: Any, at: tuple[Any, ...]) -> str:
        text = self.string(value, at)
        try:
            parts = urlsplit(text)
            ok = parts.scheme in ("http", "https") and bool(parts.hostname)
        except ValueError:
            ok = False
        if not ok:
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
_TOP_KEYS = {"defaults", "feeds", "watches", "channels", "delivery", "retention", "store"}
MIN_RETENTION = 86400.0  # a day: less would prune stories between two polls of a slow feed


def parse_store(value: Any, secrets: set[str] | None = None) -> str:
    """``store:``: a SQLite file's path or a ``postgresql://`` URL (its password is masked
    in output like a ${VAR} value)."""
    from urllib.parse import urlsplit

    if not isinstance(value, str) or not value.strip():
        raise ValueError("store must be a file path or a postgresql:// URL")
    store = value.strip()
    if store.startswith(("postgresql://", "postgres://")):
        password = urlsplit(store).password
        if password and secrets is not None:
            secrets.add(password)
    return store


def store_setting(path: str | os.PathLike[str]) -> str | None:
    """Only the ``store:`` of a config file (``${VAR}`` expanded), for commands that do not
    otherwise read the configuration; None when the file does not say (or cannot be read:
    `monitor check` reports that).  A ${VAR} that is not set is a ConfigError: the store
    must never silently fall back to another one."""
    import yaml

    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    value = raw.get("store") if isinstance(raw, dict) else None
    if not isinstance(value, str) or not value.strip():
        return None

    def substitute(match: re.Match[str]) -> str:
        found = os.environ.get(match.group(1), match.group(2))
        if found is None:
            raise ConfigError(f"environment variable {match.group(1)} is not set",
                              path=str(path), key="store")
        return found

    return _ENV_REF.sub(substitute, value.strip())


def parse_retention(value: Any) -> float:
    """``retention:``: a duration of at least a day (``90d``, ``12w``)."""
    seconds = parse_duration(value)
    if seconds < MIN_RETENTION:
        raise ValueError("retention must be at least 1d (such as 90d)")
    return seconds


def _defaults(check: _Checker, raw: Any) -> Defaults:
    at = ("defaults",)
    names = set(Defaults.__dataclass_fields__)
    section = check.mapping(raw, at, names)
    values: dict[str, Any] = {}
    for key, value in section.items():
        where = at + (key,)
        found = check.attempt(partial(_default, check, key, value, where), None)
        if found is not None:
            values[key] = found
    return Defaults(**values)


def _default(check: _Checker, key: str, value: Any, at: tuple[Any, ...]) -> Any:
    """One checked ``defaults:`` value (of the type its Defaults field has)."""
    if key in _DEFAULT_KEYS:
        return check.convert(value, at, _DEFAULT_KEYS[key])
    if key == "proxy":
        return _proxy(check, value, at)
    if key == "headers":
        return _headers(check, value, at)
    if key == "user_agent":
        return _user_agent(check, value, at)
    if key in ("full_text", "allow_private_addresses"):
        return check.boolean(value, at)
    if key == "jitter":
        return check.convert(value, at, _fraction)
    return check.integer(value, at)


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
                    required: set[str]) -> list[tuple[tuple[Any, ...], dict[str, Any], str]]:
    """The items of a list of named mappings (feeds, watches): each one's path, its
    checked keys and its name, which must be unique in the list.  An item that is not
    a mapping, or lacks its name, is reported and left out."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise check.fail((section,), f"expected a list of {section}")
    seen: set[str] = set()
    items = []
    for i, item in enumerate(raw):
        at = (section, i)
        try:
            values = check.mapping(item, at, keys, required=required)
            name = check.string(values["name"], at + ("name",))
        except ConfigError as exc:
            check.errors.append(exc)
            continue
        if name in seen:
            check.report(at + ("name",), f"duplicate {noun} name {check.shown(name)}")
            continue
        seen.add(name)
        items.append((at, values, name))
    return items


def _feeds(check: _Checker, raw: Any, defaults: Defaults) -> tuple[FeedConfig, ...]:
    feeds: list[FeedConfig] = []
    for at, section, name in _named_sections(check, raw, "feeds", "feed", _FEED_KEYS,
                                              required={"name", "url"}):
        fields = _feed_fields(check, section, at, defaults)
        errors = len(check.errors)
        values = {key: check.attempt(read, None) for key, read in fields.items()}
        if len(check.errors) == errors:
            feeds.append(FeedConfig(name=name, line=check.located.lines.get(at), **values))
    return tuple(feeds)


def _feed_fields(check: _Checker, s: dict[str, Any], a: tuple[Any, ...],
                 defaults: Defaults) -> dict[str, Callable[[], Any]]:
    """How to read each FeedConfig field of one feed's section ``s`` (at ``a``); each is
    attempted on its own, so one run reports every bad field."""
    return {
        "url": lambda: check.url(s["url"], a + ("url",)),
        "interval": lambda: check.convert(
            s.get("interval", defaults.interval), a + ("interval",), parse_duration),
        "full_text": lambda: check.boolean(
            s.get("full_text", defaults.full_text), a + ("full_text",)),
        "timeout": lambda: check.convert(
            s.get("timeout", defaults.timeout), a + ("timeout",), parse_duration),
        "tags": lambda: check.strings(s.get("tags", []), a + ("tags",)),
        "proxy": lambda: (
            _proxy(check, s["proxy"], a + ("proxy",)) if "proxy" in s else defaults.proxy),
        "headers": lambda: merge_headers(defaults.headers, _headers(
            check, s["headers"], a + ("headers",)) if "headers" in s else ()),
        "user_agent": lambda: (
            _user_agent(check, s["user_agent"], a + ("user_agent",))
            if "user_agent" in s else defaults.user_agent),
    }


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
            check.report(where, "expected a mapping with at least 'type'")
            continue
        options = dict(options)
        try:
            kind = check.string(options.pop("type", None), where + ("type",))
            digest = options.pop("digest", None)
            digest_seconds = (None if digest is None
                              else check.convert(digest, where + ("digest",), parse_duration))
        except ConfigError as exc:
            check.errors.append(exc)
            continue
        problems = channel_problems(kind, options)
        for key, message in problems:
            check.report(where + ((key,) if key else ()), message)
        if not problems:
            channels[name] = ChannelConfig(name=name, type=kind, options=options,
                                           digest=digest_seconds,
                                           line=check.located.lines.get(where))
    return channels


def channel_problems(kind: str, options: Mapping[str, Any]) -> list[tuple[str | None, str]]:
    """Every (key, message) the channel type's own validator finds (each channel type
    declares and validates its options: monitor.notify.registry)."""
    from monitor.notify.registry import option_problems

    return option_problems(kind, options)


def _watches(check: _Checker, raw: Any, feed_names: set[str],
             channel_names: set[str]) -> tuple[WatchConfig, ...]:
    watches: list[WatchConfig] = []
    for at, section, name in _named_sections(check, raw, "watches", "watch", _WATCH_KEYS,
                                              required={"name", "notify"}):
        errors = len(check.errors)
        kinds = _watch_strings(check, section, at, "kinds", [])
        for j, kind in enumerate(kinds):
            if kind not in FACT_KINDS:
                check.report(at + ("kinds", j), f"unknown fact kind {check.shown(kind)} "
                                                f"(expected: {', '.join(FACT_KINDS)})")
        watch_feeds = _watch_strings(check, section, at, "feeds", [])
        for j, feed in enumerate(watch_feeds):
            if feed not in feed_names:
                check.report(at + ("feeds", j), f"no feed named {check.shown(feed)}")
        notify = _watch_strings(check, section, at, "notify", None)
        for j, channel in enumerate(notify):
            if channel not in channel_names:
                check.report(at + ("notify", j), f"no channel named {check.shown(channel)}")
        severity = section.get("min_severity", "low")
        if severity not in SEVERITIES:
            check.report(at + ("min_severity",), f"expected one of: {', '.join(SEVERITIES)}")
        keywords = _watch_strings(check, section, at, "keywords", [])
        tags = _watch_strings(check, section, at, "tags", [])
        if len(check.errors) == errors:
            watches.append(WatchConfig(
                name=name, notify=notify, keywords=keywords, kinds=kinds, feeds=watch_feeds,
                tags=tags, min_severity=severity, line=check.located.lines.get(at)))
    return tuple(watches)


def _watch_strings(check: _Checker, section: dict[str, Any], at: tuple[Any, ...], key: str,
                   default: list[str] | None) -> tuple[str, ...]:
    """A watch's list of strings (``default`` None: required, present by then), or none
    with the problem reported."""
    value = section[key] if default is None else section.get(key, default)
    return check.attempt(partial(check.strings, value, at + (key,)), ())


def _delivery(check: _Checker, raw: Any) -> DeliveryConfig:
    at = ("delivery",)
    section = check.mapping(raw, at, set(_DELIVERY_KEYS))
    values: dict[str, Any] = {}
    for key, value in section.items():
        parse = _DELIVERY_KEYS[key]
        where = at + (key,)
        read: Callable[[], Any] = (partial(check.integer, value, where) if parse is None
                                   else partial(check.convert, value, where, parse))
        found = check.attempt(read, None)
        if found is not None:
            values[key] = found
    return DeliveryConfig(**values)


def _raw_names(raw: Any, *, listed: bool) -> set[str]:
    """Names given in a section, valid or not (so a broken feed is not also reported as
    missing by every watch naming it)."""
    if listed:
        items = raw if isinstance(raw, list) else []
        return {i["name"].strip() for i in items
                if isinstance(i, dict) and isinstance(i.get("name"), str)}
    return set(raw) if isinstance(raw, dict) else set()


def parse_config(text: str, path: str = "feeds.yaml") -> Config:
    """Validate the text of a config file.  Raises ConfigError naming file:line:key
    (ConfigErrors, listing each, when there are several)."""
    raw, located = _load_yaml(text, path)
    check = _Checker(path, located)
    top = check.attempt(lambda: check.mapping(raw, (), _TOP_KEYS), None)
    if top is None:
        check.raise_errors()
        top = {}
    defaults = check.attempt(lambda: _defaults(check, top.get("defaults")), Defaults())
    no_feeds: tuple[FeedConfig, ...] = ()
    feeds = check.attempt(lambda: _feeds(check, top.get("feeds"), defaults), no_feeds)
    no_channels: dict[str, ChannelConfig] = {}
    channels = check.attempt(lambda: _channels(check, top.get("channels")), no_channels)
    no_watches: tuple[WatchConfig, ...] = ()
    watches = check.attempt(lambda: _watches(
        check, top.get("watches"), _raw_names(top.get("feeds"), listed=True),
        _raw_names(top.get("channels"), listed=False)), no_watches)
    delivery = check.attempt(lambda: _delivery(check, top.get("delivery")), DeliveryConfig())
    retention = None
    if top.get("retention") is not None:
        retention = check.attempt(lambda: check.convert(
            top["retention"], ("retention",), parse_retention), None)
    store = None
    if top.get("store") is not None:
        store = check.attempt(lambda: check.convert(
            top["store"], ("store",), lambda v: parse_store(v, check.located.secrets)), None)
    check.raise_errors()
    return Config(path=path, defaults=defaults, feeds=feeds, watches=watches,
                  channels=channels, delivery=delivery, secrets=frozenset(located.secrets),
                  retention=retention, store=store)


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


# ---------------------------------------------------------------- monitor check


def _at(config: Config, line: int | None, key: str, message: str) -> ConfigError:
    return ConfigError(message, path=config.path, line=line, key=key)


def config_warnings(config: Config) -> list[ConfigError]:
    """What is valid but cannot be what the user meant, for `monitor check`: no feeds, a
    watch no feed can match, a channel no watch uses.  Each reads file:line: key: message."""
    warnings: list[ConfigError] = []
    if not config.feeds:
        warnings.append(_at(config, None, "feeds",
                            "no feeds: nothing will be polled (add a list of feeds, each "
                            "with a name and a url)"))
    for i, watch in enumerate(config.watches):
        if not config.feeds:
            break
        candidates = [f for f in config.feeds if not watch.feeds or f.name in watch.feeds]
        if watch.tags:
            candidates = [f for f in candidates if set(f.tags) & set(watch.tags)]
        if not candidates:
            what = "its feeds and tags together" if watch.feeds and watch.tags else (
                "no feed has any of its tags" if watch.tags else "its feeds")
            warnings.append(_at(config, watch.line, f"watches[{i}]",
                                f"matches no feed ({what}): this watch can never fire"))
    used = {name for watch in config.watches for name in watch.notify}
    for name, channel in config.channels.items():
        if name not in used:
            warnings.append(_at(config, channel.line, f"channels.{_dotted((name,))}",
                                "no watch notifies this channel: it gets feed health "
                                "alerts only"))
    return warnings


def destination_errors(config: Config) -> list[ConfigError]:
    """Alert destinations the address guard would refuse on every send (a webhook to
    127.0.0.1 without ``allow_private: true``), for `monitor check`: resolves names."""
    from monitor.notify.registry import destination_problems

    errors: list[ConfigError] = []
    for name, channel in config.channels.items():
        for key, message in destination_problems(channel.type, channel.options):
            errors.append(_at(config, channel.line,
                              f"channels.{_dotted((name,))}" + (f".{key}" if key else ""),
                              message))
    return errors
